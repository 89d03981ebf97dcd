import EnlaceCore
import Hummingbird

/// Refuses an API write that its caller may make under no rule, before the body is read: a visitor's
/// (401) and a read-only token's (403). A body a caller may not send costs the server nothing to refuse.
struct WriteScope: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        switch request.method {
        case .get, .head, .options: break
        default:
            guard let principal = context.viewer.principal else { throw EnlaceError.unauthenticated }
            guard principal.scope == .readWrite else { throw EnlaceError.forbidden(field: nil) }
        }
        return try await next(request, context)
    }
}
