import EnlaceCore
import Foundation
import Hummingbird

/// The query string of an activity list, shared by the API and the list page.
struct ActivityListQuery: Sendable {
    var filter = ActivityFilter()
    var sort = ActivitySort.default
    var limit = PageLimit.default
    var cursor: String?

    /// Every parameter an activity list understands.
    static let parameters: Set<String> = [
        "provider", "country", "keyArea", "topic", "kind", "status", "from", "to", "startFrom", "startTo",
        "updatedSince",
        "q", "sort",
        "limit", "cursor",
    ]

    /// Parses `parameters`; unknown names and values are reported together when `strict` (the API),
    /// and skipped otherwise (pages, where a stale bookmark should still show something).
    static func parse(
        _ parameters: Parameters, catalog: ReferenceCatalog, strict: Bool
    ) throws(RequestError)
        -> ActivityListQuery
    {
        var query = ActivityListQuery()
        var errors: [FieldError] = []
        func values(_ name: String) -> [String] {
            parameters.getAll(name).flatMap { $0.split(separator: ",") }
                .map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
                .filter { !$0.isEmpty }
        }
        func codes<T: Hashable>(_ name: String, _ parse: (String) -> T?) -> Set<T> {
            var result: Set<T> = []
            for value in values(name) {
                if let parsed = parse(value) {
                    result.insert(parsed)
                } else {
                    errors.append(FieldError(name, .unknownCode, ["value": value]))
                }
            }
            return result
        }
        func date(_ name: String) -> CalendarDate? {
            guard let text = values(name).last else { return nil }
            guard let date = CalendarDate(iso: text) else {
                errors.append(FieldError(name, .invalidFormat, ["expected": "YYYY-MM-DD"]))
                return nil
            }
            return date
        }
        for (name, _) in parameters where !Self.parameters.contains(String(name)) {
            errors.append(FieldError(String(name), .unknownField))
        }
        query.filter.providers = codes("provider") { ActivityInput.isOrganizationCode($0) ? $0 : nil }
        query.filter.countries = codes("country") { catalog.country($0)?.code }
        query.filter.keyAreas = codes("keyArea") { catalog.keyArea($0)?.slug }
        query.filter.topics = codes("topic") { catalog.topic($0)?.slug }
        query.filter.kinds = codes("kind") { ActivityKind(rawValue: $0) }
        query.filter.statuses = codes("status") { Int($0).flatMap(ActivityStatus.init(rawValue:)) }
        query.filter.from = date("from")
        query.filter.to = date("to")
        query.filter.startFrom = date("startFrom")
        query.filter.startTo = date("startTo")
        if let text = values("updatedSince").last {
            if let instant = Timestamp.parse(text)
                ?? CalendarDate(iso: text).map({
                    Date(timeIntervalSince1970: Double($0.dayNumber) * 86_400)
                })
            {
                query.filter.updatedSince = instant
            } else {
                errors.append(FieldError("updatedSince", .invalidFormat, ["expected": "2026-01-31T00:00:00Z"]))
            }
        }
        if let text = parameters.getAll("q").last, text.contains(where: { !$0.isWhitespace }) {
            if text.count > 200 {
                errors.append(FieldError("q", .tooLong, ["max": "200"]))
            } else {
                query.filter.text = text
            }
        }
        if let text = values("sort").last {
            if let sort = ActivitySort(parameter: text) {
                query.sort = sort
            } else {
                errors.append(FieldError("sort", .unknownCode, ["value": text]))
            }
        }
        if let text = values("limit").last {
            if let limit = Int(text), (1...PageLimit.maximum).contains(limit) {
                query.limit = limit
            } else {
                errors.append(FieldError("limit", .outOfRange, ["min": "1", "max": String(PageLimit.maximum)]))
            }
        }
        query.cursor = values("cursor").last
        if strict && !errors.isEmpty { throw .invalidQuery(errors) }
        return query
    }
}

/// Paging over a list held in memory (reference data, organisations), with the same cursors as the store.
enum MemoryPaging {
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

    /// `limit` and `cursor` from a query string that may hold only `allowed` besides them.
    static func parameters(_ parameters: Parameters, allowed: Set<String> = []) throws(RequestError) -> (Int, String?) {
        var errors: [FieldError] = []
        for (name, _) in parameters where !(allowed.union(["limit", "cursor"])).contains(String(name)) {
            errors.append(FieldError(String(name), .unknownField))
        }
        var limit = PageLimit.default
        if let text = parameters.getAll("limit").last {
            if let value = Int(text), (1...PageLimit.maximum).contains(value) {
                limit = value
            } else {
                errors.append(FieldError("limit", .outOfRange, ["min": "1", "max": String(PageLimit.maximum)]))
            }
        }
        if !errors.isEmpty { throw .invalidQuery(errors) }
        return (limit, parameters.getAll("cursor").last)
    }
}
