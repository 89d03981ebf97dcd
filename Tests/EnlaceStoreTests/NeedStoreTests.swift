import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import Foundation
import Testing

@Suite("Partner needs in the store: who records them, who sees them, what answers them")
struct NeedStoreTests {
    static func need(country: String = "HN", marking: String = "members", releasableTo: [String]? = nil) -> NeedInput {
        var input = NeedInput()
        input.title = "Boarding and evidence handling for the Honduran Navy"
        input.country = country
        input.institution = "Fuerza Naval de Honduras"
        input.keyAreas = ["narco-trafficking"]
        input.topics = ["maritime-interdiction"]
        input.priority = 1
        input.windowStart = "2026-01-01"
        input.windowEnd = "2026-12-31"
        input.people = 30
        input.releasability = .init(marking: marking, releasableTo: releasableTo)
        return input
    }

    @Test(
        "a partner records its own country's needs; releasability applies to every read",
        arguments: TestDatabase.engines)
    func recordAndRead(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let partner = people.all["partner"]!
            let created = try await store.needs.create(Self.need(), by: partner)
            #expect(created.need.owner == "HN" && created.status == .open && created.need.version == 1)
            await #expect(throws: EnlaceError.invalid([FieldError("country", .forbidden, ["value": "GT"])])) {
                try await store.needs.create(Self.need(country: "GT"), by: partner)
            }
            await #expect(throws: EnlaceError.forbidden(field: nil)) {
                try await store.needs.create(Self.need(), by: people.contributor)
            }
            var bad = Self.need()
            bad.priority = 7
            bad.windowEnd = "2025-01-01"
            await #expect(
                throws: EnlaceError.invalid([
                    FieldError("priority", .outOfRange, ["min": "1", "max": "3"]),
                    FieldError("windowEnd", .endBeforeStart, ["start": "2026-01-01"]),
                ])
            ) { try await store.needs.create(bad, by: partner) }

            let restricted = try await store.needs.create(
                Self.need(marking: "restricted", releasableTo: ["CO"]), by: partner)
            let spain = Viewer.person(people.all["viewer"]!)
            let colombia = Viewer.person(people.all["colombia"]!)
            #expect(try await store.needs.list(for: spain).map(\.need.id) == [created.need.id])
            #expect(
                Set(try await store.needs.list(for: colombia).map(\.need.id)) == [created.need.id, restricted.need.id])
            #expect(try await store.needs.list(for: .anonymous).isEmpty)
            await #expect(throws: EnlaceError.notFound(entity: "need", id: restricted.need.id)) {
                try await store.needs.find(id: restricted.need.id, for: spain)
            }
            // Only the current version may be changed.
            var change = NeedInput(created.need.draft)
            change.priority = 2
            _ = try await store.needs.update(id: created.need.id, with: change, expectedVersion: 1, by: partner)
            await #expect(throws: EnlaceError.staleVersion(entity: "need", id: created.need.id, current: 2)) {
                try await store.needs.update(id: created.need.id, with: change, expectedVersion: 1, by: partner)
            }
        }
    }

    @Test(
        "providers link their activities; the status follows what the reader sees; coverage counts the unanswered",
        arguments: TestDatabase.engines)
    func linksAndStatus(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let partner = people.all["partner"]!
            let need = try await store.needs.create(Self.need(), by: partner).need
            let window = CalendarDate(iso: "2026-01-01")!...CalendarDate(iso: "2026-12-31")!
            #expect(
                try await store.coverage(window: window, for: people.everyone).cell("HN", "narco-trafficking")?
                    .openNeeds == 1)

            var input = Fixtures.input()
            input.releasability = .init(marking: "restricted", releasableTo: ["HN"])
            let course = try await store.activities.create(input, by: people.contributor)
            let matches = try await store.needs.matches(id: need.id, for: .person(people.contributor))
            #expect(matches.first?.activity.id == course.id)
            #expect(matches.first?.reasons.contains(.topics(["maritime-interdiction"])) == true)

            // Colombia's contributor may not link a U.S. activity (it cannot see it, even).
            await #expect(throws: EnlaceError.notFound(entity: "activity", id: course.id)) {
                try await store.needs.link(id: need.id, activity: course.id, by: people.all["colombia"]!)
            }
            let linked = try await store.needs.link(id: need.id, activity: course.id, by: people.contributor)
            #expect(linked.status == .partlyMet && linked.answers.map(\.id) == [course.id])
            #expect(try await store.needs.matches(id: need.id, for: .person(people.contributor)).isEmpty)
            // Spain may not see the course: for Spain the need is still open, and unanswered in coverage.
            let spain = Viewer.person(people.all["viewer"]!)
            let seen = try await store.needs.find(id: need.id, for: spain)
            #expect(seen.status == .open && seen.answers.isEmpty && seen.need.links.isEmpty)
            #expect(
                try await store.coverage(window: window, for: spain).cell("HN", "narco-trafficking")?.openNeeds == 1)
            #expect(
                try await store.coverage(window: window, for: .person(partner)).cell("HN", "narco-trafficking")?
                    .openNeeds == 0)

            // Finished and trained enough: met. The focal point may still set the status.
            var done = Fixtures.input()
            done.status = 4
            done.actualStart = "2026-03-02"
            done.actualEnd = "2026-03-13"
            done.participantsTrained = 31
            _ = try await store.activities.update(id: course.id, with: done, expectedVersion: 1, by: people.contributor)
            #expect(try await store.needs.find(id: need.id, for: .person(partner)).status == .met)
            var withdrawn = NeedInput(need.draft)
            withdrawn.status = "withdrawn"
            let current = try await store.needs.find(id: need.id, for: .person(partner)).need.version
            let set = try await store.needs.update(id: need.id, with: withdrawn, expectedVersion: current, by: partner)
            #expect(set.status == .withdrawn)
            // Unlinking leaves no answer.
            let unlinked = try await store.needs.unlink(id: need.id, activity: course.id, by: people.contributor)
            #expect(unlinked.answers.isEmpty)
        }
    }
}
