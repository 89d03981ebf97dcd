import EnlaceCore
import SQLKit

/// Result indicators: the predefined ones, seeded from `indicators.json`, and each activity's.
///
/// An activity's indicators and their periods are child rows of it, in its order (`position`),
/// written with it; values are exact decimal text.
struct M0010Results: Migration {
    let version = 10
    let name = "results"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await db.create(table: "indicator_definitions")
            .column("code", type: .text, .primaryKey(autoIncrement: false))
            .column("key_area", type: .text, .notNull, .references("key_areas", "slug"))
            .column("position", type: .bigint, .notNull)
            .column("type", type: .bigint, .notNull)
            .column("measure", type: .bigint, .notNull)
            .column("name_en", type: .text, .notNull)
            .column("name_es", type: .text, .notNull)
            .column("name_fr", type: .text, .notNull)
            .column("name_pt", type: .text, .notNull)
            .run()
        let definitions = try ReferenceResources.load().indicators
        var seed = db.insert(into: "indicator_definitions")
            .columns("code", "key_area", "position", "type", "measure", "name_en", "name_es", "name_fr", "name_pt")
        for (position, definition) in definitions.enumerated() {
            seed = seed.values(
                [definition.code, definition.keyArea, position, definition.type.rawValue, definition.measure.rawValue]
                    + Language.allCases.map { definition.names[$0] } as [any Encodable & Sendable])
        }
        try await seed.run()
        try await db.create(table: "activity_indicators")
            .column("activity_id", type: .text, .notNull, .references("activities", "id", onDelete: .cascade))
            .column("position", type: .bigint, .notNull)
            .column("code", type: .text, .references("indicator_definitions", "code"))
            .column("title", type: .text, .notNull)
            .column("type", type: .bigint, .notNull)
            .column("measure", type: .bigint, .notNull)
            .column("baseline", type: .text)
            .column("baseline_year", type: .bigint)
            .column("target", type: .text)
            .primaryKey(["activity_id", "position"])
            .run()
        try await db.create(table: "activity_indicator_periods")
            .column("activity_id", type: .text, .notNull)
            .column("indicator", type: .bigint, .notNull)
            .column("position", type: .bigint, .notNull)
            .column("period_start", type: .text, .notNull)
            .column("period_end", type: .text, .notNull)
            .column("actual", type: .text, .notNull)
            .primaryKey(["activity_id", "indicator", "position"])
            .foreignKey(
                ["activity_id", "indicator"], references: "activity_indicators", ["activity_id", "position"],
                onDelete: .cascade
            )
            .run()
    }
}
