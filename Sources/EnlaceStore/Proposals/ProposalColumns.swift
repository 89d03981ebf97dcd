import EnlaceCore
import Foundation
import SQLKit

/// How proposals, their versions, rounds, positions and conferences map onto rows: the only writer
/// and reader of them.
enum ProposalColumns {
    static let names = [
        "id", "title", "leads", "key_areas", "topics", "fora", "needs", "activities", "status", "text_version",
        "version", "created_at", "updated_at",
    ]

    static func values(of proposal: Proposal) -> [any Encodable & Sendable] {
        let draft = proposal.draft
        return [
            proposal.id, proposal.text.title, draft.leads.joined(separator: ","), draft.keyAreas.joined(separator: ","),
            draft.topics.joined(separator: ","), draft.fora.joined(separator: ","), draft.needs.joined(separator: ","),
            draft.activities.joined(separator: ","), proposal.status.rawValue, proposal.textVersion, proposal.version,
            Timestamp.format(proposal.createdAt), Timestamp.format(proposal.updatedAt),
        ]
    }

    /// The proposal of `row`, with the text of its current version in `text`.
    static func decode(_ row: any SQLRow, text: ProposalText, circulated: Bool) throws -> Proposal {
        func string(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func list(_ column: String) throws -> [String] { try string(column).split(separator: ",").map(String.init) }
        guard let status = ProposalStatus(rawValue: try string("status")) else {
            throw StoreError.corruptRow(table: "proposals", column: "status")
        }
        return Proposal(
            id: try string("id"),
            draft: ProposalDraft(
                leads: try list("leads"), keyAreas: try list("key_areas"), topics: try list("topics"),
                fora: try list("fora"), needs: try list("needs"), activities: try list("activities")),
            text: text, textVersion: try row.decode(column: "text_version", as: Int.self), status: status,
            version: try row.decode(column: "version", as: Int.self),
            createdAt: try date(row, "created_at", "proposals"),
            updatedAt: try date(row, "updated_at", "proposals"), circulated: circulated)
    }

    static let versionNames =
        ["proposal_id", "number", "title"] + ProposalSection.allCases.map(\.rawValue) + [
            "note", "author", "created_at",
        ]

    static func values(of version: ProposalVersion, proposal: String) -> [any Encodable & Sendable] {
        let head: [any Encodable & Sendable] = [proposal, version.number, version.text.title]
        let sections: [any Encodable & Sendable] = ProposalSection.allCases.map { version.text[$0] }
        return head + sections + [version.note, version.author, Timestamp.format(version.createdAt)]
    }

    static func decodeVersion(_ row: any SQLRow) throws -> ProposalVersion {
        var sections: [ProposalSection: String] = [:]
        for section in ProposalSection.allCases {
            let text = try row.decode(column: section.rawValue, as: String.self)
            if !text.isEmpty { sections[section] = text }
        }
        return ProposalVersion(
            number: try row.decode(column: "number", as: Int.self),
            text: ProposalText(title: try row.decode(column: "title", as: String.self), sections: sections),
            note: try row.decode(column: "note", as: String.self),
            author: try row.decode(column: "author", as: String.self),
            createdAt: try date(row, "created_at", "proposal_versions"))
    }

    static func decodeTransition(_ row: any SQLRow) throws -> ProposalTransition {
        guard let from = ProposalStatus(rawValue: try row.decode(column: "from_status", as: String.self)),
            let to = ProposalStatus(rawValue: try row.decode(column: "to_status", as: String.self))
        else { throw StoreError.corruptRow(table: "proposal_transitions", column: "to_status") }
        return ProposalTransition(
            from: from, to: to, actor: try row.decode(column: "actor", as: String.self),
            at: try date(row, "at", "proposal_transitions"))
    }

    static let roundNames = [
        "id", "proposal_id", "number", "text_version", "closes_on", "invited", "meeting_id", "opened_at", "closed_at",
    ]

    static func values(of round: ConsultationRound) -> [any Encodable & Sendable] {
        [
            round.id, round.proposalID, round.number, round.textVersion, round.closesOn.iso,
            round.invited.joined(separator: ","), round.meetingID, Timestamp.format(round.openedAt),
            round.closedAt.map(Timestamp.format),
        ]
    }

    static func decodeRound(_ row: any SQLRow) throws -> ConsultationRound {
        func string(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        guard let closes = CalendarDate(iso: try string("closes_on")) else {
            throw StoreError.corruptRow(table: "consultation_rounds", column: "closes_on")
        }
        let closed = try row.decode(column: "closed_at", as: String?.self)
        return ConsultationRound(
            id: try string("id"), proposalID: try string("proposal_id"),
            number: try row.decode(column: "number", as: Int.self),
            textVersion: try row.decode(column: "text_version", as: Int.self), closesOn: closes,
            invited: try string("invited").split(separator: ",").map(String.init),
            meetingID: try row.decode(column: "meeting_id", as: String?.self),
            openedAt: try date(row, "opened_at", "consultation_rounds"),
            closedAt: try closed.map {
                guard let date = Timestamp.parse($0) else {
                    throw StoreError.corruptRow(table: "consultation_rounds", column: "closed_at")
                }
                return date
            })
    }

    static let positionNames = ["round_id", "member", "stance", "comments", "recorded_by", "updated_at", "revision"]

    static func values(of position: Position) throws -> [any Encodable & Sendable] {
        [
            position.roundID, position.member, position.stance.rawValue, try json(position.comments),
            position.recordedBy, Timestamp.format(position.updatedAt), position.revision,
        ]
    }

    static func decodePosition(_ row: any SQLRow) throws -> Position {
        func string(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        guard let stance = Stance(rawValue: try string("stance")) else {
            throw StoreError.corruptRow(table: "round_positions", column: "stance")
        }
        return Position(
            roundID: try string("round_id"), member: try string("member"), stance: stance,
            comments: try parse([String: String].self, try string("comments"), "round_positions", "comments"),
            recordedBy: try string("recorded_by"), updatedAt: try date(row, "updated_at", "round_positions"),
            revision: try row.decode(column: "revision", as: Int.self))
    }

    static let conferenceNames = ["id", "name", "starts_on", "ends_on", "venue", "sessions", "outcomes", "version"]

    static func values(of conference: Conference) throws -> [any Encodable & Sendable] {
        let draft = conference.draft
        return [
            conference.id, draft.name, draft.startsOn.iso, draft.endsOn.iso, draft.venue, try json(draft.sessions),
            try json(draft.outcomes.mapValues(\.rawValue)), conference.version,
        ]
    }

    static func decodeConference(_ row: any SQLRow) throws -> Conference {
        func string(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        guard let starts = CalendarDate(iso: try string("starts_on")),
            let ends = CalendarDate(iso: try string("ends_on"))
        else { throw StoreError.corruptRow(table: "conferences", column: "starts_on") }
        let outcomes = try parse([String: String].self, try string("outcomes"), "conferences", "outcomes")
        return Conference(
            id: try string("id"),
            draft: ConferenceDraft(
                name: try string("name"), startsOn: starts, endsOn: ends, venue: try string("venue"),
                sessions: try parse([ConferenceSession].self, try string("sessions"), "conferences", "sessions"),
                outcomes: outcomes.compactMapValues(ConferenceOutcome.init(rawValue:))),
            version: try row.decode(column: "version", as: Int.self))
    }

    private static func date(_ row: any SQLRow, _ column: String, _ table: String) throws -> Date {
        guard let date = Timestamp.parse(try row.decode(column: column, as: String.self)) else {
            throw StoreError.corruptRow(table: table, column: column)
        }
        return date
    }

    private static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func parse<T: Decodable>(
        _ type: T.Type, _ text: String, _ table: String, _ column: String
    ) throws
        -> T
    {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.corruptRow(table: table, column: column)
        }
    }
}
