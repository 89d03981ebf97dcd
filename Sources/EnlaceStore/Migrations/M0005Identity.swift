import EnlaceCore
import SQLKit

/// People, their credentials and sessions, the audit trail, and an owner and a marking on every activity.
///
/// Activities recorded before this migration belong to their first provider and are marked `members`.
struct M0005Identity: Migration {
    let version = 5
    let name = "identity, releasability and audit"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        let bytewise = SQLDialectHelpers.bytewiseCollation(engine)
        try await db.create(table: "users")
            .column("id", type: .text, [.primaryKey(autoIncrement: false)] + bytewise)
            .column("email", type: .text, .notNull, .unique)
            .column("name", type: .text, .notNull)
            .column("organization_code", type: .text, .notNull, .references("organizations", "code"))
            .column("roles", type: .text, .notNull)
            .column("password_hash", type: .text)
            .column("active", type: .bigint, .notNull)
            .column("totp_secret", type: .text)
            .column("totp_enabled", type: .bigint, .notNull)
            .column("recovery_codes", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .run()
        try await db.create(table: "sessions")
            .column("token_hash", type: .text, .primaryKey(autoIncrement: false))
            .column("user_id", type: .text, .notNull, .references("users", "id"))
            .column("csrf_token", type: .text, .notNull)
            .column("second_factor_pending", type: .bigint, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("last_seen_at", type: .text, .notNull)
            .column("expires_at", type: .text, .notNull)
            .column("revoked_at", type: .text)
            .run()
        try await db.create(table: "api_tokens")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("user_id", type: .text, .notNull, .references("users", "id"))
            .column("name", type: .text, .notNull)
            .column("token_hash", type: .text, .notNull, .unique)
            .column("prefix", type: .text, .notNull)
            .column("scope", type: .text, .notNull)
            .column("created_at", type: .text, .notNull)
            .column("last_used_at", type: .text)
            .column("revoked_at", type: .text)
            .run()
        try await db.create(table: "invitations")
            .column("token_hash", type: .text, .primaryKey(autoIncrement: false))
            .column("email", type: .text, .notNull)
            .column("name", type: .text, .notNull)
            .column("organization_code", type: .text, .notNull, .references("organizations", "code"))
            .column("roles", type: .text, .notNull)
            .column("created_by", type: .text)
            .column("created_at", type: .text, .notNull)
            .column("expires_at", type: .text, .notNull)
            .column("accepted_at", type: .text)
            .run()
        try await db.create(table: "login_throttle")
            .column("key", type: .text, .primaryKey(autoIncrement: false))
            .column("failures", type: .bigint, .notNull)
            .column("locked_until", type: .text, .notNull)
            .column("updated_at", type: .text, .notNull)
            .run()
        try await db.create(table: "audit_events")
            .column("seq", type: .bigint, .primaryKey(autoIncrement: false))
            .column("occurred_at", type: .text, .notNull)
            .column("actor_user", type: .text)
            .column("actor_organization", type: .text)
            .column("action", type: .text, .notNull)
            .column("entity_type", type: .text, .notNull)
            .column("entity_id", type: .text, .notNull)
            .column("changes", type: .text, .notNull)
            .column("prev_hash", type: .text, .notNull)
            .column("hash", type: .text, .notNull)
            .run()
        try await db.create(index: "audit_events_by_entity").on("audit_events").column("entity_type").column(
            "entity_id"
        )
        .run()
        try await db.create(table: "audit_head")
            .column("id", type: .bigint, .primaryKey(autoIncrement: false))
            .column("seq", type: .bigint, .notNull)
            .column("hash", type: .text, .notNull)
            .run()
        try await db.insert(into: "audit_head").columns("id", "seq", "hash").values(1, 0, AuditChain.genesis).run()
        try await db.insert(into: "enlace_sequences").columns("name", "value").values("organizations", 0).run()

        try await db.alter(table: "activities").column("owner_org", type: .text, .notNull, .default("")).run()
        try await db.alter(table: "activities").column("marking", type: .text, .notNull, .default("members")).run()
        try await db.alter(table: "activities").column("releasable_to", type: .text, .notNull, .default("")).run()
        try await db.create(index: "activities_by_owner").on("activities").column("owner_org").run()

        // Existing activities: owned by their first provider; stamped anew so that every reader reloads them.
        let rows = try await db.raw("SELECT id, providers_list FROM activities ORDER BY id").all()
        guard !rows.isEmpty else { return }
        var sequence = try await ChangeCounters.advance(.activities, by: rows.count, db)
        for row in rows {
            let id = try row.decode(column: "id", as: String.self)
            let providers = try row.decode(column: "providers_list", as: String.self)
            let owner = providers.split(separator: ",").first.map { String($0.split(separator: ":")[0]) } ?? ""
            try await db.raw(
                "UPDATE activities SET owner_org = \(bind: owner), seq = \(bind: sequence) WHERE id = \(bind: id)"
            ).run()
            sequence += 1
        }
    }
}
