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
            #expect(try await store.overlaps.reconcilePending { id, error in Issue.record("\(id): \(error)") } == 1)
            #expect(try await count(store, active) == 1)
            #expect(try await store.overlaps.reconcilePending { id, error in Issue.record("\(id): \(error)") } == 0)
        }
    }

    @Test(
        "an import records its activities' checks as pending in its own transaction; its check clears them",
        arguments: TestDatabase.engines)
    func importMarksPending(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, _ in
            let pending = "SELECT COUNT(*) AS n FROM overlap_pending"
            let report = try await ActivityImportTests.run(store, (1...3).map { ActivityImportTests.imported($0) })
            #expect(report.written && report.changed.count == 3)
            // As a server killed after the import committed and before its check: the three checks are pending.
            #expect(try await count(store, pending) == 3)
            try await store.overlaps.check(changed: report.changed)
            #expect(try await count(store, pending) == 0)
        }
    }

    @Test("many pending checks are run by one full pass, which clears them", arguments: TestDatabase.engines)
    func manyByFullPass(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let first = try await store.activities.create(Fixtures.input(), by: people.contributor)
            _ = try await store.activities.create(Fixtures.input(), by: people.contributor)
            try await store.database.execute("DELETE FROM activity_overlaps")
            // More than are checked one by one: some name activities that are gone, as after an archive.
            for index in 0...100 {
                try await store.database.execute("INSERT INTO overlap_pending (activity_id) VALUES ('gone-\(index)')")
            }
            try await store.database.execute("INSERT INTO overlap_pending (activity_id) VALUES ('\(first.id)')")
            #expect(try await store.overlaps.reconcilePending { id, error in Issue.record("\(id): \(error)") } == 102)
            #expect(try await count(store, "SELECT COUNT(*) AS n FROM activity_overlaps WHERE active = 1") == 1)
            #expect(try await count(store, "SELECT COUNT(*) AS n FROM overlap_pending") == 0)
        }
    }
}
