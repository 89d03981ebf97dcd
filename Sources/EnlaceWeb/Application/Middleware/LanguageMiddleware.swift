import EnlaceCore
import Hummingbird

/// Chooses the language of the answer: the switcher's cookie first, then `Accept-Language`, then English.
struct LanguageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// The cookie the language switcher sets.
    static let cookieName = "enlace_lang"

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        var context = context
        if let cookie = request.cookies[Self.cookieName]?.value, let language = Language(rawValue: cookie) {
            context.language = language
        } else if let header = request.headers[.acceptLanguage],
            let language = Language.negotiate(acceptLanguage: header)
        {
            context.language = language
        }
        var response = try await next(request, context)
        response.headers[.vary] = "Accept-Language, Cookie"
        return response
    }
}
