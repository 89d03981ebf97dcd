import EnlaceCore
import ServiceLifecycle

/// Runs a request's long work (an import, a full overlap pass) so that a stopping server does not wait for it:
/// on SIGTERM the work is cancelled, stops at its next batch boundary, and the request answers 503 (the client
/// may retry once the server is back).
func untilServerStops<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
    do {
        return try await cancelWhenGracefulShutdown { try await work() }
    } catch is CancellationError {
        throw EnlaceError.busy(retryAfter: 5)
    }
}
