import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing

@testable import EnlaceWeb

@Suite("Reference data and operations")
struct ReferenceAPITests {
    @Test("countries page through all of ISO 3166-1 with names in four languages")
    func countries() async throws {
        try await TestApp.run { client, world in
            var codes: [String] = []
            var cursor: String?
            repeat {
                let uri = "/api/v1/countries?limit=200" + (cursor.map { "&cursor=\($0)" } ?? "")
                cursor = try await client.execute(uri: uri, method: .get) { response async throws in
                    #expect(response.status == .ok)
                    let page = try json(response)
                    #expect(page["total"] as? Int == 249)
                    let items = page["items"] as? [[String: Any]] ?? []
                    codes += items.compactMap { $0["code"] as? String }
                    if let honduras = items.first(where: { $0["code"] as? String == "HN" }) {
                        #expect((honduras["names"] as? [String: String])?["fr"] == "Honduras")
                    }
                    return page["nextCursor"] as? String
                }
            } while cursor != nil
            #expect(codes.count == 249 && codes == codes.sorted())
        }
    }

    @Test("key areas, topics with DAC codes, vocabularies, currencies and organisations")
    func vocabularies() async throws {
        try await TestApp.run { client, world in
            try await client.execute(uri: "/api/v1/key-areas", method: .get) { response async throws in
                let slugs = (try json(response)["items"] as? [[String: Any]] ?? []).compactMap { $0["slug"] as? String }
                #expect(
                    slugs == [
                        "narco-trafficking", "combating-crime", "strengthening-institutions", "resilient-communities",
                    ])
            }
            try await client.execute(uri: "/api/v1/topics?keyArea=combating-crime", method: .get) {
                response async throws in
                let items = try json(response)["items"] as? [[String: Any]] ?? []
                #expect(items.count >= 5)
                #expect(
                    items.allSatisfy {
                        ($0["dacCode"] as? String)?.count == 5 && $0["keyArea"] as? String == "combating-crime"
                    })
            }
            try await client.execute(uri: "/api/v1/topics?keyArea=nope", method: .get) { response async throws in
                #expect(response.status == .badRequest)
            }
            for path in ["activity-kinds", "modalities", "activity-statuses", "currencies"] {
                try await client.execute(uri: "/api/v1/\(path)?limit=200", method: .get) { response async throws in
                    #expect(response.status == .ok, "\(path)")
                    #expect((try json(response)["total"] as? Int ?? 0) > 0, "\(path)")
                }
            }
            try await client.execute(uri: "/api/v1/organizations?q=policia", method: .get) { response async throws in
                let items = try json(response)["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { $0["code"] as? String } == ["CO-PONAL"])
            }
            try await client.execute(uri: "/api/v1/organizations/US-INL", method: .get) { response async throws in
                #expect(try json(response)["parent"] as? String == "US")
            }
            try await client.execute(uri: "/api/v1/organizations/NOPE", method: .get) { response async throws in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("health, readiness and the OpenAPI document")
    func operations() async throws {
        try await TestApp.run { client, world in
            try await client.execute(uri: "/healthz", method: .get) { response async throws in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/readyz", method: .get) { response async throws in
                #expect(response.status == .ok)
                #expect(try json(response)["status"] as? String == "ready")
            }
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response async throws in
                let document = try json(response)
                #expect(document["openapi"] as? String == "3.1.0")
            }
        }
    }

    @Test("metrics have a listener of their own, and count the public listener's requests")
    func metricsListener() async throws {
        let metrics = EnlaceMetrics(registry: PrometheusCollectorRegistry())
        metrics.record(method: "GET", route: "/activities", status: 200, duration: .milliseconds(3))
        let app = MetricsListener.application(metrics: metrics, host: "127.0.0.1", port: 0, logger: TestDatabase.logger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response async throws in
                #expect(response.status == .ok)
                #expect(response.text.contains("enlace_http_requests_total"))
            }
            try await client.execute(uri: "/api/v1/activities", method: .get) { response async throws in
                #expect(response.status == .notFound, "the metrics listener serves metrics alone")
            }
        }
    }

    @Test("every answer carries a request id and the security headers")
    func headers() async throws {
        try await TestApp.run { client, world in
            for uri in ["/", "/api/v1/activities", "/api/v1/nowhere", "/nowhere"] {
                try await client.execute(uri: uri, method: .get) { response async throws in
                    #expect(response.headers[.requestID]?.isEmpty == false, "\(uri)")
                    let policy = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"), "\(uri)")
                    #expect(!policy.contains("unsafe-inline"))
                    #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] != nil)
                }
            }
        }
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
}
