import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import Foundation
import Testing

@Suite("The directory of fora in the store: seeded bodies, focal points for members only, audited changes")
struct ForumStoreTests {
    static func contact(_ name: String, email: String = "focal@example.org") -> ContactInput {
        var input = ContactInput()
        input.name = name
        input.organization = "CICAD Executive Secretariat"
        input.position = "Maritime programme officer"
        input.email = email
        input.phone = "+1 202 555 0100"
        input.languages = ["es", "en"]
        return input
    }

    @Test("the seeded directory reads back as shipped", arguments: TestDatabase.engines)
    func seeded(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, _ in
            let fora = try await store.fora.all()
            let shipped = try ForumSeed.load()
            #expect(fora.count == shipped.count && fora.count >= 15)
            #expect(Set(fora) == Set(shipped))
            let cicad = try await store.fora.find(id: "oas-cicad")
            #expect(cicad.draft.parent == "oas" && cicad.draft.acronym == "CICAD")
            #expect(cicad.draft.names[.es].contains("Comisión Interamericana"))
            let sica = try await store.fora.find(id: "sica")
            #expect(sica.draft.scope == .subregional && sica.draft.members.contains("HN"))
            for forum in fora {
                for area in forum.draft.keyAreas { #expect(store.catalog.keyArea(area) != nil, "\(forum.id)") }
                for member in forum.draft.members { #expect(store.catalog.country(member) != nil, "\(forum.id)") }
                if let parent = forum.draft.parent { #expect(fora.contains { $0.id == parent }) }
            }
        }
    }

    @Test(
        "focal points: the secretariat keeps them, members read them, the public and partners do not",
        arguments: TestDatabase.engines)
    func contacts(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let secretariat = people.secretariat
            let added = try await store.fora.addContact(to: "oas-cicad", Self.contact("Ana Gómez"), by: secretariat)
            await #expect(throws: EnlaceError.self) {
                _ = try await store.fora.addContact(to: "oas-cicad", Self.contact("X"), by: people.all["coordinator"]!)
            }
            do {
                _ = try await store.fora.addContact(
                    to: "oas-cicad", Self.contact("Bad", email: "nope"), by: secretariat)
                Issue.record("a bad email was accepted")
            } catch .invalid(let errors) as EnlaceError {
                #expect(errors.map(\.field) == ["email"])
            }
            await #expect(throws: EnlaceError.self) {
                _ = try await store.fora.addContact(to: "nowhere", Self.contact("Y"), by: secretariat)
            }

            let viewer = Viewer.person(people.all["viewer"]!)
            #expect(try await store.fora.contacts(forum: "oas-cicad", for: viewer).map(\.draft.name) == ["Ana Gómez"])
            #expect(try await store.fora.contact(id: added.id, for: viewer).draft.email == "focal@example.org")
            for outsider in [Viewer.anonymous, .person(people.all["partner"]!)] {
                await #expect(throws: EnlaceError.self) { _ = try await store.fora.contacts(for: outsider) }
                await #expect(throws: EnlaceError.self) {
                    _ = try await store.fora.contact(id: added.id, for: outsider)
                }
            }

