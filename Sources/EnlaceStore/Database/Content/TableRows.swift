import SQLKit

/// A value of a row, by the kind of its column: what a copy writes and a checksum digests, alike on both engines.
enum CellValue: Sendable, Equatable {
    case null
    case integer(Int)
    case real(Double)
    case text(String)

    /// The value to bind when writing it into a column of `kind`: a null keeps the column's type, which PostgreSQL
    /// needs to take it.
    func bindable(as kind: TableCatalog.Kind) -> any Encodable & Sendable {
        switch (self, kind) {
        case (.integer(let value), _): value
        case (.real(let value), _): value
        case (.text(let value), _): value
        case (.null, .integer): Int?.none
        case (.null, .real): Double?.none
        case (.null, .text): String?.none
        }
    }
}

/// Reads a table's rows page by page, in the order the engine stores them (SQLite's row ids, PostgreSQL's tuple
/// ids): each page is one bounded query, and inside one snapshot the pages together hold every row exactly once.
struct TableRows {
    static let pageSize = 500

    let table: TableCatalog.Table
    let engine: DatabaseEngine

    /// Calls `body` with each page of rows, their values in the order of ``TableCatalog/Table/columns``.
    func forEachPage(_ db: any SQLDatabase, _ body: ([[CellValue]]) async throws -> Void) async throws {
        let names = table.columns.map(\.name)
        var after: any Encodable & Sendable =
            switch engine {
            case .sqlite: Int.min
            case .postgres: "(0,0)"
            }
        while true {
            let query: SQLQueryString =
                switch engine {
                case .sqlite:
                    """
                    SELECT rowid AS enlace_row_key, \(idents: names, joinedBy: ", ") FROM \(ident: table.name)
                    WHERE rowid > \(bind: after) ORDER BY rowid LIMIT \(literal: Self.pageSize)
                    """
                case .postgres:
                    """
                    SELECT ctid::text AS enlace_row_key, \(idents: names, joinedBy: ", ") FROM \(ident: table.name)
                    WHERE ctid > CAST(\(bind: after) AS tid) ORDER BY ctid LIMIT \(literal: Self.pageSize)
                    """
                }
            let rows = try await db.raw(query).all()
            guard let last = rows.last else { return }
            try await body(try rows.map(values))
            guard rows.count == Self.pageSize else { return }
            after =
                switch engine {
                case .sqlite: try last.decode(column: "enlace_row_key", as: Int.self)
                case .postgres: try last.decode(column: "enlace_row_key", as: String.self)
                }
        }
    }

    private func values(_ row: any SQLRow) throws -> [CellValue] {
        try table.columns.map { column in
            if try row.decodeNil(column: column.name) { return .null }
            return switch column.kind {
            case .integer: .integer(try row.decode(column: column.name, as: Int.self))
            case .real: .real(try row.decode(column: column.name, as: Double.self))
            case .text: .text(try row.decode(column: column.name, as: String.self))
            }
        }
    }
}
