import EnlaceCore
import EnlaceStore

/// Needs as the API writes and reads them.
enum NeedDTO {
    static let readOnlyMembers = ["id", "owner", "links", "effectiveStatus", "version", "createdAt", "updatedAt"]

    static func encode(_ view: NeedView) -> JSONValue {
        let need = view.need
        let draft = need.draft
        return .object([
            ("id", .string(need.id)), ("owner", .string(need.owner)), ("title", .string(draft.title)),
            ("country", .string(draft.country)), ("institution", .string(draft.institution)),
            ("keyAreas", .strings(draft.keyAreas)), ("topics", .strings(draft.topics)),
            ("description", .string(draft.description)), ("priority", .integer(draft.priority)),
            ("windowStart", .string(draft.windowStart.iso)), ("windowEnd", .string(draft.windowEnd.iso)),
            ("people", .integer(draft.people)), ("budget", draft.budget.map(CommonDTO.money) ?? .null),
            ("status", .string(draft.statusOverride?.rawValue)), ("effectiveStatus", .string(view.status.rawValue)),
            (
                "links",
                .array(
                    view.answers.map { .object([("activity", .string($0.id)), ("title", .string($0.draft.title))]) })
            ),
            ("releasability", CommonDTO.releasability(draft.releasability)),
            ("version", .integer(need.version)), ("createdAt", .string(Timestamp.format(need.createdAt))),
            ("updatedAt", .string(Timestamp.format(need.updatedAt))),
        ])
    }

    static func decode(_ body: JSONValue) -> (NeedInput, [FieldError]) {
        var reader = FieldReader(body)
        var input = NeedInput()
        input.title = reader.string("title")
        input.country = reader.string("country")
        input.institution = reader.string("institution")
        input.keyAreas = reader.strings("keyAreas")
        input.topics = reader.strings("topics")
        input.description = reader.string("description")
        input.priority = reader.integer("priority")
        input.windowStart = reader.string("windowStart")
        input.windowEnd = reader.string("windowEnd")
        input.people = reader.integer("people")
        input.budget = reader.money("budget")
        input.status = reader.string("status")
        input.releasability = CommonDTO.readReleasability(&reader)
        for member in readOnlyMembers { _ = reader.value(member) }
        reader.rejectUnknown()
        return (input, reader.errors)
    }

    static func encode(_ match: NeedMatching.Match) -> JSONValue {
        .object([
            ("activity", .string(match.activity.id)), ("title", .string(match.activity.draft.title)),
            ("owner", .string(match.activity.owner)), ("status", .integer(match.activity.draft.status.rawValue)),
            ("plannedStart", .string(match.activity.draft.plannedStart.iso)),
            ("plannedEnd", .string(match.activity.draft.plannedEnd.iso)),
            ("score", .number(OverlapWords.rounded(match.score))),
            ("reasons", .array(match.reasons.map(encode))),
        ])
    }

    static func encode(_ reason: NeedMatching.Reason) -> JSONValue {
        switch reason {
        case .topics(let topics): .object([("kind", .string("topics")), ("values", .strings(topics))])
        case .areas(let areas): .object([("kind", .string("areas")), ("values", .strings(areas))])
        case .window(let days): .object([("kind", .string("window")), ("days", .integer(days))])
        case .nearWindow(let days): .object([("kind", .string("near-window")), ("days", .integer(days))])
        case .institution: .object([("kind", .string("institution"))])
        case .open: .object([("kind", .string("open"))])
        }
    }
}
