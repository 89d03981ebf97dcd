import EnlaceCore
import Hummingbird

/// Refuses an address that holds the NUL character (`%00`) in its path or query, with 400, before any
/// handler reads it: no text Enlace keeps may hold NUL, and PostgreSQL cannot store it. (Bodies are
/// refused by their readers: the JSON reader and the form reader.)
struct RefuseNUL: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        let address = request.uri.description
        if address.contains("%00") || address.utf8.contains(0) {
            throw RequestError.invalidQuery([
                FieldError("address", .invalidFormat, ["expected": "text without the NUL character (%00)"])
            ])
        }
        return try await next(request, context)
    }
}
