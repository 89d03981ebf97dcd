import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import EnlaceWeb

/// The activity files through the API (IATI, CSV with HXL): who receives which activities, and which file is
/// for publication.
@Suite("Activity exports over the API")
struct ActivityExportsWebTests {
    private static let contact: [String: String] = ["name": "Ana Kestrel-Contact", "email": "ana@example.org"]

    /// One activity of each marking (the restricted one released to Colombia), all found by `q=Kestrel`, each
    /// with a partner contact.
    private func seed(_ client: any TestClientProtocol, _ world: TestWorld) async throws {
        let releasabilities: [(String, [String: Any])] = [
            ("public", ["marking": "public"]), ("members", ["marking": "members"]),
            ("restricted", ["marking": "restricted", "releasableTo": ["CO"]]),
        ]
        for (marking, releasability) in releasabilities {
            _ = try await createActivity(
                client, world,
                ["title": "Kestrel \(marking) course", "partnerContact": Self.contact, "releasability": releasability])
        }
    }

    private func export(
        _ client: any TestClientProtocol, _ world: TestWorld, _ query: String, as who: String?
    ) async throws -> (status: HTTPResponse.Status, type: String?, text: String) {
        try await client.execute(uri: "/api/v1/iati/activities.xml?" + query, method: .get, headers: world.auth(who)) {
            response async throws in (response.status, response.headers[.contentType], response.text)
        }
    }

    @Test("a visitor gets the public activities; a member gets what they may read, marked not for publication")
    func scopes() async throws {
        try await TestApp.run { client, world in
            try await seed(client, world)
            // (who, scope, the markings the file holds, whether it says it is not for publication)
            let cases: [(String?, String, Set<String>, Bool)] = [
                (nil, "", ["public"], false),
                (nil, "&scope=readable", ["public"], false),
                ("viewer", "", ["public", "members"], true),
                ("viewer", "&scope=public", ["public"], false),
                ("contributor", "", ["public", "members", "restricted"], true),
                ("contributor", "&scope=public", ["public"], false),
                ("colombia", "", ["public", "members", "restricted"], true),
                ("colombia", "&scope=public", ["public"], false),
                ("partner", "", ["public"], true),
            ]
            for (who, scope, markings, marked) in cases {
                let label = "\(who ?? "anonymous")\(scope)"
                let answer = try await export(client, world, "q=Kestrel" + scope, as: who)
                #expect(answer.status == .ok, "\(label)")
                #expect(answer.type == "application/xml; charset=utf-8", "\(label)")
                #expect(
                    answer.text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities"), "\(label)")
                for marking in ["public", "members", "restricted"] {
                    #expect(answer.text.contains("Kestrel \(marking) course") == markings.contains(marking), "\(label)")
                }
                #expect(answer.text.contains("Not for publication") == marked, "\(label)")
                // The contact is never written, whoever asks.
                #expect(!answer.text.contains("Kestrel-Contact"), "\(label)")
                #expect(answer.text.components(separatedBy: "<iati-activity ").count - 1 == markings.count, "\(label)")
            }
        }
    }

    @Test("the list's filters apply; a bad scope or a paging parameter is a 400; nothing to write is a 404")
    func refused() async throws {
        try await TestApp.run { client, world in
            try await seed(client, world)
            let filtered = try await export(client, world, "q=Kestrel&country=CO", as: "contributor")
            #expect(filtered.status == .notFound)
            for (query, field) in [("scope=everyone", "scope"), ("limit=5", "limit"), ("country=XX", "country")] {
                try await client.execute(
                    uri: "/api/v1/iati/activities.xml?" + query, method: .get, headers: world.auth("viewer")
                ) { response async throws in
                    #expect(response.status == .badRequest, "\(query)")
                    #expect(try errorCodes(response)[field] != nil, "\(query)")
                    #expect((try json(response)["errors"] as? [Any])?.count == 1, "\(query)")
                }
            }
        }
    }

