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
    private let observer = BatchedRead<Int>()

    /// The index as of the database's latest committed change.
    func current(_ database: Database) async throws -> ActivityIndex {
        let target = try await observer.read { try await Self.sequence(database) }
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

    /// The database's current value of the `activities` sequence.
    static func sequence(_ database: Database) async throws -> Int {
        try await database.read { db in
            try await db.raw("SELECT value FROM enlace_sequences WHERE name = 'activities'").first()?
                .decode(column: "value", as: Int.self) ?? 0
        }
    }

    /// Advances the sequence by `count` inside a write and returns the first of the values reserved.
    static func reserve(_ count: Int, _ db: any SQLDatabase) async throws -> Int {
        let row = try await db.raw(
            "UPDATE enlace_sequences SET value = value + \(bind: count) WHERE name = 'activities' RETURNING value"
        ).first()
        guard let last = try row?.decode(column: "value", as: Int.self) else {
            throw StoreError.corruptRow(table: "enlace_sequences", column: "value")
        }
        return last - count + 1
    }
}

/// Reads a value on behalf of many concurrent callers, while never answering a caller with a read
/// that began before the caller asked.
///
/// Callers that arrive while a read is under way wait for the next read, which starts as soon as the
/// current one ends and answers all of them. Under load one query serves many requests, and each
/// request still sees every change committed before it arrived.
final class BatchedRead<Value: Sendable>: Sendable {
    private struct State {
        var running = false
        var waiting: [CheckedContinuation<Value, any Error>] = []
    }

    private let state = Mutex(State())

    func read(_ fetch: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let start = state.withLock { state in
                state.waiting.append(continuation)
                guard !state.running else { return false }
                state.running = true
                return true
            }
            if start { Task { await self.drain(fetch) } }
        }
    }

    private func drain(_ fetch: @Sendable () async throws -> Value) async {
        while true {
            let batch = state.withLock { state in
                let batch = state.waiting
                state.waiting = []
                if batch.isEmpty { state.running = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                let value = try await fetch()
                for waiter in batch { waiter.resume(returning: value) }
            } catch {
                for waiter in batch { waiter.resume(throwing: error) }
            }
        }
    }
}

/// Runs one piece of work at a time; callers that arrive while it runs wait for that run instead of starting another.
actor SingleFlight {
    private var running: Task<Void, any Error>?

    func run(_ work: @escaping @Sendable () async throws -> Void) async throws {
        if let running {
            try await running.value
            return
        }
        let task = Task { try await work() }
        running = task
        defer { running = nil }
        try await task.value
    }
}
