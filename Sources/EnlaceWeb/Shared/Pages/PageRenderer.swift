import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird
import Logging
import Mustache
import Synchronization

/// Renders page models into HTML through the Mustache templates, inside the shared layout.
///
/// Every template sees `t` (the catalogue of the reader's language), `lang`, `title`, `nav`
/// (which section is current), `languages` (the switcher), `paths` (the site's fixed links,
/// `SitePaths.forTemplates`) and `page` (the page's own model, a `PageModel`).
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let translations: Translations
    /// What each template reads: the members of `page` and the names under `paths`, with its partials'.
    let reads: [String: TemplateReads]
    /// The model types already found to fit their template.
    private let fitting = FittingTypes()

    private final class FittingTypes: Sendable {
        let types = Mutex<Set<ObjectIdentifier>>([])
    }

    /// Loads every template from the bundle. A broken template, a page template that is missing, or a
    /// template naming a path `SitePaths` does not define stops the start, with the file's name.
    static func load(translations: Translations) async throws -> PageRenderer {
        let directory = try templatesDirectory()
        let library = try await MustacheLibrary(directory: directory.path)
        let reads = try TemplateReads.scan(directory)
        for template in PageTemplate.allCases where reads[template.rawValue] == nil {
            throw ResourceError("the page template \(template.rawValue).mustache is missing from the installation")
        }
        for (name, read) in reads {
            let unknown = read.paths.subtracting(SitePaths.forTemplates.keys).sorted()
            if !unknown.isEmpty {
                throw ResourceError("\(name).mustache names paths SitePaths does not define: \(unknown)")
            }
        }
        return PageRenderer(library: library, translations: translations, reads: reads)
    }

    /// The folder of the templates in the installation.
    static func templatesDirectory() throws -> URL {
        guard let directory = Bundle.module.url(forResource: "templates", withExtension: nil) else {
            throw ResourceError("the templates folder is missing from the installation")
        }
        return directory
    }

    init(library: MustacheLibrary, translations: Translations, reads: [String: TemplateReads]) {
        self.library = library
        self.translations = translations
        self.reads = reads
    }

    /// The members of `page` that `Model`'s template reads and `model` lacks (none when it fits).
    func misfits<Model: PageModel>(_ model: Model) -> [String] {
        let key = ObjectIdentifier(Model.self)
        if fitting.types.withLock({ $0.contains(key) }) { return [] }
        var members = Set<String>()
        var mirror: Mirror? = Mirror(reflecting: model)
        while let current = mirror {
            members.formUnion(current.children.compactMap(\.label))
            mirror = current.superclassMirror
        }
        let missing = (reads[Model.template.rawValue]?.page ?? []).subtracting(members).sorted()
        if missing.isEmpty { fitting.types.withLock { _ = $0.insert(key) } }
        return missing
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

    /// `model`'s page, as a full HTML answer. A model that does not fit its template is a 500, found by the
    /// tests that render the page, never shown half-empty.
    func render<Model: PageModel>(
        _ model: Model, title: String, section: Section, request: Request,
        context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) -> Response {
        let template = Model.template.rawValue
        let missing = misfits(model)
        guard missing.isEmpty else {
            context.logger.error(
                "page model does not fit its template",
                metadata: ["template": "\(template)", "model": "\(Model.self)", "missing": "\(missing)"])
            return Response(status: .internalServerError)
        }
        var root: [String: Any] = [
            "paths": SitePaths.forTemplates,
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
        /// Whether they may import activity files (the upload page).
        let canImport: Bool
        let isAdmin: Bool
        let isSecretariat: Bool
    }

    static func signedIn(_ context: AppRequestContext) -> SignedIn? {
        guard let session = context.session, let principal = context.viewer.principal else { return nil }
        return SignedIn(
            name: session.context.account.name, organization: principal.organization,
            canRecord: ActivityPolicy.canCreate(context.viewer), canImport: ImportPolicy.canImport(context.viewer),
            isAdmin: principal.has(.admin),
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
            "paths": SitePaths.forTemplates,
        ]
        if let user = Self.signedIn(context) { root["user"] = user }
        let html = library.render(root, withTemplate: ErrorPage.template.rawValue) ?? problem.title
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
                "href": SitePaths.language(language.rawValue) + "?back=\(encodedBack)",
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

extension ErrorPage: PageModel {
    static let template = PageTemplate.error
}
