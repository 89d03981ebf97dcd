import EnlaceCore
import SQLKit

/// Fills the reference tables from the resource files shipped with the package.
struct M0002SeedReferenceData: Migration {
    let version = 2
    let name = "seed reference data"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        let data = try ReferenceResources.load()
        let nameColumns = ["name_en", "name_es", "name_fr", "name_pt"]
        func names(_ text: LocalizedText) -> [any Encodable & Sendable] {
            Language.allCases.map { text[$0] }
        }
        try await insert(
            db, "countries", ["code", "alpha3", "numeric_code"] + nameColumns,
            data.countries.map { [$0.code, $0.alpha3, $0.numeric] + names($0.names) })
        try await insert(
            db, "currencies", ["code", "numeric_code"] + nameColumns,
            data.currencies.map { [$0.code, $0.numeric] + names($0.names) })
        try await insert(
            db, "key_areas", ["slug", "position"] + nameColumns,
            data.keyAreas.enumerated().map { [$1.slug, $0] + names($1.names) })
        try await insert(
            db, "topics", ["slug", "key_area", "dac_code", "position"] + nameColumns,
            data.topics.enumerated().map { [$1.slug, $1.keyArea, $1.dacCode, $0] + names($1.names) })
        try await insert(
            db, "activity_kinds", ["code", "position"] + nameColumns,
            data.kinds.enumerated().map { [$1.code.rawValue, $0] + names($1.names) })
        try await insert(
            db, "modalities", ["code", "position"] + nameColumns,
            data.modalities.enumerated().map { [$1.code.rawValue, $0] + names($1.names) })
        try await insert(
            db, "activity_statuses", ["code"] + nameColumns,
            data.statuses.map { [$0.code.rawValue] + names($0.names) })
    }

    private func insert(
        _ db: any SQLDatabase, _ table: String, _ columns: [String], _ rows: [[any Encodable & Sendable]]
    ) async throws {
        var builder = db.insert(into: table).columns(columns)
        for row in rows { builder = builder.values(row) }
        try await builder.run()
    }
}
