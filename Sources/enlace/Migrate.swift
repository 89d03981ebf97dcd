import ArgumentParser
import EnlaceStore
import EnlaceWeb
import Foundation

/// `enlace migrate`: applies pending migrations and reports the schema version.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let configuration = try AppConfiguration.resolve(
            flags: database.flags, environment: ProcessInfo.processInfo.environment)
        let logger = ProcessLogging.bootstrap(level: configuration.logLevel)
        try await Database.using(configuration.database, logger: logger) { db in
            let migrator = Migrator(database: db)
            let applied = try await migrator.migrate(logger: logger)
            let version = try await migrator.currentVersion()
            print(
                applied.isEmpty
                    ? "schema already current at version \(version)"
                    : "applied \(applied.count) migration(s); schema at version \(version)")
        }
    }
}
