public import Logging
public import SQLKit

/// The store's handle on its database: reads on a shared pool, writes as transactions.
///
/// Every write runs inside one transaction, so a failed request leaves the database as it was.
/// The two engines differ only here and in ``SQLDialectHelpers``; repositories see `SQLDatabase`.
public final class Database: Sendable {
    /// The engine behind this handle.
    public let engine: DatabaseEngine
    private let backend: any DatabaseBackend

    init(engine: DatabaseEngine, backend: any DatabaseBackend) {
        self.engine = engine
        self.backend = backend
    }

    /// Opens the database at `location`; for SQLite the file and its folder are created when missing.
    public static func open(_ location: DatabaseLocation, logger: Logger) async throws -> Database {
        switch location {
        case .sqlite(let path):
            Database(engine: .sqlite, backend: try await SQLiteBackend.open(path: path, logger: logger))
        case .postgres(let postgres):
            Database(engine: .postgres, backend: try await PostgresBackend.open(postgres, logger: logger))
        }
    }

    /// Runs `body` against the database for reading.
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await backend.read(body)
    }

    /// Runs `body` in one transaction: it commits when `body` returns and rolls back when it throws.
    public func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await backend.write(body)
    }

    /// Runs `body` in one read-only transaction that sees the database as it was when it began, however long it runs
    /// and whatever is written meanwhile: for a checksum or a copy of the whole database.
    func snapshot<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await backend.snapshot(body)
    }

    /// Makes the writes that take `lock` run one after another until their transactions end.
    ///
    /// SQLite writes one transaction at a time already; PostgreSQL gets a transaction-scoped advisory
    /// lock, and the statements after it read what the writer before committed.
    func serialize(_ lock: WriteLock, _ db: any SQLDatabase) async throws {
        guard engine == .postgres else { return }
        try await db.raw("SELECT pg_advisory_xact_lock(\(literal: lock.rawValue))").run()
    }

    /// Writes a copy of this SQLite database to the new file `path`, from one snapshot, while a server may keep
    /// writing. PostgreSQL has its own tool for this (`pg_dump`), or ``replaceContent(with:)`` into an SQLite file.
    public func copySQLiteFile(to path: String) async throws {
        guard let sqlite = backend as? SQLiteBackend else {
            throw ContentError("a file copy is made of an SQLite database only")
        }
        try await sqlite.copy(to: path)
    }

    /// Runs one SQL statement as written, outside any repository: for operators' tools and tests only.
    public func execute(_ sql: String) async throws {
        try await write { try await $0.raw(SQLQueryString(sql)).run() }
    }

    /// Closes every connection, even when the caller's task has been cancelled (a server that fails to
    /// start cancels its services, and a connection left open traps when it is released). The handle must
    /// not be used afterwards.
    public func close() async {
        let backend = backend
        await Task { await backend.close() }.value
    }
}

/// The writes that must take turns with one another, each with the key of its advisory lock.
enum WriteLock: Int64 {
    /// Schema migrations, when several instances start at once.
    case migrations = 7_340_512
    /// Changes to the tree of fora: two crossing parent changes must not close a cycle.
    case foraTree = 7_340_513
    /// Attempts counted against the sign-in throttle: a parallel burst is counted one attempt at a time.
    case throttle = 7_340_514
}

protocol DatabaseBackend: Sendable {
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func snapshot<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func close() async
}

extension DatabaseBackend {
    /// Runs `body` between BEGIN and COMMIT on `db`, rolling back when it throws.
    ///
    /// The rollback runs in a task of its own, not in the task that may have been cancelled (a stopping server):
    /// sent from a cancelled task on SQLite, it left the connection inside the transaction, and the next write
    /// failed with "cannot start a transaction within a transaction" (`ActivityImportTests.cancelled`).
    func transaction<T: Sendable>(
        on db: any SQLDatabase, begin: SQLQueryString, _ body: @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await db.raw(begin).run()
        do {
            let result = try await body(db)
            try await db.raw("COMMIT").run()
            return result
        } catch {
            await Task.detached { try? await db.raw("ROLLBACK").run() }.value
            throw error
        }
    }
}
