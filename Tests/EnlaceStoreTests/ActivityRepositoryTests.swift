import EnlaceCore
import EnlaceTestSupport
import Foundation
import SQLKit
import Synchronization
import Testing

@testable import EnlaceStore

@Suite("Activity registry")
struct ActivityRepositoryTests {
    @Test("a created activity reads back exactly", arguments: TestDatabase.engines)
    func createAndFind(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let created = try await store.activities.create(Fixtures.input(), by: people.contributor)
            let found = try await store.activities.find(id: created.id, for: people.everyone)
            #expect(found == created)
            #expect(found.version == 1)
            #expect(found.draft.budget?.amountText == "125000.5")
        }
    }

    @Test("stored then read is the identity on generated activities", arguments: TestDatabase.engines)
    func roundTripGenerated(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let drafts = Fixtures.randomDrafts(count: 150, seed: 7, catalog: store.catalog)
            let clock = Fixtures.tickingClock()
            let activities = drafts.enumerated().map { index, draft in
                Activity(
                    id: "gen-\(index)", owner: "US-INL", draft: draft, version: 1, createdAt: clock.now(),
                    updatedAt: clock.now())
            }
            try await store.activities.insert(activities)
            for activity in activities {
                #expect(try await store.activities.find(id: activity.id, for: people.everyone) == activity)
            }
        }
    }

    @Test(
        "a bulk insert tells its progress after each batch, and the overlap pass after each step",
        arguments: TestDatabase.engines)
    func progress(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let drafts = Fixtures.randomDrafts(count: 5, seed: 11, catalog: store.catalog)
            let activities = drafts.enumerated().map { index, draft in
                Activity(
                    id: "batch-\(index)", owner: "US-INL", draft: draft, version: 1, createdAt: Date(),
                    updatedAt: Date())
            }
            let heard = Mutex<[ProgressReport]>([])
            let listen: ProgressHandler = { report in heard.withLock { $0.append(report) } }
            try await store.activities.insert(activities, batchSize: 2, progress: listen)
            #expect(heard.withLock { $0.map(\.done) } == [0, 2, 4, 5])
            #expect(heard.withLock { $0.allSatisfy { $0.total == 5 && $0.what == "activities" } })
            #expect(
                try await store.activities.list(
                    ActivityFilter(), sort: .default, limit: 10, cursor: nil, for: people.everyone
                ).total == 5)
            heard.withLock { $0 = [] }
            _ = try await store.overlaps.scan(progress: listen)
            #expect(heard.withLock { $0.filter(\.isSteps).map(\.done) } == [0, 1, 2])
            #expect(heard.withLock { $0.last?.isComplete } == true)
            #expect(heard.withLock { $0.filter { !$0.isSteps }.last?.isComplete } ?? true)
        }
    }

    @Test("an unknown provider organisation is refused and nothing is written", arguments: TestDatabase.engines)
    func unknownOrganization(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            var input = Fixtures.input()
            input.providers = [.init(organization: "XX-NOBODY", role: "funding")]
            let error = await #expect(throws: EnlaceError.self) {
                try await store.activities.create(input, by: people.contributor)
            }
            #expect(error == .invalid("providers[0].organization", .unknownCode, ["value": "XX-NOBODY"]))
            let page = try await store.activities.list(
                ActivityFilter(), sort: .default, limit: 10, cursor: nil, for: people.everyone)
            #expect(page.total == 0)
        }
    }

    @Test(
        "an update at the current version succeeds; a stale one is refused and changes nothing",
        arguments: TestDatabase.engines)
    func optimisticConcurrency(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let created = try await store.activities.create(Fixtures.input(), by: people.contributor)
            var changed = Fixtures.input(title: "Curso de interdicción marítima")
            changed.language = "es"
            let updated = try await store.activities.update(
                id: created.id, with: changed, expectedVersion: 1, by: people.contributor)
            #expect(updated.version == 2)
            #expect(updated.createdAt == created.createdAt)
            #expect(updated.updatedAt > created.updatedAt)

            let stale = await #expect(throws: EnlaceError.self) {
                try await store.activities.update(
                    id: created.id, with: Fixtures.input(title: "Lost update"), expectedVersion: 1,
                    by: people.contributor)
            }
            #expect(stale == .staleVersion(entity: "activity", id: created.id, current: 2))
            #expect(try await store.activities.find(id: created.id, for: people.everyone) == updated)
        }
    }

    @Test("an invalid update leaves the stored activity as it was", arguments: TestDatabase.engines)
    func invalidUpdateWritesNothing(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let created = try await store.activities.create(Fixtures.input(), by: people.contributor)
            var bad = Fixtures.input()
            bad.providers = [
                .init(organization: "CO-PONAL", role: "funding"), .init(organization: "ZZ-NONE", role: "implementing"),
            ]
            await #expect(throws: EnlaceError.self) {
                try await store.activities.update(id: created.id, with: bad, expectedVersion: 1, by: people.contributor)
            }
            #expect(try await store.activities.find(id: created.id, for: people.everyone) == created)
        }
    }

    @Test("archiving removes an activity from lists and detail, keeping the row", arguments: TestDatabase.engines)
    func archive(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let kept = try await store.activities.create(Fixtures.input(title: "Kept activity"), by: people.contributor)
            let gone = try await store.activities.create(
                Fixtures.input(title: "Archived activity"), by: people.contributor)
            await #expect(throws: EnlaceError.staleVersion(entity: "activity", id: gone.id, current: 1)) {
                try await store.activities.archive(id: gone.id, expectedVersion: 5, by: people.contributor)
            }
            try await store.activities.archive(id: gone.id, expectedVersion: 1, by: people.contributor)
            await #expect(throws: EnlaceError.notFound(entity: "activity", id: gone.id)) {
                try await store.activities.find(id: gone.id, for: people.everyone)
            }
            let page = try await store.activities.list(
                ActivityFilter(), sort: .default, limit: 10, cursor: nil, for: people.everyone)
            #expect(page.items.map(\.id) == [kept.id])
            #expect(page.total == 1)
            let rows = try await store.database.read { db in
                try await db.raw("SELECT archived_at FROM activities WHERE id = \(bind: gone.id)").first()?
                    .decode(column: "archived_at", as: String?.self)
            }
            #expect(rows != nil)
        }
    }

    @Test("a missing activity is not found on read, update and archive", arguments: TestDatabase.engines)
    func missing(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let missing = EnlaceError.notFound(entity: "activity", id: "nope")
            await #expect(throws: missing) { try await store.activities.find(id: "nope", for: people.everyone) }
            await #expect(throws: missing) {
                try await store.activities.update(
                    id: "nope", with: Fixtures.input(), expectedVersion: 1, by: people.contributor)
            }
            await #expect(throws: missing) {
                try await store.activities.archive(id: "nope", expectedVersion: nil, by: people.contributor)
            }
        }
    }
}

