import ArgumentParser
import EnlaceStore
import EnlaceWeb
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `enlace backup FILE`: a copy of the database, taken while the server runs.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database to a new file while the server keeps running.",
        discussion: """
            SQLite: a copy of the database file, from one snapshot (SQLite's VACUUM INTO). PostgreSQL: pg_dump's \
            custom format, restored with `enlace restore` or pg_restore; with --portable, an SQLite file instead, \
            which `enlace restore` takes into either engine. The installation's secret (secret.key) is not in the \
            backup: second factors cannot be read without it, so keep a copy of it, apart from the backups.
            """)

    @Argument(help: "The backup file to write; it must not exist.") var file: String
    @Flag(help: "From PostgreSQL, write an SQLite file that either engine can restore.") var portable = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        // The configuration first: a wrong one leaves no empty file behind.
        let (configuration, logger) = try database.resolve()
        let path = URL(fileURLWithPath: file).standardizedFileURL.path
        // Made here, new and readable by its owner only: a backup holds password hashes and the audit trail. A file
        // (or a link) already there is refused, never written through.
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else {
            throw CommandFailure(
                errno == EEXIST
                    ? "\(file) exists already: a backup is written to a new file"
                    : "cannot create \(file): \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        do {
            try await write(to: path, configuration.database, logger: logger)
            try Self.sync(path)
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
        print("keep the installation's secret (secret.key) too, apart from the backups: second factors need it")
    }

    /// Makes the backup durable before saying it is written: the file's data, then its name in its folder.
    static func sync(_ path: String) throws {
        for target in [path, (path as NSString).deletingLastPathComponent] {
            let descriptor = open(target, O_RDONLY)
            guard descriptor >= 0 else {
                throw CommandFailure("cannot open \(target): \(String(cString: strerror(errno)))")
            }
            defer { close(descriptor) }
            guard fsync(descriptor) == 0 else {
                throw CommandFailure("cannot write \(target) to disk: \(String(cString: strerror(errno)))")
            }
        }
    }

    private func write(to path: String, _ location: DatabaseLocation, logger: Logger) async throws {
        let format = try await Database.using(location, logger: logger) { db in
            guard try await Migrator(database: db).isCurrent() else {
                throw CommandFailure("the database is not at the current schema version: run `enlace migrate` first")
            }
            switch (location, portable) {
            case (.sqlite, _):
                try await db.copySQLiteFile(to: path)
                return "an SQLite database"
            case (.postgres, true):
                try await Database.using(.sqlite(path: path), logger: logger) { copy in
                    try await Migrator(database: copy).migrate(logger: logger)
                    _ = try await copy.replaceContent(with: db)
                }
                return "an SQLite database (portable)"
            case (.postgres(let location), false):
                try PostgresTool.run(
                    "pg_dump",
                    ["--format=custom", "--no-owner", "--no-privileges", "--file", path]
                        + (location.schema.map { ["--schema", $0] } ?? []), location)
                return "a pg_dump archive (custom format)"
            }
        }
        print("backup written to \(path): \(format)")
    }
}

