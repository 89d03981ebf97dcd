import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Prometheus
import Testing

@testable import EnlaceWeb

/// Every route the application registers is accounted for: API routes in the OpenAPI document,
/// page routes in the list below. A new route that is in neither fails this test.
@Suite("Route table")
struct RouteTableTests {
    static let pageRoutes: Set<String> = [
        "GET /", "GET /language/{code}", "GET /activities", "GET /activities/new", "POST /activities",
        "GET /activities/{id}", "GET /activities/{id}/edit", "POST /activities/{id}/edit",
        "POST /activities/{id}/archive",
    ]

    @Test("every registered route is documented in OpenAPI or listed as a page")
    func everyRouteAccountedFor() async throws {
        try await TestDatabase.withDatabase(.sqlite) { database, _ in
            let store = try await Store.open(database: database, clock: .system, ids: .random)
            let translations = try Translations.load()
            let router = try buildRouter(
                store: store, configuration: AppConfiguration(database: .sqlite(path: "/unused")),
                translations: translations, pages: try await PageRenderer.load(translations: translations),
                metrics: EnlaceMetrics(registry: .init()))
            let document =
                try JSONSerialization.jsonObject(with: Data(bufferBytes: try HealthController.loadOpenAPI()))
                as? [String: Any]
            let paths = document?["paths"] as? [String: [String: Any]] ?? [:]
            var documented: Set<String> = []
            for (path, operations) in paths {
                for method in operations.keys where method != "parameters" {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            let registered = Set(router.routes.map { "\($0.method.rawValue) \(Self.normalise($0.path.description))" })
            let unaccounted = registered.subtracting(documented).subtracting(Self.pageRoutes)
            #expect(unaccounted.isEmpty, "routes neither in OpenAPI nor in the page list: \(unaccounted.sorted())")
            let stale = documented.union(Self.pageRoutes).subtracting(registered)
            #expect(stale.isEmpty, "documented routes that do not exist: \(stale.sorted())")
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
