import EnlaceCore
import Foundation
import Hummingbird

/// The query string of an activity list, shared by the API and the list page.
struct ActivityListQuery: Sendable {
    var filter = ActivityFilter()
    var sort = ActivitySort.default
    var limit = PageLimit.default
    var cursor: String?

    /// The parameters that choose and order activities.
    static let filterParameters: Set<String> = [
        "provider", "country", "keyArea", "topic", "kind", "status", "from", "to", "startFrom", "startTo",
        "updatedSince", "q", "sort",
    ]

    /// Every parameter an activity list understands: the filters and paging.
    static let parameters = filterParameters.union(["limit", "cursor"])

    /// Parses `parameters`; unknown names and values are reported together when `strict` (the API),
    /// and skipped otherwise (pages, where a stale bookmark should still show something).
    ///
    /// A caller that reads other parameters itself names them all in `allowed` and passes its own problems
    /// with them in `errors`, so that every problem is reported at once.
    static func parse(
        _ parameters: Parameters, catalog: ReferenceCatalog, strict: Bool,
        allowed: Set<String> = ActivityListQuery.parameters,
        errors: [FieldError] = []
    ) throws(RequestError)
        -> ActivityListQuery
    {
        var query = ActivityListQuery()
        var reader = QueryReader(parameters, allowed: allowed)
        reader.errors += errors
        query.filter.providers = reader.codes("provider") { ActivityInput.isOrganizationCode($0) ? $0 : nil }
        query.filter.countries = reader.codes("country") { catalog.country($0)?.code }
        query.filter.keyAreas = reader.codes("keyArea") { catalog.keyArea($0)?.slug }
        query.filter.topics = reader.codes("topic") { catalog.topic($0)?.slug }
        query.filter.kinds = reader.codes("kind") { ActivityKind(rawValue: $0) }
        query.filter.statuses = reader.codes("status") { Int($0).flatMap(ActivityStatus.init(rawValue:)) }
        query.filter.from = reader.date("from")
        query.filter.to = reader.date("to")
        query.filter.startFrom = reader.date("startFrom")
        query.filter.startTo = reader.date("startTo")
        query.filter.updatedSince = reader.code("updatedSince", expected: "2026-01-31T00:00:00Z") { text in
            Timestamp.parse(text)
                ?? CalendarDate(iso: text).map { Date(timeIntervalSince1970: Double($0.dayNumber) * 86_400) }
        }
        if let text = parameters.getAll("q").last, text.contains(where: { !$0.isWhitespace }) {
            var filter = ActivityFilter()
            filter.text = text
            if text.count > 200 {
                reader.errors.append(FieldError("q", .tooLong, ["max": "200"]))
            } else if filter.words.count > ActivityFilter.maxWords {
                reader.errors.append(FieldError("q", .tooMany, ["max": String(ActivityFilter.maxWords)]))
            } else {
                query.filter.text = text
            }
        }
        query.sort = reader.code("sort") { ActivitySort(parameter: $0) } ?? .default
        // A caller that does not page (a file of every match) reports paging as unknown, and only that.
        if allowed.contains("limit") { query.limit = reader.limit() }
        if allowed.contains("cursor") { query.cursor = reader.value("cursor") }
        try reader.finish(strict: strict)
        return query
    }
}

/// Reads a query string parameter by parameter, collecting every problem, for the parsers of lists
/// and reports. Values may be repeated or comma-separated; the last one counts for single values.
struct QueryReader {
    let parameters: Parameters
    var errors: [FieldError] = []

    /// A reader that reports every parameter not in `allowed`.
    init(_ parameters: Parameters, allowed: Set<String>) {
        self.parameters = parameters
        for (name, _) in parameters where !allowed.contains(String(name)) {
            errors.append(FieldError(String(name), .unknownField))
        }
    }

    /// Every value of `name`, split at commas, trimmed, empty ones left out.
    func values(_ name: String) -> [String] {
        parameters.getAll(name).flatMap { $0.split(separator: ",") }
            .map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
            .filter { !$0.isEmpty }
    }

    /// The last value of `name`.
    func value(_ name: String) -> String? { values(name).last }

    /// Whether `name` was sent with nothing in it (`?to=`): no value a typed parameter can read. (A page's
    /// form sends that for "any"; pages read leniently and skip it.)
    func sentEmpty(_ name: String) -> Bool { !parameters.getAll(name).isEmpty && values(name).isEmpty }

