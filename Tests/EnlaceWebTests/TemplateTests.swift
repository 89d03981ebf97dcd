import Foundation
import Hummingbird
import Testing

@testable import EnlaceWeb

/// Typed pages and typed paths: the templates, their models and the site's paths are held to each other.
@Suite("Templates, page models and site paths")
struct TemplateTests {
    private static func sources() throws -> [(name: String, text: String)] {
        let directory = try PageRenderer.templatesDirectory()
        let root = directory.standardizedFileURL.path
        let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        var sources: [(String, String)] = []
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "mustache" else { continue }
            let name = String(file.standardizedFileURL.path.dropFirst(root.count + 1).dropLast(".mustache".count))
            sources.append((name, try String(contentsOf: file, encoding: .utf8)))
        }
        return sources.sorted { $0.0 < $1.0 }
    }

    @Test("no template writes a path of the site: links come from SitePaths or the page's model")
    func noLiteralPaths() throws {
        let literal = try Regex(#"(href|action|src|formaction)\s*=\s*"/"#)
        for (name, text) in try Self.sources() {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() where line.contains(literal) {
                Issue.record(
                    "\(name).mustache:\(number + 1) writes a path: \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
    }

    @Test("every page template exists, and every template is a page or a partial a template includes")
    func templatesAndPages() async throws {
        let renderer = try await PageRenderer.load(translations: try Translations.load())
        let pages = Set(PageTemplate.allCases.map(\.rawValue))
        let included = renderer.reads.values.reduce(into: Set<String>()) { $0.formUnion($1.partials) }
        for name in pages { #expect(renderer.reads[name] != nil, "\(name) has no template") }
        for name in renderer.reads.keys where name != "layout" {
            #expect(pages.contains(name) || included.contains(name), "\(name).mustache is neither a page nor included")
        }
        for name in included { #expect(renderer.reads[name] != nil, "the partial \(name) is missing") }
    }

    @Test("every path a template names is defined")
    func pathsDefined() async throws {
        let renderer = try await PageRenderer.load(translations: try Translations.load())
        let named = renderer.reads.values.reduce(into: Set<String>()) { $0.formUnion($1.paths) }
        #expect(!named.isEmpty)
        #expect(named.subtracting(SitePaths.forTemplates.keys).isEmpty)
    }

    @Test("a template's reads are the page's members and paths it names, with its partials'")
    func reads() {
        let reads = TemplateReads.parse(
            "{{#page.rows}}{{name}} {{page.title}}{{/page.rows}} {{{page.html}}} {{! page.comment }} {{&page.raw}}"
                + " <a href=\"{{paths.home}}\">{{>partials/x}}</a> {{^page.hasRows}}{{/page.hasRows}}")
        #expect(reads.page == ["rows", "title", "html", "raw", "hasRows"])
        #expect(reads.paths == ["home"])
        #expect(reads.partials == ["partials/x"])
    }

    /// A model of the home page that lacks what the home template reads.
    private struct ThinHome: PageModel {
        static let template = PageTemplate.home
        let listHref = ""
    }

    @Test("a model that lacks what its template reads is found, and one that has it is not")
    func misfits() async throws {
        let renderer = try await PageRenderer.load(translations: try Translations.load())
        let homeReads = try #require(renderer.reads["home"]).page
        #expect(homeReads.contains("listHref"))
        let missing = renderer.misfits(ThinHome())
        #expect(Set(missing) == homeReads.subtracting(["listHref"]))
        #expect(!missing.isEmpty)
        let error = ErrorPage(status: 404, title: "", detail: "", requestID: "", errors: [], hasErrors: false)
        #expect(renderer.misfits(error) == [])
    }

    @Test("a path is filled with escaped values, one capture each")
    func sitePaths() {
        #expect(SitePaths.activity("a/b?c d") == "/activities/a%2Fb%3Fc%20d")
        #expect(SitePaths.round("p-1", 3) == "/proposals/p-1/rounds/3")
        #expect(SitePaths.roundPositionsCSV("p", 2) == "/proposals/p/rounds/2/positions.csv")
        #expect(SitePaths.seriesFeed("k", "s.ics") == "/feeds/k/series/s.ics")
        #expect(SitePaths.editActivity.routerPath.description == "/activities/{id}/edit")
        #expect(SitePaths.home.routerPath.description == "/")
        #expect(SitePaths.activities.with([("country", "HN"), ("q", "a&b")]) == "/activities?country=HN&q=a%26b")
        #expect(SitePaths.signIn(next: "//evil.example") == "/login")
        #expect(SitePaths.signIn(next: "/needs") == "/login?next=/needs")
    }
}
