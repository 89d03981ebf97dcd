public import Foundation

/// An organisation's part in an activity: who funds it, who carries it out.
public struct Provider: Sendable, Hashable, Codable {
    /// The organisation's stable code, for example `US-INL`.
    public var organization: String
    /// Whether the organisation funds or implements.
    public var role: ProviderRole

    /// Creates the provider entry.
    public init(organization: String, role: ProviderRole) {
        self.organization = organization
        self.role = role
    }
}

/// Where an activity takes place: a name and, when known, a point.
public struct Location: Sendable, Hashable, Codable {
    /// The place name, for example `Puerto Cortés`.
    public var name: String
    /// Latitude in decimal degrees (WGS 84), if known.
    public var lat: Double?
    /// Longitude in decimal degrees (WGS 84), if known.
    public var lon: Double?

    /// Creates the location.
    public init(name: String, lat: Double? = nil, lon: Double? = nil) {
        self.name = name
        self.lat = lat
        self.lon = lon
    }
}

/// The editable content of an activity, already validated: what a provider does for a recipient.
public struct ActivityDraft: Sendable, Hashable {
    /// What the activity is, in its own language.
    public var title: String
    /// A fuller account; may be empty.
    public var description: String
    /// The language of title and description.
    public var language: Language
    /// The funding and implementing organisations; at least one.
    public var providers: [Provider]
    /// ISO 3166-1 alpha-2 codes of the countries that receive it; at least one.
    public var recipientCountries: [String]
    /// The institution that benefits, for example `Honduran Navy`.
    public var beneficiary: String?
    /// Slugs of the key areas it serves; at least one.
    public var keyAreas: [String]
    /// Slugs of topics, each within one of `keyAreas`.
    public var topics: [String]
    /// Course, equipment, advisory mission and so on.
    public var kind: ActivityKind
    /// Where it takes place relative to provider and recipient.
    public var modality: Modality
    /// The first planned day.
    public var plannedStart: CalendarDate
    /// The last planned day; not before `plannedStart`.
    public var plannedEnd: CalendarDate
    /// The first day it actually ran, once known.
    public var actualStart: CalendarDate?
    /// The last day it actually ran, once known; needs `actualStart`.
    public var actualEnd: CalendarDate?
    /// The IATI activity status.
    public var status: ActivityStatus
    /// How many people it intends to reach.
    public var participantsPlanned: Int?
    /// How many people it did reach.
    public var participantsTrained: Int?
    /// The total budget, in one currency.
    public var budget: Money?
    /// Where it takes place.
    public var location: Location?
    /// Who may read it.
    public var releasability: Releasability
    /// What it is expected to cost, period by period.
    public var budgetLines: [BudgetLine]
    /// Money pledged, committed, disbursed and spent for it.
    public var transactions: [FundingTransaction]
    /// Its human-rights vetting.
    public var vetting: Vetting
    /// The results it measures.
    public var indicators: [ResultIndicator]
    /// Its optional parts made of text (see ``ActivityPart``), such as the implementing-partner contact.
    public var parts: ActivityParts

    /// Creates the draft; callers outside tests obtain drafts from ``ActivityInput/validated(against:)``.
    public init(
        title: String, description: String = "", language: Language, providers: [Provider],
        recipientCountries: [String], beneficiary: String? = nil, keyAreas: [String], topics: [String] = [],
        kind: ActivityKind, modality: Modality, plannedStart: CalendarDate, plannedEnd: CalendarDate,
        actualStart: CalendarDate? = nil, actualEnd: CalendarDate? = nil, status: ActivityStatus,
        participantsPlanned: Int? = nil, participantsTrained: Int? = nil, budget: Money? = nil,
        location: Location? = nil, releasability: Releasability = .default, budgetLines: [BudgetLine] = [],
        transactions: [FundingTransaction] = [], vetting: Vetting = .none, indicators: [ResultIndicator] = [],
        parts: ActivityParts = ActivityParts()
    ) {
        self.title = title
        self.description = description
        self.language = language
        self.providers = providers
        self.recipientCountries = recipientCountries
        self.beneficiary = beneficiary
        self.keyAreas = keyAreas
        self.topics = topics
        self.kind = kind
        self.modality = modality
        self.plannedStart = plannedStart
        self.plannedEnd = plannedEnd
        self.actualStart = actualStart
        self.actualEnd = actualEnd
        self.status = status
        self.participantsPlanned = participantsPlanned
        self.participantsTrained = participantsTrained
        self.budget = budget
        self.location = location
        self.releasability = releasability
        self.budgetLines = budgetLines
        self.transactions = transactions
        self.vetting = vetting
        self.indicators = indicators
        self.parts = parts
    }

    /// The days the activity occupies: actual dates where known, planned otherwise.
    ///
    /// An activity that started but has no actual end runs to its planned end, or to its start when
    /// it started after the planned end.
    public var window: ClosedRange<CalendarDate> {
        let start = actualStart ?? plannedStart
        let end = actualEnd ?? max(plannedEnd, start)
        return start...max(end, start)
    }

    /// The folded text that free-text search matches against.
    public var searchText: String {
        TextFolding.fold([title, description, beneficiary ?? ""].joined(separator: " "))
    }
}

/// A stored activity: its content plus identity, version and timestamps.
public struct Activity: Sendable, Hashable, Identifiable {
    /// The stable identifier (a UUID string).
    public var id: String
    /// The code of the organisation that recorded it and owns it; it always sees it.
    public var owner: String
    /// The content.
    public var draft: ActivityDraft
    /// Starts at 1 and grows by one with each change; the ETag is derived from it.
    public var version: Int
    /// When the record was created.
    public var createdAt: Date
    /// When the record last changed.
    public var updatedAt: Date
    /// Its `iati-identifier`, when it came from an IATI file or spreadsheet that named one; unique within its
    /// owner's activities. Set by imports only.
    public var iatiIdentifier: String?

    /// Creates the stored activity.
    public init(
        id: String, owner: String, draft: ActivityDraft, version: Int, createdAt: Date, updatedAt: Date,
        iatiIdentifier: String? = nil
    ) {
        self.id = id
        self.owner = owner
        self.draft = draft
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.iatiIdentifier = iatiIdentifier
    }
}
