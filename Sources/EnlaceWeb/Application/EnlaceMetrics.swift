import Prometheus
import Synchronization

/// Every metric Enlace declares, in one place, all named `enlace_…`; served at `/metrics`.
struct EnlaceMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    /// The metric objects per label set, so that a request does not rebuild names and labels to find them.
    private let series = Series()

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    private final class Series: Sendable {
        let byLabels = Mutex<[String: (Counter, DurationHistogram)]>([:])
    }

    static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "enlace", subsystem: "http", metricName: "requests", unitName: "total",
            helpText: "HTTP requests answered, by method, route pattern and status.")
    }
    static var duration: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "enlace", subsystem: "http", metricName: "request_duration", unitName: "seconds",
            helpText: "Time to answer an HTTP request, by method and route pattern.")
    }

    private static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]

    /// Counts a finished request and its duration, by method, route pattern and status.
    func record(method: String, route: String, status: Int, duration: Duration) {
        let key = "\(method) \(status) \(route)"
        let (counter, histogram) = series.byLabels.withLock { known in
            if let found = known[key] { return found }
            let made = (
                registry.makeCounter(
                    descriptor: Self.requests,
                    labels: [("method", method), ("route", route), ("status", String(status))]),
                registry.makeDurationHistogram(
                    descriptor: Self.duration, labels: [("method", method), ("route", route)],
                    buckets: Self.durationBuckets)
            )
            known[key] = made
            return made
        }
        counter.increment()
        histogram.record(duration)
    }

    /// The Prometheus text exposition of every metric.
    func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
