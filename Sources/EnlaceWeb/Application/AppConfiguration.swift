public import EnlaceCore
public import EnlaceStore
import Foundation
public import Logging

/// Everything `enlace serve` needs to start, resolved from flags, then environment, then defaults.
///
/// | setting | flag | environment | default |
/// |---|---|---|---|
/// | listen address | `--host` | `ENLACE_HOST` | `127.0.0.1` |
/// | port | `--port` | `ENLACE_PORT` | `8080` |
/// | data folder | `--data-dir` | `ENLACE_DATA_DIR` | `./enlace-data` |
/// | database | `--database-url` | `ENLACE_DATABASE_URL` | `sqlite://<data folder>/enlace.sqlite` |
/// | log level | `--log-level` | `ENLACE_LOG_LEVEL` | `info` |
/// | migrate at start | `--no-migrate` | `ENLACE_MIGRATE` (`true`/`false`) | `true` |
/// | demo data | `--demo` | `ENLACE_DEMO` (`true`/`false`) | `false` |
/// | `Secure` cookies (behind TLS) | `--secure-cookies` | `ENLACE_SECURE_COOKIES` (`true`/`false`) | `false` |
/// | roles that must use a second factor | `--require-2fa` | `ENLACE_REQUIRE_2FA` (`admin,secretariat`) | none |
/// | the installation's secret | `--secret-file` | `ENLACE_SECRET_FILE` | `<data folder>/secret.key` (made if missing) |
/// | where `/metrics` is served (`off`: nowhere) | `--metrics-address` | `ENLACE_METRICS_ADDRESS` | `127.0.0.1:9464` |
/// | proxies whose `X-Forwarded-For` is believed | `--trusted-proxies` | `ENLACE_TRUSTED_PROXIES` (`10.0.0.0/8,::1`) | none |
/// | days between two activities' dates that still make them candidates | | `ENLACE_OVERLAP_MARGIN_DAYS` | `30` |
/// | score from which a candidate pair is an overlap | | `ENLACE_OVERLAP_THRESHOLD` (0–1) | `0.65` |
/// | minutes between background full passes (`0`: none) | | `ENLACE_OVERLAP_SCAN_MINUTES` | `60` |
public struct AppConfiguration: Sendable {
    /// The address to listen on.
    public var host: String
    /// The TCP port to listen on.
    public var port: Int
    /// The folder for the embedded database and other local files.
    public var dataDirectory: String
    /// Where the data lives.
    public var database: DatabaseLocation
    /// How much to log.
    public var logLevel: Logger.Level
    /// Whether to apply pending migrations before serving.
    public var migrateOnStart: Bool
    /// Whether to fill an empty database with the demo dataset before serving.
    public var demo: Bool
    /// Cookie flags and second-factor requirements.
    public var web: WebSecuritySettings
    /// Password hashing cost and session lifetimes.
    public var security: SecurityPolicy
    /// How overlaps are found and scored.
    public var deconfliction: DeconflictionSettings
    /// How often the background full pass runs; nil for never (it still runs on demand).
    public var overlapScanInterval: Duration?
    /// The ISO 4217 currency funding totals are reported in.
    public var reportingCurrency: String
    /// Whether to serve `/bench/ceiling`, a precomputed response used only by `enlace bench list`.
    public var benchmarkCeiling: Bool
    /// Where "now" comes from.
    public var clock: WallClock
    /// Where new identifiers come from.
    public var ids: IDGenerator
    /// The installation's secret (see ``ServerSecret``).
    public var secret: ServerSecret
    /// The address of the separate listener that serves `/metrics`, or nil for none.
    public var metricsAddress: (host: String, port: Int)?

