import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird
import Logging

/// Liveness, readiness and the OpenAPI document. (Metrics have a listener of their own: ``MetricsListener``.)
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /healthz | 200 while the process serves |
/// | GET | /readyz | 200 when the database answers and its schema is current, else 503; says whether the full overlap pass is running |
/// | GET | /api/v1/openapi.json | the OpenAPI 3.1 description of the API |
struct HealthController {
    let store: Store
    let openAPI: ByteBuffer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("healthz") { _, _ in JSONResponse.make(.object([("status", .string("ok"))])) }
        router.get("readyz", use: ready)
        router.get("api/v1/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: openAPI))
        }
    }

    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> Response {
        let migrator = Migrator(database: store.database)
        do {
            let version = try await migrator.currentVersion()
            let current = version >= migrator.latestVersion
            return JSONResponse.make(
                .object([
                    ("status", .string(current ? "ready" : "schema behind")), ("database", .string("ok")),
                    ("schemaVersion", .integer(version)), ("expectedSchemaVersion", .integer(migrator.latestVersion)),
                    // Ready does not wait for the full overlap pass: its findings appear batch by batch.
                    ("overlapPass", .string(store.overlaps.isPassRunning ? "running" : "idle")),
                ]), status: current ? .ok : .serviceUnavailable)
        } catch {
            context.logger.warning("readiness check failed", metadata: ["error": "\(String(reflecting: error))"])
            return JSONResponse.make(
                .object([("status", .string("database unavailable")), ("database", .string("unreachable"))]),
                status: .serviceUnavailable)
        }
    }

    /// Reads the OpenAPI document shipped in the resources.
    static func loadOpenAPI() throws -> ByteBuffer {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "static") else {
            throw ResourceError("static/openapi.json is missing from the installation")
        }
        return ByteBuffer(bytes: try Data(contentsOf: url))
    }
}
