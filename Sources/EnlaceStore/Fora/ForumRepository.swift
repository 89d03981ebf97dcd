public import EnlaceCore
import Foundation
import SQLKit

/// The directory of fora and mechanisms, and their focal points.
///
/// The directory is public, as the bodies it describes are. Focal points are people: only members
/// (and those who see everything) read them; the secretariat and administrators keep both. Every
/// change is audited and takes the version it was read at.
public struct ForumRepository: Sendable {
    let database: Database
    let catalog: ReferenceCatalog
    let clock: WallClock
    let ids: IDGenerator

    /// Every forum, by acronym.
    public func all() async throws -> [Forum] {
        try await database.read { db in
            try await db.raw("SELECT * FROM fora").all().map(ForumColumns.decode)
        }.sorted { ($0.draft.acronym.lowercased(), $0.id) < ($1.draft.acronym.lowercased(), $1.id) }
    }

    /// Forum `id`.
    public func find(id: String) async throws -> Forum {
        let forum = try await database.read { db in
            try await db.raw("SELECT * FROM fora WHERE id = \(bind: id)").first().map(ForumColumns.decode)
        }
        guard let forum else { throw EnlaceError.notFound(entity: "forum", id: id) }
        return forum
    }

    /// Adds forum `input.id`.
    public func create(_ input: ForumInput, by actor: Principal) async throws -> Forum {
        guard ForumPolicy.canEdit(.person(actor)) else { throw EnlaceError.forbidden(field: nil) }
        let (id, draft) = try input.validatedNew(against: catalog)
        let forum = Forum(id: id, draft: draft, version: 1)
        try await database.write { db in
            if try await db.raw("SELECT id FROM fora WHERE id = \(bind: id)").first() != nil {
                throw EnlaceError.invalid([FieldError("id", .taken, ["value": id])])
            }
            try await checkParent(draft, of: id, db)
            try await db.insert(into: "fora").columns(ForumColumns.names).values(ForumColumns.values(of: forum)).run()
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .create, entityType: "forum", entityID: id,
                        changes: FieldChange.diff([:], Self.auditFields(forum)))
                ], at: clock.now(), db)
        }
        return forum
    }

    /// Replaces forum `id` with `input`, provided it is still at `expectedVersion`.
    public func update(
        id: String, with input: ForumInput, expectedVersion: Int?, by actor: Principal
    ) async throws
        -> Forum
    {
        guard ForumPolicy.canEdit(.person(actor)) else { throw EnlaceError.forbidden(field: nil) }
        let draft = try input.validated(against: catalog)
        return try await database.write { db in
            let (version, row) = try await VersionClaim.claim(
                "fora", entity: "forum", id: id, expected: expectedVersion, db)
            let current = try ForumColumns.decode(row)
            try await checkParent(draft, of: id, db)
            let updated = Forum(id: id, draft: draft, version: version + 1)
            var builder = db.update("fora").where("id", .equal, id)
            for (column, value) in zip(ForumColumns.names, ForumColumns.values(of: updated)) where column != "id" {
                builder = builder.set(column, to: value)
            }
            try await builder.run()
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .update, entityType: "forum", entityID: id,
                        changes: FieldChange.diff(Self.auditFields(current), Self.auditFields(updated)))
                ], at: clock.now(), db)
            return updated
        }
    }

    /// The focal points of forum `forum` (every forum's when nil), for a reader who may see them.
    public func contacts(forum: String? = nil, for viewer: Viewer) async throws -> [Contact] {
        guard ForumPolicy.canSeeContacts(viewer) else { throw EnlaceError.forbidden(field: nil) }
        if let forum { _ = try await find(id: forum) }
        return try await database.read { db in
            var query: SQLQueryString = "SELECT * FROM contacts"
            if let forum { query = query + " WHERE forum_id = \(bind: forum)" }
            return try await db.raw(query + " ORDER BY name, id").all().map(ForumColumns.decodeContact)
        }
    }

    /// Stores `contacts` as they are, without a person to answer for them: the demo's loader.
    public func insert(_ contacts: [Contact]) async throws {
        try await database.write { db in
            for contact in contacts {
                try await db.insert(into: "contacts").columns(ForumColumns.contactNames)
                    .values(ForumColumns.values(of: contact)).run()
            }
        }
    }

    /// Contact `id`, for a reader who may see it.
    public func contact(id: String, for viewer: Viewer) async throws -> Contact {
        guard ForumPolicy.canSeeContacts(viewer) else { throw EnlaceError.forbidden(field: nil) }
        let contact = try await database.read { db in
            try await db.raw("SELECT * FROM contacts WHERE id = \(bind: id)").first().map(ForumColumns.decodeContact)
        }
        guard let contact else { throw EnlaceError.notFound(entity: "contact", id: id) }
        return contact
    }

    /// Adds a focal point to forum `forum`.
    public func addContact(to forum: String, _ input: ContactInput, by actor: Principal) async throws -> Contact {
        guard ForumPolicy.canEdit(.person(actor)) else { throw EnlaceError.forbidden(field: nil) }
        let draft = try input.validated()
        _ = try await find(id: forum)
        let contact = Contact(id: ids.next(), forum: forum, draft: draft, version: 1)
        try await database.write { db in
            try await db.insert(into: "contacts").columns(ForumColumns.contactNames)
                .values(ForumColumns.values(of: contact)).run()
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .create, entityType: "contact", entityID: contact.id,
                        changes: FieldChange.diff([:], Self.auditFields(contact)))
                ], at: clock.now(), db)
        }
        return contact
    }

    /// Replaces contact `id` with `input`, provided it is still at `expectedVersion`.
    public func updateContact(
        id: String, with input: ContactInput, expectedVersion: Int?, by actor: Principal
    ) async throws -> Contact {
        guard ForumPolicy.canEdit(.person(actor)) else { throw EnlaceError.forbidden(field: nil) }
        let draft = try input.validated()
        return try await database.write { db in
            let (version, row) = try await VersionClaim.claim(
                "contacts", entity: "contact", id: id, expected: expectedVersion, db)
            let current = try ForumColumns.decodeContact(row)
            let updated = Contact(id: id, forum: current.forum, draft: draft, version: version + 1)
            var builder = db.update("contacts").where("id", .equal, id)
            for (column, value) in zip(ForumColumns.contactNames, ForumColumns.values(of: updated))
            where column != "id" {
                builder = builder.set(column, to: value)
            }
            try await builder.run()
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .update, entityType: "contact", entityID: id,
                        changes: FieldChange.diff(Self.auditFields(current), Self.auditFields(updated)))
                ], at: clock.now(), db)
            return updated
        }
    }

    /// Removes contact `id` (someone who left their post), provided it is still at `expectedVersion`.
    public func removeContact(id: String, expectedVersion: Int?, by actor: Principal) async throws {
        guard ForumPolicy.canEdit(.person(actor)) else { throw EnlaceError.forbidden(field: nil) }
        try await database.write { db in
            let (_, row) = try await VersionClaim.claim(
                "contacts", entity: "contact", id: id, expected: expectedVersion, db)
            let current = try ForumColumns.decodeContact(row)
            try await db.delete(from: "contacts").where("id", .equal, id).run()
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .delete, entityType: "contact", entityID: id,
                        changes: FieldChange.diff(Self.auditFields(current), [:]))
                ], at: clock.now(), db)
        }
    }

    /// A parent must be another forum that exists, and not one within this forum: the bodies form a tree.
    ///
    /// Writes that set a parent take turns, so two crossing changes cannot each pass and close a cycle.
    private func checkParent(_ draft: ForumDraft, of id: String, _ db: any SQLDatabase) async throws {
        guard let parent = draft.parent else { return }
        try await database.serialize(.foraTree, db)
        var seen: Set<String> = [id]
        var current: String? = parent
        while let next = current {
            guard seen.insert(next).inserted else {
                throw EnlaceError.invalid([FieldError("parent", .cycle, ["value": parent])])
            }
            guard let row = try await db.raw("SELECT parent FROM fora WHERE id = \(bind: next)").first() else {
                throw EnlaceError.invalid([FieldError("parent", .unknownCode, ["value": parent])])
            }
            current = try row.decode(column: "parent", as: String?.self)
        }
    }

    static func auditFields(_ forum: Forum) -> [String: String] {
        let draft = forum.draft
        var fields = [
            "acronym": draft.acronym, "scope": draft.scope.rawValue, "members": draft.members.joined(separator: ","),
            "keyAreas": draft.keyAreas.joined(separator: ","), "topics": draft.topics.joined(separator: ","),
        ]
        if let parent = draft.parent { fields["parent"] = parent }
        if let website = draft.website { fields["website"] = website }
        for (language, name) in draft.names.values { fields["names.\(language.rawValue)"] = name }
        for (language, text) in draft.description { fields["description.\(language.rawValue)"] = text }
        return fields
    }

    static func auditFields(_ contact: Contact) -> [String: String] {
        let draft = contact.draft
        return [
            "forum": contact.forum, "name": draft.name, "organization": draft.organization,
            "position": draft.position, "email": draft.email, "phone": draft.phone,
            "languages": draft.languages.map(\.rawValue).joined(separator: ","),
        ]
    }
}
