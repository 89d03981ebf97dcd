import EnlaceCore
public import EnlaceStore
import Foundation
public import Logging

/// The databases the store suites run on: SQLite always, PostgreSQL when `ENLACE_TEST_POSTGRES_URL` is set.
public enum TestDatabase {
    /// The engines to parameterise store tests over.
    public static var engines: [DatabaseEngine] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    /// The PostgreSQL server for tests, if configured.
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["ENLACE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A quiet logger for tests.
    public static let logger: Logger = {
        var logger = Logger(label: "enlace.test")
        logger.logLevel = .warning
        return logger
    }()

    /// Runs `body` with a fresh, migrated, empty database of `engine` and removes it afterwards.
    ///
    /// SQLite gets a file in a new temporary folder; PostgreSQL gets a new schema of its own.
    public static func withDatabase<T: Sendable>(
        _ engine: DatabaseEngine, _ body: (Database, DatabaseLocation) async throws -> T
    ) async throws -> T {
        let (location, cleanup) = try await makeLocation(engine)
        let database = try await Database.open(location, logger: logger)
        do {
            try await Migrator(database: database).migrate(logger: logger)
            let result = try await body(database, location)
            await database.close()
            try await cleanup()
            return result
        } catch {
            await database.close()
            try? await cleanup()
            throw error
        }
    }

    /// A new empty location of `engine` and the work that removes it.
    public static func makeLocation(
        _ engine: DatabaseEngine
    ) async throws
        -> (DatabaseLocation, @Sendable () async throws -> Void)
    {
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "enlace-test-\(UUID().uuidString)")
            let location = DatabaseLocation.sqlite(path: folder.appendingPathComponent("enlace.sqlite").path)
            return (location, { try? FileManager.default.removeItem(at: folder) })
        case .postgres:
            guard let url = postgresURL else { throw ConfigurationError("ENLACE_TEST_POSTGRES_URL is not set") }
            let base = try PostgresLocation(url: url)
            let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await runOnServer(base, "CREATE SCHEMA \(schema)")
            var location = base
            location.schema = schema
            return (.postgres(location), { try await runOnServer(base, "DROP SCHEMA \(schema) CASCADE") })
        }
    }

    private static func runOnServer(_ location: PostgresLocation, _ sql: String) async throws {
        let database = try await Database.open(.postgres(location), logger: logger)
        do {
            try await database.execute(sql)
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}
