import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import Foundation
import Testing

@Suite("Results in the store: indicators round-trip, survive edits, and roll up under releasability")
struct ResultStoreTests {
    static func trained(target: String, actuals: [(String, String, String)]) -> ActivityInput.IndicatorInput {
        .init(
            code: "NT-01", baseline: "0", baselineYear: 2025, target: target,
            periods: actuals.map { .init(start: $0.0, end: $0.1, actual: $0.2) })
    }

    @Test(
        "indicators and their periods are read back by a fresh store, and kept by an edit that leaves them out",
        arguments: TestDatabase.engines)
    func roundTrip(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            var input = Fixtures.input()
            input.indicators = [
                Self.trained(
                    target: "30", actuals: [("2026-03-02", "2026-03-13", "28"), ("2026-09-01", "2026-09-12", "1.5")]),
                .init(
                    title: "Boardings done to the new procedure", type: "outcome", measure: "percentage",
                    target: "90", periods: [.init(start: "2026-01-01", end: "2026-12-31", actual: "72.25")]),
            ]
            let created = try await store.activities.create(input, by: people.contributor)
            #expect(created.draft.indicators[0].achieved?.description == "29.5")

            let reopened = try await Store.open(
                database: store.database, clock: .system, ids: .random, secret: Fixtures.secret,
                security: Fixtures.fastSecurity)
            let read = try await reopened.activities.find(id: created.id, for: people.everyone)
            #expect(read.draft.indicators == created.draft.indicators)
            #expect(reopened.catalog.indicator("SI-02")?.measure == .percentage)

            var edit = ActivityInput(read.draft)
            edit.indicators = nil
            edit.title = "Renamed"
            let edited = try await store.activities.update(
                id: created.id, with: edit, expectedVersion: read.version, by: people.contributor)
            #expect(edited.draft.indicators == created.draft.indicators)

            edit = ActivityInput(edited.draft)
            edit.indicators = [Self.trained(target: "30", actuals: [("2026-03-02", "2026-03-13", "-1")])]
            await #expect(throws: EnlaceError.self) {
                _ = try await store.activities.update(
                    id: created.id, with: edit, expectedVersion: edited.version, by: people.contributor)
            }
            let after = try await store.activities.find(id: created.id, for: people.everyone)
            #expect(after.version == edited.version && after.draft.indicators == created.draft.indicators)

            // Dropping the key area of a kept predefined indicator is refused under the key areas.
            edit = ActivityInput(after.draft)
            edit.indicators = nil
            edit.keyAreas = ["combating-crime"]
            edit.topics = []
            do {
                _ = try await store.activities.update(
                    id: created.id, with: edit, expectedVersion: after.version, by: people.contributor)
                Issue.record("an edit stranding an indicator was accepted")
            } catch .invalid(let errors) as EnlaceError {
                #expect(errors.map(\.field) == ["keyAreas"] && errors.first?.code == .indicatorOutsideAreas)
            }
        }
    }

    @Test("the roll-up counts only the activities the reader may see", arguments: TestDatabase.engines)
    func rollupReleasability(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            var open = Fixtures.input(title: "Members course")
            open.indicators = [Self.trained(target: "30", actuals: [("2026-03-02", "2026-03-13", "28")])]
            _ = try await store.activities.create(open, by: people.contributor)
            var restricted = Fixtures.input(title: "Restricted course")
            restricted.plannedStart = "2026-06-01"
            restricted.plannedEnd = "2026-06-12"
            restricted.releasability = .init(marking: "restricted", releasableTo: ["CO"])
            restricted.indicators = [Self.trained(target: "20", actuals: [("2026-06-01", "2026-06-12", "20")])]
            _ = try await store.activities.create(restricted, by: people.contributor)

            func trained(_ viewer: Viewer) async throws -> ResultsRollup.Row? {
                try await store.resultsRollup(by: .area, for: viewer).rows.first { $0.code == "NT-01" }
            }
            let spain = try await trained(.person(people.all["viewer"]!))
            #expect(spain?.activities == 1 && spain?.achieved?.description == "28" && spain?.progress == 93)
            let colombia = try await trained(.person(people.all["colombia"]!))
            #expect(colombia?.activities == 2 && colombia?.achieved?.description == "48")
            #expect(colombia?.target?.description == "50")
            #expect(try await trained(.anonymous) == nil)
            let byCountry = try await store.resultsRollup(
                by: .country, filter: .init(country: "HN"), for: .person(people.all["colombia"]!))
            #expect(byCountry.rows.map(\.country) == ["HN"])
        }
    }
}
