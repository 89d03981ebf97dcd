import EnlaceCore

/// The API's representation of an activity, in both directions.
enum ActivityDTO {
    /// The members a client may not set; they are accepted when echoed back and otherwise ignored.
    /// (`overlaps` and `overlapNotice` come with the answer to a save.)
    static let readOnlyMembers = [
        "id", "owner", "version", "createdAt", "updatedAt", "overlaps", "overlapNotice", "vettingState",
        "iatiIdentifier",
    ]

    /// The JSON of `activity`.
    static func encode(_ activity: Activity) -> JSONValue {
        let draft = activity.draft
        let head: [(String, JSONValue)] = [
            ("id", .string(activity.id)),
            ("owner", .string(activity.owner)),
            ("title", .string(draft.title)),
            ("description", .string(draft.description)),
            ("language", .string(draft.language.rawValue)),
            (
                "providers",
                .array(
                    draft.providers.map {
                        .object([("organization", .string($0.organization)), ("role", .string($0.role.rawValue))])
                    })
            ),
            ("recipientCountries", .strings(draft.recipientCountries)),
            ("beneficiary", .string(draft.beneficiary)),
        ]
        let tail: [(String, JSONValue)] = [
            ("keyAreas", .strings(draft.keyAreas)),
            ("topics", .strings(draft.topics)),
            ("kind", .string(draft.kind.rawValue)),
            ("modality", .string(draft.modality.rawValue)),
            ("plannedStart", .string(draft.plannedStart.iso)),
            ("plannedEnd", .string(draft.plannedEnd.iso)),
            ("actualStart", .string(draft.actualStart?.iso)),
            ("actualEnd", .string(draft.actualEnd?.iso)),
            ("status", .integer(draft.status.rawValue)),
            ("participantsPlanned", .integer(draft.participantsPlanned)),
            ("participantsTrained", .integer(draft.participantsTrained)),
            (
                "budget",
                draft.budget.map { .object([("amount", .string($0.amountText)), ("currency", .string($0.currency))]) }
                    ?? .null
            ),
            (
                "location",
                draft.location.map {
                    .object([("name", .string($0.name)), ("lat", .number($0.lat)), ("lon", .number($0.lon))])
                } ?? .null
            ),
            (
                "releasability",
                .object([
                    ("marking", .string(draft.releasability.marking.rawValue)),
                    ("releasableTo", .strings(draft.releasability.releasableTo)),
                ])
            ),
            ("budgetLines", .array(draft.budgetLines.map(FundingDTO.encode))),
            ("transactions", .array(draft.transactions.map(FundingDTO.encode))),
            ("vetting", FundingDTO.encode(draft.vetting, kind: draft.kind)),
            ("vettingState", .string(draft.vetting.state(for: draft.kind).rawValue)),
            ("indicators", .array(draft.indicators.map(ResultDTO.encode))),
            ("version", .integer(activity.version)),
            ("createdAt", .string(Timestamp.format(activity.createdAt))),
            ("updatedAt", .string(Timestamp.format(activity.updatedAt))),
            ("iatiIdentifier", .string(activity.iatiIdentifier)),
        ]
        return .object(head + ActivityPartViews.encode(draft.parts) + tail)
    }

    /// The input a body describes, and the errors of shape (types, unknown members) found on the way.
    ///
    /// When `id` is given (an update), a body that names another id is refused.
    static func decode(_ body: JSONValue, id: String? = nil) -> (ActivityInput, [FieldError]) {
        var reader = FieldReader(body)
        var input = ActivityInput()
        input.title = reader.string("title")
        input.description = reader.string("description")
        input.language = reader.string("language")
        input.providers = reader.objects("providers") { provider in
            ActivityInput.ProviderInput(organization: provider.string("organization"), role: provider.string("role"))
        }
        input.recipientCountries = reader.strings("recipientCountries")
        input.beneficiary = reader.string("beneficiary")
        input.parts = ActivityPartViews.decode(&reader)
        input.keyAreas = reader.strings("keyAreas")
        input.topics = reader.strings("topics")
        input.kind = reader.string("kind")
        input.modality = reader.string("modality")
        input.plannedStart = reader.string("plannedStart")
        input.plannedEnd = reader.string("plannedEnd")
        input.actualStart = reader.string("actualStart")
        input.actualEnd = reader.string("actualEnd")
        input.status = reader.integer("status")
        input.participantsPlanned = reader.integer("participantsPlanned")
        input.participantsTrained = reader.integer("participantsTrained")
        input.budget = reader.money("budget")
        input.location = reader.object("location") { location in
            ActivityInput.LocationInput(
                name: location.string("name"), lat: location.number("lat"), lon: location.number("lon"))
        }
        input.releasability = reader.object("releasability") { releasability in
            ActivityInput.ReleasabilityInput(
                marking: releasability.string("marking"), releasableTo: releasability.strings("releasableTo"))
        }
        FundingDTO.decode(&reader, into: &input)
        ResultDTO.decode(&reader, into: &input)
        let sentID = reader.string("id")
        for member in readOnlyMembers where member != "id" { _ = reader.value(member) }
        reader.rejectUnknown()
        var errors = reader.errors
        if let sentID, sentID != id {
            errors.append(
                id.map { FieldError("id", .unchangeable, ["value": $0]) }
                    ?? FieldError("id", .invalidFormat, ["expected": "no id: Enlace gives one"]))
        }
        return (input, errors)
    }
}