    /// The last value of `name` read by `parse`; a value it refuses is reported as an unknown code,
    /// or as a bad format when `expected` describes the format.
    mutating func code<T>(_ name: String, expected: String? = nil, _ parse: (String) -> T?) -> T? {
        guard let text = value(name) ?? (sentEmpty(name) ? "" : nil) else { return nil }
        if let parsed = parse(text) { return parsed }
        errors.append(
            expected.map { FieldError(name, .invalidFormat, ["expected": $0]) }
                ?? FieldError(name, .unknownCode, ["value": text]))
        return nil
    }

    /// Every value of `name` read by `parse`; each it refuses is reported.
    mutating func codes<T: Hashable>(_ name: String, _ parse: (String) -> T?) -> Set<T> {
        var result: Set<T> = []
        for text in sentEmpty(name) ? [""] : values(name) {
            if let parsed = parse(text) {
                result.insert(parsed)
            } else {
                errors.append(FieldError(name, .unknownCode, ["value": text]))
            }
        }
        return result
    }

    /// A `YYYY-MM-DD` date.
    mutating func date(_ name: String) -> CalendarDate? {
        code(name, expected: "YYYY-MM-DD") { CalendarDate(iso: $0) }
    }

    /// A whole number within `range`.
    mutating func number(_ name: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = value(name) ?? (sentEmpty(name) ? "" : nil) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            errors.append(
                FieldError(name, .outOfRange, ["min": String(range.lowerBound), "max": String(range.upperBound)]))
            return nil
        }
        return number
    }

    /// The page size: `limit`, or the default.
    mutating func limit() -> Int { number("limit", in: 1...PageLimit.maximum) ?? PageLimit.default }

    /// Throws the problems found when `strict` (the API); pages skip what they cannot read.
    func finish(strict: Bool) throws(RequestError) {
        if strict && !errors.isEmpty { throw .invalidQuery(errors) }
    }
}

/// Paging over a list held in memory (reference data, organisations), with the same cursors as the store.
enum MemoryPaging {
    /// The answer to a list request over `items` held in memory. Items in canonical rather than key order
    /// (`ordered: false`) page by position.
    static func response<Item: Sendable>(
        _ request: Request, _ items: [Item], key: (Item) -> String, ordered: Bool = true, allowed: Set<String> = [],
        _ encode: (Item) -> JSONValue
    ) throws -> Response {
        let (limit, cursor) = try parameters(request.uri.queryParameters, allowed: allowed)
        if ordered {
            return JSONResponse.page(try page(items, key: key, limit: limit, cursor: cursor), encode)
        }
        let positioned = items.enumerated().map { (position: String(format: "%06d", $0.offset), item: $0.element) }
        let found = try page(positioned, key: \.position, limit: limit, cursor: cursor)
        return JSONResponse.page(
            Page(items: found.items.map(\.item), total: found.total, nextCursor: found.nextCursor), encode)
    }

    /// The page of `items` (already in `key` order) after `cursor`.
    static func page<Item: Sendable>(
        _ items: [Item], key: (Item) -> String, limit: Int, cursor: String?
    ) throws(RequestError) -> Page<Item> {
        var start = 0
        if let cursor {
            guard let parsed = PageCursor(token: cursor), parsed.sort == "key" else {
                throw .invalidQuery([FieldError("cursor", .invalidCursor)])
            }
            start = items.firstIndex { key($0) > parsed.key } ?? items.count
        }
        let slice = Array(items[start..<min(items.count, start + limit)])
        let next =
            start + limit < items.count ? slice.last.map { PageCursor(sort: "key", key: key($0), id: "").token } : nil
        return Page(items: slice, total: items.count, nextCursor: next)
    }

    /// The `limit` of a query already checked by another reader (a bad one is reported there).
    static func limit(_ parameters: Parameters) throws(RequestError) -> Int {
        var reader = QueryReader(parameters, allowed: Set(parameters.map { String($0.key) }))
        let limit = reader.limit()
        try reader.finish(strict: true)
        return limit
    }

    /// `limit` and `cursor` from a query string that may hold only `allowed` besides them.
    static func parameters(_ parameters: Parameters, allowed: Set<String> = []) throws(RequestError) -> (Int, String?) {
        var reader = QueryReader(parameters, allowed: allowed.union(["limit", "cursor"]))
        let limit = reader.limit()
        try reader.finish(strict: true)
        return (limit, parameters.cursor)
    }
}

extension Parameters {
    /// The page cursor a list request sends; an empty one is none (the first page).
    var cursor: String? { getAll("cursor").last.flatMap { $0.isEmpty ? nil : $0 } }
}
