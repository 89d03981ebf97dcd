import SQLKit

extension OverlapRepository {
    /// Records, in the transaction of a change to activity `id`, that its overlap check is still to run: the check
    /// runs after the change commits, in a transaction of its own, and a server killed between the two leaves the
    /// record for ``reconcilePending()`` at its restart.
    static func markPending(_ id: String, _ db: any SQLDatabase) async throws {
        try await db.raw(
            "INSERT INTO overlap_pending (activity_id) VALUES (\(bind: id)) ON CONFLICT (activity_id) DO NOTHING"
        ).run()
    }

    /// Forgets, in the transaction of the check of activity `id`, that its check was pending.
    static func clearPending(_ id: String, _ db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM overlap_pending WHERE activity_id = \(bind: id)").run()
    }

    /// Runs the overlap checks that were left pending (a server stopped between a change and its check); a server
    /// does this before it answers, so that its overlap records are in line with its activities. Answers how many.
    public func reconcilePending() async throws -> Int {
        let pending = try await database.read { db in
            try await db.raw("SELECT activity_id FROM overlap_pending ORDER BY activity_id").all().map {
                try $0.decode(column: "activity_id", as: String.self)
            }
        }
        for id in pending { try await reconcile(activity: id) }
        return pending.count
    }
}
