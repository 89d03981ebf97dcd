public import EnlaceCore
import SQLKit

/// Reads the reference data back from the database into an immutable catalogue.
public struct ReferenceRepository: Sendable {
    let database: Database

    /// Creates the repository.
    public init(database: Database) {
        self.database = database
    }

    /// The catalogue as the database holds it now.
    public func catalog() async throws -> ReferenceCatalog {
        try await database.read { db in
            func names(_ row: any SQLRow) throws -> LocalizedText {
                var values: [Language: String] = [:]
                for language in Language.allCases {
                    values[language] = try row.decode(column: "name_\(language.rawValue)", as: String.self)
                }
                return LocalizedText(values)
            }
            let countries = try await db.raw("SELECT * FROM countries ORDER BY code").all().map {
                Country(
                    code: try $0.decode(column: "code", as: String.self),
                    alpha3: try $0.decode(column: "alpha3", as: String.self),
                    numeric: try $0.decode(column: "numeric_code", as: String.self), names: try names($0))
            }
            let currencies = try await db.raw("SELECT * FROM currencies ORDER BY code").all().map {
                Currency(
                    code: try $0.decode(column: "code", as: String.self),
                    numeric: try $0.decode(column: "numeric_code", as: String.self), names: try names($0))
            }
            let areas = try await db.raw("SELECT * FROM key_areas ORDER BY position").all().map {
                KeyArea(slug: try $0.decode(column: "slug", as: String.self), names: try names($0))
            }
            let topics = try await db.raw("SELECT * FROM topics ORDER BY position").all().map {
                Topic(
                    slug: try $0.decode(column: "slug", as: String.self),
                    keyArea: try $0.decode(column: "key_area", as: String.self),
                    dacCode: try $0.decode(column: "dac_code", as: String.self), names: try names($0))
            }
            func labels<Code>(
                _ table: String, order: String, _ parse: (any SQLRow) throws -> Code?
            ) async throws
                -> [CodeLabel<Code>]
            {
                try await db.raw("SELECT * FROM \(ident: table) ORDER BY \(ident: order)").all().compactMap { row in
                    try parse(row).map { CodeLabel(code: $0, names: try names(row)) }
                }
            }
            return ReferenceCatalog(
                countries: countries, currencies: currencies, keyAreas: areas, topics: topics,
                kinds: try await labels("activity_kinds", order: "position") {
                    ActivityKind(rawValue: try $0.decode(column: "code", as: String.self))
                },
                modalities: try await labels("modalities", order: "position") {
                    Modality(rawValue: try $0.decode(column: "code", as: String.self))
                },
                statuses: try await labels("activity_statuses", order: "code") {
                    ActivityStatus(rawValue: try $0.decode(column: "code", as: Int.self))
                },
                indicators: try await db.raw("SELECT * FROM indicator_definitions ORDER BY position").all().map { row in
                    guard let type = IndicatorType(rawValue: try row.decode(column: "type", as: Int.self)),
                        let measure = IndicatorMeasure(rawValue: try row.decode(column: "measure", as: Int.self))
                    else { throw StoreError.corruptRow(table: "indicator_definitions", column: "type") }
                    return IndicatorDefinition(
                        code: try row.decode(column: "code", as: String.self),
                        keyArea: try row.decode(column: "key_area", as: String.self), type: type, measure: measure,
                        names: try names(row))
                })
        }
    }
}
