import SQLKit

/// Organisations: governments, agencies, international and regional bodies, fora.
struct M0003Organizations: Migration {
    let version = 3
    let name = "organizations"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await db.create(table: "organizations")
            .column(
                "code", type: .text, [.primaryKey(autoIncrement: false)] + SQLDialectHelpers.bytewiseCollation(engine)
            )
            .column("name", type: .text, .notNull)
            .column("kind", type: .text, .notNull)
            .column("country", type: .text, .references("countries", "code"))
            .column("parent_code", type: .text, .references("organizations", "code"))
            .column("is_member", type: .bigint, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .run()
    }
}
