import EnlaceCore
import Hummingbird
import Logging

/// Where errors become answers: `application/problem+json` for the API, an HTML page for a browser on the
/// pages (and problem+json for a page's client that does not read HTML).
///
/// A 5xx never shows its cause; the cause is logged with the request id, which the answer carries.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Who reads the answers of the routes this middleware wraps.
    enum Audience: Sendable {
        case api, pages
    }

    let audience: Audience
    let translations: Translations
    let pages: PageRenderer

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch is CancellationError {
            // The client went away or the server is stopping; there is nobody to answer.
            context.logger.debug("request cancelled")
            return Response(status: .serviceUnavailable)
        } catch {
            return answer(error, to: request, context: context)
        }
    }

    /// The answer to `request` that failed with `error`.
    func answer(_ error: any Error, to request: Request, context: Context) -> Response {
        let problem = Problem.from(error, language: context.language, translations: translations)
        if problem.status.code >= 500 {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
        }
        if audience == .api || !request.acceptsHTML {
            return problem.response(instance: request.uri.path, requestID: context.id)
        }
        if case EnlaceError.unauthenticated = error {
            let back = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            return .redirect(to: SitePaths.signIn(next: request.method == .get ? back : nil), type: .normal)
        }
        return pages.errorPage(problem, requestID: context.id, context: context)
    }
}

extension Request {
    /// Whether the client prefers HTML, as a browser does.
    var acceptsHTML: Bool {
        guard let accept = headers[.accept] else { return true }
        return accept.contains("text/html") || accept.contains("*/*")
    }
}
