import HTTPTypes
import Hummingbird

/// The routes the router knows, by audience, for the answers the router itself gives when no route
/// answers a request: 405 with `Allow` on a path known for other methods, and a 404 in the audience's form
/// (problem+json under the API, a page elsewhere).
struct RouteTable: Sendable {
    /// The methods one path answers.
    struct Entry: Sendable {
        let pattern: [Segment]
        let audience: ErrorMiddleware.Audience
        var methods: Set<HTTPRequest.Method>
    }

    /// One segment of a route's path.
    enum Segment: Sendable, Equatable {
        case constant(String)
        /// `{id}`, or `{id}.ics` (`suffix`), or `v{id}` (`prefix`).
        case capture(prefix: String, suffix: String)
        /// `*`: any one segment.
        case any
        /// `**`: the rest of the path.
        case rest

        /// How specific the segment is, most specific first: the router's order.
        var rank: Int {
            switch self {
            case .constant: 0
            case .capture(let prefix, let suffix): prefix.isEmpty && suffix.isEmpty ? 2 : 1
            case .any: 3
            case .rest: 4
            }
        }
    }

    private(set) var entries: [Entry] = []
    /// Paths that belong to an audience even where no route answers them, such as `api/v1/**`.
    private(set) var areas: [(pattern: [Segment], audience: ErrorMiddleware.Audience)] = []

    /// Adds `routes`, which `audience` reads.
    mutating func add(_ routes: [Router<AppRequestContext>.RouteDescription], audience: ErrorMiddleware.Audience) {
        for route in routes {
            let pattern = Self.segments(route.path)
            // A GET route answers HEAD too (the router generates it).
            let methods: Set<HTTPRequest.Method> = route.method == .get ? [.get, .head] : [route.method]
            if let index = entries.firstIndex(where: { $0.pattern == pattern }) {
                entries[index].methods.formUnion(methods)
            } else {
                entries.append(Entry(pattern: pattern, audience: audience, methods: methods))
            }
        }
    }

    /// Declares that every path matching `path` belongs to `audience`.
    mutating func claim(_ path: RouterPath, for audience: ErrorMiddleware.Audience) {
        areas.append((Self.segments(path), audience))
    }

    /// Who reads the answer to `path`, and the methods it answers (none when no route has this path). Where
    /// several routes' paths match, the most specific answers, as in the router: `overlaps/scan` before
    /// `overlaps/{id}`.
    func lookup(_ path: String) -> (audience: ErrorMiddleware.Audience, allowed: Set<HTTPRequest.Method>) {
        let components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let best = entries.filter { Self.matches($0.pattern, components[...]) }.min {
            $0.pattern.map(\.rank).lexicographicallyPrecedes($1.pattern.map(\.rank))
        }
        if let best { return (best.audience, best.methods) }
        let area = areas.first { Self.matches($0.pattern, components[...]) }
        return (area?.audience ?? .pages, [])
    }

    static func segments(_ path: RouterPath) -> [Segment] {
        path.components.map { element in
            let text = element.description
            switch text {
            case "*": return .any
            case "**": return .rest
            default:
                guard let open = text.firstIndex(of: "{"), let close = text.firstIndex(of: "}") else {
                    return .constant(text)
                }
                return .capture(
                    prefix: String(text[..<open]), suffix: String(text[text.index(after: close)...]))
            }
        }
    }

    private static func matches(_ pattern: [Segment], _ components: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return components.isEmpty }
        if case .rest = first { return true }
        guard let component = components.first else { return false }
        let fits: Bool
        switch first {
        case .constant(let text): fits = text == component
        case .capture(let prefix, let suffix):
            fits =
                component.count > prefix.count + suffix.count && component.hasPrefix(prefix)
                && component.hasSuffix(suffix)
        case .any: fits = true
        case .rest: fits = true
        }
        return fits && matches(Array(pattern.dropFirst()), components.dropFirst())
    }
}

/// Answers what no route answers: 405 with `Allow` where the path is known for other methods, else 404, each
/// in the form its audience reads. It wraps only the router's own "not found" (it is added after every
/// route). A page's error is shown to the session's person, as on any page; the API's takes no cookie.
struct UnmatchedRoutes: RouterMiddleware {
    typealias Context = AppRequestContext

    let table: RouteTable
    let api: ErrorMiddleware
    let pages: ErrorMiddleware
    let session: SessionAuthentication

    /// The methods an `Allow` header names, in a stable order.
    static let order: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        let (audience, allowed) = table.lookup(request.uri.path)
        func answer(_ request: Request, _ context: Context) async throws -> Response {
            do {
                return try await next(request, context)
            } catch {
                var error = error
                if !allowed.isEmpty, !allowed.contains(request.method) {
                    let names =
                        Self.order.filter(allowed.contains)
                        + allowed.subtracting(Self.order).sorted { $0.rawValue < $1.rawValue }
                    error = RequestError.methodNotAllowed(allowed: names.map(\.rawValue))
                }
                return (audience == .api ? api : pages).answer(error, to: request, context: context)
            }
        }
        switch audience {
        case .api: return try await answer(request, context)
        case .pages: return try await session.handle(request, context: context, next: answer)
        }
    }
}
