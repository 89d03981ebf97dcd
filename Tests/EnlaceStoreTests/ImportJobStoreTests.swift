import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import Foundation
import Testing

@Suite("The records of imports started from the upload page")
struct ImportJobStoreTests {
    @Test("a job is its starter's; one without news for a minute shows as failed", arguments: TestDatabase.engines)
    func staleAndOwned(engine: DatabaseEngine) async throws {
        let (clock, move) = Fixtures.movableClock()
        try await withStore(engine, clock: clock) { store, _ in
            try await store.importJobs.start("j1", userID: "u", fileName: "f.csv")
            #expect(try await store.importJobs.job("j1", for: "v") == nil)
            try await store.importJobs.progress("j1", read: 3, expected: 10)
            move(59)
            let running = try await store.importJobs.job("j1", for: "u")
            #expect(running?.read == 3 && running?.expected == 10 && running?.failed == false)
            // Its instance stopped without a word: after a minute it shows as failed.
            move(61)
            #expect(try await store.importJobs.job("j1", for: "u")?.failed == true)
            // An ended one does not go stale, and its report has no list of what changed.
            try await store.importJobs.start("j2", userID: "u", fileName: "g.csv")
            var report = ImportReport()
            report.read = 2
            report.changed = ["a", "b"]
            try await store.importJobs.finish("j2", report: report)
            move(3000)
            let ended = try await store.importJobs.job("j2", for: "u")
            #expect(ended?.failed == false && ended?.report?.read == 2 && ended?.report?.changed == [])
            // An hour after, it is forgotten when its starter starts another.
            move(3000 + 3601)
            try await store.importJobs.start("j3", userID: "u", fileName: "h.csv")
            #expect(try await store.importJobs.job("j2", for: "u") == nil)
        }
    }

    @Test("a person's oldest jobs are forgotten beyond the most kept", arguments: TestDatabase.engines)
    func mostKept(engine: DatabaseEngine) async throws {
        let (clock, move) = Fixtures.movableClock()
        try await withStore(engine, clock: clock) { store, _ in
            for index in 0..<(ImportJobStore.maxKeptPerPerson + 5) {
                move(Double(index))
                try await store.importJobs.start("j\(index)", userID: "u", fileName: "f.csv")
                try await store.importJobs.finish("j\(index)", report: ImportReport())
            }
            try await store.importJobs.start("other", userID: "v", fileName: "f.csv")
            var kept = 0
            for index in 0..<(ImportJobStore.maxKeptPerPerson + 5) {
                if try await store.importJobs.job("j\(index)", for: "u") != nil { kept += 1 }
            }
            #expect(kept == ImportJobStore.maxKeptPerPerson)
            #expect(try await store.importJobs.job("j0", for: "u") == nil)
            #expect(try await store.importJobs.job("other", for: "v") != nil)
        }
    }
}
