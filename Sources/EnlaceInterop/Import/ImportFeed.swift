public import EnlaceCore
public import Foundation
import Synchronization

/// Activities read from a file on a thread of its own and handed over in batches, at most two batches ahead of
/// the reader of the feed: however large the file, the feed holds a few hundred activities.
///
/// The reading thread blocks while the feed is full; when the feed's reader stops early, the reading stops at the
/// next batch. A problem with the file itself (not XML, not IATI, a bad header) ends the feed by throwing it.
public struct ImportFeed: AsyncSequence, Sendable {
    public typealias Element = [ImportedActivity]

    private let stream: AsyncThrowingStream<[ImportedActivity], any Error>
    private let gate: DispatchSemaphore

    /// Starts `read` on a new thread. It calls its argument with each batch, which answers false when the feed's
    /// reader has gone; it throws the file's problem.
    public init(
        _ read: @escaping @Sendable (_ emit: @escaping ([ImportedActivity]) -> Bool) throws -> Void
    ) {
        let (stream, continuation) = AsyncThrowingStream<[ImportedActivity], any Error>.makeStream()
        let gate = DispatchSemaphore(value: 2)
        let gone = Mutex(false)
        continuation.onTermination = { _ in
            gone.withLock { $0 = true }
            gate.signal()
        }
        self.stream = stream
        self.gate = gate
        let thread = Thread {
            do {
                try read { batch in
                    gate.wait()
                    if gone.withLock({ $0 }) {
                        gate.signal()
                        return false
                    }
                    continuation.yield(batch)
                    return true
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        thread.name = "enlace-import-reader"
        thread.start()
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(base: stream.makeAsyncIterator(), gate: gate)
    }

    /// Takes batches from the stream, letting the reading thread go on after each.
    public struct Iterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<[ImportedActivity], any Error>.Iterator
        let gate: DispatchSemaphore

        public mutating func next() async throws -> [ImportedActivity]? {
            let batch = try await base.next()
            if batch != nil { gate.signal() }
            return batch
        }
    }
}

extension ImportFeed {
    /// The activities of the IATI file at `url`, mapped by `mapping`, `batchSize` at a time.
    public static func iati(_ url: URL, mapping: IATIActivityMapping, batchSize: Int = 200) -> ImportFeed {
        ImportFeed { emit in
            var batch: [ImportedActivity] = []
            batch.reserveCapacity(batchSize)
            var going = true
            try IATIActivityParser.parse(contentsOf: url) { element in
                batch.append(mapping.activity(element))
                if batch.count >= batchSize {
                    going = emit(batch)
                    batch.removeAll(keepingCapacity: true)
                }
                return going
            }
            if going, !batch.isEmpty { _ = emit(batch) }
        }
    }
}
