import EnlaceCore
import Hummingbird
import NIOCore

/// An RFC 9457 problem: what went wrong, in a form both people and programs can read.
struct Problem: Sendable {
    /// A short, stable identifier that becomes the problem's `type` URI (`/problems/<slug>`), or nil for `about:blank`.
    var slug: String?
    var status: HTTPResponse.Status
    var title: String
    var detail: String?
    var errors: [(field: String, code: String, message: String)] = []
    /// Headers the answer carries besides the problem, for example the current `ETag` on a 412.
    var headers: HTTPFields = [:]
    /// Members the problem carries besides RFC 9457's and `errors`, for example an import's report.
    var extensions: [(String, JSONValue)] = []

    /// The problem for `error`, worded in `language`.
    static func from(_ error: any Error, language: Language, translations: Translations) -> Problem {
        func t(_ key: String, _ parameters: [String: String] = [:]) -> String {
            translations.text(key, language, parameters)
        }
        func fieldErrors(_ errors: [FieldError]) -> [(field: String, code: String, message: String)] {
            errors.map { ($0.field, $0.code.rawValue, translations.message(for: $0, language)) }
        }
        // A cursor this installation did not give, or one of another list, names no page of the list: the
        // page a link pointed to is not there (404), as with any other address that names nothing.
        func unknownPage(_ errors: [FieldError]) -> Problem? {
            guard !errors.isEmpty, errors.allSatisfy({ $0.field == "cursor" && $0.code == .invalidCursor }) else {
                return nil
            }
            var problem = Problem(
                slug: "unknown-page", status: .notFound, title: t("problems.unknownPage.title"),
                detail: t("problems.unknownPage.detail"))
            problem.errors = fieldErrors(errors)
            return problem
        }
        switch error {
        case EnlaceError.invalid(let errors) where unknownPage(errors) != nil,
            RequestError.invalidQuery(let errors)
        where unknownPage(errors) != nil:
            return unknownPage(errors)!
        case EnlaceError.invalid(let errors):
            var problem = Problem(
                slug: "validation", status: .unprocessableContent, title: t("problems.validation.title"),
                detail: t("problems.validation.detail", ["count": String(errors.count)]))
            problem.errors = fieldErrors(errors)
            return problem
        case EnlaceError.notFound:
            return Problem(
                status: .notFound, title: t("problems.notFound.title"), detail: t("problems.notFound.detail"))
        case EnlaceError.staleVersion(_, _, let current):
            var problem = Problem(
                slug: "stale-version", status: .preconditionFailed, title: t("problems.stale.title"),
                detail: t("problems.stale.detail", ["version": String(current)]))
            problem.headers[.eTag] = ETag.make(version: current)
            return problem
        case EnlaceError.forbidden(let field):
            var problem = Problem(
                slug: "forbidden", status: .forbidden, title: t("problems.forbidden.title"),
                detail: t(field == nil ? "problems.forbidden.detail" : "problems.forbidden.field"))
            if let field {
                problem.errors = fieldErrors([FieldError(field, .forbidden)])
            }
            return problem
        case EnlaceError.unauthenticated:
            var problem = Problem(
                slug: "unauthenticated", status: .unauthorized, title: t("problems.unauthenticated.title"),
                detail: t("problems.unauthenticated.detail"))
            problem.headers[.wwwAuthenticate] = "Bearer realm=\"enlace\""
            return problem
        case EnlaceError.versionRequired:
            return Problem(
                slug: "version-required", status: .preconditionRequired, title: t("problems.versionRequired.title"),
                detail: t("problems.versionRequired.detail"))
        case EnlaceError.throttled(let seconds):
            var problem = Problem(
                slug: "throttled", status: .tooManyRequests, title: t("problems.throttled.title"),
                detail: t("signIn.throttled", ["seconds": String(seconds)]))
            problem.headers[.retryAfter] = String(seconds)
            return problem
        case EnlaceError.busy(let seconds):
            var problem = Problem(
                slug: "busy", status: .serviceUnavailable, title: t("problems.busy.title"),
                detail: t("problems.busy.detail"))
            problem.headers[.retryAfter] = String(seconds)
            return problem
        case RequestError.malformedBody(let message):
            return Problem(
                slug: "malformed-body", status: .badRequest, title: t("problems.malformed.title"), detail: message)
        case RequestError.unsupportedMediaType(let expected):
            return Problem(
                slug: "unsupported-media-type", status: .unsupportedMediaType, title: t("problems.mediaType.title"),
                detail: t("problems.mediaType.detail", ["expected": expected]))
        case RequestError.invalidQuery(let errors):
            var problem = Problem(
                slug: "invalid-query", status: .badRequest, title: t("problems.query.title"),
                detail: t("problems.validation.detail", ["count": String(errors.count)]))
            problem.errors = fieldErrors(errors)
            return problem
        case RequestError.methodNotAllowed(let allowed):
            var problem = Problem(
                slug: "method-not-allowed", status: .methodNotAllowed, title: t("problems.methodNotAllowed.title"),
                detail: t("problems.methodNotAllowed.detail", ["allowed": allowed.joined(separator: ", ")]))
            problem.headers[.allow] = allowed.joined(separator: ", ")
            return problem
        case RequestError.notFound:
            return Problem(
                status: .notFound, title: t("problems.notFound.title"), detail: t("problems.notFound.detail"))
        case let error as any HTTPResponseError:
            switch error.status {
            case .contentTooLarge:
                return Problem(
                    slug: "too-large", status: .contentTooLarge, title: t("problems.tooLarge.title"),
                    detail: t("problems.tooLarge.detail"))
            case .notFound:
                return Problem(
                    status: .notFound, title: t("problems.notFound.title"), detail: t("problems.notFound.detail"))
            case .forbidden:
                return Problem(
                    slug: "csrf", status: .forbidden, title: t("problems.csrf.title"), detail: t("problems.csrf.detail")
                )
            case .methodNotAllowed:
                return Problem(status: .methodNotAllowed, title: t("problems.methodNotAllowed.title"))
            default:
                return Problem(status: error.status, title: error.status.reasonPhrase)
            }
        default:
            return Problem(
                status: .internalServerError, title: t("problems.internal.title"), detail: t("problems.internal.detail")
            )
        }
    }

    /// The problem as `application/problem+json`.
    func response(instance: String, requestID: String) -> Response {
        var members: [(String, JSONValue)] = [
            ("type", .string(slug.map { "/problems/\($0)" } ?? "about:blank")),
            ("title", .string(title)),
            ("status", .integer(Int(status.code))),
        ]
        if let detail { members.append(("detail", .string(detail))) }
        members.append(("instance", .string(instance)))
        if !errors.isEmpty {
            members.append(
                (
                    "errors",
                    .array(
                        errors.map {
                            .object([
                                ("field", .string($0.field)), ("code", .string($0.code)),
                                ("message", .string($0.message)),
                            ])
                        })
                )
            )
        }
        members += extensions
        members.append(("requestId", .string(requestID)))
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: JSONValue.object(members).buffer))
    }
}
