import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Sends each request's id back as `X-Request-Id`, logs one line per request and counts it.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let metrics: EnlaceMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // Errors are answered by the error middleware inside; anything reaching here is unexpected.
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            response = Response(status: .internalServerError)
        }
        response.headers[.requestID] = context.id
        let elapsed = ContinuousClock.now - started
        let route = context.endpointPath ?? "unmatched"
        // Secrets in a path (calendar feed keys, invitation tokens) stay out of the log: the route names them.
        let path = route.contains("{key}") || route.contains("{token}") ? route : request.uri.path
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)", "path": "\(path)", "route": "\(route)",
                "status": "\(response.status.code)",
                "ms":
                    "\(String(format: "%.2f", Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000))",
            ])
        metrics.record(method: request.method.rawValue, route: route, status: response.status.code, duration: elapsed)
        return response
    }
}

extension HTTPField.Name {
    /// The header that carries the request id.
    static let requestID = HTTPField.Name("X-Request-Id")!
}
