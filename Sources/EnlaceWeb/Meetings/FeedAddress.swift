import EnlaceCore
import EnlaceStore
import HTTPTypes
import Hummingbird

/// The addresses of calendar feeds, built from the address the request came in on.
enum FeedAddress {
    /// `scheme://host[:port]` of the request, honouring a proxy's `X-Forwarded-Proto`.
    static func origin(_ request: Request) -> String {
        let proto = request.headers[.forwardedProto].flatMap {
            ["http", "https"].contains($0.lowercased()) ? $0.lowercased() : nil
        }
        return "\(proto ?? "http")://\(request.head.authority ?? "localhost")"
    }

    static func person(_ key: String, _ request: Request) -> String { origin(request) + "/feeds/\(key)/me.ics" }

    static func organization(_ key: String, _ request: Request) -> String {
        origin(request) + "/feeds/\(key)/organization.ics"
    }

    static func series(_ key: String, seriesID: String, _ request: Request) -> String {
        origin(request) + "/feeds/\(key)/series/\(seriesID).ics"
    }

    /// The caller's feed key, when they are a person (tokens and visitors get none).
    static func key(_ store: Store, _ context: AppRequestContext) async throws -> String? {
        guard let principal = context.viewer.principal else { return nil }
        return try await store.feedKeys.key(for: principal.userID)
    }
}

extension HTTPField.Name {
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}