            var changed = Self.contact("Ana Gómez Ruiz")
            changed.languages = ["es"]
            let updated = try await store.fora.updateContact(
                id: added.id, with: changed, expectedVersion: 1, by: secretariat)
            #expect(updated.version == 2 && updated.draft.languages == [.es])
            await #expect(throws: EnlaceError.self) {
                _ = try await store.fora.updateContact(id: added.id, with: changed, expectedVersion: 1, by: secretariat)
            }
            try await store.fora.removeContact(id: added.id, expectedVersion: 2, by: secretariat)
            #expect(try await store.fora.contacts(for: viewer).isEmpty)
            let history = try await store.audit.history(entityType: "contact", entityID: added.id)
            #expect(history.map(\.action) == [.create, .update, .delete])
        }
    }

    @Test(
        "the secretariat adds and changes fora; ids, parents and versions are checked",
        arguments: TestDatabase.engines)
    func changes(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            var input = ForumInput()
            input.id = "test-mechanism"
            input.names = ["en": "Test Mechanism"]
            input.acronym = "TM"
            input.scope = "subregional"
            input.parent = "sica"
            input.members = ["HN", "GT"]
            let created = try await store.fora.create(input, by: people.secretariat)
            #expect(try await store.fora.find(id: "test-mechanism") == created)
            do {
                _ = try await store.fora.create(input, by: people.secretariat)
                Issue.record("a taken id was accepted")
            } catch .invalid(let errors) as EnlaceError {
                #expect(errors.map(\.code) == [.taken])
            }
            await #expect(throws: EnlaceError.self) { _ = try await store.fora.create(input, by: people.contributor) }
            input.parent = "nowhere"
            do {
                _ = try await store.fora.update(
                    id: "test-mechanism", with: input, expectedVersion: 1, by: people.secretariat)
                Issue.record("an unknown parent was accepted")
            } catch .invalid(let errors) as EnlaceError {
                #expect(errors.map(\.field) == ["parent"])
            }
            input.parent = nil
            input.names = ["en": "Test Mechanism", "fr": "Mécanisme d'essai"]
            let updated = try await store.fora.update(
                id: "test-mechanism", with: input, expectedVersion: 1, by: people.secretariat)
            #expect(updated.version == 2 && updated.draft.names[.fr] == "Mécanisme d'essai")
            #expect(try await store.fora.find(id: "test-mechanism").draft.parent == nil)

            // The bodies form a tree: SICA cannot become part of a mechanism that is part of SICA.
            input.parent = "sica"
            _ = try await store.fora.update(
                id: "test-mechanism", with: input, expectedVersion: 2, by: people.secretariat)
            var sica = ForumInput(try await store.fora.find(id: "sica"))
            sica.parent = "test-mechanism"
            do {
                _ = try await store.fora.update(id: "sica", with: sica, expectedVersion: nil, by: people.secretariat)
                Issue.record("a cycle of parents was accepted")
            } catch .invalid(let errors) as EnlaceError {
                #expect(errors.map(\.code) == [.cycle])
            }
            #expect(try await store.fora.find(id: "sica").draft.parent == nil)
        }
    }

    @Test(
        "two crossing parent changes made at once cannot both pass: one is refused as a cycle",
        arguments: TestDatabase.engines)
    func crossingParents(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            for round in 0..<8 {
                var inputs: [ForumInput] = []
                for side in ["a", "b"] {
                    var input = ForumInput()
                    input.id = "crossing-\(round)-\(side)"
                    input.names = ["en": "Crossing \(round) \(side)"]
                    input.acronym = "X\(round)\(side)"
                    input.scope = "regional"
                    _ = try await store.fora.create(input, by: people.secretariat)
                    inputs.append(input)
                }
                inputs[0].parent = inputs[1].id
                inputs[1].parent = inputs[0].id
                let secretariat = people.secretariat
                let outcomes = await withTaskGroup(of: [FieldError.Code]?.self) { group in
                    for input in inputs {
                        group.addTask {
                            do {
                                _ = try await store.fora.update(
                                    id: input.id ?? "", with: input, expectedVersion: nil, by: secretariat)
                                return nil
                            } catch .invalid(let errors) as EnlaceError {
                                return errors.map(\.code)
                            } catch {
                                return [.invalidFormat]
                            }
                        }
                    }
                    return await group.reduce(into: []) { $0.append($1) }
                }
                #expect(outcomes.filter { $0 == nil }.count == 1, "round \(round): \(outcomes)")
                #expect(outcomes.contains { $0 == [.cycle] }, "round \(round): \(outcomes)")
            }
        }
    }

    @Test(
        "activities and series link to fora; a forum lists what links to it, of what its reader may see",
        arguments: TestDatabase.engines)
    func inboundLinks(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            var restricted = Fixtures.input(title: "Restricted to Colombia")
            restricted.releasability = .init(marking: "restricted", releasableTo: ["CO"])
            let hidden = try await store.activities.create(restricted, by: people.contributor)
            var open = Fixtures.input(title: "For members")
            open.releasability = .init(marking: "members", releasableTo: [])
            open.plannedStart = "2026-09-01"
            open.plannedEnd = "2026-09-12"
            let seen = try await store.activities.create(open, by: people.contributor)
            for activity in [hidden, seen] {
                #expect(
                    try await store.forumLinks.setFora(ofActivity: activity.id, ["oas-cicad"], by: people.contributor)
                        .map(\.id) == ["oas-cicad"])
            }
            // Only its editors link an activity; only known fora, each once.
            await #expect(throws: EnlaceError.forbidden(field: "fora")) {
                _ = try await store.forumLinks.setFora(ofActivity: seen.id, ["sica"], by: people.all["colombia"]!)
            }
            do {
                _ = try await store.forumLinks.setFora(
                    ofActivity: seen.id, ["nowhere", "sica", "sica"], by: people.contributor)
                Issue.record("unknown and repeated fora were accepted")
            } catch .invalid(let errors) as EnlaceError {
                #expect(errors.map(\.field) == ["fora[0]", "fora[2]"])
            }
            let series = try await store.meetings.createSeries(MeetingStoreTests.series(), by: people.contributor)
            _ = try await store.forumLinks.setFora(ofSeries: series.id, ["oas-cicad"], by: people.contributor)
            let viewer = try await store.forumLinks.inbound(
                to: "oas-cicad", for: .person(people.all["viewer"]!))
            #expect(viewer.activities.map(\.id) == [seen.id] && viewer.series.map(\.id) == [series.id])
            let secretariat = try await store.forumLinks.inbound(to: "oas-cicad", for: people.everyone)
            #expect(Set(secretariat.activities.map(\.id)) == [hidden.id, seen.id])
            let visitor = try await store.forumLinks.inbound(to: "oas-cicad", for: .anonymous)
            #expect(visitor.activities.isEmpty && visitor.series.isEmpty && visitor.proposals.isEmpty)
            // Unlinking empties the list.
            _ = try await store.forumLinks.setFora(ofActivity: seen.id, [], by: people.contributor)
            #expect(try await store.forumLinks.fora(ofActivity: seen.id, for: people.everyone).isEmpty)
        }
    }
}
