import Foundation
import Logging
import NIOPosix
import SQLKit
import SQLiteKit
import Synchronization

/// SQLite in WAL mode: one writer connection, several readers, foreign keys on everywhere.
///
/// SQLite allows one writer at a time, so writes queue for the writer connection instead of
/// failing with `SQLITE_BUSY`; readers read the last committed state while a write runs. Reads
/// take the reader connections in turn: they are opened in serialized mode, so two reads that meet
/// on one connection simply take turns inside SQLite, and a read never waits for a lease.
final class SQLiteBackend: DatabaseBackend {
    static let readerCount = 4

    let writer: ConnectionPool<SQLiteConnection>
    let readers: [SQLiteConnection]
    let nextReader = Atomic<Int>(0)
    let threadPool: NIOThreadPool
    let logger: Logger

    init(writer: SQLiteConnection, readers: [SQLiteConnection], threadPool: NIOThreadPool, logger: Logger) {
        self.writer = ConnectionPool([writer])
        self.readers = readers
        self.threadPool = threadPool
        self.logger = logger
    }

    static func open(path: String, logger: Logger) async throws -> SQLiteBackend {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ConfigurationError(
                "cannot create the data directory \(directory.path): \(error.localizedDescription)")
        }
        let threadPool = NIOThreadPool(numberOfThreads: readerCount + 1)
        threadPool.start()
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        func connect(reader: Bool) async throws -> SQLiteConnection {
            let connection = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: threadPool, logger: logger, on: eventLoop)
            let db = connection.sql(queryLogLevel: nil)
            try await db.raw("PRAGMA busy_timeout = 10000").run()
            try await db.raw("PRAGMA foreign_keys = ON").run()
            try await db.raw("PRAGMA synchronous = NORMAL").run()
            if reader {
                try await db.raw("PRAGMA query_only = ON").run()
            } else {
                try await db.raw("PRAGMA journal_mode = WAL").run()
                // Room for a large transaction (an import) without spilling pages mid-way: 32 MiB, used only as
                // a transaction grows.
                try await db.raw("PRAGMA cache_size = -32768").run()
                // A statement's undo journal in memory, not in a temporary file: a statement of a large transaction
                // (a batch of an import) otherwise writes each page it first touches to disk once more.
                try await db.raw("PRAGMA temp_store = MEMORY").run()
            }
            return connection
        }
        do {
            let writer = try await connect(reader: false)
            var readers: [SQLiteConnection] = []
            for _ in 0..<readerCount { readers.append(try await connect(reader: true)) }
            return SQLiteBackend(writer: writer, readers: readers, threadPool: threadPool, logger: logger)
        } catch {
            try? await threadPool.shutdownGracefully()
            throw ConfigurationError("cannot open the SQLite database \(path): \(error)")
        }
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let turn = nextReader.add(1, ordering: .relaxed).oldValue
        return try await body(readers[turn % readers.count].sql(queryLogLevel: nil))
    }

    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writer.with { connection in
            try await transaction(on: connection.sql(queryLogLevel: nil), begin: "BEGIN IMMEDIATE", body)
        }
    }

    /// A read transaction on the writer's connection, which no other read shares; it does not take the write lock,
    /// so another process (a running server) keeps writing meanwhile.
    func snapshot<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writer.with { connection in
            try await transaction(on: connection.sql(queryLogLevel: nil), begin: "BEGIN DEFERRED", body)
        }
    }

    /// Writes a copy of the database to `path` (SQLite's `VACUUM INTO`), from one snapshot, without stopping
    /// writers of other processes. It runs outside any transaction, on the writer's connection.
    func copy(to path: String) async throws {
        try await writer.with { connection in
            try await connection.sql(queryLogLevel: nil).raw("VACUUM INTO \(bind: path)").run()
        }
    }

    func close() async {
        for connection in await writer.connections + readers {
            try? await connection.close()
        }
        try? await threadPool.shutdownGracefully()
    }
}
