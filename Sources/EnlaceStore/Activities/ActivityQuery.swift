import EnlaceCore
import SQLKit

/// Turns an ``ActivityFilter`` into SQL conditions over `activities a`; the one translation of the filter.
///
/// `ActivityFilter.matches(_:)` in the core is the specification; the store tests check that both agree.
enum ActivityQuery {
    /// The conditions that select the live activities `filter` matches.
    static func conditions(_ filter: ActivityFilter) -> [SQLQueryString] {
        var conditions: [SQLQueryString] = ["a.archived_at IS NULL"]
        func anyOf(_ table: String, _ column: String, _ values: Set<String>) {
            guard !values.isEmpty else { return }
            conditions.append(
                """
                EXISTS (SELECT 1 FROM \(ident: table) x WHERE x.activity_id = a.id AND x.\(ident: column) IN (\(binds: values.sorted())))
                """)
        }
        anyOf("activity_providers", "organization_code", filter.providers)
        anyOf("activity_countries", "country_code", filter.countries)
        anyOf("activity_key_areas", "key_area", filter.keyAreas)
        anyOf("activity_topics", "topic", filter.topics)
        if !filter.kinds.isEmpty {
            conditions.append("a.kind IN (\(binds: filter.kinds.map(\.rawValue).sorted()))")
        }
        if !filter.statuses.isEmpty {
            conditions.append("a.status IN (\(binds: filter.statuses.map(\.rawValue).sorted()))")
        }
        if let from = filter.from { conditions.append("a.window_end >= \(bind: from.iso)") }
        if let to = filter.to { conditions.append("a.window_start <= \(bind: to.iso)") }
        if let startFrom = filter.startFrom { conditions.append("a.planned_start >= \(bind: startFrom.iso)") }
        if let startTo = filter.startTo { conditions.append("a.planned_start <= \(bind: startTo.iso)") }
        if let since = filter.updatedSince {
            conditions.append("a.updated_at >= \(bind: Timestamp.format(since))")
        }
        for word in filter.words {
            conditions.append("a.search_text LIKE \(bind: "%" + escapeLike(word) + "%") ESCAPE '\\'")
        }
        return conditions
    }

    /// The condition that starts a page after `cursor` in `sort` order.
    static func after(_ cursor: PageCursor, sort: ActivitySort) -> SQLQueryString {
        let column = ActivityColumns.sortColumn(sort.field)
        let comparison = sort.descending ? "<" : ">"
        return """
            (\(unsafeRaw: column) \(unsafeRaw: comparison) \(bind: cursor.key) OR (\(unsafeRaw: column) = \(bind: cursor.key) AND a.id \(unsafeRaw: comparison) \(bind: cursor.id)))
            """
    }

    /// `ORDER BY` for `sort`, with the id as tie-breaker so that the order is total.
    static func orderBy(_ sort: ActivitySort) -> SQLQueryString {
        let direction = sort.descending ? "DESC" : "ASC"
        return
            "ORDER BY \(unsafeRaw: ActivityColumns.sortColumn(sort.field)) \(unsafeRaw: direction), a.id \(unsafeRaw: direction)"
    }

    /// `conditions` joined into a WHERE clause.
    static func whereClause(_ conditions: [SQLQueryString]) -> SQLQueryString {
        "WHERE " + conditions.joined(separator: " AND ")
    }

    private static func escapeLike(_ text: String) -> String {
        var result = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
