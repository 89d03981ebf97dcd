import Foundation
import HTTPTypes
import Hummingbird

/// Finds the client behind a trusted reverse proxy: its address (for the sign-in throttle and the audit
/// trail) and whether it came over TLS. From any other peer the forwarding headers are ignored.
struct ForwardedClient: RouterMiddleware {
    typealias Context = AppRequestContext

    let proxies: TrustedProxies

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        guard proxies.contains(context.clientAddress) else { return try await next(request, context) }
        var context = context
        context.clientAddress = proxies.client(
            peer: context.clientAddress, forwardedFor: request.headers[values: .forwardedFor])
        // A proxy that appends rather than replaces puts its own word last.
        let schemes = request.headers[values: .forwardedProto].flatMap { $0.split(separator: ",") }
        if schemes.last?.trimmingCharacters(in: .whitespaces).lowercased() == "https" { context.scheme = "https" }
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}
