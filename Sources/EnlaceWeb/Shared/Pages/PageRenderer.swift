import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird
import Logging
import Mustache

/// Renders page models into HTML through the Mustache templates, inside the shared layout.
///
/// Every template sees `t` (the catalogue of the reader's language), `lang`, `title`, `nav`
/// (which section is current), `languages` (the switcher) and `page` (the page's own model).
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let translations: Translations

    /// Loads every template from the bundle; a broken template stops the start with its file name.
    static func load(translations: Translations) async throws -> PageRenderer {
        guard let directory = Bundle.module.url(forResource: "templates", withExtension: nil) else {
            throw ResourceError("the templates folder is missing from the installation")
        }
        let library = try await MustacheLibrary(directory: directory.path)
        return PageRenderer(library: library, translations: translations)
    }

    /// The sections of the navigation bar.
    enum Section: String {
        case home, activities, newActivity, overlaps, coverage, funding, results, needs, fora, proposals, meetings,
            actions,
            calendar,
            account,
            admin,
            none
    }

    /// The page `template` for `model`, as a full HTML answer.
    func render(
        _ template: String, _ model: Any, title: String, section: Section, request: Request,
        context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) -> Response {
        var root: [String: Any] = [
            "t": translations.lookup(context.language),
            "lang": context.language.rawValue,
            "title": title,
            "nav": [section.rawValue: true],
            "languages": languages(current: context.language, request: request),
            "csrf": context.csrfToken,
            "page": model,
        ]
        // Absent rather than nil: templates look inside `user`, and a wrapped nil has nothing inside.
        if let user = Self.signedIn(context) { root["user"] = user }
        guard let html = library.render(root, withTemplate: template) else {
            context.logger.error("missing template", metadata: ["template": "\(template)"])
            return Response(status: .internalServerError)
        }
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// Who is signed in, as the layout shows it.
    struct SignedIn {
        let name: String
        let organization: String
        let canRecord: Bool
        let isAdmin: Bool
        let isSecretariat: Bool
    }

    static func signedIn(_ context: AppRequestContext) -> SignedIn? {
        guard let session = context.session, let principal = context.viewer.principal else { return nil }
        return SignedIn(
            name: session.context.account.name, organization: principal.organization,
            canRecord: ActivityPolicy.canCreate(context.viewer), isAdmin: principal.has(.admin),
            isSecretariat: principal.has(.secretariat) || principal.has(.admin))
    }

    /// The error page for `problem`.
    func errorPage(_ problem: Problem, requestID: String, context: AppRequestContext) -> Response {
        let model = ErrorPage(
            status: Int(problem.status.code), title: problem.title, detail: problem.detail ?? "", requestID: requestID,
            errors: problem.errors.map { "\($0.field): \($0.message)" }, hasErrors: !problem.errors.isEmpty)
        var root: [String: Any] = [
            "t": translations.lookup(context.language), "lang": context.language.rawValue, "title": problem.title,
            "nav": [String: Bool](), "languages": [Any](), "csrf": context.csrfToken, "page": model,
        ]
        if let user = Self.signedIn(context) { root["user"] = user }
        let html = library.render(root, withTemplate: "error") ?? problem.title
        var headers = problem.headers
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: problem.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    private func languages(current: Language, request: Request) -> [[String: Any]] {
        let back = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        let encodedBack = back.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? "/"
        return Language.allCases.map { language in
            [
                "code": language.rawValue,
                "label": translations.text("language.name", language),
                "href": "/language/\(language.rawValue)?back=\(encodedBack)",
                "current": language == current,
            ]
        }
    }
}

/// The model of the error page.
struct ErrorPage {
    let status: Int
    let title: String
    let detail: String
    let requestID: String
    let errors: [String]
    let hasErrors: Bool
}

extension CharacterSet {
    /// Characters that may stand unescaped in a query value.
    static let urlQueryValueAllowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.remove(charactersIn: "&=+#?")
        return set
    }()
}
