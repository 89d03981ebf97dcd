import SQLKit

/// The activity registry: one row per activity, with its many-valued fields in child tables.
///
/// The `*_list` columns carry the many-valued fields in order, so that an activity reads back from
/// one row; the child tables hold the same values relationally for foreign keys and for SQL reports.
/// One function writes both (see `ActivityRepository.writeChildren`). Every write stamps the row with
/// the next value of the `activities` sequence, which is how readers catch up with changes.
struct M0004Activities: Migration {
    let version = 4
    let name = "activities"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        let bytewise = SQLDialectHelpers.bytewiseCollation(engine)
        try await db.create(table: "activities")
            .column("id", type: .text, [.primaryKey(autoIncrement: false)] + bytewise)
            .column("title", type: .text, .notNull)
            .column("description", type: .text, .notNull)
            .column("language", type: .text, .notNull)
            .column("beneficiary", type: .text)
            .column("kind", type: .text, .notNull, .references("activity_kinds", "code"))
            .column("modality", type: .text, .notNull, .references("modalities", "code"))
            .column("planned_start", type: .text, .notNull)
            .column("planned_end", type: .text, .notNull)
            .column("actual_start", type: .text)
            .column("actual_end", type: .text)
            .column("status", type: .bigint, .notNull, .references("activity_statuses", "code"))
            .column("participants_planned", type: .bigint)
            .column("participants_trained", type: .bigint)
            .column("budget_amount", type: .text)
            .column("budget_currency", type: .text, .references("currencies", "code"))
            .column("location_name", type: .text)
            .column("location_lat", type: SQLDialectHelpers.double(engine))
            .column("location_lon", type: SQLDialectHelpers.double(engine))
            .column("providers_list", type: .text, .notNull)
            .column("countries_list", type: .text, .notNull)
            .column("key_areas_list", type: .text, .notNull)
            .column("topics_list", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .column("archived_at", type: .text)
            .column("seq", type: .bigint, .notNull)
            .run()
        try await db.create(table: "enlace_sequences")
            .column("name", type: .text, .primaryKey(autoIncrement: false))
            .column("value", type: .bigint, .notNull)
            .run()
        try await db.insert(into: "enlace_sequences").columns("name", "value").values("activities", 0).run()

        try await db.create(table: "activity_providers")
            .column("activity_id", type: .text, .notNull, .references("activities", "id", onDelete: .cascade))
            .column("organization_code", type: .text, .notNull, .references("organizations", "code"))
            .column("role", type: .text, .notNull)
            .primaryKey(["activity_id", "organization_code", "role"])
            .run()
        try await db.create(table: "activity_countries")
            .column("activity_id", type: .text, .notNull, .references("activities", "id", onDelete: .cascade))
            .column("country_code", type: .text, .notNull, .references("countries", "code"))
            .primaryKey(["activity_id", "country_code"])
            .run()
        try await db.create(table: "activity_key_areas")
            .column("activity_id", type: .text, .notNull, .references("activities", "id", onDelete: .cascade))
            .column("key_area", type: .text, .notNull, .references("key_areas", "slug"))
            .primaryKey(["activity_id", "key_area"])
            .run()
        try await db.create(table: "activity_topics")
            .column("activity_id", type: .text, .notNull, .references("activities", "id", onDelete: .cascade))
            .column("topic", type: .text, .notNull, .references("topics", "slug"))
            .primaryKey(["activity_id", "topic"])
            .run()

        let indexes: [(String, String, [String])] = [
            ("activity_providers_by_org", "activity_providers", ["organization_code", "activity_id"]),
            ("activity_countries_by_country", "activity_countries", ["country_code", "activity_id"]),
            ("activity_key_areas_by_area", "activity_key_areas", ["key_area", "activity_id"]),
            ("activity_topics_by_topic", "activity_topics", ["topic", "activity_id"]),
            ("activities_by_seq", "activities", ["seq"]),
        ]
        for (name, table, columns) in indexes {
            var builder = db.create(index: name).on(table)
            for column in columns { builder = builder.column(column) }
            try await builder.run()
        }
    }
}
