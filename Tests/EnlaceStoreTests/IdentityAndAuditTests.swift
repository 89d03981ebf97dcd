import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import Foundation
import SQLKit
import Testing

@Suite("Releasability, permissions and the audit trail in the store")
struct IdentityAndAuditTests {
    @Test(
        "reads hide what a viewer may not see; writes check visibility first, then the right to edit",
        arguments: TestDatabase.engines)
    func permissions(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            var input = Fixtures.input()
            input.releasability = .init(marking: "restricted", releasableTo: ["HN"])
            let restricted = try await store.activities.create(input, by: people.contributor)
            #expect(restricted.owner == "US-INL")
            let colombia = people.all["colombia"]!
            let partner = people.all["partner"]!
            let coordinator = people.all["coordinator"]!
            await #expect(throws: EnlaceError.notFound(entity: "activity", id: restricted.id)) {
                try await store.activities.find(id: restricted.id, for: .person(colombia))
            }
            await #expect(throws: EnlaceError.notFound(entity: "activity", id: restricted.id)) {
                try await store.activities.update(id: restricted.id, with: input, expectedVersion: 1, by: colombia)
            }
            #expect(try await store.activities.find(id: restricted.id, for: .person(partner)).id == restricted.id)
            await #expect(throws: EnlaceError.forbidden(field: nil)) {
                try await store.activities.update(id: restricted.id, with: input, expectedVersion: 1, by: partner)
            }
            let hidden = try await store.activities.list(
                ActivityFilter(), sort: .default, limit: 10, cursor: nil, for: .person(colombia))
            #expect(hidden.total == 0 && hidden.items.isEmpty)
            #expect(try await store.activities.countsByCountry(for: .person(colombia)).isEmpty)

            // The coordinator of the owner's government may edit the content, but not the marking.
            var edited = input
            edited.title = "Edited by the coordinator"
            edited.releasability = nil
            let afterEdit = try await store.activities.update(
                id: restricted.id, with: edited, expectedVersion: 1, by: coordinator)
            #expect(afterEdit.draft.releasability == restricted.draft.releasability)
            var remarked = edited
            remarked.releasability = .init(marking: "public", releasableTo: nil)
            await #expect(throws: EnlaceError.forbidden(field: "releasability")) {
                try await store.activities.update(
                    id: restricted.id, with: remarked, expectedVersion: 2, by: coordinator)
            }
            // The owner may.
            let published = try await store.activities.update(
                id: restricted.id, with: remarked, expectedVersion: 2, by: people.contributor)
            #expect(published.draft.releasability.marking == .public)
            #expect(try await store.activities.find(id: restricted.id, for: .anonymous).id == restricted.id)
            let history = try await store.audit.history(entityType: "activity", entityID: restricted.id)
            #expect(history.map(\.action) == [.create, .update, .update, .markingChange])
            #expect(
                history.last?.changes.contains {
                    $0.field == "releasability.marking" && $0.before == "restricted" && $0.after == "public"
                } == true)
        }
    }

    @Test("an invalid or refused change writes no audit entry either", arguments: TestDatabase.engines)
    func auditOnlyWithTheChange(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let created = try await store.activities.create(Fixtures.input(), by: people.contributor)
            let before = try await store.audit.verify().entries
            var bad = Fixtures.input()
            bad.providers = [.init(organization: "ZZ-NONE", role: "funding")]
            await #expect(throws: EnlaceError.self) {
                try await store.activities.update(id: created.id, with: bad, expectedVersion: 1, by: people.contributor)
            }
            await #expect(throws: EnlaceError.self) {
                try await store.activities.update(
                    id: created.id, with: Fixtures.input(), expectedVersion: 9, by: people.contributor)
            }
            #expect(try await store.audit.verify().entries == before)
        }
    }

    @Test("each kind of tampering breaks the chain at the tampered entry", arguments: TestDatabase.engines)
    func everyTamperIsFound(engine: DatabaseEngine) async throws {
        let tampers: [(String, (Int) -> String)] = [
            ("changes", { "UPDATE audit_events SET changes = '[]' WHERE seq = \($0)" }),
            ("actor", { "UPDATE audit_events SET actor_user = 'someone else' WHERE seq = \($0)" }),
            ("time", { "UPDATE audit_events SET occurred_at = '2020-01-01T00:00:00.000Z' WHERE seq = \($0)" }),
            ("action", { "UPDATE audit_events SET action = 'archive' WHERE seq = \($0)" }),
            ("hash", { "UPDATE audit_events SET hash = '\(String(repeating: "a", count: 64))' WHERE seq = \($0)" }),
            ("delete", { "DELETE FROM audit_events WHERE seq = \($0)" }),
        ]
        for (name, statement) in tampers {
            try await withStore(engine) { store, people in
                for index in 0..<3 {
                    _ = try await store.activities.create(
                        Fixtures.input(title: "Audited \(index)"), by: people.contributor)
                }
                let entries = try await store.audit.verify().entries
                let target = entries - 2
                try await store.database.execute(statement(target))
                let verification = try await store.audit.verify()
                #expect(verification.firstBrokenLink == target, "\(name): \(verification)")
            }
        }
        // Rewriting the last entry and the head together is caught by the head's own check of its hash,
        // when the rewritten hash is not a SHA-256 of the real chain.
        try await withStore(engine) { store, people in
            _ = try await store.activities.create(Fixtures.input(), by: people.contributor)
            try await store.database.execute("UPDATE audit_head SET seq = seq + 1")
            #expect(try await store.audit.verify().firstBrokenLink != nil)
        }
    }

    @Test("organisations: checked codes, known parents, no cycles", arguments: TestDatabase.engines)
    func organizations(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let admin = people.all["admin"]!
            await #expect(throws: EnlaceError.self) {
                try await store.organizations.create(
                    Organization(
                        code: "bad code", name: "", kind: .agency, country: "XX", parent: "NOPE", isMember: true),
                    actor: admin)
            }
            _ = try await store.organizations.create(
                Organization(
                    code: "GT-PNC", name: "Policía Nacional Civil", kind: .agency, country: "GT", parent: nil,
                    isMember: false), actor: admin)
            await #expect(throws: EnlaceError.invalid("code", .taken)) {
                try await store.organizations.create(
                    Organization(
                        code: "GT-PNC", name: "Again", kind: .agency, country: "GT", parent: nil, isMember: false),
                    actor: admin)
            }
            // US-INL belongs to US: making US belong to US-INL would close a loop.
            let error = await #expect(throws: EnlaceError.self) {
                try await store.organizations.update(
                    Organization(
                        code: "US", name: "United States", kind: .government, country: "US", parent: "US-INL",
                        isMember: true), actor: admin)
            }
            #expect(error == .invalid([FieldError("parent", .cycle, ["value": "US-INL"])]))
            #expect(try await store.organizations.lineage(of: "US-INL") == ["US-INL", "US"])
        }
    }

    @Test(
        "accounts: unique emails, the password policy, and deactivation revoking every session and token",
        arguments: TestDatabase.engines)
    func accounts(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let admin = people.all["admin"]!
            await #expect(throws: EnlaceError.invalid("email", .taken)) {
                try await store.users.create(
                    email: Fixtures.email("viewer").uppercased(), name: "Twin", organization: "ES", roles: [.viewer],
                    password: "another long passphrase", actor: admin)
            }
            let weak = await #expect(throws: EnlaceError.self) {
                try await store.users.create(
                    email: "new@example.org", name: "New", organization: "ES", roles: [.viewer],
                    password: "qwertyuiop123", actor: admin)
            }
            #expect(weak == .invalid([FieldError("password", .commonPassword)]))
            let account = try await store.users.find(email: Fixtures.email("spare"))!
            let session = try await store.sessions.start(for: account, awaitingSecondFactor: false)
            let token = try await store.tokens.create(for: account, name: "job", scope: .read, actor: nil).secret
            #expect(try await store.sessions.resolve(session) != nil)
            #expect(try await store.tokens.resolve(token) != nil)
            _ = try await store.users.deactivate(id: account.id, actor: admin)
            #expect(try await store.sessions.resolve(session) == nil)
            #expect(try await store.tokens.resolve(token) == nil)
            _ = try await store.users.reactivate(id: account.id, actor: admin)
            #expect(try await store.sessions.resolve(session) == nil, "a reactivated account starts afresh")
            let signIn = try await store.authenticator.signIn(
                email: account.email, password: Fixtures.password, address: "10.0.0.1", device: nil)
            guard case .success = signIn else {
                Issue.record("the right password was refused: \(signIn)")
                return
            }
            // An administrator cannot lock themselves out: another administrator must.
            let own = await #expect(throws: EnlaceError.self) {
                try await store.users.deactivate(id: admin.userID, actor: admin)
            }
            #expect(own == .invalid([FieldError("active", .ownAccount)]))
            let demoted = await #expect(throws: EnlaceError.self) {
                try await store.users.setRoles(id: admin.userID, roles: [.viewer], actor: admin)
            }
            #expect(demoted == .invalid([FieldError("roles", .ownAccount)]))
            #expect(try await store.users.find(id: admin.userID).active)
            let roleChanges = try await store.audit.list(AuditLog.Filter(), limit: 200, cursor: nil).items.map(\.action)
            #expect(
                roleChanges.contains(.deactivate) && roleChanges.contains(.reactivate) && roleChanges.contains(.login))
        }
    }
}
