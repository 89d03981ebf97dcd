import EnlaceCore
import EnlaceStore
import HTTPTypes
import Hummingbird

/// The addresses of calendar feeds, built from the address the request came in on.
enum FeedAddress {
    /// `scheme://host[:port]` of the request; the scheme is a trusted proxy's `X-Forwarded-Proto`.
    static func origin(_ request: Request, _ context: AppRequestContext) -> String {
        "\(context.scheme)://\(request.head.authority ?? "localhost")"
    }

    static func person(_ key: String, _ request: Request, _ context: AppRequestContext) -> String {
        origin(request, context) + SitePaths.feed(key, "me.ics")
    }

    static func organization(_ key: String, _ request: Request, _ context: AppRequestContext) -> String {
        origin(request, context) + SitePaths.feed(key, "organization.ics")
    }

    static func series(_ key: String, seriesID: String, _ request: Request, _ context: AppRequestContext) -> String {
        origin(request, context) + SitePaths.seriesFeed(key, seriesID + ".ics")
    }

    /// The caller's feed key, when they are a person (tokens and visitors get none).
    static func key(_ store: Store, _ context: AppRequestContext) async throws -> String? {
        guard let principal = context.viewer.principal else { return nil }
        return try await store.feedKeys.key(for: principal.userID)
    }
}
