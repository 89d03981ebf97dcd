import SQLKit

/// Countries, currencies and the taxonomy: the vocabularies every record refers to.
struct M0001ReferenceTables: Migration {
    let version = 1
    let name = "reference tables"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        func names(_ builder: SQLCreateTableBuilder) -> SQLCreateTableBuilder {
            builder
                .column("name_en", type: .text, .notNull)
                .column("name_es", type: .text, .notNull)
                .column("name_fr", type: .text, .notNull)
                .column("name_pt", type: .text, .notNull)
        }
        try await names(
            db.create(table: "countries")
                .column("code", type: .text, .primaryKey(autoIncrement: false))
                .column("alpha3", type: .text, .notNull)
                .column("numeric_code", type: .text, .notNull)
        ).run()
        try await names(
            db.create(table: "currencies")
                .column("code", type: .text, .primaryKey(autoIncrement: false))
                .column("numeric_code", type: .text, .notNull)
        ).run()
        try await names(
            db.create(table: "key_areas")
                .column("slug", type: .text, .primaryKey(autoIncrement: false))
                .column("position", type: .bigint, .notNull)
        ).run()
        try await names(
            db.create(table: "topics")
                .column("slug", type: .text, .primaryKey(autoIncrement: false))
                .column("key_area", type: .text, .notNull, .references("key_areas", "slug"))
                .column("dac_code", type: .text, .notNull)
                .column("position", type: .bigint, .notNull)
        ).run()
        for table in ["activity_kinds", "modalities"] {
            try await names(
                db.create(table: table)
                    .column("code", type: .text, .primaryKey(autoIncrement: false))
                    .column("position", type: .bigint, .notNull)
            ).run()
        }
        try await names(
            db.create(table: "activity_statuses")
                .column("code", type: .bigint, .primaryKey(autoIncrement: false))
        ).run()
    }
}
