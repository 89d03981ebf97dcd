import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing

@testable import EnlaceWeb

/// Every API and operations route is described in the OpenAPI document, and everything the document
/// describes exists. (Pages are covered by the authorization matrix, which fails on any route it misses.)
@Suite("Route table")
struct RouteTableTests {
    @Test("the OpenAPI document describes exactly the API and operations routes")
    func openAPIIsComplete() async throws {
        let data = Data(bufferBytes: try HealthController.loadOpenAPI())
        let document = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let paths = document?["paths"] as? [String: [String: Any]] ?? [:]
        var documented: Set<String> = []
        for (path, operations) in paths {
            for method in operations.keys where method != "parameters" {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        let operations: Set<String> = ["/healthz", "/readyz"]
        let registered = try await AuthorizationMatrixTests.registeredRoutes().filter { route in
            let path = String(route.split(separator: " ")[1])
            return path.hasPrefix("/api/") || operations.contains(path)
        }
        #expect(
            registered.subtracting(documented).isEmpty, "undocumented: \(registered.subtracting(documented).sorted())")
        #expect(
            documented.subtracting(registered).isEmpty,
            "documented but absent: \(documented.subtracting(registered).sorted())")
    }

    @Test("a method a path does not answer gets 405 with Allow; an unknown path 404, each in its audience's form")
    func unmatched() async throws {
        try await TestApp.run { client, world in
            // An API path asked with a method it does not answer, whatever the client accepts.
            for accept in ["application/json", "*/*", "text/html"] {
                try await client.execute(
                    uri: "/api/v1/activities", method: .delete,
                    headers: [.accept: accept, .authorization: world.auth("contributor")[.authorization]!]
                ) { response async throws in
                    #expect(response.status == .methodNotAllowed)
                    #expect(response.headers[.allow] == "GET, HEAD, POST")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
            try await client.execute(uri: "/api/v1/activities/some-id", method: .post) { response async throws in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD, PUT, PATCH, DELETE")
            }
            // The most specific path answers, as in the router: scan is not an overlap's id.
            try await client.execute(uri: "/api/v1/overlaps/scan", method: .options) { response async throws in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
            // A path no route has: 404, problem+json under the API even for a browser, a page elsewhere.
            try await client.execute(
                uri: "/api/v1/no-such-thing/at/all", method: .get, headers: [.accept: "text/html"]
            ) { response async throws in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            try await client.execute(uri: "/no-such-page", method: .get, headers: [.accept: "text/html"]) {
                response async throws in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
            // A page path asked with a method it does not answer.
            try await client.execute(uri: "/coverage", method: .put, headers: [.accept: "text/html"]) {
                response async throws in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
            // The files under /static are served, and an API answer sets no cookie.
            try await client.execute(uri: "/static/app.css", method: .get) { response async throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/css") == true)
            }
            try await client.execute(uri: "/api/v1/activities", method: .delete) { response async throws in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.setCookie] == nil)
            }
            // HEAD answers where GET does, without a body.
            try await client.execute(uri: "/api/v1/countries", method: .head) { response async throws in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test("the NUL character, which PostgreSQL cannot store, is refused in an address, a JSON body and a form")
    func nul() async throws {
        try await TestApp.run { client, world in
            for uri in ["/api/v1/meetings/a%00b", "/api/v1/action-items?meeting=%00", "/activities?q=%00"] {
                try await client.execute(uri: uri, method: .get, headers: world.auth("admin")) {
                    response async throws in
                    #expect(response.status == .badRequest, "\(uri)")
                }
            }
            try await client.execute(
                uri: "/api/v1/organizations", method: .post, headers: world.json("admin"),
                body: ByteBuffer(string: #"{"code": "RC-03", "name": "a\u0000b", "kind": "forum"}"#)
            ) { response async throws in
                #expect(response.status == .badRequest)
            }
            #expect(throws: RequestError.self) { try FormData.parse("name=a%00b") }
        }
    }

    @Test("the codes the document enumerates are exactly the ones the server reads")
    func documentedCodes() throws {
        let data = Data(bufferBytes: try HealthController.loadOpenAPI())
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        func documented(_ name: String) -> [String] {
            ((schemas[name] as? [String: Any])?["enum"] as? [Any] ?? []).map { "\($0)" }
        }
        let catalog = try Fixtures.catalog()
        let expected: [String: [String]] = [
            "CountryCode": catalog.countries.map(\.code), "KeyAreaSlug": catalog.keyAreas.map(\.slug),
            "TopicSlug": catalog.topics.map(\.slug), "ActivityKindCode": ActivityKind.allCases.map(\.rawValue),
            "ActivityStatusCode": ActivityStatus.allCases.map { String($0.rawValue) },
            "AuditActionCode": AuditAction.allCases.map(\.rawValue),
            "MeetingStatusCode": MeetingStatus.allCases.map(\.rawValue),
            "ActionStatusCode": ActionStatus.allCases.map(\.rawValue),
            "NeedStatusCode": NeedStatus.allCases.map(\.rawValue),
            "ProposalStatusCode": ProposalStatus.allCases.map(\.rawValue), "RoleCode": Role.allCases.map(\.rawValue),
            "CurrencyCode": catalog.currencies.map(\.code), "IndicatorCode": catalog.indicators.map(\.code),
        ]
        for (name, codes) in expected {
            #expect(Set(documented(name)) == Set(codes), "\(name)")
        }
        // Every query parameter that enumerates codes uses one of these lists whole.
        let lists = Set(expected.values.map { Set($0) }).union([Set(OverlapStatus.allCases.map(\.rawValue))])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        for (path, operations) in paths {
            for case let (method, operation as [String: Any]) in operations {
                for case let parameter as [String: Any] in operation["parameters"] as? [Any] ?? [] {
                    guard var schema = parameter["schema"] as? [String: Any] else { continue }
                    if let items = schema["items"] as? [String: Any] { schema = items }
                    let name = parameter["name"] as? String ?? ""
                    guard ["country", "keyArea", "topic", "kind", "status", "action"].contains(name),
                        let values = schema["enum"] as? [Any]
                    else { continue }
                    #expect(
                        lists.contains(Set(values.map { "\($0)" })),
                        "\(method) \(path) \(name)")
                }
            }
        }
    }

    /// `/api/v1/activities/:id` and `activities/{id}` both become `/api/v1/activities/{id}`.
    static func normalise(_ path: String) -> String {
        let segments = path.split(separator: "/").map { segment -> String in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }
        return "/" + segments.joined(separator: "/")
    }
}
