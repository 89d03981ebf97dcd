/// An activity as a caller sent it, before validation: every field optional and loosely typed.
///
/// The API and the forms both fill one of these; ``validated(against:)`` is the single place that
/// decides what a valid activity is.
public struct ActivityInput: Sendable, Hashable {
    /// A provider entry as sent.
    public struct ProviderInput: Sendable, Hashable {
        /// The organisation code.
        public var organization: String?
        /// `funding` or `implementing`.
        public var role: String?

        /// Creates the entry.
        public init(organization: String?, role: String?) {
            self.organization = organization
            self.role = role
        }
    }

    /// A budget as sent.
    public struct BudgetInput: Sendable, Hashable {
        /// The amount as a decimal string.
        public var amount: String?
        /// The ISO 4217 code.
        public var currency: String?

        /// Creates the budget.
        public init(amount: String?, currency: String?) {
            self.amount = amount
            self.currency = currency
        }
    }

    /// A releasability as sent.
    public struct ReleasabilityInput: Sendable, Hashable {
        /// `public`, `members` or `restricted`.
        public var marking: String?
        /// Country and organisation codes, for `restricted`.
        public var releasableTo: [String]?

        /// Creates the releasability.
        public init(marking: String?, releasableTo: [String]?) {
            self.marking = marking
            self.releasableTo = releasableTo
        }
    }

    /// A location as sent.
    public struct LocationInput: Sendable, Hashable {
        /// The place name.
        public var name: String?
        /// Latitude in decimal degrees.
        public var lat: Double?
        /// Longitude in decimal degrees.
        public var lon: Double?

        /// Creates the location.
        public init(name: String?, lat: Double?, lon: Double?) {
            self.name = name
            self.lat = lat
            self.lon = lon
        }
    }

    /// See ``ActivityDraft/title``.
    public var title: String?
    /// See ``ActivityDraft/description``.
    public var description: String?
    /// An ISO 639-1 code.
    public var language: String?
    /// See ``ActivityDraft/providers``.
    public var providers: [ProviderInput]?
    /// See ``ActivityDraft/recipientCountries``.
    public var recipientCountries: [String]?
    /// See ``ActivityDraft/beneficiary``.
    public var beneficiary: String?
    /// See ``ActivityDraft/parts``: each part's texts by the part's name; a part whose texts are all empty is none.
    public var parts: [String: ActivityPartTexts] = [:]
    /// See ``ActivityDraft/keyAreas``.
    public var keyAreas: [String]?
    /// See ``ActivityDraft/topics``.
    public var topics: [String]?
    /// A kind code.
    public var kind: String?
    /// A modality code.
    public var modality: String?
    /// An ISO date.
    public var plannedStart: String?
    /// An ISO date.
    public var plannedEnd: String?
    /// An ISO date.
    public var actualStart: String?
    /// An ISO date.
    public var actualEnd: String?
    /// An IATI activity-status code.
    public var status: Int?
    /// See ``ActivityDraft/participantsPlanned``.
    public var participantsPlanned: Int?
    /// See ``ActivityDraft/participantsTrained``.
    public var participantsTrained: Int?
    /// See ``ActivityDraft/budget``.
    public var budget: BudgetInput?
    /// See ``ActivityDraft/location``.
    public var location: LocationInput?
    /// See ``ActivityDraft/releasability``; absent means `members` for a new activity and "unchanged" for an update.
    public var releasability: ReleasabilityInput?
    /// See ``ActivityDraft/budgetLines``; absent means none for a new activity and "unchanged" for an update.
    public var budgetLines: [BudgetLineInput]?
    /// See ``ActivityDraft/transactions``; absent means none for a new activity and "unchanged" for an update.
    public var transactions: [TransactionInput]?
    /// See ``ActivityDraft/vetting``; absent means none for a new activity and "unchanged" for an update.
    public var vetting: VettingInput?
    /// See ``ActivityDraft/indicators``; absent means none for a new activity and "unchanged" for an update.
    public var indicators: [IndicatorInput]?

    /// Creates an empty input.
    public init() {}

    /// The input that describes `draft` exactly; validating it gives `draft` back.
    public init(_ draft: ActivityDraft) {
        title = draft.title
        description = draft.description
        language = draft.language.rawValue
        providers = draft.providers.map { ProviderInput(organization: $0.organization, role: $0.role.rawValue) }
        recipientCountries = draft.recipientCountries
        beneficiary = draft.beneficiary
        parts = draft.parts.inputs
        keyAreas = draft.keyAreas
        topics = draft.topics
        kind = draft.kind.rawValue
        modality = draft.modality.rawValue
        plannedStart = draft.plannedStart.iso
        plannedEnd = draft.plannedEnd.iso
        actualStart = draft.actualStart?.iso
        actualEnd = draft.actualEnd?.iso
        status = draft.status.rawValue
        participantsPlanned = draft.participantsPlanned
        participantsTrained = draft.participantsTrained
        budget = draft.budget.map { BudgetInput(amount: $0.amountText, currency: $0.currency) }
        location = draft.location.map { LocationInput(name: $0.name, lat: $0.lat, lon: $0.lon) }
        releasability = ReleasabilityInput(
            marking: draft.releasability.marking.rawValue, releasableTo: draft.releasability.releasableTo)
        (budgetLines, transactions, vetting) = Self.inputs(draft.budgetLines, draft.transactions, draft.vetting)
        indicators = Self.inputs(draft.indicators)
    }
}
