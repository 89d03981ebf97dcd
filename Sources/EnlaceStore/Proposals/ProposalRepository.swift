public import EnlaceCore
import Foundation
import SQLKit

/// Proposals of the coordinating entity: their kept versions, their way through the workflow, and
/// (in `ProposalRepository+Rounds`) the consultation rounds on them.
///
/// Reading follows ``ProposalPolicy``: a proposal the reader may not see is absent, and so are the
/// linked needs and activities the reader may not see. Every change is audited and takes the
/// version it was read at.
public struct ProposalRepository: Sendable {
    let database: Database
    let catalog: ReferenceCatalog
    let clock: WallClock
    let ids: IDGenerator
    let directory: OrganizationDirectory
    let activities: ActivityReadModel
    let needs: NeedRepository
    let meetings: MeetingRepository

    /// The day the store's clock is in (UTC): rounds close on or after it.
    public var today: CalendarDate { CalendarDate.today(clock) }

    /// Every proposal `viewer` may read, most recently changed first.
    public func list(for viewer: Viewer) async throws -> [Proposal] {
        let stored = try await database.read { db in try await Self.rows(nil, db) }
        var result: [Proposal] = []
        for proposal in stored where Self.canRead(proposal, viewer) {
            result.append(try await visibleLinks(proposal, for: viewer))
        }
        return result.sorted { ($0.updatedAt, $0.id) > ($1.updatedAt, $1.id) }
    }

    /// Proposal `id`, when `viewer` may read it.
    public func find(id: String, for viewer: Viewer) async throws -> Proposal {
        try await visibleLinks(try await readable(id, for: viewer), for: viewer)
    }

    /// The proposals `viewer` may read that concern forum `forum`.
    public func linking(forum: String, for viewer: Viewer) async throws -> [Proposal] {
        try await list(for: viewer).filter { $0.draft.fora.contains(forum) }
    }

    /// Every kept version of proposal `id`, oldest first.
    public func versions(id: String, for viewer: Viewer) async throws -> [ProposalVersion] {
        _ = try await readable(id, for: viewer)
        return try await database.read { db in
            try await db.raw("SELECT * FROM proposal_versions WHERE proposal_id = \(bind: id) ORDER BY number").all()
                .map(ProposalColumns.decodeVersion)
        }
    }

    /// Version `number` of proposal `id`.
    public func version(id: String, number: Int, for viewer: Viewer) async throws -> ProposalVersion {
        _ = try await readable(id, for: viewer)
        let version = try await database.read { db in
            try await db.raw(
                "SELECT * FROM proposal_versions WHERE proposal_id = \(bind: id) AND number = \(bind: number)"
            ).first().map(ProposalColumns.decodeVersion)
        }
        guard let version else { throw EnlaceError.notFound(entity: "proposal version", id: "\(id)/\(number)") }
        return version
    }

    /// The moves of proposal `id` along the workflow, oldest first.
    public func transitions(id: String, for viewer: Viewer) async throws -> [ProposalTransition] {
        _ = try await readable(id, for: viewer)
        return try await database.read { db in
            try await db.raw(
                "SELECT * FROM proposal_transitions WHERE proposal_id = \(bind: id) ORDER BY position"
            ).all().map(ProposalColumns.decodeTransition)
        }
    }

    /// Puts a proposal forward as a draft, its text as version 1.
    public func create(_ input: ProposalInput, by actor: Principal) async throws -> Proposal {
        guard ProposalPolicy.canCreate(.person(actor)) else { throw EnlaceError.forbidden(field: nil) }
        let (text, note, draft) = try await validated(input, by: actor, keeping: nil)
        let now = clock.now()
        let proposal = Proposal(
            id: ids.next(), draft: draft, text: text, textVersion: 1, status: .draft, version: 1, createdAt: now,
            updatedAt: now)
        let first = ProposalVersion(number: 1, text: text, note: note, author: actor.email, createdAt: now)
        try await database.write { db in
            try await db.insert(into: "proposals").columns(ProposalColumns.names)
                .values(ProposalColumns.values(of: proposal)).run()
            try await db.insert(into: "proposal_versions").columns(ProposalColumns.versionNames)
                .values(ProposalColumns.values(of: first, proposal: proposal.id)).run()
            try await Self.audit(actor, .create, proposal.id, [:], Self.auditFields(proposal), at: now, db)
        }
        return try await find(id: proposal.id, for: .person(actor))
    }

