import EnlaceCore
import SQLKit

/// The optimistic check every versioned write makes: the row is still at the version its writer saw, and
/// this transaction holds it until it ends.
enum VersionClaim {
    /// The current version of row `id` of `table` (and the row, for other columns the caller needs), after
    /// checking it is `expected` when given; `condition` narrows which rows count as present (live ones).
    ///
    /// A concurrent writer on PostgreSQL blocks on the claiming UPDATE until this transaction ends, then finds
    /// the version moved on; SQLite serialises writers anyway.
    static func claim(
        _ table: String, entity: String, id: String, expected: Int?, condition: SQLQueryString = "1 = 1",
        _ db: any SQLDatabase
    ) async throws -> (version: Int, row: any SQLRow) {
        let row = try await db.raw("SELECT * FROM \(ident: table) WHERE id = \(bind: id) AND " + condition).first()
        guard let row, let current = try? row.decode(column: "version", as: Int.self) else {
            throw EnlaceError.notFound(entity: entity, id: id)
        }
        if let expected, expected != current {
            throw EnlaceError.staleVersion(entity: entity, id: id, current: current)
        }
        let claimed = try await db.raw(
            "UPDATE \(ident: table) SET version = version WHERE id = \(bind: id) AND version = \(bind: current) RETURNING version"
        ).first()
        guard claimed != nil else { throw EnlaceError.staleVersion(entity: entity, id: id, current: current + 1) }
        return (current, row)
    }
}
