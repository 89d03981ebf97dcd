import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import SQLKit
import Testing

@Suite("Overlap checks left pending by a stopped server")
struct OverlapPendingTests {
    private func count(_ store: Store, _ sql: String) async throws -> Int {
        try await store.database.read { db in
            try await db.raw(SQLQueryString(sql)).first().map { try $0.decode(column: "n", as: Int.self) } ?? 0
        }
    }

    @Test("a change whose check did not run is checked at the next start, once", arguments: TestDatabase.engines)
    func checkedAtRestart(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let first = try await store.activities.create(Fixtures.input(), by: people.contributor)
            _ = try await store.activities.create(Fixtures.input(), by: people.contributor)
            let active = "SELECT COUNT(*) AS n FROM activity_overlaps WHERE active = 1"
            #expect(try await count(store, active) == 1)
            #expect(try await count(store, "SELECT COUNT(*) AS n FROM overlap_pending") == 0)
            // As a server killed after the change committed and before its check leaves it: the change's record of
            // the pending check, and no overlap record.
            try await store.database.execute("DELETE FROM activity_overlaps")
            try await store.database.execute("INSERT INTO overlap_pending (activity_id) VALUES ('\(first.id)')")
            #expect(try await store.overlaps.reconcilePending() == 1)
            #expect(try await count(store, active) == 1)
            #expect(try await store.overlaps.reconcilePending() == 0)
        }
    }
}