/// `enlace restore FILE`: a backup back into a database.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore a backup into an empty database.",
        discussion: """
            An SQLite backup (from `enlace backup`, on SQLite or with --portable) restores into either engine, \
            row for row, in one transaction; an older backup is migrated first. A pg_dump archive restores into \
            PostgreSQL with pg_restore. Stop the servers of the database first. Compare `enlace db checksum` of \
            the two databases to prove the restore identical.
            """)

    @Argument(help: "The backup file.") var file: String
    @Flag(help: "Replace what the database holds; without it a database that holds data is refused.")
    var replace = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let (configuration, logger) = try database.resolve()
        guard let handle = FileHandle(forReadingAtPath: file) else { throw CommandFailure("cannot read \(file)") }
        let magic = Array((try? handle.read(upToCount: 16)) ?? Data())
        try? handle.close()
        if magic == Array("SQLite format 3\u{0}".utf8) {
            try await restoreSQLite(configuration.database, secret: configuration.secret, logger: logger)
        } else if magic.starts(with: Array("PGDMP".utf8)) {
            guard case .postgres(let location) = configuration.database else {
                throw CommandFailure(
                    "a pg_dump archive restores into PostgreSQL only; make a backup with `enlace backup --portable` "
                        + "to move a PostgreSQL database to SQLite")
            }
            let (version, latest) = try await Database.using(configuration.database, logger: logger) {
                let migrator = Migrator(database: $0)
                return (try await migrator.currentVersion(), migrator.latestVersion)
            }
            guard version == 0 || replace else { throw CommandFailure(Self.notEmpty(location.description)) }
            // A server refuses a database set up with another secret: refused here, before anything is written.
            let identity = try PostgresTool.archivedRows("server_identity", in: file, location)
            if let recorded = identity.first?["secret_fingerprint"], recorded != configuration.secret.fingerprint {
                throw CommandFailure(Self.otherSecret)
            }
            // pg_restore --clean drops what the archive holds, not the tables of later migrations: an older archive
            // over a newer database would leave both.
            let listed =
                try PostgresTool.archivedRows("enlace_migrations", in: file, location).compactMap {
                    $0["version"].flatMap { Int($0) }
                }.max()
            // An archive whose rows pg_restore does not list as COPY data (not made by `enlace backup`) could
            // not be checked above: refused.
            guard let archived = listed, archived > 0 else {
                throw CommandFailure(
                    "\(file) holds no Enlace schema version that pg_restore lists: restore only archives made by "
                        + "`enlace backup`")
            }
            guard archived <= latest else {
                throw CommandFailure(
                    "\(file) is at schema version \(archived), newer than this build's \(latest): restore it with a "
                        + "newer enlace")
            }
            guard version == 0 || archived == version else {
                throw CommandFailure(
                    "the archive is at schema version \(archived) and \(location) at \(version): restore it into an "
                        + "empty database (then `enlace migrate`), or restore a portable backup (`enlace backup --portable`)"
                )
            }
            try PostgresTool.run(
                "pg_restore",
                ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
                    + (replace ? ["--clean", "--if-exists"] : []) + [file], location, database: true)
            print("restored \(file) into \(location) with pg_restore")
        } else {
            throw CommandFailure("\(file) is not an Enlace backup: neither an SQLite database nor a pg_dump archive")
        }
    }

    /// Copies the backup aside (opening and migrating it changes the file), brings it to the current schema, and
    /// copies its rows into the configured database.
    private func restoreSQLite(_ location: DatabaseLocation, secret: ServerSecret, logger: Logger) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("enlace-restore-\(UUID())")
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("backup.sqlite").path
        try FileManager.default.copyItem(atPath: file, toPath: copy)
        let counts = try await Database.using(.sqlite(path: copy), logger: logger) { source in
            try await Migrator(database: source).migrate(logger: logger)
            // A server refuses a database set up with another secret: refused here, before anything is written.
            if try await secret.isRecorded(in: source) == false {
                throw CommandFailure(Self.otherSecret)
            }
            return try await Database.using(location, logger: logger) { target in
                // A database that holds data is refused before it is touched (migrated).
                if !replace, try await Migrator(database: target).currentVersion() > 0 {
                    guard (try? await target.holdsContent()) == false else {
                        throw CommandFailure(Self.notEmpty(location.description))
                    }
                }
                try await Migrator(database: target).migrate(logger: logger)
                return try await target.replaceContent(with: source)
            }
        }
        let rows = counts.reduce(0) { $0 + $1.rows }
        print("restored \(file) into \(location): \(rows) rows in \(counts.count) tables")
    }

    private static let otherSecret =
        "the backup was made by an installation with another secret: restore with that installation's secret file "
        + "(--secret-file or ENLACE_SECRET_FILE), which the servers of this database must then read too"

    private static func notEmpty(_ location: String) -> String {
        "\(location) holds data already: restore into an empty database, or pass --replace to replace what it holds"
    }
}

