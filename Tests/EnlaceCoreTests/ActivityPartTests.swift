import EnlaceCore
import Foundation
import Testing

/// The description of an activity's parts: what the audit, the redaction and the validation read from it.
@Suite("Activity parts")
struct ActivityPartTests {
    private let contact = PartnerContact(name: "Ana Pérez", email: "ana.perez@example.org")

    @Test("parts compare and hash by kind and content; a kind is held once")
    func identity() {
        var one = ActivityParts()
        var two = ActivityParts()
        #expect(one == two)
        one[PartnerContact.self] = contact
        #expect(one != two)
        two.insert(contact)
        #expect(one == two && one.hashValue == two.hashValue)
        two[PartnerContact.self]?.phone = "+504 2222 0000"
        #expect(one != two)
        #expect(two.present.count == 1)
        two.remove(named: PartnerContact.name)
        #expect(two.present.isEmpty && two[PartnerContact.self] == nil)
    }

    @Test("texts all empty are no part; each problem is named by the field's full name")
    func validation() throws {
        var input = ActivityInput(try Self.draft())
        input.parts = [PartnerContact.name: ["name": " ", "position": ""]]
        #expect(try input.validated(against: testCatalog).parts.present.isEmpty)
        input.parts = [PartnerContact.name: ["email": "nobody"], "noSuchPart": ["x": "y"]]
        #expect(throws: EnlaceError.self) { try input.validated(against: testCatalog) }
        do {
            _ = try input.validated(against: testCatalog)
        } catch .invalid(let errors) {
            #expect(Set(errors.map(\.field)) == ["partnerContact.name", "partnerContact.email"])
        } catch {
            Issue.record("\(error)")
        }
        input.parts = [PartnerContact.name: ["name": " Ana Pérez ", "email": "ana.perez@example.org"]]
        #expect(try input.validated(against: testCatalog).partnerContact == contact)
    }

    @Test("the audit names each field; a reader who may not read a part loses it and its history")
    func auditAndRedaction() throws {
        var draft = try Self.draft()
        draft.partnerContact = contact
        let activity = Activity(
            id: "a", owner: "US-INL", draft: draft, version: 1, createdAt: .distantPast, updatedAt: .distantPast)
        #expect(activity.auditFields["partnerContact.name"] == "Ana Pérez")
        #expect(activity.auditFields["partnerContact.position"] == nil)
        let visitor = activity.redacted(for: .anonymous)
        #expect(visitor.draft.partnerContact == nil)
        #expect(!visitor.isSameView(as: activity))
        let entry = AuditEntry(
            sequence: 1, occurredAt: .distantPast, actorUser: nil, actorOrganization: nil, action: .create,
            entityType: "activity", entityID: "a",
            changes: [
                FieldChange(field: "releasability.marking", before: nil, after: "public"),
                FieldChange(field: "partnerContact.email", before: nil, after: "a@example.org"),
                FieldChange(field: "partnerContactNotes", before: nil, after: "kept"),
            ])
        let seen = activity.auditEntries([entry], for: .anonymous).flatMap { $0.changes.map(\.field) }
        #expect(seen == ["releasability.marking", "partnerContactNotes"])
    }

    private static func draft() throws -> ActivityDraft {
        var input = validInput()
        input.releasability = .init(marking: "public", releasableTo: nil)
        return try input.validated(against: testCatalog)
    }
}
