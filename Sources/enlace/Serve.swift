import ArgumentParser
import EnlaceDemo
import EnlaceStore
import EnlaceWeb
import Foundation
import Hummingbird
import Logging
import Metrics
import NIOCore
import Prometheus

/// `enlace serve`: runs the web application until SIGTERM or SIGINT, then drains in-flight requests.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve Enlace over HTTP (the default command).")

    @Option(help: "Address to listen on (env ENLACE_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (env ENLACE_PORT; default 8080).")
    var port: String?

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .customLong("no-migrate"), help: "Do not apply pending migrations at start (env ENLACE_MIGRATE=false).")
    var noMigrate = false

    @Flag(help: "Fill an empty database with the demo dataset first (env ENLACE_DEMO=true).")
    var demo = false

    @Flag(
        name: .customLong("secure-cookies"),
        help: "Mark cookies Secure; use behind TLS (env ENLACE_SECURE_COOKIES=true).")
    var secureCookies = false

    @Option(
        name: .customLong("require-2fa"),
        help: "Roles that must set up a second factor, e.g. admin,secretariat (env ENLACE_REQUIRE_2FA).")
    var requireSecondFactor: String?

    @Option(
        name: .customLong("metrics-address"),
        help:
            "host:port of the separate listener for /metrics, or off (env ENLACE_METRICS_ADDRESS; default 127.0.0.1:9464)."
    )
    var metricsAddress: String?

    @Option(
        name: .customLong("trusted-proxies"),
        help:
            "Reverse proxies whose X-Forwarded-For is believed: addresses and CIDR ranges, e.g. 10.0.0.0/8,::1 (env ENLACE_TRUSTED_PROXIES; default none)."
    )
    var trustedProxies: String?

    func run() async throws {
        var flags = database.flags
        flags.host = host
        flags.port = port
        flags.noMigrate = noMigrate
        flags.demo = demo
        flags.secureCookies = secureCookies
        flags.requireSecondFactor = requireSecondFactor
        flags.metricsAddress = metricsAddress
        flags.trustedProxies = trustedProxies
        let configuration = try AppConfiguration.resolve(flags: flags, environment: ProcessInfo.processInfo.environment)
        let logger = ProcessLogging.bootstrap(level: configuration.logLevel)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let loadDemo = configuration.demo
        let app = try await buildApplication(configuration: configuration, metricsRegistry: registry) { store in
            if loadDemo, let count = try await DemoDataset.load(into: store) {
                logger.info("demo data loaded", metadata: ["activities": "\(count)"])
            }
        }
        do {
            try await app.runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            var addresses = ["\(configuration.host):\(configuration.port)"]
            if let metrics = configuration.metricsAddress { addresses.append("\(metrics.host):\(metrics.port)") }
            throw AddressInUse(addresses: addresses)
        }
    }
}

/// Another process listens on an address Enlace was told to use.
struct AddressInUse: Error, CustomStringConvertible {
    let addresses: [String]

    var description: String {
        "another process is listening on \(addresses.joined(separator: " or ")): stop it, or choose another "
            + "--port or --metrics-address (off for none)"
    }
}