@Suite("Implementing-partner contact")
struct PartnerContactStoreTests {
    private func input() -> ActivityInput {
        var input = Fixtures.input()
        input.releasability = .init(marking: "public", releasableTo: nil)
        input.partnerContact = .init(
            name: " Ana Pérez ", position: "Programme officer", email: "ana.perez@example.org", phone: "+504 2222 0000")
        return input
    }

    @Test(
        "is kept, and read by members and the owner only: not by a visitor or a non-member",
        arguments: TestDatabase.engines)
    func membersOnly(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let created = try await store.activities.create(input(), by: people.contributor)
            #expect(created.draft.partnerContact?.name == "Ana Pérez")
            let expected = created.draft.partnerContact
            let member = Viewer.person(people.all["viewer"]!)  // ES-GC, a member, not the owner
            let partner = Viewer.person(people.all["partner"]!)  // HN, not a member
            #expect(try await store.activities.find(id: created.id, for: member).draft.partnerContact == expected)
            #expect(
                try await store.activities.find(id: created.id, for: .person(people.contributor)).draft.partnerContact
                    == expected)
            for reader in [Viewer.anonymous, partner] {
                let seen = try await store.activities.find(id: created.id, for: reader)
                #expect(seen.draft.partnerContact == nil)
                #expect(seen.draft.title == created.draft.title)
                let listed = try await store.activities.list(
                    ActivityFilter(), sort: .default, limit: 10, cursor: nil, for: reader)
                #expect(listed.items.allSatisfy { $0.draft.partnerContact == nil })
            }
        }
    }

    @Test("its changes leave the history of readers who may not see it", arguments: TestDatabase.engines)
    func history(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let created = try await store.activities.create(input(), by: people.contributor)
            var changed = ActivityInput(created.draft)
            changed.partnerContact?.phone = "+504 3333 1111"
            _ = try await store.activities.update(
                id: created.id, with: changed, expectedVersion: created.version, by: people.contributor)
            func fields(_ viewer: Viewer) async throws -> [String] {
                try await store.activityHistory(id: created.id, for: viewer).entries.flatMap { $0.changes.map(\.field) }
            }
            #expect(try await fields(.person(people.all["viewer"]!)).contains("partnerContact.phone"))
            let partnerFields = try await fields(.person(people.all["partner"]!))
            #expect(!partnerFields.contains { $0.hasPrefix("partnerContact.") })
            #expect(partnerFields.contains("title"))  // the creation is still there, without the contact
            #expect(try await store.activityHistory(id: created.id, for: .anonymous).entries.count == 1)
        }
    }

    @Test("an incomplete or malformed contact is refused, field by field", arguments: TestDatabase.engines)
    func refused(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            var bad = input()
            bad.partnerContact = .init(name: " ", email: "not an address", phone: "call me")
            let error = await #expect(throws: EnlaceError.self) {
                try await store.activities.create(bad, by: people.contributor)
            }
            guard case .invalid(let errors) = error else { Issue.record("not invalid"); return }
            #expect(
                Set(errors.map(\.field)) == ["partnerContact.name", "partnerContact.email", "partnerContact.phone"])
            var none = input()
            none.partnerContact = .init(name: "", position: " ")
            let saved = try await store.activities.create(none, by: people.contributor)
            #expect(saved.draft.partnerContact == nil)
        }
    }
}

