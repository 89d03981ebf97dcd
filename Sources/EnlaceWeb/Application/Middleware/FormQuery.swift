import Foundation
import Hummingbird

/// Reads a page's query as a browser writes a form sent with GET (`application/x-www-form-urlencoded`): a `+` is a
/// space. Hummingbird decodes percent-escapes only, so without this a search for `maritime course` from the form,
/// sent as `q=maritime+course`, would look for `maritime+course`. (A `+` the person typed arrives as `%2B`.) The
/// API keeps RFC 3986's reading, where `+` is itself.
struct FormQuery: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        guard let path = request.head.path, let mark = path.firstIndex(of: "?"),
            path[mark...].contains("+")
        else { return try await next(request, context) }
        var head = request.head
        head.path = String(path[..<mark]) + path[mark...].replacingOccurrences(of: "+", with: "%20")
        return try await next(Request(head: head, body: request.body), context)
    }
}
