public import EnlaceCore
import SQLKit

/// The secret keys in calendar feed addresses, one per person.
///
/// Calendar clients cannot sign in, so a feed address carries a random key that stands for its owner and
/// sees only what they may see. Unlike passwords and API tokens the key is kept as it is, because the
/// address is shown again whenever the person asks for it (as calendar services do); it can only read
/// calendars, and replacing it cuts off every address that carried the old one.
public struct FeedKeyStore: Sendable {
    let database: Database
    let clock: WallClock
    let users: UserRepository

    /// `userID`'s key, made on first use.
    public func key(for userID: String) async throws -> String {
        let existing = try await database.read { db in
            try await db.raw("SELECT feed_key FROM feed_keys WHERE user_id = \(bind: userID)").first()?
                .decode(column: "feed_key", as: String.self)
        }
        if let existing { return existing }
        let now = clock.now()
        return try await database.write { db in
            if let row = try await db.raw("SELECT feed_key FROM feed_keys WHERE user_id = \(bind: userID)").first() {
                return try row.decode(column: "feed_key", as: String.self)
            }
            let key = Secret.make()
            try await db.insert(into: "feed_keys").columns("user_id", "feed_key", "created_at")
                .values(userID, key, Timestamp.format(now)).run()
            return key
        }
    }

    /// Replaces `userID`'s key: addresses with the old one stop working at once.
    public func replace(for account: UserAccount, actor: Principal) async throws -> String {
        let now = clock.now()
        let key = Secret.make()
        try await database.write { db in
            try await db.raw("DELETE FROM feed_keys WHERE user_id = \(bind: account.id)").run()
            try await db.insert(into: "feed_keys").columns("user_id", "feed_key", "created_at")
                .values(account.id, key, Timestamp.format(now)).run()
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .tokenRevoke, entityType: "feed-key", entityID: account.id, changes: [])
                ], at: now, db)
        }
        return key
    }

    /// The person a key stands for, read-only, if the key is current and they are active.
    public func resolve(_ key: String) async throws -> (principal: Principal, account: UserAccount)? {
        guard key.count >= 20, key.count <= 100 else { return nil }
        let userID = try await database.read { db in
            try await db.raw("SELECT user_id FROM feed_keys WHERE feed_key = \(bind: key)").first()?
                .decode(column: "user_id", as: String.self)
        }
        guard let userID, let account = try? await users.find(id: userID), account.active else { return nil }
        return (try await users.principal(for: account, scope: .read), account)
    }
}