    /// Creates a configuration with defaults for everything but the database.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "./enlace-data",
        database: DatabaseLocation, logLevel: Logger.Level = .info, migrateOnStart: Bool = true, demo: Bool = false,
        web: WebSecuritySettings = WebSecuritySettings(), security: SecurityPolicy = .standard,
        deconfliction: DeconflictionSettings = .standard, overlapScanInterval: Duration? = nil,
        benchmarkCeiling: Bool = false, clock: WallClock = .system, ids: IDGenerator = .random,
        reportingCurrency: String = "USD", secret: ServerSecret = .random(),
        metricsAddress: (host: String, port: Int)? = nil
    ) {
        self.secret = secret
        self.metricsAddress = metricsAddress
        self.reportingCurrency = reportingCurrency
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.database = database
        self.logLevel = logLevel
        self.migrateOnStart = migrateOnStart
        self.demo = demo
        self.web = web
        self.security = security
        self.deconfliction = deconfliction
        self.overlapScanInterval = overlapScanInterval
        self.benchmarkCeiling = benchmarkCeiling
        self.clock = clock
        self.ids = ids
    }

    /// The settings as given on the command line; nil means "not given".
    public struct Flags: Sendable {
        public var host: String?
        public var port: String?
        public var dataDirectory: String?
        public var databaseURL: String?
        public var logLevel: String?
        public var noMigrate: Bool = false
        public var demo: Bool = false
        public var secureCookies: Bool = false
        public var requireSecondFactor: String?
        public var secretFile: String?
        public var metricsAddress: String?
        public var trustedProxies: String?

        /// Creates empty flags.
        public init() {}
    }

    /// Resolves flags over `environment` over defaults, validating each value once.
    ///
    /// A bad value throws a ``ConfigurationError`` whose message names the setting.
    public static func resolve(
        flags: Flags, environment: [String: String]
    ) throws(ConfigurationError) -> AppConfiguration {
        func pick(_ flag: String?, _ variable: String) -> String? {
            if let flag { return flag }
            if let value = environment[variable], !value.isEmpty { return value }
            return nil
        }
        let host = pick(flags.host, "ENLACE_HOST") ?? "127.0.0.1"
        guard !host.isEmpty, !host.contains(where: \.isWhitespace) else {
            throw ConfigurationError("--host / ENLACE_HOST: '\(host)' is not a host name or address")
        }
        let portText = pick(flags.port, "ENLACE_PORT") ?? "8080"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw ConfigurationError("--port / ENLACE_PORT: '\(portText)' is not a port number between 1 and 65535")
        }
        let dataDirectory = pick(flags.dataDirectory, "ENLACE_DATA_DIR") ?? "./enlace-data"
        let database: DatabaseLocation
        if let url = pick(flags.databaseURL, "ENLACE_DATABASE_URL") {
            database = try DatabaseLocation(url: url)
        } else {
            database = .sqlite(path: (dataDirectory as NSString).appendingPathComponent("enlace.sqlite"))
        }
        let levelText = pick(flags.logLevel, "ENLACE_LOG_LEVEL") ?? "info"
        guard let logLevel = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ConfigurationError(
                "--log-level / ENLACE_LOG_LEVEL: '\(levelText)' is not one of trace, debug, info, notice, warning, error, critical"
            )
        }
        let migrate = flags.noMigrate ? false : try boolean(environment["ENLACE_MIGRATE"], "ENLACE_MIGRATE") ?? true
        let demo = flags.demo ? true : try boolean(environment["ENLACE_DEMO"], "ENLACE_DEMO") ?? false
        let secure =
            flags.secureCookies
            ? true : try boolean(environment["ENLACE_SECURE_COOKIES"], "ENLACE_SECURE_COOKIES") ?? false
        var required: Set<Role> = []
        for name in (pick(flags.requireSecondFactor, "ENLACE_REQUIRE_2FA") ?? "").split(separator: ",") {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let role = Role(rawValue: trimmed) else {
                throw ConfigurationError(
                    "--require-2fa / ENLACE_REQUIRE_2FA: '\(trimmed)' is not a role (admin, secretariat, coordinator, contributor, partner, viewer)"
                )
            }
            required.insert(role)
        }
        let proxies = try TrustedProxies(parsing: pick(flags.trustedProxies, "ENLACE_TRUSTED_PROXIES") ?? "")
        let metricsText = pick(flags.metricsAddress, "ENLACE_METRICS_ADDRESS") ?? "127.0.0.1:9464"
        let metrics = try Self.metricsAddress(metricsText)
        let secretFile =
            pick(flags.secretFile, "ENLACE_SECRET_FILE")
            ?? (dataDirectory as NSString).appendingPathComponent("secret.key")
        let secret: ServerSecret
        do {
            secret = try ServerSecret.load(path: secretFile)
        } catch let error as ConfigurationError {
            throw ConfigurationError("--secret-file / ENLACE_SECRET_FILE: \(error.message)")
        } catch {
            throw ConfigurationError("--secret-file / ENLACE_SECRET_FILE: \(error)")
        }
        var deconfliction = DeconflictionSettings.standard
        if let text = environment["ENLACE_OVERLAP_MARGIN_DAYS"], !text.isEmpty {
            guard let days = Int(text), (0...365).contains(days) else {
                throw ConfigurationError("ENLACE_OVERLAP_MARGIN_DAYS: '\(text)' is not a number of days from 0 to 365")
            }
            deconfliction.marginDays = days
        }
        if let text = environment["ENLACE_OVERLAP_THRESHOLD"], !text.isEmpty {
            guard let threshold = Double(text), threshold > 0, threshold <= 1 else {
                throw ConfigurationError("ENLACE_OVERLAP_THRESHOLD: '\(text)' is not a score above 0 and at most 1")
            }
            deconfliction.threshold = threshold
        }
        let minutesText = environment["ENLACE_OVERLAP_SCAN_MINUTES"].flatMap { $0.isEmpty ? nil : $0 } ?? "60"
        guard let minutes = Int(minutesText), (0...10_080).contains(minutes) else {
            throw ConfigurationError(
                "ENLACE_OVERLAP_SCAN_MINUTES: '\(minutesText)' is not a number of minutes from 0 (never) to 10080")
        }
        let currency = (environment["ENLACE_REPORTING_CURRENCY"].flatMap { $0.isEmpty ? nil : $0 } ?? "USD")
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw ConfigurationError(
                "ENLACE_REPORTING_CURRENCY: '\(currency)' is not an ISO 4217 code such as USD or EUR")
        }
        return AppConfiguration(
            host: host, port: port, dataDirectory: dataDirectory, database: database, logLevel: logLevel,
            migrateOnStart: migrate, demo: demo,
            web: WebSecuritySettings(secureCookies: secure, secondFactorRequiredFor: required, trustedProxies: proxies),
            deconfliction: deconfliction, overlapScanInterval: minutes == 0 ? nil : .seconds(minutes * 60),
            reportingCurrency: currency, secret: secret, metricsAddress: metrics)
    }

    /// `host:port` (`[::1]:9464` for IPv6), or nil for `off`.
    private static func metricsAddress(_ text: String) throws(ConfigurationError) -> (host: String, port: Int)? {
        if text.lowercased() == "off" { return nil }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port)
        else {
            throw ConfigurationError(
                "--metrics-address / ENLACE_METRICS_ADDRESS: '\(text)' is not host:port (or off)")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(where: \.isWhitespace) else {
            throw ConfigurationError("--metrics-address / ENLACE_METRICS_ADDRESS: '\(text)' has no host")
        }
        return (host, port)
    }

    private static func boolean(_ text: String?, _ name: String) throws(ConfigurationError) -> Bool? {
        guard let text, !text.isEmpty else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw ConfigurationError("\(name): '\(text)' is not true or false")
        }
    }
}