@Suite("Activity parts in the store")
struct ActivityPartStoreTests {
    /// A valid text for `field`, as long as its rule allows.
    private static func sample(_ field: ActivityPartField) -> String {
        switch field.kind {
        case .text: String(repeating: "é", count: field.maxLength)
        case .email: "focal.point@example.org"
        case .phone: "+1 202 555 0100"
        }
    }

    @Test(
        "every kind of part is written to its columns and read back whole, then removed",
        arguments: TestDatabase.engines
    )
    func roundTrip(engine: DatabaseEngine) async throws {
        #expect(
            ActivityColumns.partColumns.count == ActivityParts.all.reduce(0) { $0 + $1.fields.count },
            "every field of every part has a column")
        try await withStore(engine) { store, people in
            var input = Fixtures.input()
            for kind in ActivityParts.all {
                input.parts[kind.name] = Dictionary(
                    uniqueKeysWithValues: kind.fields.map { ($0.name, Self.sample($0)) })
            }
            let created = try await store.activities.create(input, by: people.contributor)
            let read = try await store.activities.find(id: created.id, for: .person(people.contributor))
            for kind in ActivityParts.all {
                let texts = read.draft.parts[named: kind.name]?.texts
                #expect(texts == input.parts[kind.name], "\(kind.name)")
            }
            #expect(read.draft.parts == created.draft.parts)
            var cleared = ActivityInput(read.draft)
            cleared.parts = [:]
            let updated = try await store.activities.update(
                id: created.id, with: cleared, expectedVersion: read.version, by: people.contributor)
            #expect(updated.draft.parts.present.isEmpty)
            #expect(
                try await store.activities.find(id: created.id, for: .person(people.contributor)).draft.parts.present
                    .isEmpty)
        }
    }
}
