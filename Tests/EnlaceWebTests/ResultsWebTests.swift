import EnlaceCore
import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Results over the API and the pages")
struct ResultsWebTests {
    nonisolated(unsafe) static let indicators: [[String: Any]] = [
        [
            "code": "NT-01", "baseline": "0", "baselineYear": 2025, "target": "30",
            "periods": [["start": "2026-03-02", "end": "2026-03-13", "actual": "28"]],
        ],
        [
            "title": "Boardings done to the new procedure", "type": "outcome", "measure": "percentage", "target": "90",
            "periods": [["start": "2026-01-01", "end": "2026-12-31", "actual": "72.5"]],
        ],
    ]

    static func rollup(
        _ client: any TestClientProtocol, _ world: TestWorld, _ query: String, as who: String?
    ) async throws -> [[String: Any]] {
        try await client.execute(uri: "/api/v1/results/summary?" + query, method: .get, headers: world.auth(who)) {
            response async throws in
            #expect(response.status == .ok)
            return try json(response)["rows"] as? [[String: Any]] ?? []
        }
    }

    @Test("indicators are written and read with the activity; bad ones get problem+json per field and write nothing")
    func activityIndicators() async throws {
        try await TestApp.run { client, world in
            let id = try await createActivity(client, world, ["indicators": Self.indicators])
            try await client.execute(uri: "/api/v1/activities/\(id)", method: .get, headers: world.auth("viewer")) {
                response async throws in
                let read = try json(response)["indicators"] as? [[String: Any]] ?? []
                #expect(read.map { $0["code"] as? String } == ["NT-01", nil])
                #expect(read.first?["type"] as? String == "output" && read.first?["achieved"] as? String == "28")
                #expect(read.last?["measure"] as? String == "percentage" && read.last?["achieved"] as? String == "72.5")
            }
            let bad: [[String: Any]] = [
                ["code": "RC-01", "target": "10"], ["title": "", "type": "output", "measure": "unit"],
                ["code": "NT-03", "periods": [["start": "2026-01-01", "end": "2026-12-31", "actual": "lots"]]],
            ]
            try await client.execute(
                uri: "/api/v1/activities/\(id)", method: .patch,
                headers: world.json("contributor") + [.ifMatch: "\"v1\""],
                body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["indicators": bad]))
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.headers[.contentType] == "application/problem+json")
                let codes = try errorCodes(response)
                #expect(codes["indicators[0].code"] == "indicator_outside_areas")
                #expect(codes["indicators[1].title"] == "required")
                #expect(codes["indicators[2].periods[0].actual"] == "invalid_format")
            }
            try await client.execute(uri: "/api/v1/activities/\(id)", method: .get, headers: world.auth("contributor"))
            { response async throws in
                #expect((try json(response)["indicators"] as? [Any])?.count == 2)
                #expect(try json(response)["version"] as? Int == 1)
            }
            try await client.execute(
                uri: "/api/v1/indicators?keyArea=strengthening-institutions", method: .get, headers: [:]
            ) { response async throws in
                let items = try json(response)["items"] as? [[String: Any]] ?? []
                #expect(items.map { $0["code"] as? String } == ["SI-01", "SI-02", "SI-03"])
                #expect((items[1]["names"] as? [String: String])?["es"]?.contains("puesto") == true)
            }
        }
    }

    @Test("the roll-up and its CSV count only what each organisation may see")
    func rollupAcrossOrganisations() async throws {
        try await TestApp.run { client, world in
            _ = try await createActivity(client, world, ["indicators": Self.indicators])
            var hidden = Self.indicators
            hidden[0]["target"] = "20"
            hidden[0]["periods"] = [["start": "2026-06-01", "end": "2026-06-12", "actual": "20"]]
            _ = try await createActivity(
                client, world,
                [
                    "indicators": hidden, "plannedStart": "2026-06-01", "plannedEnd": "2026-06-12",
                    "releasability": ["marking": "restricted", "releasableTo": ["CO"]],
                ])
            let spain = try await Self.rollup(client, world, "by=area", as: "viewer")
            #expect(spain.map { $0["code"] as? String } == ["NT-01"])
            #expect(spain.first?["achieved"] as? String == "28" && spain.first?["activities"] as? Int == 1)
            let colombia = try await Self.rollup(client, world, "by=country&country=HN", as: "colombia")
            #expect(colombia.first?["country"] as? String == "HN")
            #expect(colombia.first?["achieved"] as? String == "48" && colombia.first?["progress"] as? Int == 96)
            #expect(try await Self.rollup(client, world, "by=area", as: nil).isEmpty)
            try await client.execute(
                uri: "/api/v1/results/summary.csv?by=country", method: .get, headers: world.auth("viewer")
            ) { response async throws in
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                let lines = response.text.split(whereSeparator: \.isNewline)
                #expect(lines.count == 2)
                #expect(lines.last?.hasPrefix("HN,NT-01,narco-trafficking,output,unit,1,1,0,30,28,93") == true)
            }
            try await client.execute(
                uri: "/api/v1/results/summary?by=region&through=1800", method: .get, headers: world.auth("viewer")
            ) { response async throws in
                #expect(response.status == .badRequest)
                #expect(Set(try errorCodes(response).keys) == ["by", "through"])
            }
            let browser = try await signIn(client, as: "viewer")
            try await client.execute(uri: "/results?by=country", method: .get, headers: browser.page) {
                response async throws in
                #expect(response.status == .ok)
                #expect(response.text.contains("Officers trained in counter-narcotics work"))
                #expect(response.text.contains("93 %"))
                #expect(response.text.contains("id=\"custom-note\""))
            }
        }
    }

    @Test(
        "the results page of an activity: bad values come back with messages, good ones are saved, stale forms refused")
    func activityResultsPage() async throws {
        try await TestApp.run { client, world in
            let id = try await createActivity(client, world)
            let browser = try await signIn(client, as: "contributor")
            func post(_ version: Int, _ fields: [(String, String)]) async throws -> TestResponse {
                try await client.execute(
                    uri: "/activities/\(id)/results", method: .post, headers: browser.form,
                    body: form([("_csrf", browser.csrf), ("version", "\(version)")] + fields)
                ) { $0 }
            }
            let refused = try await post(
                1, [("action", "add-indicator"), ("code", ""), ("title", ""), ("target", "1,5")])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("id=\"field-title-error\""))
            #expect(refused.text.contains("id=\"field-target-error\""))
            #expect(refused.text.contains("value=\"1,5\""))
            #expect(
                try await post(1, [("action", "add-indicator"), ("code", "NT-01"), ("target", "30")]).status
                    == .seeOther)
            let badActual = try await post(
                2,
                [
                    ("action", "add-actual"), ("indicator", "0"), ("start", "2026-03-13"), ("end", "2026-03-02"),
                    ("actual", "28"),
                ])
            #expect(badActual.status == .unprocessableContent)
            #expect(badActual.text.contains("id=\"field-end-error\""))
            let saved = try await post(
                2,
                [
                    ("action", "add-actual"), ("indicator", "0"), ("start", "2026-03-02"), ("end", "2026-03-13"),
                    ("actual", "28"),
                ])
            #expect(saved.status == .seeOther)
            try await client.execute(uri: "/activities/\(id)", method: .get, headers: browser.page) {
                response async throws in
                #expect(response.text.contains("id=\"indicators\""))
                #expect(response.text.contains("Officers trained in counter-narcotics work"))
                #expect(response.text.contains("93 %"))
            }
            let stale = try await post(2, [("action", "remove-indicator"), ("index", "0")])
            #expect(stale.status == .conflict)
            try await client.execute(uri: "/api/v1/activities/\(id)", method: .get, headers: world.auth("contributor"))
            { response async throws in
                let indicators = try json(response)["indicators"] as? [[String: Any]]
                #expect(indicators?.count == 1)
                #expect((indicators?.first?["periods"] as? [Any])?.count == 1)
            }
        }
    }
}
