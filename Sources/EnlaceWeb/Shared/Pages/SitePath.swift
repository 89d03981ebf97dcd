import Foundation
import Hummingbird

/// A path of the site, defined once in `SitePaths`: the router registers its pattern (`SiteRouter`), and
/// redirects, page models and templates make their links from it, so a renamed path changes in one place.
///
/// A pattern is written as the browser sees it, `/activities/{id}/edit`; each `{name}` is a capture, which
/// may stand inside a segment (`/feeds/{key}/series/{file}`, `…/positions.csv`). The types below differ in
/// how many captures they fill, so a link with too few or too many parts does not compile.
protocol SiteRoute: Sendable {
    var pattern: String { get }
}

extension SiteRoute {
    /// The pattern as the router reads it, relative to the site's root.
    var routerPath: RouterPath { RouterPath(String(pattern.dropFirst())) }
}

/// A path with nothing to fill: `/activities`.
struct SitePath: SiteRoute, ExpressibleByStringLiteral {
    let pattern: String

    init(stringLiteral pattern: String) {
        _ = PathPattern.pieces(pattern, captures: 0)
        self.pattern = pattern
    }

    /// The link to the page.
    var link: String { pattern }

    /// The link with `parameters` as its query.
    func with(_ parameters: [(String, String)]) -> String {
        parameters.isEmpty ? pattern : pattern + "?" + SitePaths.query(parameters)
    }
}

/// A path with one capture: `SitePaths.activity(id)` is `/activities/{id}` with `id` filled in.
struct SitePath1: SiteRoute {
    let pattern: String
    private let pieces: [String]

    init(_ pattern: String) {
        self.pattern = pattern
        pieces = PathPattern.pieces(pattern, captures: 1)
    }

    func callAsFunction(_ value: some LosslessStringConvertible) -> String {
        PathPattern.fill(pieces, [value])
    }
}

/// A path with two captures: `SitePaths.round(id, number)`.
struct SitePath2: SiteRoute {
    let pattern: String
    private let pieces: [String]

    init(_ pattern: String) {
        self.pattern = pattern
        pieces = PathPattern.pieces(pattern, captures: 2)
    }

    func callAsFunction(_ first: some LosslessStringConvertible, _ second: some LosslessStringConvertible) -> String {
        PathPattern.fill(pieces, [first, second])
    }
}

enum PathPattern {
    /// The literal text around a pattern's `captures` captures; a pattern with another number stops the start.
    static func pieces(_ pattern: String, captures: Int) -> [String] {
        var pieces = [""]
        var inCapture = false
        for character in pattern {
            switch character {
            case "{": inCapture = true
            case "}":
                inCapture = false
                pieces.append("")
            default: if !inCapture { pieces[pieces.count - 1].append(character) }
            }
        }
        precondition(pieces.count == captures + 1, "\(pattern) does not have \(captures) captures")
        return pieces
    }

    /// `pieces` with each value, escaped, between them.
    static func fill(_ pieces: [String], _ values: [any LosslessStringConvertible]) -> String {
        zip(pieces, values).map { $0 + escape($1) }.joined() + pieces[pieces.count - 1]
    }

    /// `value` as one path segment: a `/` or `?` in it cannot change the path.
    static func escape(_ value: any LosslessStringConvertible) -> String {
        let text = String(describing: value)
        return text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? text
    }
}

/// The pages' routes. A page is reached only by a path defined in `SitePaths`: this type takes no string.
struct SiteRouter {
    let group: RouterGroup<AppRequestContext>

    @discardableResult
    func get(
        _ path: some SiteRoute,
        use handler: @escaping @Sendable (Request, AppRequestContext) async throws -> some ResponseGenerator
    ) -> Self {
        group.get(path.routerPath, use: handler)
        return self
    }

    @discardableResult
    func post(
        _ path: some SiteRoute,
        use handler: @escaping @Sendable (Request, AppRequestContext) async throws -> some ResponseGenerator
    ) -> Self {
        group.post(path.routerPath, use: handler)
        return self
    }
}
