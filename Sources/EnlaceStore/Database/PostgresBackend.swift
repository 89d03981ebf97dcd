import Logging
import NIOPosix
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through PostgresNIO's connection pool; several `enlace serve` instances may share it.
final class PostgresBackend: DatabaseBackend {
    let client: PostgresClient
    let runner: Task<Void, Never>

    init(client: PostgresClient, runner: Task<Void, Never>) {
        self.client = client
        self.runner = runner
    }

    static func open(_ location: PostgresLocation, logger: Logger) async throws -> PostgresBackend {
        try await probe(location, logger: logger)
        let tls: PostgresClient.Configuration.TLS =
            switch location.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: tls)
        configuration.options.maximumConnections = 16
        configuration.options.connectTimeout = .seconds(5)
        if let schema = location.schema {
            configuration.options.additionalStartupParameters = [("search_path", schema)]
        }
        // The pool's own chatter (including a harmless warning when the first lease races `run()`)
        // is only worth seeing when it is an error; failures reach callers as thrown errors anyway.
        var backgroundLogger = logger
        backgroundLogger.logLevel = .error
        let client = PostgresClient(configuration: configuration, backgroundLogger: backgroundLogger)
        let runner = Task { await client.run() }
        let backend = PostgresBackend(client: client, runner: runner)
        return backend
    }

    /// Connects once, outside the pool, so that a wrong address, database or password fails the
    /// start at once with the server's own reason; the pool would retry and then only say it gave up.
    static func probe(_ location: PostgresLocation, logger: Logger) async throws {
        do {
            let tls: PostgresConnection.Configuration.TLS =
                switch location.tls {
                case .disable: .disable
                case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
                case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                }
            var configuration = PostgresConnection.Configuration(
                host: location.host, port: location.port, username: location.username, password: location.password,
                database: location.database, tls: tls)
            configuration.options.connectTimeout = .seconds(5)
            let connection = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 0, logger: logger
            ).get()
            try await connection.close()
        } catch let error as PSQLError {
            let reason = error.serverInfo?[.message] ?? error.underlying.map { "\($0)" } ?? "\(error.code)"
            throw ConfigurationError("cannot connect to PostgreSQL at \(location): \(reason)")
        } catch {
            throw ConfigurationError("cannot connect to PostgreSQL at \(location): \(error)")
        }
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: nil))
        }
    }

    func write<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await transaction(on: connection.sql(queryLogLevel: nil), begin: "BEGIN", body)
        }
    }

    func snapshot<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await transaction(
                on: connection.sql(queryLogLevel: nil), begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
        }
    }

    func close() async {
        runner.cancel()
        _ = await runner.value
    }
}
