import EnlaceCore
import Foundation

/// Proposals, versions, rounds, positions and conferences as the API writes and reads them.
enum ProposalDTO {
    static func sections(_ text: ProposalText) -> JSONValue {
        .object(ProposalSection.allCases.map { ($0.rawValue, .string(text[$0])) })
    }

    static func encode(_ proposal: Proposal) -> JSONValue {
        let draft = proposal.draft
        return .object([
            ("id", .string(proposal.id)), ("title", .string(proposal.text.title)),
            ("sections", sections(proposal.text)), ("leads", .strings(draft.leads)),
            ("keyAreas", .strings(draft.keyAreas)), ("topics", .strings(draft.topics)), ("fora", .strings(draft.fora)),
            ("needs", .strings(draft.needs)), ("activities", .strings(draft.activities)),
            ("status", .string(proposal.status.rawValue)), ("textVersion", .integer(proposal.textVersion)),
            ("createdAt", .string(Timestamp.format(proposal.createdAt))),
            ("updatedAt", .string(Timestamp.format(proposal.updatedAt))), ("version", .integer(proposal.version)),
        ])
    }

    /// Members a reader gets but may not write; sent back unchanged they are ignored.
    static let readOnlyMembers = ["id", "status", "textVersion", "createdAt", "updatedAt", "version"]

    /// The input a body describes, and the errors of shape found on the way.
    static func decode(_ body: JSONValue) -> (ProposalInput, [FieldError]) {
        var reader = FieldReader(body)
        var input = ProposalInput()
        input.title = reader.string("title")
        input.sections = reader.texts("sections")
        input.note = reader.string("note")
        input.leads = reader.strings("leads")
        input.keyAreas = reader.strings("keyAreas")
        input.topics = reader.strings("topics")
        input.fora = reader.strings("fora")
        input.needs = reader.strings("needs")
        input.activities = reader.strings("activities")
        for member in readOnlyMembers { _ = reader.value(member) }
        reader.rejectUnknown()
        return (input, reader.errors)
    }

    static func encode(_ version: ProposalVersion) -> JSONValue {
        .object([
            ("number", .integer(version.number)), ("title", .string(version.text.title)),
            ("sections", sections(version.text)), ("note", .string(version.note)), ("author", .string(version.author)),
            ("createdAt", .string(Timestamp.format(version.createdAt))),
        ])
    }

    static func encode(_ runs: [WordDiff.Run]) -> JSONValue {
        .array(
            runs.map { run in
                switch run {
                case .same(let text): .object([("op", .string("same")), ("text", .string(text))])
                case .removed(let text): .object([("op", .string("removed")), ("text", .string(text))])
                case .added(let text): .object([("op", .string("added")), ("text", .string(text))])
                }
            })
    }

    static func encode(_ round: ConsultationRound, tally: RoundTally?, today: CalendarDate) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("proposal", .string(round.proposalID)), ("number", .integer(round.number)),
            ("textVersion", .integer(round.textVersion)), ("closesOn", .string(round.closesOn.iso)),
            ("invited", .strings(round.invited)), ("meetingID", .string(round.meetingID)),
            ("openedAt", .string(Timestamp.format(round.openedAt))),
            ("closedAt", .string(round.closedAt.map(Timestamp.format))), ("open", .bool(round.isOpen(on: today))),
        ]
        if let tally {
            members.append(
                (
                    "tally",
                    .object(
                        Stance.allCases.map { ($0.rawValue, .integer(tally.counts[$0] ?? 0)) } + [
                            ("answered", .strings(tally.answered)), ("pending", .strings(tally.pending)),
                        ])
                ))
        }
        return .object(members)
    }

    static func decode(round body: JSONValue) -> (RoundInput, [FieldError]) {
        var reader = FieldReader(body)
        var input = RoundInput()
        input.textVersion = reader.integer("textVersion")
        input.closesOn = reader.string("closesOn")
        input.invited = reader.strings("invited")
        input.meetingID = reader.string("meetingID")
        reader.rejectUnknown()
        return (input, reader.errors)
    }

    static func encode(_ position: Position) -> JSONValue {
        .object([
            ("member", .string(position.member)), ("stance", .string(position.stance.rawValue)),
            (
                "comments",
                .object(Position.commentKeys.compactMap { key in position.comments[key].map { (key, .string($0)) } })
            ),
            ("recordedBy", .string(position.recordedBy)), ("updatedAt", .string(Timestamp.format(position.updatedAt))),
            ("revision", .integer(position.revision)),
        ])
    }

    static func decode(position body: JSONValue) -> (PositionInput, [FieldError]) {
        var reader = FieldReader(body)
        var input = PositionInput()
        input.stance = reader.string("stance")
        input.comments = reader.texts("comments")
        for member in ["member", "recordedBy", "updatedAt", "revision"] { _ = reader.value(member) }
        reader.rejectUnknown()
        return (input, reader.errors)
    }

    static func encode(_ conference: Conference) -> JSONValue {
        let draft = conference.draft
        return .object([
            ("id", .string(conference.id)), ("name", .string(draft.name)), ("startsOn", .string(draft.startsOn.iso)),
            ("endsOn", .string(draft.endsOn.iso)), ("venue", .string(draft.venue)),
            (
                "sessions",
                .array(
                    draft.sessions.map { session in
                        .object([
                            ("title", .string(session.title)), ("date", .string(session.date.iso)),
                            ("start", .string(session.start)), ("end", .string(session.end)),
                            ("chair", .string(session.chair)), ("proposals", .strings(session.proposals)),
                        ])
                    })
            ),
            (
                "outcomes",
                .object(draft.outcomes.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value.rawValue)) })
            ),
            ("version", .integer(conference.version)),
        ])
    }

    static func decode(conference body: JSONValue) -> (ConferenceInput, [FieldError]) {
        var reader = FieldReader(body)
        var input = ConferenceInput()
        input.name = reader.string("name")
        input.startsOn = reader.string("startsOn")
        input.endsOn = reader.string("endsOn")
        input.venue = reader.string("venue")
        input.sessions = reader.objects("sessions") { session in
            ConferenceInput.SessionInput(
                title: session.string("title"), date: session.string("date"), start: session.string("start"),
                end: session.string("end"), chair: session.string("chair"), proposals: session.strings("proposals"))
        }
        input.outcomes = reader.texts("outcomes")
        for member in ["id", "version"] { _ = reader.value(member) }
        reader.rejectUnknown()
        return (input, reader.errors)
    }

    static func encode(_ record: SpawnedRecord) -> JSONValue {
        .object([
            ("kind", .string(record.kind.rawValue)), ("id", .string(record.id)),
            ("createdAt", .string(Timestamp.format(record.createdAt))),
        ])
    }

    static func decode(spawn body: JSONValue) -> (SpawnInput, [FieldError]) {
        var reader = FieldReader(body)
        var input = SpawnInput()
        input.kind = reader.string("kind")
        input.recipientCountries = reader.strings("recipientCountries")
        input.plannedStart = reader.string("plannedStart")
        input.plannedEnd = reader.string("plannedEnd")
        input.firstDate = reader.string("firstDate")
        input.startTime = reader.string("startTime")
        input.rhythm = reader.string("rhythm")
        reader.rejectUnknown()
        return (input, reader.errors)
    }
}
