import EnlaceCore
import EnlaceStore
import Hummingbird
import NIOCore
import Synchronization

/// The ceiling of `enlace bench list`: the same app answering with a precomputed body from memory.
///
/// Registered only when the benchmark asks for it. `POST /bench/ceiling?size=N` stores a body of N
/// bytes; `GET /bench/ceiling` returns it through the same middleware as every other route.
enum BenchmarkCeiling {
    static func addRoutes(to router: Router<AppRequestContext>, store: Store) {
        let body = BodyBox()
        router.post("bench/ceiling") { request, context in
            let size = request.uri.queryParameters.get("size").flatMap(Int.init) ?? 0
            body.set(ByteBuffer(repeating: UInt8(ascii: " "), count: max(0, min(size, 1 << 24))))
            return Response(status: .noContent)
        }
        router.get("bench/ceiling") { _, _ in
            JSONResponse.raw(body.get())
        }
    }

    private final class BodyBox: Sendable {
        private let value = Mutex(ByteBuffer())
        func set(_ buffer: ByteBuffer) { value.withLock { $0 = buffer } }
        func get() -> ByteBuffer { value.withLock { $0 } }
    }
}
