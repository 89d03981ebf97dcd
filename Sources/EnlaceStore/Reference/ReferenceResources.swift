public import EnlaceCore
public import Foundation

/// The reference data shipped in the package's resources: ISO 3166-1, ISO 4217, the taxonomy and
/// the predefined result indicators.
///
/// Migrations seed the database from it; the running app reads the database, not these files.
public struct ReferenceResources: Sendable {
    /// Countries, in code order.
    public let countries: [Country]
    /// Currencies, in code order.
    public let currencies: [Currency]
    /// Key areas, in canonical order.
    public let keyAreas: [KeyArea]
    /// Topics, in canonical order.
    public let topics: [Topic]
    /// Activity-kind labels.
    public let kinds: [CodeLabel<ActivityKind>]
    /// Modality labels.
    public let modalities: [CodeLabel<Modality>]
    /// Activity-status labels.
    public let statuses: [CodeLabel<ActivityStatus>]
    /// Predefined result indicators, by key area.
    public let indicators: [IndicatorDefinition]

    /// Reads the resource files bundled with the store.
    public static func load() throws -> ReferenceResources {
        let decoder = JSONDecoder()
        let countries = try decoder.decode([CountryFile].self, from: resource("countries"))
        let currencies = try decoder.decode([CurrencyFile].self, from: resource("currencies"))
        let taxonomy = try decoder.decode(TaxonomyFile.self, from: resource("taxonomy"))
        let indicators = try decoder.decode([IndicatorFile].self, from: resource("indicators"))
        return ReferenceResources(
            countries: countries.map {
                Country(code: $0.code, alpha3: $0.alpha3, numeric: $0.numeric, names: $0.names)
            },
            currencies: currencies.map { Currency(code: $0.code, numeric: $0.numeric, names: $0.names) },
            keyAreas: taxonomy.keyAreas.map { KeyArea(slug: $0.slug, names: $0.names) },
            topics: taxonomy.keyAreas.flatMap { area in
                area.topics.map { Topic(slug: $0.slug, keyArea: area.slug, dacCode: $0.dac, names: $0.names) }
            },
            kinds: try labels(taxonomy.activityKinds, ActivityKind.init(rawValue:)),
            modalities: try labels(taxonomy.modalities, Modality.init(rawValue:)),
            statuses: try labels(taxonomy.activityStatuses, ActivityStatus.init(rawValue:)),
            indicators: try indicators.map { entry in
                guard let type = IndicatorType(name: entry.type), let measure = IndicatorMeasure(name: entry.measure)
                else { throw ConfigurationError("indicators.json gives \(entry.code) an unknown type or measure") }
                return IndicatorDefinition(
                    code: entry.code, keyArea: entry.keyArea, type: type, measure: measure, names: entry.names)
            })
    }

    /// The catalogue these resources describe.
    public var catalog: ReferenceCatalog {
        ReferenceCatalog(
            countries: countries, currencies: currencies, keyAreas: keyAreas, topics: topics, kinds: kinds,
            modalities: modalities, statuses: statuses, indicators: indicators)
    }

    /// A reference file that other layers read in their own terms: `dac-sectors` (the DAC purpose codes of
    /// key areas and topics, EnlaceInterop's `DACSectorMapping`), `country-centroids` (a point per country,
    /// `ActivityGeoJSON.Centroids`).
    public static func file(_ name: String) throws -> Data {
        try resource(name)
    }

    /// The common passwords no account may use (Django's list of 20,000, in lower case).
    public static func commonPasswords() throws -> Set<String> {
        let text = String(decoding: try resource("common-passwords", extension: "txt"), as: UTF8.self)
        return Set(text.split(separator: "\n").map(String.init))
    }

    private static func resource(_ name: String, extension: String = "json") throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: `extension`, subdirectory: "reference")
        else {
            throw ConfigurationError("the reference data file \(name).\(`extension`) is missing from the installation")
        }
        return try Data(contentsOf: url)
    }

    private static func labels<Raw, Code>(
        _ entries: [LabelFile<Raw>], _ parse: (Raw) -> Code?
    ) throws -> [CodeLabel<Code>] {
        try entries.map { entry in
            guard let code = parse(entry.code) else {
                throw ConfigurationError("taxonomy.json names an unknown code \(entry.code)")
            }
            return CodeLabel(code: code, names: entry.names)
        }
    }

    private struct CountryFile: Decodable {
        let code: String
        let alpha3: String
        let numeric: String
        let names: LocalizedText
    }

    private struct CurrencyFile: Decodable {
        let code: String
        let numeric: String
        let names: LocalizedText
    }

    private struct TaxonomyFile: Decodable {
        struct Area: Decodable {
            let slug: String
            let names: LocalizedText
            let topics: [TopicFile]
        }
        struct TopicFile: Decodable {
            let slug: String
            let dac: String
            let names: LocalizedText
        }
        let keyAreas: [Area]
        let activityKinds: [LabelFile<String>]
        let modalities: [LabelFile<String>]
        let activityStatuses: [LabelFile<Int>]
    }

    private struct IndicatorFile: Decodable {
        let code: String
        let keyArea: String
        let type: String
        let measure: String
        let names: LocalizedText
    }

    private struct LabelFile<Raw: Decodable>: Decodable {
        let code: Raw
        let names: LocalizedText
    }
}
