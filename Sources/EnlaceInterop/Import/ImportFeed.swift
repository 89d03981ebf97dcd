public import EnlaceCore
public import Foundation
import Synchronization

/// Activities read from a file on a thread of its own and handed over in batches, at most two batches ahead of
/// the reader of the feed: however large the file, the feed holds a few hundred activities.
///
/// A batch crosses as the work that finishes it (``Batch``), which the feed's reader does as it takes the batch:
/// the reading thread only reads, and what follows the reading (mapping an IATI element onto an activity) runs
/// beside it.
///
/// The reading thread blocks while the feed is full; when the feed's reader stops early, the reading stops at the
/// next batch. A problem with the file itself (not XML, not IATI, a bad header) ends the feed by throwing it.
public struct ImportFeed: AsyncSequence, Sendable {
    public typealias Element = [ImportedActivity]

    /// A batch as the reading thread hands it over: the work that makes its activities.
    public typealias Batch = @Sendable () -> [ImportedActivity]

    private let stream: AsyncThrowingStream<Batch, any Error>
    private let gate: DispatchSemaphore
    /// The reading thread, started when the feed is first read: a feed built and then dropped (the import refused
    /// before it read anything) reads nothing.
    private let reader: Reader
    /// How many activities the file seems to hold (``ImportCount``), for progress; nil when unknown.
    public let expected: Int?

    /// Prepares `read` to run on a new thread once the feed is read. It calls its argument with each batch, which answers false when the feed's
    /// reader has gone; it throws the file's problem.
    public init(
        expected: Int? = nil,
        _ read: @escaping @Sendable (_ emit: @escaping (@escaping Batch) -> Bool) throws -> Void
    ) {
        self.expected = expected
        let (stream, continuation) = AsyncThrowingStream<Batch, any Error>.makeStream()
        // Two batches ahead. The semaphore starts at zero and is raised to two: libdispatch stops the program when a
        // semaphore is freed below its starting value, which a feed left with two batches unread would be.
        let gate = DispatchSemaphore(value: 0)
        gate.signal()
        gate.signal()
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
        reader = Reader(thread)
    }

    public func makeAsyncIterator() -> Iterator {
        reader.start()
        return Iterator(base: stream.makeAsyncIterator(), gate: gate)
    }

    /// The reading thread, until it is started, once. Its only state is behind the lock.
    private final class Reader: @unchecked Sendable {
        private let lock = NSLock()
        private var thread: Thread?

        init(_ thread: Thread) {
            self.thread = thread
        }

        func start() {
            lock.lock()
            defer { lock.unlock() }
            thread?.start()
            thread = nil
        }
    }

    /// Takes batches from the stream, letting the reading thread go on after each.
    public struct Iterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<Batch, any Error>.Iterator
        let gate: DispatchSemaphore

        public mutating func next() async throws -> [ImportedActivity]? {
            guard let batch = try await base.next() else { return nil }
            gate.signal()
            return batch()
        }
    }
}

extension ImportFeed {
    /// The activities of the IATI file at `url`, mapped by `mapping`, `batchSize` at a time.
    public static func iati(_ url: URL, mapping: IATIActivityMapping, batchSize: Int = 200) -> ImportFeed {
        ImportFeed(expected: ImportCount.iatiActivities(url)) { emit in
            var batches = Batches<IATIActivityElement>(size: batchSize) { elements in
                emit { elements.map(mapping.activity) }
            }
            try IATIActivityParser.parse(contentsOf: url) { batches.add($0) }
            batches.flush()
        }
    }

    /// The activities of the spreadsheet (CSV with or without an HXL hashtag row) at `url`, `batchSize` at a time.
    public static func spreadsheet(_ url: URL, batchSize: Int = 200) -> ImportFeed {
        ImportFeed(expected: ImportCount.spreadsheetRows(url)) { emit in
            guard let stream = InputStream(url: url) else {
                throw ImportProblem(.notCSV, parameters: ["detail": "the file cannot be opened"])
            }
            var batches = Batches<ImportedActivity>(size: batchSize) { activities in emit { activities } }
            try ActivitySpreadsheetReader.parse(stream) { batches.add($0) }
            batches.flush()
        }
    }

    /// What a reader finds, gathered into batches for the feed.
    private struct Batches<Item: Sendable> {
        let size: Int
        let emit: ([Item]) -> Bool
        private var batch: [Item] = []
        /// False once the feed's reader has gone.
        private(set) var going = true

        init(size: Int, emit: @escaping ([Item]) -> Bool) {
            self.size = Swift.max(1, size)
            self.emit = emit
            batch.reserveCapacity(self.size)
        }

        /// Adds `item`, handing the batch over when it is full; answers whether to read on.
        mutating func add(_ item: Item) -> Bool {
            batch.append(item)
            if batch.count >= size {
                going = emit(batch)
                batch.removeAll(keepingCapacity: true)
            }
            return going
        }

        /// Hands over what is left.
        mutating func flush() {
            if going, !batch.isEmpty { going = emit(batch) }
            batch.removeAll()
        }
    }
}