    /// Revises proposal `id`: a changed title or section makes a new version; leads, areas and links
    /// change in place. Text, leads and areas change only while the proposal is a draft or revised.
    public func update(
        id: String, with input: ProposalInput, expectedVersion: Int?, by actor: Principal
    ) async throws -> Proposal {
        let current = try await readable(id, for: .person(actor))
        guard ProposalPolicy.canEdit(.person(actor), leads: current.draft.leads) else {
            throw EnlaceError.forbidden(field: nil)
        }
        let (text, note, draft) = try await validated(input, by: actor, keeping: current)
        let now = clock.now()
        try await database.write { db in
            let (version, stored) = try await Self.claim(id, expected: expectedVersion, db)
            let textChanged = text != stored.text
            if !stored.status.textEditable {
                var errors: [FieldError] = []
                if text.title != stored.text.title { errors.append(FieldError("title", .notEditable)) }
                for section in ProposalSection.allCases where text[section] != stored.text[section] {
                    errors.append(FieldError("sections.\(section.rawValue)", .notEditable))
                }
                for (field, changed) in [
                    ("leads", draft.leads != stored.draft.leads), ("keyAreas", draft.keyAreas != stored.draft.keyAreas),
                    ("topics", draft.topics != stored.draft.topics),
                ] where changed {
                    errors.append(FieldError(field, .notEditable, ["status": stored.status.rawValue]))
                }
                if !errors.isEmpty { throw EnlaceError.invalid(errors) }
            }
            var updated = stored
            updated.draft = draft
            updated.text = text
            updated.version = version + 1
            updated.updatedAt = now
            if textChanged {
                updated.textVersion = stored.textVersion + 1
                let revision = ProposalVersion(
                    number: updated.textVersion, text: text, note: note, author: actor.email, createdAt: now)
                try await db.insert(into: "proposal_versions").columns(ProposalColumns.versionNames)
                    .values(ProposalColumns.values(of: revision, proposal: id)).run()
            }
            try await Self.save(updated, db)
            try await Self.audit(actor, .update, id, Self.auditFields(stored), Self.auditFields(updated), at: now, db)
        }
        // The links the editor may not read were kept; the answer, a read by the editor, leaves them out.
        return try await find(id: id, for: .person(actor))
    }

    /// Moves proposal `id` to `status`, along the workflow's graph only; the secretariat and
    /// administrators run it. Leaving consultation closes the open round.
    public func move(
        id: String, to status: ProposalStatus, expectedVersion: Int?, by actor: Principal
    ) async throws -> Proposal {
        let current = try await readable(id, for: .person(actor))
        guard ProposalPolicy.canRunWorkflow(.person(actor)) else { throw EnlaceError.forbidden(field: "status") }
        try current.status.checkMove(to: status)
        let now = clock.now()
        _ = try await database.write { db in
            let (version, stored) = try await Self.claim(id, expected: expectedVersion, db)
            try stored.status.checkMove(to: status)
            return try await Self.record(stored, to: status, version: version, by: actor, at: now, db)
        }
        return try await find(id: id, for: .person(actor))
    }

    /// Claims proposal `id` at `expected` (any version when nil) inside a write, and reads it whole
    /// after the claim, so that what the write builds on is what it replaces.
    static func claim(_ id: String, expected: Int?, _ db: any SQLDatabase) async throws -> (Int, Proposal) {
        let (version, _) = try await VersionClaim.claim("proposals", entity: "proposal", id: id, expected: expected, db)
        guard let proposal = try await rows(id, db).first else {
            throw EnlaceError.notFound(entity: "proposal", id: id)
        }
        return (version, proposal)
    }

