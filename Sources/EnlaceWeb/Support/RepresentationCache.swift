import NIOCore
import Synchronization

/// Encoded JSON of records by id and version, so that a record is encoded once per version, not per request.
///
/// A version is immutable, so an entry can never be stale: a lookup for another version misses.
/// What a caller may see is decided by the store before the cache is asked; the cache only saves
/// encoding. When it holds more than `capacity` entries, it forgets the oldest half.
final class RepresentationCache: Sendable {
    private struct State {
        var entries: [String: (version: Int, json: ByteBuffer)] = [:]
        var order: [String] = []
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int = 50_000) {
        self.capacity = capacity
    }

    /// The JSON of each record, encoding with `encode` those whose version is not cached; one lock for all hits.
    func json<Record>(
        _ records: [Record], id: (Record) -> String, version: (Record) -> Int, encode: (Record) -> JSONValue
    ) -> [ByteBuffer] {
        let hits = state.withLock { state in
            records.map { record in state.entries[id(record)].flatMap { $0.version == version(record) ? $0.json : nil }
            }
        }
        return zip(records, hits).map { record, hit in
            hit ?? json(id: id(record), version: version(record)) { encode(record) }
        }
    }

    /// The JSON of version `version` of record `id`, encoding it with `encode` on a miss.
    func json(id: String, version: Int, encode: () -> JSONValue) -> ByteBuffer {
        if let hit = state.withLock({ $0.entries[id] }), hit.version == version { return hit.json }
        let json = encode().buffer
        state.withLock { state in
            if state.entries.updateValue((version, json), forKey: id) == nil { state.order.append(id) }
            if state.order.count > capacity {
                let forgotten = state.order.prefix(capacity / 2)
                for key in forgotten { state.entries[key] = nil }
                state.order.removeFirst(forgotten.count)
            }
        }
        return json
    }
}
