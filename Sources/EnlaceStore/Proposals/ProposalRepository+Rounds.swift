public import EnlaceCore
import Foundation
import SQLKit

extension ProposalRepository {
    /// The rounds of proposal `id`, first first.
    public func rounds(proposal id: String, for viewer: Viewer) async throws -> [ConsultationRound] {
        _ = try await readable(id, for: viewer)
        let rounds = try await database.read { db in
            try await db.raw("SELECT * FROM consultation_rounds WHERE proposal_id = \(bind: id) ORDER BY number").all()
                .map(ProposalColumns.decodeRound)
        }
        var result: [ConsultationRound] = []
        for round in rounds { result.append(try await withVisibleMeeting(round, for: viewer)) }
        return result
    }

    /// `round` without its meeting when `viewer` may not read that meeting.
    private func withVisibleMeeting(_ round: ConsultationRound, for viewer: Viewer) async throws -> ConsultationRound {
        guard let meeting = round.meetingID, (try? await meetings.meeting(id: meeting, for: viewer)) == nil else {
            return round
        }
        var hidden = round
        hidden.meetingID = nil
        return hidden
    }

    /// Round `number` of proposal `id`.
    public func round(proposal id: String, number: Int, for viewer: Viewer) async throws -> ConsultationRound {
        _ = try await readable(id, for: viewer)
        let round = try await database.read { db in
            try await db.raw(
                "SELECT * FROM consultation_rounds WHERE proposal_id = \(bind: id) AND number = \(bind: number)"
            ).first().map(ProposalColumns.decodeRound)
        }
        guard let round else { throw EnlaceError.notFound(entity: "round", id: "\(id)/\(number)") }
        return try await withVisibleMeeting(round, for: viewer)
    }

    /// The positions taken in round `number` of proposal `id`, in the order members were invited.
    public func positions(proposal id: String, round number: Int, for viewer: Viewer) async throws -> [Position] {
        let round = try await round(proposal: id, number: number, for: viewer)
        let positions = try await database.read { db in
            try await db.raw("SELECT * FROM round_positions WHERE round_id = \(bind: round.id)").all()
                .map(ProposalColumns.decodePosition)
        }
        return positions.sorted {
            (round.invited.firstIndex(of: $0.member) ?? .max) < (round.invited.firstIndex(of: $1.member) ?? .max)
        }
    }

    /// The rounds held at meeting `meeting`, with their proposals, of the proposals `viewer` may read.
    public func rounds(atMeeting meeting: String, for viewer: Viewer) async throws -> [(Proposal, ConsultationRound)] {
        let rounds = try await database.read { db in
            try await db.raw("SELECT * FROM consultation_rounds WHERE meeting_id = \(bind: meeting) ORDER BY opened_at")
                .all().map(ProposalColumns.decodeRound)
        }
        var result: [(Proposal, ConsultationRound)] = []
        for round in rounds {
            if let proposal = try? await find(id: round.proposalID, for: viewer) { result.append((proposal, round)) }
        }
        return result
    }

    /// Whether `code` may be invited to a round: a member government.
    func invitable(_ snapshot: OrganizationDirectory.Snapshot) -> @Sendable (String) -> Bool {
        { code in snapshot.byCode[code].map(ProposalPolicy.isInvitable) ?? false }
    }

