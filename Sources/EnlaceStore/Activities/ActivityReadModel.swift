import EnlaceCore
import SQLKit

/// The live activities held in memory: an ``ActivityIndex`` that follows the `activities` table.
struct ActivityState: SequencedState {
    var index: ActivityIndex

    static let counter = ChangeCounters.Name.activities

    static func changes(
        since sequence: Int, _ db: any SQLDatabase
    ) async throws -> [(
        change: (activity: Activity, archived: Bool), sequence: Int
    )] {
        let rows = try await db.raw(
            """
            SELECT \(unsafeRaw: ActivityColumns.selectList), a.seq, a.archived_at FROM activities a
            WHERE a.seq > \(bind: sequence) ORDER BY a.seq
            """
        ).all()
        var activities = try rows.map(ActivityColumns.decode)
        try await ActivityDetailRows.attach(to: &activities, stampedAfter: sequence, db)
        return try zip(activities, rows).map { activity, row in
            (
                (activity, try row.decode(column: "archived_at", as: String?.self) != nil),
                try row.decode(column: "seq", as: Int.self)
            )
        }
    }

    mutating func apply(_ changes: [(activity: Activity, archived: Bool)], isFirstLoad: Bool) {
        if isFirstLoad {
            // The first load: build in one pass rather than insert one by one.
            var latest: [String: (Activity, Bool)] = [:]
            for change in changes { latest[change.activity.id] = (change.activity, change.archived) }
            index = ActivityIndex(
                latest.values.filter { !$0.1 }.map(\.0), deconfliction: index.deconfliction.settings)
            return
        }
        for change in changes {
            if change.archived {
                index.remove(id: change.activity.id)
            } else {
                index.upsert(change.activity)
            }
        }
    }
}

/// The activity read model.
typealias ActivityReadModel = ReadModel<ActivityState>

extension ReadModel where State == ActivityState {
    /// The model for activities, scoring overlaps with `settings`.
    convenience init(settings: DeconflictionSettings, counters: ChangeCounters) {
        self.init(ActivityState(index: ActivityIndex(deconfliction: settings)), counters: counters)
    }

    /// The index as of the database's latest committed change.
    func index(_ database: Database) async throws -> ActivityIndex {
        try await current(database).index
    }

    /// The index with every change committed before the transaction `db` reads in began: a writer's own change
    /// among them.
    func index(_ database: Database, seenBy db: any SQLDatabase) async throws -> ActivityIndex {
        let row = try await db.raw(
            "SELECT value FROM enlace_sequences WHERE name = \(bind: ChangeCounters.Name.activities.rawValue)"
        ).first()
        let target = try row?.decode(column: "value", as: Int.self) ?? 0
        return try await current(database, atLeast: target).state.index
    }
}
