public import EnlaceCore
import SQLKit

/// How many activities fall under one value of a dimension (a key area, a country).
public struct ActivityCount: Sendable, Hashable {
    /// The value: a slug or a code.
    public let key: String
    /// How many live activities carry it.
    public let count: Int
}

extension ActivityRepository {
    /// Live activities per key area, among those `filter` matches; areas without any are left out.
    public func countsByKeyArea(_ filter: ActivityFilter = ActivityFilter()) async throws -> [ActivityCount] {
        try await counts(joining: "activity_key_areas", column: "key_area", filter: filter)
    }

    /// Live activities per recipient country, among those `filter` matches, most first.
    public func countsByCountry(_ filter: ActivityFilter = ActivityFilter()) async throws -> [ActivityCount] {
        try await counts(joining: "activity_countries", column: "country_code", filter: filter)
    }

    private func counts(joining table: String, column: String, filter: ActivityFilter) async throws -> [ActivityCount] {
        let conditions = ActivityQuery.conditions(filter)
        return try await database.read { db in
            try await db.raw(
                "SELECT x.\(ident: column) AS k, COUNT(*) AS n FROM activities a JOIN \(ident: table) x ON x.activity_id = a.id "
                    + ActivityQuery.whereClause(conditions) + " GROUP BY x.\(ident: column) ORDER BY n DESC, k ASC"
            ).all().map {
                ActivityCount(
                    key: try $0.decode(column: "k", as: String.self), count: try $0.decode(column: "n", as: Int.self))
            }
        }
    }
}
