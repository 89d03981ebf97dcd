public import EnlaceCore
import Foundation
import SQLKit

/// The international conferences proposals go to: their programme and what they decided.
///
/// Members and those who see everything read them; the secretariat and administrators keep them.
/// Recording that a conference adopted a presented proposal moves the proposal to adopted, in the
/// same transaction.
public struct ConferenceRepository: Sendable {
    let database: Database
    let clock: WallClock
    let ids: IDGenerator

    /// Every conference, latest first.
    public func list(for viewer: Viewer) async throws -> [Conference] {
        guard ProposalPolicy.canReadConsultations(viewer) else { throw EnlaceError.forbidden(field: nil) }
        return try await database.read { db in
            try await db.raw("SELECT * FROM conferences").all().map(ProposalColumns.decodeConference)
        }.sorted { ($0.draft.startsOn, $0.id) > ($1.draft.startsOn, $1.id) }
    }

    /// Conference `id`.
    public func find(id: String, for viewer: Viewer) async throws -> Conference {
        guard ProposalPolicy.canReadConsultations(viewer) else { throw EnlaceError.forbidden(field: nil) }
        let conference = try await database.read { db in
            try await db.raw("SELECT * FROM conferences WHERE id = \(bind: id)").first().map(
                ProposalColumns.decodeConference)
        }
        guard let conference else { throw EnlaceError.notFound(entity: "conference", id: id) }
        return conference
    }

    /// The conferences whose programme holds proposal `proposal`, for a reader of it.
    public func presenting(proposal: String, for viewer: Viewer) async throws -> [Conference] {
        try await list(for: viewer).filter { $0.draft.proposals.contains(proposal) }
    }

    /// Adds a conference.
    public func create(_ input: ConferenceInput, by actor: Principal) async throws -> Conference {
        guard ProposalPolicy.canRunWorkflow(.person(actor)) else { throw EnlaceError.forbidden(field: nil) }
        let draft = try input.validated()
        let conference = Conference(id: ids.next(), draft: draft, version: 1)
        let now = clock.now()
        try await database.write { db in
            try await Self.apply(draft, before: nil, by: actor, at: now, db)
            try await db.insert(into: "conferences").columns(ProposalColumns.conferenceNames)
                .values(try ProposalColumns.values(of: conference)).run()
            try await ProposalRepository.audit(
                actor, .create, conference.id, [:], Self.auditFields(draft), entity: "conference", at: now, db)
        }
        return conference
    }

    /// Replaces conference `id` with `input`, provided it is still at `expectedVersion`.
    public func update(
        id: String, with input: ConferenceInput, expectedVersion: Int?, by actor: Principal
    ) async throws -> Conference {
        guard ProposalPolicy.canRunWorkflow(.person(actor)) else { throw EnlaceError.forbidden(field: nil) }
        let draft = try input.validated()
        let now = clock.now()
        return try await database.write { db in
            let (version, row) = try await VersionClaim.claim(
                "conferences", entity: "conference", id: id, expected: expectedVersion, db)
            let current = try ProposalColumns.decodeConference(row)
            try await Self.apply(draft, before: current.draft, by: actor, at: now, db)
            let updated = Conference(id: id, draft: draft, version: version + 1)
            var builder = db.update("conferences").where("id", .equal, id)
            for (column, value) in zip(ProposalColumns.conferenceNames, try ProposalColumns.values(of: updated))
            where column != "id" {
                builder = builder.set(column, to: value)
            }
            try await builder.run()
            try await ProposalRepository.audit(
                actor, .update, id, Self.auditFields(current.draft), Self.auditFields(draft), entity: "conference",
                at: now, db)
            return updated
        }
    }

    /// Checks that every proposal on the programme is ready for it (endorsed or further, not withdrawn)
    /// and that an adopting outcome is for a presented proposal; moves newly adopted ones to adopted.
    private static func apply(
        _ draft: ConferenceDraft, before: ConferenceDraft?, by actor: Principal, at now: Date, _ db: any SQLDatabase
    ) async throws {
        let ready: Set<ProposalStatus> = [.endorsed, .presented, .adopted]
        var errors: [FieldError] = []
        var adopting: [(Proposal, Int)] = []
        for (index, session) in draft.sessions.enumerated() {
            for (place, id) in session.proposals.enumerated() {
                let proposal = try await ProposalRepository.rows(id, db).first
                guard let proposal, ready.contains(proposal.status) || before?.proposals.contains(id) == true else {
                    errors.append(
                        FieldError(
                            "sessions[\(index)].proposals[\(place)]", proposal == nil ? .unknownCode : .notPresented,
                            ["value": id, "status": proposal?.status.rawValue ?? ""]))
                    continue
                }
            }
        }
        // An adoption already recorded stands: the proposal it adopted may have spawned work since.
        for (id, outcome) in (before?.outcomes ?? [:]).sorted(by: { $0.key < $1.key }) where outcome.adopts {
            if draft.outcomes[id]?.adopts != true {
                errors.append(FieldError("outcomes.\(id)", .notEditable, ["value": outcome.rawValue]))
            }
        }
        for (id, outcome) in draft.outcomes.sorted(by: { $0.key < $1.key }) where outcome.adopts {
            guard try await db.raw("SELECT id FROM proposals WHERE id = \(bind: id)").first() != nil else { continue }
            // Claimed inside this write, so that a change to the proposal meanwhile is not overwritten.
            let (version, proposal) = try await ProposalRepository.claim(id, expected: nil, db)
            switch proposal.status {
            case .adopted: continue
            case .presented: adopting.append((proposal, version))
            default: errors.append(FieldError("outcomes.\(id)", .notPresented, ["status": proposal.status.rawValue]))
            }
        }
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
        for (proposal, version) in adopting {
            _ = try await ProposalRepository.record(proposal, to: .adopted, version: version, by: actor, at: now, db)
        }
    }

    static func auditFields(_ draft: ConferenceDraft) -> [String: String] {
        var fields = [
            "name": draft.name, "startsOn": draft.startsOn.iso, "endsOn": draft.endsOn.iso, "venue": draft.venue,
            "sessions": draft.sessions.map { "\($0.date.iso) \($0.start) \($0.title)" }.joined(separator: "; "),
        ]
        for (proposal, outcome) in draft.outcomes { fields["outcomes.\(proposal)"] = outcome.rawValue }
        return fields
    }
}