    /// Opens a consultation round on proposal `id`; the secretariat and administrators do. A draft or a
    /// revised proposal moves into consultation with it; only one round is open at a time.
    public func openRound(
        proposal id: String, _ input: RoundInput, by actor: Principal
    ) async throws
        -> ConsultationRound
    {
        let current = try await readable(id, for: .person(actor))
        guard ProposalPolicy.canRunWorkflow(.person(actor)) else { throw EnlaceError.forbidden(field: nil) }
        let today = CalendarDate.today(clock)
        let snapshot = try await directory.current(database)
        let (checkedVersion, closes, invited, meetingID) = try input.validated(
            today: today, versions: current.textVersion, isInvitable: invitable(snapshot))
        if let meetingID {
            do {
                _ = try await meetings.meeting(id: meetingID, for: .person(actor))
            } catch EnlaceError.notFound {
                throw EnlaceError.invalid("meetingID", .unknownCode, ["value": meetingID])
            }
        }
        let now = clock.now()
        return try await database.write { db in
            let (version, stored) = try await Self.claim(id, expected: nil, db)
            // Unless a version was named, the round is on the text as it stands now, inside the write.
            let textVersion = input.textVersion == nil ? stored.textVersion : checkedVersion
            guard stored.status.canOpenRound else {
                throw EnlaceError.invalid(
                    "status", .invalidTransition,
                    ["from": stored.status.rawValue, "to": ProposalStatus.inConsultation.rawValue])
            }
            let rounds = try await db.raw(
                "SELECT * FROM consultation_rounds WHERE proposal_id = \(bind: id) ORDER BY number"
            ).all().map(ProposalColumns.decodeRound)
            if let open = rounds.last(where: { $0.isOpen(on: today) }) {
                throw EnlaceError.invalid("closesOn", .roundOpen, ["number": "\(open.number)"])
            }
            let round = ConsultationRound(
                id: ids.next(), proposalID: id, number: (rounds.last?.number ?? 0) + 1, textVersion: textVersion,
                closesOn: closes, invited: invited, meetingID: meetingID, openedAt: now, closedAt: nil)
            if stored.status == .inConsultation {
                var touched = stored
                touched.version = version + 1
                touched.updatedAt = now
                try await Self.save(touched, db)
            } else {
                _ = try await Self.record(stored, to: .inConsultation, version: version, by: actor, at: now, db)
            }
            try await db.insert(into: "consultation_rounds").columns(ProposalColumns.roundNames)
                .values(ProposalColumns.values(of: round)).run()
            try await Self.audit(
                actor, .create, round.id, [:],
                [
                    "proposal": id, "number": "\(round.number)", "textVersion": "\(textVersion)",
                    "closesOn": closes.iso,
                    "invited": invited.joined(separator: ","), "meeting": meetingID ?? "",
                ], entity: "round", at: now, db)
            return round
        }
    }

    /// Records (or changes) the position of `member` in round `number` of proposal `id`, while the round
    /// is open: until its closing date, and while the proposal is in consultation.
    public func recordPosition(
        proposal id: String, round number: Int, member: String, _ input: PositionInput, by actor: Principal
    ) async throws -> Position {
        let round = try await round(proposal: id, number: number, for: .person(actor))
        guard round.invited.contains(member) else {
            throw EnlaceError.invalid("member", .notInvited, ["value": member])
        }
        guard ProposalPolicy.canAnswer(.person(actor), for: member) else {
            throw EnlaceError.forbidden(field: "member")
        }
        let (stance, comments) = try input.validated()
        let today = CalendarDate.today(clock)
        let now = clock.now()
        return try await database.write { db in
            // Take the round's row inside the write (a no-op update locks it on PostgreSQL): the workflow
            // may have closed it meanwhile, and two answers of one member must not race.
            let fresh = try await db.raw(
                "UPDATE consultation_rounds SET closed_at = closed_at WHERE id = \(bind: round.id) RETURNING *"
            ).first().map(ProposalColumns.decodeRound)
            guard let fresh, fresh.isOpen(on: today) else {
                throw EnlaceError.invalid("round", .roundClosed, ["date": round.closesOn.iso])
            }
            let previous = try await db.raw(
                "SELECT * FROM round_positions WHERE round_id = \(bind: round.id) AND member = \(bind: member)"
            ).first().map(ProposalColumns.decodePosition)
            let position = Position(
                roundID: round.id, member: member, stance: stance, comments: comments, recordedBy: actor.email,
                updatedAt: now, revision: (previous?.revision ?? 0) + 1)
            if previous != nil {
                try await db.delete(from: "round_positions").where("round_id", .equal, round.id)
                    .where("member", .equal, member).run()
            }
            try await db.insert(into: "round_positions").columns(ProposalColumns.positionNames)
                .values(try ProposalColumns.values(of: position)).run()
            try await Self.audit(
                actor, previous == nil ? .create : .update, "\(round.id)/\(member)",
                previous.map(Self.auditFields) ?? [:], Self.auditFields(position), entity: "position", at: now, db)
            return position
        }
    }

    static func auditFields(_ position: Position) -> [String: String] {
        var fields = ["stance": position.stance.rawValue]
        for (key, text) in position.comments { fields["comments.\(key)"] = text }
        return fields
    }
}