    @Test("the spreadsheet holds what the reader may see, under its HXL row, formula-safe, and the list links it")
    func spreadsheet() async throws {
        try await TestApp.run { client, world in
            try await seed(client, world)
            _ = try await createActivity(
                client, world,
                ["title": "=HYPERLINK(\"http://evil.example\") Kestrel", "releasability": ["marking": "public"]])
            let cases: [(String?, Set<String>)] = [
                (nil, ["public"]), ("viewer", ["public", "members"]),
                ("colombia", ["public", "members", "restricted"]),
            ]
            for (who, markings) in cases {
                let label = who ?? "anonymous"
                try await client.execute(
                    uri: "/api/v1/activities.csv?q=Kestrel", method: .get, headers: world.auth(who)
                ) { response async throws in
                    #expect(response.status == .ok, "\(label)")
                    #expect(response.headers[.contentType] == "text/csv; charset=utf-8", "\(label)")
                    let text = response.text
                    #expect(text.hasPrefix("\u{FEFF}id,title,description,"), "\(label)")
                    let lines = text.split(separator: "\r\n", omittingEmptySubsequences: true)
                    #expect(lines.count == 2 + markings.count + 1, "\(label)")
                    #expect(
                        lines.count > 1 && lines[1].hasPrefix("#activity +code,#activity +name,#description"),
                        "\(label)")
                    for marking in ["public", "members", "restricted"] {
                        #expect(text.contains("Kestrel \(marking) course") == markings.contains(marking), "\(label)")
                    }
                    #expect(text.contains("'=HYPERLINK"), "\(label)")
                    #expect(!text.contains(",=HYPERLINK") && !text.contains("\"=HYPERLINK"), "\(label)")
                    #expect(!text.contains("Kestrel-Contact"), "\(label)")
                }
            }
            // Nothing matches: the two heading rows alone. Paging belongs to the list, not the file.
            try await client.execute(uri: "/api/v1/activities.csv?q=Kestrel&country=CO", method: .get, headers: [:]) {
                response async throws in
                #expect(response.status == .ok)
                #expect(response.text.split(separator: "\r\n").count == 2)
            }
            try await client.execute(uri: "/api/v1/activities.csv?limit=5", method: .get, headers: [:]) {
                response async throws in
                #expect(response.status == .badRequest)
            }
            // The list page links both files with its filters.
            try await client.execute(uri: "/activities?country=HN&q=Kestrel&limit=10", method: .get, headers: [:]) {
                response async throws in
                #expect(response.text.contains(#"href="/api/v1/activities.csv?q=Kestrel&amp;country=HN""#))
                #expect(response.text.contains(#"href="/api/v1/iati/activities.xml?q=Kestrel&amp;country=HN""#))
            }
        }
    }

    @Test("GeoJSON: a feature per activity the reader may see, at its location, else its countries' points")
    func geoJSON() async throws {
        try await TestApp.run { client, world in
            try await seed(client, world)
            // The body `createActivity` sends has a located place; the regional course has none.
            _ = try await createActivity(
                client, world, ["title": "Kestrel located course", "releasability": ["marking": "public"]])
            _ = try await createActivity(
                client, world,
                [
                    "title": "Kestrel regional course", "recipientCountries": ["HN", "GT"],
                    "releasability": ["marking": "public"], "location": ["name": "Tegucigalpa"],
                ])
            let cases: [(String?, Int)] = [(nil, 3), ("viewer", 4), ("colombia", 5)]
            for (who, count) in cases {
                let label = who ?? "anonymous"
                try await client.execute(
                    uri: "/api/v1/activities.geojson?q=Kestrel", method: .get, headers: world.auth(who)
                ) { response async throws in
                    #expect(response.status == .ok, "\(label)")
                    #expect(response.headers[.contentType] == "application/geo+json", "\(label)")
                    let collection = try json(response)
                    #expect(collection["type"] as? String == "FeatureCollection")
                    let features = try #require(collection["features"] as? [[String: Any]])
                    #expect(features.count == count, "\(label)")
                    func feature(_ title: String) -> [String: Any]? {
                        features.first { ($0["properties"] as? [String: Any])?["title"] as? String == title }
                    }
                    let located = feature("Kestrel located course")?["geometry"] as? [String: Any]
                    #expect(located?["type"] as? String == "Point")
                    #expect(located?["coordinates"] as? [Double] == [-87.94, 15.85])
                    let regional = feature("Kestrel regional course")?["geometry"] as? [String: Any]
                    #expect(regional?["type"] as? String == "MultiPoint")
                    #expect((regional?["coordinates"] as? [[Double]])?.count == 2)
                    #expect(
                        (feature("Kestrel regional course")?["properties"] as? [String: Any])?["geometrySource"]
                            as? String == "countries")
                    #expect(!response.text.contains("Kestrel-Contact"), "\(label)")
                    #expect(response.text.contains("Kestrel restricted course") == (who == "colombia"), "\(label)")
                }
            }
            try await client.execute(uri: "/api/v1/activities.geojson?q=Kestrel&country=CO", method: .get, headers: [:])
            {
                response async throws in
                #expect(response.status == .ok)
                #expect(response.text == "{\"type\":\"FeatureCollection\",\"features\":[]}\n")
            }
        }
    }

    @Test("at most four files are written at once; a place comes back however its answer ends, sent or not")
    func inFlight() throws {
        let inFlight = InFlight(limit: ActivityExportsController.maxInFlight)
        var places = try (0..<ActivityExportsController.maxInFlight).map { _ in try inFlight.enter() }
        #expect(inFlight.current == 4)
        #expect(throws: (any Error).self) { _ = try inFlight.enter() }
        places.removeLast()
        #expect(inFlight.current == 3)
        // A body that is dropped without being written (a HEAD request) gives its place back too.
        var body: ResponseBody? = ResponseBody { [place = try inFlight.enter()] writer in
            withExtendedLifetime(place) {}
            try await writer.finish(nil)
        }
        #expect(inFlight.current == 4)
        body = nil
        #expect(body == nil && inFlight.current == 3)
        places.removeAll()
        #expect(inFlight.current == 0)
    }
}
