import SQLKit
import Synchronization

/// Records held in memory that follow the rows of one table, stamped by one change counter.
protocol SequencedState: Sendable {
    /// One changed row.
    associatedtype Change: Sendable
    /// The counter the table's writes advance.
    static var counter: ChangeCounters.Name { get }
    /// The rows stamped after `sequence`, in stamp order, with their stamps.
    static func changes(since sequence: Int, _ db: any SQLDatabase) async throws -> [(change: Change, sequence: Int)]
    /// Applies `changes`, in order; `isFirstLoad` when the state was empty before.
    mutating func apply(_ changes: [Change], isFirstLoad: Bool)
}

/// A ``SequencedState`` kept in step with the database: the store's read side.
///
/// Every write stamps its rows with the next value of the table's counter, in the same
/// transaction. A read first asks the database for the counters (one small query, shared by
/// concurrent readers) and, when the model is behind, loads the rows stamped since. So a reader
/// sees every committed change, made by this process, another `enlace serve`, or the command line,
/// before it answers.
final class ReadModel<State: SequencedState>: Sendable {
    private struct Held: Sendable {
        var state: State
        var sequence = 0
    }

    private let held: Mutex<Held>
    private let loader = SingleFlight()
    private let counters: ChangeCounters

    init(_ initial: State, counters: ChangeCounters) {
        self.held = Mutex(Held(state: initial))
        self.counters = counters
    }

    /// The state as of the database's latest committed change.
    func current(_ database: Database) async throws -> State {
        try await currentWithSequence(database).state
    }

    /// The state as of the database's latest committed change, and the counter value it reflects.
    func currentWithSequence(_ database: Database) async throws -> (state: State, sequence: Int) {
        try await current(database, atLeast: try await counters.current(database)[State.counter.rawValue] ?? 0)
    }

    /// The state with at least the changes up to `target`, which the caller read itself (inside its transaction):
    /// the counters' shared read may have begun before the caller's own change committed, and a load it joins may
    /// too, so it catches up until it has them (a few rounds at most).
    func current(_ database: Database, atLeast target: Int) async throws -> (state: State, sequence: Int) {
        for _ in 0..<4 {
            let (state, sequence) = held.withLock { ($0.state, $0.sequence) }
            if sequence >= target { return (state, sequence) }
            try await loader.run { try await self.catchUp(database) }
        }
        return held.withLock { ($0.state, $0.sequence) }
    }

    /// Loads the rows changed since the model's sequence and applies them.
    private func catchUp(_ database: Database) async throws {
        let since = held.withLock { $0.sequence }
        let rows = try await database.read { db in try await State.changes(since: since, db) }
        guard let last = rows.last?.sequence else { return }
        held.withLock { held in
            held.state.apply(rows.map(\.change), isFirstLoad: held.sequence == 0)
            held.sequence = max(held.sequence, last)
        }
    }
}
