import ArgumentParser
import EnlaceStore
import EnlaceWeb
import Foundation
import Logging

/// The options every command that touches the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: "Folder for the embedded database (env ENLACE_DATA_DIR; default ./enlace-data).")
    var dataDirectory: String?

    @Option(
        name: .customLong("database-url"),
        help: "sqlite:///path or postgres://user:pass@host:5432/db (env ENLACE_DATABASE_URL).")
    var databaseURL: String?

    @Option(
        name: .customLong("secret-file"),
        help: "The installation's secret, made if missing (env ENLACE_SECRET_FILE; default <data-dir>/secret.key).")
    var secretFile: String?

    @Option(
        name: .customLong("log-level"),
        help: "trace, debug, info, notice, warning, error or critical (env ENLACE_LOG_LEVEL; default info).")
    var logLevel: String?

    var flags: AppConfiguration.Flags {
        var flags = AppConfiguration.Flags()
        flags.dataDirectory = dataDirectory
        flags.databaseURL = databaseURL
        flags.logLevel = logLevel
        flags.secretFile = secretFile
        return flags
    }

    /// The configuration, and the process's logger: quiet (warnings and worse) unless `--log-level` says otherwise,
    /// so that a tool's own output stands alone.
    func resolve() throws -> (AppConfiguration, Logger) {
        let configuration = try AppConfiguration.resolve(flags: flags, environment: ProcessInfo.processInfo.environment)
        let logger = ProcessLogging.bootstrap(level: logLevel.flatMap(Logger.Level.init(rawValue:)) ?? .warning)
        return (configuration, logger)
    }
}

/// Sets up logging once for the process: one line per event, metadata as key=value pairs.
enum ProcessLogging {
    static func bootstrap(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "enlace")
        logger.logLevel = level
        return logger
    }
}

extension Database {
    /// Opens the database, runs `body`, and closes it whatever happens.
    static func using<T: Sendable>(
        _ location: DatabaseLocation, logger: Logger, _ body: (Database) async throws -> T
    ) async throws -> T {
        let database = try await Database.open(location, logger: logger)
        do {
            let result = try await body(database)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }
}
