import SQLKit

/// Detected overlaps between activities, and where their review stands.
struct M0006Overlaps: Migration {
    let version = 6
    let name = "overlaps"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        let bytewise = SQLDialectHelpers.bytewiseCollation(engine)
        try await db.create(table: "activity_overlaps")
            .column("id", type: .text, [.primaryKey(autoIncrement: false)] + bytewise)
            .column("first_id", type: .text, .notNull, .references("activities", "id"))
            .column("second_id", type: .text, .notNull, .references("activities", "id"))
            .column("score", type: SQLDialectHelpers.double(engine), .notNull)
            .column("factor_values", type: .text, .notNull)
            .column("reductions", type: .text, .notNull)
            .column("same_provider", type: .bigint, .notNull)
            .column("active", type: .bigint, .notNull)
            .column("status", type: .text, .notNull)
            .column("reason", type: .text)
            .column("continuing_id", type: .text)
            .column("decided_by", type: .text)
            .column("decided_at", type: .text)
            .column("fingerprints", type: .text, .notNull)
            .column("detected_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .column("seq", type: .bigint, .notNull)
            .unique("first_id", "second_id")
            .run()
        try await db.create(index: "activity_overlaps_by_seq").on("activity_overlaps").column("seq").run()
        try await db.create(index: "activity_overlaps_by_second").on("activity_overlaps").column("second_id").run()
        try await db.insert(into: "enlace_sequences").columns("name", "value").values("overlaps", 0).run()
    }
}
