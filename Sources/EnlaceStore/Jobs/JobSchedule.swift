import EnlaceCore
public import Foundation
import SQLKit

/// When each background job (the overlap detector's full pass, the meeting schedule) is next due, kept in the
/// database: every instance on it asks for each turn, and one gets it. Two instances behind a proxy thus run each
/// turn once, not once each.
public struct JobSchedule: Sendable {
    let database: Database
    let clock: WallClock

    /// Takes the current turn of job `name` for `holder` when the job is due, and moves its next turn `interval`
    /// ahead; answers whether the caller has the turn. Of several instances asking at once, one has it.
    public func claim(_ name: String, every interval: Duration, holder: String) async throws -> Bool {
        let now = clock.now()
        let next = now.addingTimeInterval(Double(interval.components.seconds))
        return try await database.write { db in
            try await db.raw(
                """
                INSERT INTO job_schedule (name, due_at, holder) VALUES (\(bind: name), \(bind: Timestamp.format(now)), NULL)
                ON CONFLICT (name) DO NOTHING
                """
            ).run()
            return try await db.raw(
                """
                UPDATE job_schedule SET due_at = \(bind: Timestamp.format(next)), holder = \(bind: holder)
                WHERE name = \(bind: name) AND due_at <= \(bind: Timestamp.format(now)) RETURNING name
                """
            ).first() != nil
        }
    }

    /// Gives back a turn `holder` took and did not finish: the job is due again `after` from now (at once, for a
    /// server that is stopping: the next instance that asks takes it, or this one's restart; later, for a job that
    /// failed, so that a failing job does not run again at once, turn after turn).
    public func release(_ name: String, holder: String, after: Duration = .zero) async throws {
        let due = Timestamp.format(clock.now().addingTimeInterval(Double(after.components.seconds)))
        try await database.write { db in
            try await db.raw(
                """
                UPDATE job_schedule SET due_at = \(bind: due), holder = NULL
                WHERE name = \(bind: name) AND holder = \(bind: holder)
                """
            ).run()
        }
    }

    /// When job `name` is next due; nil before its first turn.
    public func due(_ name: String) async throws -> Date? {
        try await database.read { db in
            try await db.raw("SELECT due_at FROM job_schedule WHERE name = \(bind: name)").first()
                .flatMap { Timestamp.parse(try $0.decode(column: "due_at", as: String.self)) }
        }
    }

    /// How long until job `name` is next due, by the store's clock: none when it is due already or has never run.
    public func untilDue(_ name: String) async throws -> Duration {
        guard let due = try await due(name) else { return .zero }
        return .milliseconds(max(0, Int(due.timeIntervalSince(clock.now()) * 1000)))
    }
}
