import Hummingbird

/// Refuses state-changing page requests (it wraps the pages alone; the API takes no cookies) whose form does not carry this session's anti-forgery token.
///
/// A missing or wrong token gets 403 before any handler runs, so nothing is written. In a `multipart/form-data`
/// form (an upload) the token is the first part, read before the rest of the body.
struct CSRFProtection: RouterMiddleware {
    typealias Context = AppRequestContext

    static let field = "_csrf"

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        guard request.method == .post else {
            return try await next(request, context)
        }
        var request = request
        let sent: String
        if let boundary = MultipartForm.boundary(of: request) {
            // A form with a file: the token must be its first part, read before anything else of the body.
            do {
                (sent, request.body) = try await MultipartForm.leadingField(
                    Self.field, of: request.body, boundary: boundary)
            } catch is MultipartForm.Failure {
                throw HTTPError(.forbidden, message: "missing or wrong anti-forgery token")
            }
        } else {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            sent = try FormData.parse(String(buffer: body)).value(Self.field) ?? ""
        }
        guard !context.csrfToken.isEmpty, Self.constantTimeEqual(sent, context.csrfToken) else {
            throw HTTPError(.forbidden, message: "missing or wrong anti-forgery token")
        }
        return try await next(request, context)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
