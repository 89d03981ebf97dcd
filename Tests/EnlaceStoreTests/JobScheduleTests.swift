import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import Foundation
import Testing

@Suite("The background jobs' schedule, shared by the instances on a database")
struct JobScheduleTests {
    @Test("of instances asking at once, one has the turn; it moves on by the interval", arguments: TestDatabase.engines)
    func oneTurnEach(engine: DatabaseEngine) async throws {
        let (clock, move) = Fixtures.movableClock()
        try await withStore(engine, clock: clock) { store, _ in
            #expect(try await store.jobs.due("pass") == nil)
            #expect(try await store.jobs.untilDue("pass") == .zero)
            let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for instance in 0..<8 {
                    group.addTask { try await store.jobs.claim("pass", every: .seconds(3600), holder: "i\(instance)") }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(granted == 1)
            #expect(try await store.jobs.due("pass") == clock.now().addingTimeInterval(3600))
            #expect(try await store.jobs.untilDue("pass") == .seconds(3600))
            // (The clock stands at the start plus what `move` was given.) Not before the turn is due again; then to one asker again. Another job has its own turns.
            move(3599)
            #expect(try await !store.jobs.claim("pass", every: .seconds(3600), holder: "i1"))
            #expect(try await store.jobs.claim("meetings", every: .seconds(86_400), holder: "i1"))
            move(3600)
            #expect(try await store.jobs.claim("pass", every: .seconds(3600), holder: "i2"))
            #expect(try await !store.jobs.claim("pass", every: .seconds(3600), holder: "i3"))
        }
    }

    @Test("a turn not finished is given back by its holder only, and is due at once", arguments: TestDatabase.engines)
    func giveBack(engine: DatabaseEngine) async throws {
        let (clock, _) = Fixtures.movableClock()
        try await withStore(engine, clock: clock) { store, _ in
            #expect(try await store.jobs.claim("pass", every: .seconds(3600), holder: "a"))
            try await store.jobs.release("pass", holder: "b")
            #expect(try await !store.jobs.claim("pass", every: .seconds(3600), holder: "b"))
            try await store.jobs.release("pass", holder: "a")
            #expect(try await store.jobs.due("pass") == clock.now())
            #expect(try await store.jobs.claim("pass", every: .seconds(3600), holder: "b"))
        }
    }

    @Test("a failed turn given back is due again after the delay its holder names", arguments: TestDatabase.engines)
    func failedTurnWaits(engine: DatabaseEngine) async throws {
        let (clock, move) = Fixtures.movableClock()
        try await withStore(engine, clock: clock) { store, _ in
            #expect(try await store.jobs.claim("pass", every: .seconds(3600), holder: "a"))
            try await store.jobs.release("pass", holder: "a", after: .seconds(300))
            #expect(try await store.jobs.untilDue("pass") == .seconds(300))
            move(299)
            #expect(try await !store.jobs.claim("pass", every: .seconds(3600), holder: "b"))
            move(300)
            #expect(try await store.jobs.claim("pass", every: .seconds(3600), holder: "b"))
        }
    }
}