/// PostgreSQL's own tools (pg_dump, pg_restore), run with the configured connection; the password goes by the
/// environment, never on the command line.
enum PostgresTool {
    /// The `sslmode` of PostgreSQL's own tools that checks what the server's connections check: a required TLS
    /// connection verifies the server's certificate and name (`verify-full`), as the server's does.
    /// Debian's bundle of the system's trusted roots.
    static let systemRoots = "/etc/ssl/certs/ca-certificates.crt"

    static func sslMode(_ tls: PostgresLocation.TLSMode) -> String {
        switch tls {
        case .disable: "disable"
        case .prefer: "prefer"
        case .require: "verify-full"
        }
    }

    /// Runs `tool` with `arguments` on `location` (`database`: naming the database too); answers its standard
    /// output when `capture` is set (else it goes to this command's).
    @discardableResult
    static func run(
        _ tool: String, _ arguments: [String], _ location: PostgresLocation, database: Bool = false,
        capture: Bool = false
    ) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["PGHOST"] = location.host
        environment["PGPORT"] = String(location.port)
        environment["PGUSER"] = location.username
        environment["PGDATABASE"] = location.database ?? location.username
        environment["PGSSLMODE"] = sslMode(location.tls)
        // libpq checks a certificate against ~/.postgresql/root.crt unless told otherwise; the server's own
        // connections use the system's trusted roots, and so do the tools, unless the operator named a file.
        if location.tls == .require, environment["PGSSLROOTCERT"] == nil {
            environment["PGSSLROOTCERT"] = systemRoots
        }
        if let password = location.password { environment["PGPASSWORD"] = password }
        let connection = database ? ["--dbname", location.database ?? location.username] : []
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(tool)" }
        guard let executable = path.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw CommandFailure(
                """
                \(tool) is not installed here (Debian: apt-get install postgresql-client). Run it yourself:
                  PGHOST=\(location.host) PGPORT=\(location.port) PGUSER=\(location.username) \
                PGDATABASE=\(location.database ?? location.username) PGSSLMODE=\(sslMode(location.tls)) \
                \(location.tls == .require ? "PGSSLROOTCERT=\(systemRoots) " : "")\
                PGPASSWORD=… \(tool) \((connection + arguments).joined(separator: " "))
                """)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = connection + arguments
        process.environment = environment
        let output = Pipe()
        if capture { process.standardOutput = output }
        try process.run()
        let captured = capture ? output.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailure("\(tool) failed (exit status \(process.terminationStatus)); its message is above")
        }
        return String(decoding: captured, as: UTF8.self)
    }

    /// The rows a pg_dump archive holds for `table`, each a map of column names to values (`\N` for null), read
    /// with pg_restore without restoring anything.
    static func archivedRows(
        _ table: String, in archive: String, _ location: PostgresLocation
    ) throws
        -> [[String: String]]
    {
        let script = try run(
            "pg_restore", ["--data-only", "--table=\(table)", "--file=-", archive], location, capture: true)
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false)
        // COPY <schema>.<table> (<columns>) FROM stdin;  then a line of tab-separated values per row, then \.
        guard let copy = lines.firstIndex(where: { $0.hasPrefix("COPY ") && $0.contains(".\(table) (") }),
            let open = lines[copy].firstIndex(of: "("), let close = lines[copy].firstIndex(of: ")")
        else { return [] }
        let columns = lines[copy][lines[copy].index(after: open)..<close].split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        return lines[(copy + 1)...].prefix { $0 != "\\." }.map { line in
            let values = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(zip(columns, values), uniquingKeysWith: { first, _ in first })
        }
    }
}
