import SQLKit

/// Partner nations' needs, and the activities linked to them as answering them.
///
/// Key areas and topics are comma-separated lists in the row, as on activities.
struct M0009Needs: Migration {
    let version = 9
    let name = "needs"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        let bytewise = SQLDialectHelpers.bytewiseCollation(engine)
        try await db.create(table: "needs")
            .column("id", type: .text, [.primaryKey(autoIncrement: false)] + bytewise)
            .column("owner_org", type: .text, .notNull, .references("organizations", "code"))
            .column("title", type: .text, .notNull)
            .column("country", type: .text, .notNull, .references("countries", "code"))
            .column("institution", type: .text, .notNull)
            .column("key_areas", type: .text, .notNull)
            .column("topics", type: .text, .notNull)
            .column("description", type: .text, .notNull)
            .column("priority", type: .bigint, .notNull)
            .column("window_start", type: .text, .notNull)
            .column("window_end", type: .text, .notNull)
            .column("people", type: .bigint)
            .column("budget_amount", type: .text)
            .column("budget_currency", type: .text, .references("currencies", "code"))
            .column("status_override", type: .text)
            .column("marking", type: .text, .notNull)
            .column("releasable_to", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .run()
        try await db.create(index: "needs_by_country").on("needs").column("country").column("window_start").run()
        try await db.create(table: "need_links")
            .column("need_id", type: .text, .notNull, .references("needs", "id", onDelete: .cascade))
            .column("activity_id", type: .text, .notNull, .references("activities", "id"))
            .column("linked_by", type: .text, .notNull)
            .column("linked_at", type: .text, .notNull)
            .primaryKey(["need_id", "activity_id"])
            .run()
        try await db.create(index: "need_links_by_activity").on("need_links").column("activity_id").run()
    }
}
