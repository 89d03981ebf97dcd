import SQLKit

/// The tables of a database as a copy or a checksum sees them: their columns by the kind of value they hold, and the
/// tables each refers to. Read from the database itself, so that it follows the migrations without a list to keep.
struct TableCatalog: Sendable {
    /// What a column holds. The engines name the same types differently (`BIGINT` and `bigint`, `REAL` and `double
    /// precision`); a value is read and compared by its kind.
    enum Kind: Sendable, Equatable {
        case integer, real, text

        init(declared: String) {
            let type = declared.uppercased()
            if type.contains("INT") {
                self = .integer
            } else if type.contains("REAL") || type.contains("DOUB") || type.contains("FLOA") {
                self = .real
            } else {
                self = .text
            }
        }
    }

    struct Column: Sendable, Equatable {
        let name: String
        let kind: Kind
    }

    /// A column that refers to a row of a table (the same table, for a tree).
    struct Reference: Sendable, Equatable {
        let column: String
        let table: String
        let targetColumn: String
    }

    struct Table: Sendable {
        let name: String
        /// In the order of their names, so that two engines list them alike.
        let columns: [Column]
        let references: [Reference]

        /// The reference of a row to another row of this table, as an organisation's to its parent.
        var treeReference: Reference? { references.first { $0.table == name } }
    }

    /// By name.
    let tables: [Table]

    /// Reads the tables of `db`: the schema's (PostgreSQL's search path) or the file's (SQLite).
    static func read(_ db: any SQLDatabase, engine: DatabaseEngine) async throws -> TableCatalog {
        var columns: [String: [Column]] = [:]
        var references: [String: [Reference]] = [:]
        switch engine {
        case .sqlite:
            let names = try await db.raw(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
            ).all().map { try $0.decode(column: "name", as: String.self) }
            for name in names {
                columns[name] = try await db.raw("SELECT name, type FROM pragma_table_info(\(bind: name))").all().map {
                    Column(
                        name: try $0.decode(column: "name", as: String.self),
                        kind: Kind(declared: try $0.decode(column: "type", as: String.self)))
                }
                references[name] = try await db.raw(
                    "SELECT \"from\" AS source, \"table\" AS target, \"to\" AS target_column FROM pragma_foreign_key_list(\(bind: name))"
                ).all().map {
                    Reference(
                        column: try $0.decode(column: "source", as: String.self),
                        table: try $0.decode(column: "target", as: String.self),
                        targetColumn: try $0.decode(column: "target_column", as: String.self))
                }
            }
        case .postgres:
            for row in try await db.raw(
                """
                SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                """
            ).all() {
                columns[try row.decode(column: "table_name", as: String.self), default: []].append(
                    Column(
                        name: try row.decode(column: "column_name", as: String.self),
                        kind: Kind(declared: try row.decode(column: "data_type", as: String.self))))
            }
            for row in try await db.raw(
                """
                SELECT source.relname AS source_table, target.relname AS target_table,
                    (SELECT attname FROM pg_attribute WHERE attrelid = k.conrelid AND attnum = k.conkey[1])::text
                        AS source_column,
                    (SELECT attname FROM pg_attribute WHERE attrelid = k.confrelid AND attnum = k.confkey[1])::text
                        AS target_column
                FROM pg_constraint k
                JOIN pg_class source ON source.oid = k.conrelid
                JOIN pg_class target ON target.oid = k.confrelid
                JOIN pg_namespace n ON n.oid = source.relnamespace
                WHERE k.contype = 'f' AND n.nspname = current_schema()
                """
            ).all() {
                references[try row.decode(column: "source_table", as: String.self), default: []].append(
                    Reference(
                        column: try row.decode(column: "source_column", as: String.self),
                        table: try row.decode(column: "target_table", as: String.self),
                        targetColumn: try row.decode(column: "target_column", as: String.self)))
            }
        }
        return TableCatalog(
            tables: columns.keys.sorted().map { name in
                Table(
                    name: name, columns: columns[name, default: []].sorted { $0.name < $1.name },
                    references: references[name, default: []])
            })
    }

    /// The tables in an order where each comes after the tables it refers to, so that rows can be written in it.
    func dependencyOrder() throws(ContentError) -> [Table] {
        var ordered: [Table] = []
        var placed: Set<String> = []
        var left = tables
        while !left.isEmpty {
            let ready = left.filter { table in
                table.references.allSatisfy { $0.table == table.name || placed.contains($0.table) }
            }
            guard !ready.isEmpty else {
                throw ContentError("the tables \(left.map(\.name).joined(separator: ", ")) refer to one another")
            }
            ordered += ready
            placed.formUnion(ready.map(\.name))
            left.removeAll { placed.contains($0.name) }
        }
        return ordered
    }

    /// Whether `other` has the same tables with the same columns: a copy between the two keeps every value.
    func matches(_ other: TableCatalog) -> Bool {
        tables.map(\.name) == other.tables.map(\.name)
            && zip(tables, other.tables).allSatisfy { $0.columns == $1.columns }
    }
}

/// A copy or a checksum that cannot be made, with the reason in words an operator can act on.
public struct ContentError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
