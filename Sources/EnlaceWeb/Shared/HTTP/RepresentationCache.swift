import EnlaceCore
import NIOCore
import Synchronization

/// A record whose readers may receive different views of one version.
protocol ReaderView: Identifiable, Sendable where ID == String {
    /// Whether `other` is this very view: every part a reader's view may leave out compares.
    func isSameView(as other: Self) -> Bool
}

extension Activity: ReaderView {}

/// Encoded JSON of records, so that a record is encoded once per version and view, not per request.
///
/// What a representation holds depends on its reader (an activity carries only the transactions the reader
/// may see), so an entry is keyed by everything the encoding reads: the record's version and the view of
/// it the store returned for that reader (``ReaderView/isSameView(as:)``). Two readers who receive
/// different views of one version get different entries; one reader's view never answers another. When
/// the cache holds more than `capacity` records, it forgets the oldest half.
final class RepresentationCache<Record: ReaderView>: Sendable {
    private struct State {
        /// The views of each record encoded so far, newest first.
        var entries: [String: [(record: Record, json: ByteBuffer)]] = [:]
        var order: [String] = []
    }

    /// The views of one record kept at once (a reader who sees everything, one who sees less…).
    static var viewsPerRecord: Int { 4 }

    private let state = Mutex(State())
    private let capacity: Int
    private let encode: @Sendable (Record) -> JSONValue

    init(capacity: Int = 50_000, encode: @escaping @Sendable (Record) -> JSONValue) {
        self.capacity = capacity
        self.encode = encode
    }

    /// The JSON of each record, encoding those not cached; one lock for all the hits.
    func json(_ records: [Record]) -> [ByteBuffer] {
        let hits = state.withLock { state in records.map { record in Self.hit(record, in: state) } }
        return zip(records, hits).map { record, hit in hit ?? json(record) }
    }

    /// The JSON of `record`, from the cache when this very view was encoded before.
    func json(_ record: Record) -> ByteBuffer {
        if let hit = state.withLock({ Self.hit(record, in: $0) }) { return hit }
        let json = encode(record).buffer
        state.withLock { state in
            var views = state.entries[record.id] ?? []
            if views.isEmpty { state.order.append(record.id) }
            views.insert((record, json), at: 0)
            state.entries[record.id] = Array(views.prefix(Self.viewsPerRecord))
            if state.order.count > capacity {
                let forgotten = state.order.prefix(capacity / 2)
                for key in forgotten { state.entries[key] = nil }
                state.order.removeFirst(forgotten.count)
            }
        }
        return json
    }

    private static func hit(_ record: Record, in state: State) -> ByteBuffer? {
        state.entries[record.id]?.first { $0.record.isSameView(as: record) }?.json
    }
}
