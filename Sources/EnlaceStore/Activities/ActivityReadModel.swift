import EnlaceCore
import Foundation
import SQLKit
import Synchronization

/// The live activities held in memory, kept in step with the database: the store's read side.
///
/// Every write stamps its rows with the next value of the `activities` sequence, in the same
/// transaction. A read first asks the database for the sequence's value (one indexed row) and, when
/// the model is behind, loads the rows stamped since. So a reader sees every committed change, made
/// by this process, another `enlace serve`, or the command line, before it answers.
final class ActivityReadModel: Sendable {
    private struct State {
        var index = ActivityIndex()
        var sequence = 0
    }

    private let state = Mutex(State())
    private let loader = SingleFlight()
    private let counters: ChangeCounters

    init(counters: ChangeCounters) {
        self.counters = counters
    }

    /// The index as of the database's latest committed change.
    func current(_ database: Database) async throws -> ActivityIndex {
        let target = try await counters.current(database)[ChangeCounters.Name.activities.rawValue] ?? 0
        for _ in 0..<2 {
            let (index, sequence) = state.withLock { ($0.index, $0.sequence) }
            if sequence >= target { return index }
            try await loader.run { try await self.catchUp(database) }
        }
        return state.withLock { $0.index }
    }

    /// Loads the rows changed since the model's sequence and applies them.
    private func catchUp(_ database: Database) async throws {
        let since = state.withLock { $0.sequence }
        let rows = try await database.read { db in
            try await db.raw(
                """
                SELECT \(unsafeRaw: ActivityColumns.selectList), a.seq, a.archived_at FROM activities a
                WHERE a.seq > \(bind: since) ORDER BY a.seq
                """
            ).all().map { row in
                (
                    activity: try ActivityColumns.decode(row), sequence: try row.decode(column: "seq", as: Int.self),
                    archived: try row.decode(column: "archived_at", as: String?.self) != nil
                )
            }
        }
        guard let last = rows.last?.sequence else { return }
        state.withLock { state in
            if state.index.count == 0 {
                // The first load: build in one pass rather than insert one by one.
                var latest: [String: (Activity, Bool)] = [:]
                for row in rows { latest[row.activity.id] = (row.activity, row.archived) }
                state.index = ActivityIndex(latest.values.filter { !$0.1 }.map(\.0))
            } else {
                for row in rows {
                    if row.archived {
                        state.index.remove(id: row.activity.id)
                    } else {
                        state.index.upsert(row.activity)
                    }
                }
            }
            state.sequence = max(state.sequence, last)
        }
    }
}
