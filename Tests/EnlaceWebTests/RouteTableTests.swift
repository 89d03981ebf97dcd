import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import Foundation
import HTTPTypes
import Hummingbird
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

    /// `/api/v1/activities/:id` and `activities/{id}` both become `/api/v1/activities/{id}`.
    static func normalise(_ path: String) -> String {
        let segments = path.split(separator: "/").map { segment -> String in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }
        return "/" + segments.joined(separator: "/")
    }
}
