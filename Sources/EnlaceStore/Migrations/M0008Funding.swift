import SQLKit

/// Funding and human-rights vetting on activities, and dated exchange rates.
///
/// Budget lines, transactions and vetted units are child rows of their activity, in its order
/// (`position`), written with it by the same function; amounts and rates are exact decimal text.
/// Exchange rates stand alone, stamped by their own change counter.
struct M0008Funding: Migration {
    let version = 8
    let name = "funding and vetting"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await db.alter(table: "activities").column("vetting_required", type: .bigint).run()
        try await db.create(table: "activity_budget_lines")
            .column("activity_id", type: .text, .notNull, .references("activities", "id", onDelete: .cascade))
            .column("position", type: .bigint, .notNull)
            .column("kind", type: .bigint, .notNull)
            .column("period_start", type: .text, .notNull)
            .column("period_end", type: .text, .notNull)
            .column("amount", type: .text, .notNull)
            .column("currency", type: .text, .notNull, .references("currencies", "code"))
            .primaryKey(["activity_id", "position"])
            .run()
        try await db.create(table: "activity_transactions")
            .column("activity_id", type: .text, .notNull, .references("activities", "id", onDelete: .cascade))
            .column("position", type: .bigint, .notNull)
            .column("type", type: .bigint, .notNull)
            .column("date", type: .text, .notNull)
            .column("amount", type: .text, .notNull)
            .column("currency", type: .text, .notNull, .references("currencies", "code"))
            .column("provider_org", type: .text, .references("organizations", "code"))
            .column("receiver_org", type: .text, .references("organizations", "code"))
            .column("not_oda", type: .bigint, .notNull)
            .column("description", type: .text, .notNull)
            .column("marking", type: .text)
            .column("releasable_to", type: .text, .notNull)
            .primaryKey(["activity_id", "position"])
            .run()
        try await db.create(table: "activity_vetting_units")
            .column("activity_id", type: .text, .notNull, .references("activities", "id", onDelete: .cascade))
            .column("position", type: .bigint, .notNull)
            .column("unit", type: .text, .notNull)
            .column("people", type: .bigint)
            .column("status", type: .text, .notNull)
            .column("authority", type: .text, .notNull)
            .column("submitted", type: .text)
            .column("decided", type: .text)
            .column("reference", type: .text, .notNull)
            .primaryKey(["activity_id", "position"])
            .run()
        try await db.create(table: "exchange_rates")
            .column("base", type: .text, .notNull, .references("currencies", "code"))
            .column("quote", type: .text, .notNull, .references("currencies", "code"))
            .column("date", type: .text, .notNull)
            .column("rate", type: .text, .notNull)
            .column("source", type: .text, .notNull)
            .primaryKey(["base", "quote", "date"])
            .run()
        try await db.insert(into: "enlace_sequences").columns("name", "value").values("exchange_rates", 0).run()
        try await db.create(index: "activity_transactions_by_date").on("activity_transactions").column("date").run()
    }
}
