import EnlaceCore
import EnlaceStore
import Hummingbird
import NIOCore
import Synchronization

/// The ceiling of `enlace bench list`: the same app answering with a precomputed body from memory.
///
/// Registered only when the benchmark asks for it. `GET /bench/ceiling?size=N` answers N bytes,
/// made once and kept, through the same middleware as every other route.
enum BenchmarkCeiling {
    static func addRoutes(to router: SiteRouter, store: Store) {
        let body = BodyBox()
        router.get(SitePaths.benchCeiling) { request, _ in
            let size = request.uri.queryParameters.get("size").flatMap(Int.init) ?? 0
            return JSONResponse.raw(body.get(size: max(0, min(size, 1 << 24))))
        }
    }

    private final class BodyBox: Sendable {
        private let value = Mutex(ByteBuffer())

        func get(size: Int) -> ByteBuffer {
            value.withLock { buffer in
                if buffer.readableBytes != size { buffer = ByteBuffer(repeating: UInt8(ascii: " "), count: size) }
                return buffer
            }
        }
    }
}
