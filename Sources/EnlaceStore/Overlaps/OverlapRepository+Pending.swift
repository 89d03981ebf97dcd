import SQLKit

extension OverlapRepository {
    /// Records, in the transaction of a change to activity `id`, that its overlap check is still to run: the check
    /// runs after the change commits, in a transaction of its own, and a server killed between the two leaves the
    /// record for ``reconcilePending(failed:)`` at its restart.
    static func markPending(_ id: String, _ db: any SQLDatabase) async throws {
        try await db.raw(
            "INSERT INTO overlap_pending (activity_id) VALUES (\(bind: id)) ON CONFLICT (activity_id) DO NOTHING"
        ).run()
    }

    /// Records, in the transaction of a bulk change (an import's batch), that the checks of the activities `ids`
    /// are still to run.
    static func markPending(_ ids: [String], _ db: any SQLDatabase) async throws {
        guard !ids.isEmpty else { return }
        try await clearPending(ids, savedUpTo: nil, db)
        try await InsertRows.run(into: "overlap_pending", columns: ["activity_id"], ids.map { [$0] }, db)
    }

    /// Forgets, in the transaction of the check of activity `id`, that its check was pending.
    static func clearPending(_ id: String, _ db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM overlap_pending WHERE activity_id = \(bind: id)").run()
    }

    /// Forgets the pending checks `ids`. A full pass, in its last transaction, forgets those it read before it began
    /// but those of activities saved since its scoring (`seq` above `sequence`): their own checks, after their
    /// saves, are still to run.
    static func clearPending(_ ids: [String], savedUpTo sequence: Int?, _ db: any SQLDatabase) async throws {
        for start in stride(from: 0, to: ids.count, by: InsertRows.maxRows) {
            let slice = Array(ids[start..<min(ids.count, start + InsertRows.maxRows)])
            let savedSince: SQLQueryString =
                sequence.map { "AND activity_id NOT IN (SELECT id FROM activities WHERE seq > \(bind: $0))" } ?? ""
            try await db.raw("DELETE FROM overlap_pending WHERE activity_id IN \(SQLBind.group(slice)) \(savedSince)")
                .run()
        }
    }

    /// The activities whose checks are pending.
    func pendingChecks() async throws -> [String] {
        try await database.read { db in
            try await db.raw("SELECT activity_id FROM overlap_pending ORDER BY activity_id").all().map {
                try $0.decode(column: "activity_id", as: String.self)
            }
        }
    }

    /// Runs the overlap checks that were left pending (a server stopped between a change and its check); a server
    /// does this before it answers, so that its overlap records are in line with its activities. Few are checked
    /// one by one, and many (an import's) by one full pass. A check that fails is reported to `failed` and stays
    /// pending, for the next start or the next full pass, and the others still run. Answers how many were checked.
    public func reconcilePending(failed: (String, any Error) -> Void) async throws -> Int {
        let pending = try await pendingChecks()
        guard pending.count <= Self.reconcileOneByOne else {
            // The pass clears the checks pending when it began; one that fails leaves them pending.
            do {
                _ = try await scan()
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                failed("\(pending.count) activities (one full pass)", error)
                return 0
            }
            return pending.count
        }
        var checked = 0
        for id in pending {
            do {
                try await reconcile(activity: id)
                checked += 1
            } catch {
                failed(id, error)
            }
        }
        return checked
    }
}
