/// An ISO 3166-1 country with its names.
public struct Country: Sendable, Hashable, Codable {
    /// The alpha-2 code, for example `HN`.
    public let code: String
    /// The alpha-3 code, for example `HND`.
    public let alpha3: String
    /// The numeric code, for example `340`.
    public let numeric: String
    /// The short name in each language.
    public let names: LocalizedText

    /// Creates the country.
    public init(code: String, alpha3: String, numeric: String, names: LocalizedText) {
        self.code = code
        self.alpha3 = alpha3
        self.numeric = numeric
        self.names = names
    }
}

/// An ISO 4217 currency with its names.
public struct Currency: Sendable, Hashable, Codable {
    /// The alphabetic code, for example `COP`.
    public let code: String
    /// The numeric code, for example `170`.
    public let numeric: String
    /// The name in each language.
    public let names: LocalizedText

    /// Creates the currency.
    public init(code: String, numeric: String, names: LocalizedText) {
        self.code = code
        self.numeric = numeric
        self.names = names
    }
}

/// One of the dialogue's four key areas.
public struct KeyArea: Sendable, Hashable, Codable {
    /// The stable slug, for example `narco-trafficking`.
    public let slug: String
    /// The name in each language.
    public let names: LocalizedText

    /// Creates the key area.
    public init(slug: String, names: LocalizedText) {
        self.slug = slug
        self.names = names
    }
}

/// A topic refining a key area, mapped to an OECD-DAC purpose code for IATI sectors.
public struct Topic: Sendable, Hashable, Codable {
    /// The stable slug, for example `maritime-interdiction`.
    public let slug: String
    /// The slug of the key area the topic belongs to.
    public let keyArea: String
    /// The five-digit OECD-DAC CRS purpose code.
    public let dacCode: String
    /// The name in each language.
    public let names: LocalizedText

    /// Creates the topic.
    public init(slug: String, keyArea: String, dacCode: String, names: LocalizedText) {
        self.slug = slug
        self.keyArea = keyArea
        self.dacCode = dacCode
        self.names = names
    }
}

/// A code of a closed vocabulary (kinds, modalities, statuses) with its labels.
public struct CodeLabel<Code: Hashable & Sendable>: Sendable, Hashable {
    /// The code.
    public let code: Code
    /// Its label in each language.
    public let names: LocalizedText

    /// Creates the label.
    public init(code: Code, names: LocalizedText) {
        self.code = code
        self.names = names
    }
}

/// The reference data that validation and display need: countries, currencies, the taxonomy and
/// the predefined result indicators.
///
/// Built once from the database at start-up; immutable, so it is shared freely between requests.
public struct ReferenceCatalog: Sendable {
    /// Countries in code order.
    public let countries: [Country]
    /// Currencies in code order.
    public let currencies: [Currency]
    /// Key areas in their canonical order.
    public let keyAreas: [KeyArea]
    /// Topics grouped by key area, in canonical order.
    public let topics: [Topic]
    /// Labels of activity kinds.
    public let kinds: [CodeLabel<ActivityKind>]
    /// Labels of modalities.
    public let modalities: [CodeLabel<Modality>]
    /// Labels of activity statuses.
    public let statuses: [CodeLabel<ActivityStatus>]
    /// The predefined result indicators, by key area in canonical order.
    public let indicators: [IndicatorDefinition]

    private let countryIndex: [String: Country]
    private let currencyIndex: [String: Currency]
    private let keyAreaIndex: [String: KeyArea]
    private let topicIndex: [String: Topic]
    private let indicatorIndex: [String: IndicatorDefinition]

    /// Creates the catalogue and its lookup indexes.
    public init(
        countries: [Country], currencies: [Currency], keyAreas: [KeyArea], topics: [Topic],
        kinds: [CodeLabel<ActivityKind>], modalities: [CodeLabel<Modality>], statuses: [CodeLabel<ActivityStatus>],
        indicators: [IndicatorDefinition] = []
    ) {
        self.countries = countries
        self.currencies = currencies
        self.keyAreas = keyAreas
        self.topics = topics
        self.kinds = kinds
        self.modalities = modalities
        self.statuses = statuses
        self.indicators = indicators
        countryIndex = Dictionary(countries.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        currencyIndex = Dictionary(currencies.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        keyAreaIndex = Dictionary(keyAreas.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        topicIndex = Dictionary(topics.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        indicatorIndex = Dictionary(indicators.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The country with alpha-2 `code`, if known.
    public func country(_ code: String) -> Country? { countryIndex[code] }
    /// The currency with `code`, if known.
    public func currency(_ code: String) -> Currency? { currencyIndex[code] }
    /// The key area with `slug`, if known.
    public func keyArea(_ slug: String) -> KeyArea? { keyAreaIndex[slug] }
    /// The topic with `slug`, if known.
    public func topic(_ slug: String) -> Topic? { topicIndex[slug] }
    /// The predefined indicator with `code`, if known.
    public func indicator(_ code: String) -> IndicatorDefinition? { indicatorIndex[code] }

    /// The label of an activity kind in `language`.
    public func label(_ kind: ActivityKind, in language: Language) -> String {
        kinds.first { $0.code == kind }?.names[language] ?? kind.rawValue
    }

    /// The label of a modality in `language`.
    public func label(_ modality: Modality, in language: Language) -> String {
        modalities.first { $0.code == modality }?.names[language] ?? modality.rawValue
    }

    /// The label of an activity status in `language`.
    public func label(_ status: ActivityStatus, in language: Language) -> String {
        statuses.first { $0.code == status }?.names[language] ?? String(status.rawValue)
    }
}
