public import Foundation

/// What an adopted proposal may spawn for its operational mechanisms.
public enum SpawnKind: String, CaseIterable, Sendable, Codable {
    /// A draft activity (in the pipeline) of one lead organisation.
    case activity
    /// A new meeting series that runs the mechanisms.
    case series
}

/// A record spawned by a proposal, kept as a link back to it.
public struct SpawnedRecord: Sendable, Hashable {
    public var kind: SpawnKind
    /// The activity's or the series' id.
    public var id: String
    public var createdAt: Date

    /// Creates the record.
    public init(kind: SpawnKind, id: String, createdAt: Date) {
        self.kind = kind
        self.id = id
        self.createdAt = createdAt
    }
}

/// What a caller sends to spawn a record; what it leaves out comes from the proposal.
public struct SpawnInput: Sendable, Hashable {
    /// A ``SpawnKind`` code.
    public var kind: String?
    /// For an activity: where it will take place, `YYYY-MM-DD` planned dates.
    public var recipientCountries: [String]?
    public var plannedStart: String?
    public var plannedEnd: String?
    /// For a series: its first date and start time (`HH:MM`, GMT) and its rhythm (an RRULE).
    public var firstDate: String?
    public var startTime: String?
    public var rhythm: String?

    /// An empty input.
    public init() {}

    /// The kind asked for; otherwise ``EnlaceError/invalid(_:)`` under `kind`.
    public func checkedKind() throws(EnlaceError) -> SpawnKind {
        guard let code = ActivityInput.clean(kind) else { throw .invalid("kind", .required) }
        guard let kind = SpawnKind(rawValue: code) else { throw .invalid("kind", .unknownCode, ["value": code]) }
        return kind
    }

    /// The draft activity `provider` records for `proposal`: its title and areas, the operational
    /// mechanisms (or the objectives) as description, in the pipeline, for members only until edited.
    public func activity(from proposal: Proposal, provider: String) -> ActivityInput {
        var input = ActivityInput()
        input.title = proposal.text.title
        let mechanisms = proposal.text[.mechanisms]
        input.description = mechanisms.isEmpty ? proposal.text[.objectives] : mechanisms
        input.language = Language.en.rawValue
        input.providers = [
            .init(organization: provider, role: "funding"), .init(organization: provider, role: "implementing"),
        ]
        input.recipientCountries = recipientCountries
        input.keyAreas = proposal.draft.keyAreas
        input.topics = proposal.draft.topics
        input.kind = ActivityKind.advisory.rawValue
        input.modality = Modality.inCountry.rawValue
        input.plannedStart = plannedStart
        input.plannedEnd = plannedEnd
        input.status = ActivityStatus.pipeline.rawValue
        input.releasability = .init(marking: Marking.members.rawValue, releasableTo: [])
        return input
    }

    /// The technical series that runs `proposal`'s mechanisms: chaired by its leads, with `members`,
    /// monthly from a month after `today` unless told otherwise.
    public func series(from proposal: Proposal, members: [String], today: CalendarDate) -> SeriesInput {
        var input = SeriesInput()
        input.name = String((proposal.text.title + " — operational mechanisms").prefix(MeetingLimits.name.upperBound))
        input.level = MeetingLevel.technical.rawValue
        input.keyAreas = proposal.draft.keyAreas
        input.chairs = proposal.draft.leads
        input.members = members.filter { !proposal.draft.leads.contains($0) }
        input.timeZone = "GMT"
        input.firstDate = ActivityInput.clean(firstDate) ?? today.adding(days: 30).iso
        input.startTime = ActivityInput.clean(startTime) ?? "15:00"
        input.durationMinutes = 90
        input.rhythm = ActivityInput.clean(rhythm) ?? "FREQ=MONTHLY"
        input.releasability = .init(marking: Marking.members.rawValue, releasableTo: [])
        return input
    }
}
