import Hummingbird
import Logging
import NIOCore

/// `/metrics` on a listener of its own, by default on the loopback address only (`127.0.0.1:9464`).
///
/// The public listener does not serve it: request counts per route and latencies tell an outsider what
/// others do and when, and a scraper belongs on the inside of the network.
enum MetricsListener {
    /// The application that serves the Prometheus text exposition of `metrics` at `host:port`.
    static func application(
        metrics: EnlaceMetrics, host: String, port: Int, logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router()
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
        return Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Enlace metrics"),
            logger: logger)
    }
}