    /// Writes the move of `proposal` (claimed at `version`) to `status`, with its transition and audit.
    static func record(
        _ proposal: Proposal, to status: ProposalStatus, version: Int, by actor: Principal, at now: Date,
        _ db: any SQLDatabase
    ) async throws -> Proposal {
        var updated = proposal
        updated.status = status
        updated.version = version + 1
        updated.updatedAt = now
        try await save(updated, db)
        let position =
            try await db.raw(
                "SELECT COUNT(*) AS n FROM proposal_transitions WHERE proposal_id = \(bind: proposal.id)"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        try await db.insert(into: "proposal_transitions")
            .columns("proposal_id", "position", "from_status", "to_status", "actor", "at")
            .values(
                proposal.id, position + 1, proposal.status.rawValue, status.rawValue, actor.email, Timestamp.format(now)
            )
            .run()
        if proposal.status == .inConsultation {
            try await db.update("consultation_rounds").set("closed_at", to: Timestamp.format(now))
                .where("proposal_id", .equal, proposal.id).where("closed_at", .is, SQLLiteral.null).run()
        }
        try await audit(
            actor, .update, proposal.id, ["status": proposal.status.rawValue], ["status": status.rawValue], at: now, db)
        return updated
    }

    /// The proposal `id` as stored, when `viewer` may read it (links unfiltered).
    func readable(_ id: String, for viewer: Viewer) async throws -> Proposal {
        let proposal = try await database.read { db in try await Self.rows(id, db).first }
        guard let proposal, Self.canRead(proposal, viewer) else {
            throw EnlaceError.notFound(entity: "proposal", id: id)
        }
        return proposal
    }

    static func canRead(_ proposal: Proposal, _ viewer: Viewer) -> Bool {
        ProposalPolicy.canRead(viewer, leads: proposal.draft.leads, circulated: proposal.circulated)
    }

    /// `proposal` without the needs and activities `viewer` may not see.
    private func visibleLinks(_ proposal: Proposal, for viewer: Viewer) async throws -> Proposal {
        var result = proposal
        let (activityIDs, needIDs) = try await visible(proposal.draft, for: viewer)
        result.draft.activities = proposal.draft.activities.filter(activityIDs.contains)
        result.draft.needs = proposal.draft.needs.filter(needIDs.contains)
        return result
    }

    /// Which of `draft`'s linked activities and needs `viewer` may see.
    private func visible(_ draft: ProposalDraft, for viewer: Viewer) async throws -> (Set<String>, Set<String>) {
        let index = try await activities.index(database)
        let activityIDs = Set(draft.activities.filter { index.activity(id: $0, for: viewer) != nil })
        var needIDs = Set<String>()
        for need in draft.needs where (try? await needs.find(id: need, for: viewer)) != nil { needIDs.insert(need) }
        return (activityIDs, needIDs)
    }

    /// What a proposal's validation checks codes against: member organisations and the fora.
    public func references() async throws -> ProposalReferences {
        let snapshot = try await directory.current(database)
        let fora = Set(
            try await database.read { db in
                try await db.raw("SELECT id FROM fora").all().map { try $0.decode(column: "id", as: String.self) }
            })
        return ProposalReferences(
            isLeadOrganization: { snapshot.byCode[$0]?.isMember == true }, isForum: { fora.contains($0) })
    }

    /// The text, note and draft of `input`, with links checked against what `actor` may see; links
    /// `current` holds that `actor` may not see are kept.
    private func validated(
        _ input: ProposalInput, by actor: Principal, keeping current: Proposal?
    ) async throws -> (ProposalText, String, ProposalDraft) {
        let (text, note, checked) = try input.validated(against: catalog, references: try await references())
        var draft = checked
        var errors: [FieldError] = []
        let (activityIDs, needIDs) = try await visible(draft, for: .person(actor))
        for (index, id) in draft.activities.enumerated() where !activityIDs.contains(id) {
            errors.append(FieldError("activities[\(index)]", .unknownCode, ["value": id]))
        }
        for (index, id) in draft.needs.enumerated() where !needIDs.contains(id) {
            errors.append(FieldError("needs[\(index)]", .unknownCode, ["value": id]))
        }
        if !ProposalPolicy.canRunWorkflow(.person(actor)) && !ProposalPolicy.isLead(actor, draft.leads) {
            errors.append(FieldError("leads", .forbidden))
        }
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
        if let current {
            let (seenActivities, seenNeeds) = try await visible(current.draft, for: .person(actor))
            draft.activities += current.draft.activities.filter { !seenActivities.contains($0) }
            draft.needs += current.draft.needs.filter { !seenNeeds.contains($0) }
        }
        return (text, note, draft)
    }

    /// Stored proposals (`id` alone when given), each with its current text.
    static func rows(_ id: String?, _ db: any SQLDatabase) async throws -> [Proposal] {
        var query: SQLQueryString = "SELECT * FROM proposals"
        var versions: SQLQueryString =
            "SELECT v.* FROM proposal_versions v JOIN proposals p ON p.id = v.proposal_id AND p.text_version = v.number"
        // A proposal has been put to the members once it has moved into consultation.
        var circulated: SQLQueryString =
            "SELECT DISTINCT proposal_id FROM proposal_transitions WHERE to_status = \(bind: ProposalStatus.inConsultation.rawValue)"
        if let id {
            query = query + " WHERE id = \(bind: id)"
            versions = versions + " WHERE p.id = \(bind: id)"
            circulated = circulated + " AND proposal_id = \(bind: id)"
        }
        var texts: [String: ProposalText] = [:]
        for row in try await db.raw(versions).all() {
            texts[try row.decode(column: "proposal_id", as: String.self)] = try ProposalColumns.decodeVersion(row).text
        }
        let out = Set(try await db.raw(circulated).all().map { try $0.decode(column: "proposal_id", as: String.self) })
        return try await db.raw(query).all().map { row in
            let id = try row.decode(column: "id", as: String.self)
            guard let text = texts[id] else {
                throw StoreError.corruptRow(table: "proposal_versions", column: "number")
            }
            return try ProposalColumns.decode(row, text: text, circulated: out.contains(id))
        }
    }

    static func save(_ proposal: Proposal, _ db: any SQLDatabase) async throws {
        var builder = db.update("proposals").where("id", .equal, proposal.id)
        for (column, value) in zip(ProposalColumns.names, ProposalColumns.values(of: proposal)) where column != "id" {
            builder = builder.set(column, to: value)
        }
        try await builder.run()
    }

    static func audit(
        _ actor: Principal, _ action: AuditAction, _ id: String, _ before: [String: String],
        _ after: [String: String], entity: String = "proposal", at now: Date, _ db: any SQLDatabase
    ) async throws {
        try await AuditLog.append(
            [
                AuditRecord(
                    actor: actor, action: action, entityType: entity, entityID: id,
                    changes: FieldChange.diff(before, after))
            ], at: now, db)
    }

    static func auditFields(_ proposal: Proposal) -> [String: String] {
        let draft = proposal.draft
        var fields = [
            "title": proposal.text.title, "leads": draft.leads.joined(separator: ","),
            "keyAreas": draft.keyAreas.joined(separator: ","), "topics": draft.topics.joined(separator: ","),
            "fora": draft.fora.joined(separator: ","), "needs": draft.needs.joined(separator: ","),
            "activities": draft.activities.joined(separator: ","), "status": proposal.status.rawValue,
            "textVersion": String(proposal.textVersion),
        ]
        for (section, text) in proposal.text.sections { fields["sections.\(section.rawValue)"] = text }
        return fields
    }
}
