import EnlaceCore
import SQLKit

/// What the second step and the calendar feeds need to be safe: the last time step each account's codes
/// were used at (a code works once), the factor a signed-in person is setting up (chosen by the server,
/// never by the form), calendar keys kept as hashes, and the fingerprint of the installation's secret.
///
/// Calendar keys were kept as they are; they are dropped, as a key stored in the clear may have been
/// read. Each person gets a new address when they next ask for it.
struct M0014CredentialsAtRest: Migration {
    let version = 14
    let name = "single-use second-factor codes, hashed calendar keys, the server secret's fingerprint"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await db.alter(table: "users").column("totp_last_step", type: .bigint).run()
        try await db.alter(table: "sessions").column("setup_totp_secret", type: .text).run()
        try await db.drop(table: "feed_keys").run()
        try await db.create(table: "calendar_keys")
            .column("user_id", type: .text, .primaryKey(autoIncrement: false), .references("users", "id"))
            .column("nonce", type: .text, .notNull)
            .column("key_hash", type: .text, .notNull, .unique)
            .column("created_at", type: .text, .notNull)
            .run()
        try await db.create(table: "server_identity")
            .column("id", type: .bigint, .primaryKey(autoIncrement: false))
            .column("secret_fingerprint", type: .text, .notNull)
            .run()
    }
}
