import EnlaceCore
public import Foundation
public import Logging
import SQLKit

/// Applies pending migrations and tells whether the schema is current.
public struct Migrator: Sendable {
    let database: Database
    let migrations: [any Migration]

    /// Creates the migrator over every known migration.
    public init(database: Database) {
        self.database = database
        self.migrations = Migrations.all
    }

    /// The newest migration version the code knows.
    public var latestVersion: Int { migrations.map(\.version).max() ?? 0 }

    /// Applies every migration not yet applied, each in its own transaction; returns their names.
    ///
    /// On PostgreSQL an advisory lock makes concurrent starts of several instances take turns.
    @discardableResult
    public func migrate(now: Date = Date(), logger: Logger) async throws -> [String] {
        try await database.write { db in try await Self.createLedger(db) }
        var applied: [String] = []
        for migration in migrations.sorted(by: { $0.version < $1.version }) {
            let database = database
            let engine = database.engine
            let ran = try await database.write { db -> Bool in
                try await database.serialize(.migrations, db)
                let done = try await db.raw(
                    "SELECT version FROM enlace_migrations WHERE version = \(bind: migration.version)"
                ).first()
                guard done == nil else { return false }
                try await migration.apply(to: db, engine: engine)
                try await db.raw(
                    """
                    INSERT INTO enlace_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Timestamp.format(now)))
                    """
                ).run()
                return true
            }
            if ran {
                logger.info(
                    "applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                applied.append("\(migration.version) \(migration.name)")
            }
        }
        return applied
    }

    /// The version the database is at: the highest applied migration, or 0 on an empty database.
    public func currentVersion() async throws -> Int {
        try await database.read { db in
            let exists = try await Self.ledgerExists(db, engine: database.engine)
            guard exists else { return 0 }
            let row = try await db.raw("SELECT MAX(version) AS version FROM enlace_migrations").first()
            return try row?.decode(column: "version", as: Int?.self) ?? 0
        }
    }

    /// Whether every known migration has been applied.
    public func isCurrent() async throws -> Bool {
        try await currentVersion() >= latestVersion
    }

    private static func createLedger(_ db: any SQLDatabase) async throws {
        try await db.create(table: "enlace_migrations").ifNotExists()
            .column("version", type: .bigint, .primaryKey(autoIncrement: false))
            .column("name", type: .text, .notNull)
            .column("applied_at", type: .text, .notNull)
            .run()
    }

    private static func ledgerExists(_ db: any SQLDatabase, engine: DatabaseEngine) async throws -> Bool {
        let query: SQLQueryString =
            switch engine {
            case .sqlite: "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'enlace_migrations'"
            case .postgres: "SELECT to_regclass('enlace_migrations')::text AS name"
            }
        let row = try await db.raw(query).first()
        return try row?.decode(column: "name", as: String?.self) != nil
    }
}
