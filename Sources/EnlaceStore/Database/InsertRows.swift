import SQLKit

/// A multi-row `INSERT`, written straight into the serializer: the form a large write (an import's batch, its audit
/// entries) takes, without building a tree of expressions for every value first.
struct InsertRows: SQLExpression {
    /// The most values bound in one statement: well within SQLite's and PostgreSQL's limits.
    static let maxBinds = 10_000
    /// The most rows in one statement.
    static let maxRows = 1_000

    let table: String
    let columns: [String]
    let rows: ArraySlice<[any Encodable & Sendable]>

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write("INSERT INTO ")
        SQLIdentifier(table).serialize(to: &serializer)
        serializer.write(" (")
        for (index, column) in columns.enumerated() {
            if index > 0 { serializer.write(", ") }
            SQLIdentifier(column).serialize(to: &serializer)
        }
        serializer.write(") VALUES ")
        for (rowIndex, row) in rows.enumerated() {
            serializer.write(rowIndex > 0 ? ", (" : "(")
            for (index, value) in row.enumerated() {
                if index > 0 { serializer.write(", ") }
                serializer.write(bind: value)
            }
            serializer.write(")")
        }
    }

    /// Inserts `rows` (each a value for each of `columns`, in order) into `table`, in as few statements as the
    /// limits allow.
    static func run(
        into table: String, columns: [String], _ rows: [[any Encodable & Sendable]], _ db: any SQLDatabase
    ) async throws {
        let perStatement = max(1, min(maxRows, maxBinds / max(1, columns.count)))
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            let slice = rows[start..<min(rows.count, start + perStatement)]
            try await db.execute(sql: InsertRows(table: table, columns: columns, rows: slice)) { _ in }
        }
    }
}
