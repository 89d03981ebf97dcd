import SQLKit

extension Database {
    /// Whether this database holds anything a person made: a user, an organisation, an activity or an audit entry. A
    /// migrated database holds only the reference data its migrations put there.
    public func holdsContent() async throws -> Bool {
        try await read { db in
            for table in ["users", "organizations", "activities", "audit_events"] {
                if try await db.raw("SELECT 1 AS found FROM \(ident: table) LIMIT 1").first() != nil { return true }
            }
            return false
        }
    }

    /// Replaces everything this database holds with what `source` holds, row for row, in one transaction: either
    /// all of it is copied or nothing changes. Both must be migrated to the same version. The source is read in one
    /// snapshot, so a server may keep writing to it meanwhile. Answers how many rows each table received.
    ///
    /// The engines may differ: this is how a backup moves from SQLite to PostgreSQL and back.
    public func replaceContent(with source: Database) async throws -> [TableCount] {
        let engine = engine
        let sourceEngine = source.engine
        return try await write { target in
            let catalog = try await TableCatalog.read(target, engine: engine)
            return try await source.snapshot { from in
                guard catalog.matches(try await TableCatalog.read(from, engine: sourceEngine)) else {
                    throw ContentError(
                        "the two databases have different tables or columns: migrate both to the same version first")
                }
                let order = try catalog.dependencyOrder()
                for table in order.reversed() { try await target.raw("DELETE FROM \(ident: table.name)").run() }
                var counts: [TableCount] = []
                for table in order {
                    counts.append(
                        TableCount(
                            table: table.name,
                            rows: try await Self.copy(table, from: from, sourceEngine: sourceEngine, to: target)))
                }
                return counts.sorted { $0.table < $1.table }
            }
        }
    }

    /// Copies the rows of `table`, page by page; a tree (a table whose rows refer to one another) whole, parents
    /// before their children, so that every reference is already there when it is written.
    private static func copy(
        _ table: TableCatalog.Table, from: any SQLDatabase, sourceEngine: DatabaseEngine, to target: any SQLDatabase
    ) async throws -> Int {
        let names = table.columns.map(\.name)
        let kinds = table.columns.map(\.kind)
        func write(_ rows: [[CellValue]]) async throws {
            try await InsertRows.run(
                into: table.name, columns: names,
                rows.map { row in zip(row, kinds).map { $0.bindable(as: $1) } }, target)
        }
        var count = 0
        var tree: [[CellValue]] = []
        try await TableRows(table: table, engine: sourceEngine).forEachPage(from) { page in
            count += page.count
            if table.treeReference != nil { tree += page } else { try await write(page) }
        }
        if let reference = table.treeReference {
            try await write(Self.parentsFirst(tree, reference: reference, names: names))
        }
        return count
    }

    /// The rows of a tree, each after the row it refers to.
    static func parentsFirst(
        _ rows: [[CellValue]], reference: TableCatalog.Reference, names: [String]
    ) -> [[CellValue]] {
        guard let from = names.firstIndex(of: reference.column), let key = names.firstIndex(of: reference.targetColumn)
        else { return rows }
        var ordered: [[CellValue]] = []
        var written: Set<String> = []
        var pending = rows
        while !pending.isEmpty {
            var waiting: [[CellValue]] = []
            for row in pending {
                if case .text(let parent) = row[from], !written.contains(parent), row[key] != row[from] {
                    waiting.append(row)
                    continue
                }
                ordered.append(row)
                if case .text(let value) = row[key] { written.insert(value) }
            }
            // A reference to a row that is not there stays as it is: the database refuses it, and says so.
            if waiting.count == pending.count {
                ordered += waiting
                break
            }
            pending = waiting
        }
        return ordered
    }
}
