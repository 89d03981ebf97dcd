import Foundation

/// Where the data lives: an SQLite file (the embedded default) or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite database file.
    case sqlite(path: String)
    /// A PostgreSQL database.
    case postgres(PostgresLocation)

    /// Parses `sqlite:///absolute/path`, `sqlite://relative/path` or `postgres://user:pass@host:5432/db`.
    public init(url: String) throws(ConfigurationError) {
        if url.hasPrefix("sqlite://") {
            let path = String(url.dropFirst("sqlite://".count))
            guard !path.isEmpty, !path.hasSuffix("/") else {
                throw ConfigurationError(
                    "ENLACE_DATABASE_URL: an SQLite URL needs a file path, as in sqlite:///var/lib/enlace/enlace.sqlite"
                )
            }
            self = .sqlite(path: path)
            return
        }
        self = .postgres(try PostgresLocation(url: url))
    }

    /// The engine this location names.
    public var engine: DatabaseEngine {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// The location without its password, for logs.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite://\(path)"
        case .postgres(let location): location.description
        }
    }
}

/// The SQL engines Enlace runs on.
public enum DatabaseEngine: String, Sendable, CaseIterable {
    case sqlite
    case postgres
}

/// How to reach a PostgreSQL database.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// Whether the connection uses TLS. A TLS connection verifies the server's certificate and name against the
    /// system's trusted roots, whichever of `require`, `verify-ca` or `verify-full` the URL names.
    public enum TLSMode: String, Sendable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String?
    public var tls: TLSMode
    /// The schema every connection works in; nil keeps the server's default search path.
    public var schema: String?

    /// Creates the location from its parts.
    public init(
        host: String, port: Int = 5432, username: String, password: String?, database: String?,
        tls: TLSMode = .disable, schema: String? = nil
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.schema = schema
    }

    /// Parses `postgres://user:pass@host:port/database?sslmode=disable|prefer|require`.
    public init(url: String) throws(ConfigurationError) {
        guard let components = URLComponents(string: url),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else {
            throw ConfigurationError(
                "ENLACE_DATABASE_URL: expected sqlite:///path or postgres://user:pass@host:5432/db, got \(Self.redacted(url))"
            )
        }
        guard let host = components.host, !host.isEmpty else {
            throw ConfigurationError("ENLACE_DATABASE_URL: the PostgreSQL URL names no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw ConfigurationError("ENLACE_DATABASE_URL: the PostgreSQL URL names no user")
        }
        var tls = TLSMode.disable
        if let mode = components.queryItems?.last(where: { ["sslmode", "tlsmode"].contains($0.name) })?.value {
            switch mode {
            case "disable": tls = .disable
            case "prefer", "allow": tls = .prefer
            case "require", "verify-ca", "verify-full": tls = .require
            default: throw ConfigurationError("ENLACE_DATABASE_URL: unknown sslmode '\(mode)'")
            }
        }
        let database = components.path.split(separator: "/").first.map(String.init)
        self.init(
            host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: components.password?.removingPercentEncoding, database: database, tls: tls)
    }

    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database ?? "")" + (schema.map { " (schema \($0))" } ?? "")
    }

    private static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "(unreadable URL)"
    }
}

/// A configuration value that cannot be used; its message is the one line the operator sees.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and with which setting.
    public let message: String

    /// Creates the error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
