public import EnlaceCore
import Foundation
import SQLKit

/// The secret keys in calendar feed addresses, one per person.
///
/// Calendar clients cannot sign in, so a feed address carries a random key that stands for its owner and
/// sees only what they may see. The address is shown again whenever its owner asks for it (as calendar
/// services do), yet the database keeps no key: each is derived from the installation's secret and a
/// random nonce, and only its hash is stored, to find its owner. Replacing the key (a new nonce) cuts off
/// every address that carried the old one; deactivating the account removes it.
public struct FeedKeyStore: Sendable {
    let database: Database
    let clock: WallClock
    let users: UserRepository
    let secret: ServerSecret

    /// What every key starts with, so that a leaked one is easy to recognise.
    static let marker = "enf_"

    /// `userID`'s key, made on first use.
    public func key(for userID: String) async throws -> String {
        let existing = try await database.read { db in
            try await db.raw("SELECT nonce FROM calendar_keys WHERE user_id = \(bind: userID)").first()?
                .decode(column: "nonce", as: String.self)
        }
        if let existing { return derive(userID, nonce: existing) }
        let now = clock.now()
        return try await database.write { db in
            // Two first uses at once: the first to insert wins, and both answer its key.
            try await store(userID, at: now, replacing: false, db)
            guard
                let nonce = try await db.raw("SELECT nonce FROM calendar_keys WHERE user_id = \(bind: userID)").first()?
                    .decode(column: "nonce", as: String.self)
            else { throw StoreError.corruptRow(table: "calendar_keys", column: "nonce") }
            return derive(userID, nonce: nonce)
        }
    }

    /// Replaces `account`'s key: addresses with the old one stop working at once.
    public func replace(for account: UserAccount, actor: Principal) async throws -> String {
        let now = clock.now()
        return try await database.write { db in
            let key = try await store(account.id, at: now, replacing: true, db)
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .tokenRevoke, entityType: "feed-key", entityID: account.id, changes: [])
                ], at: now, db)
            return key
        }
    }

    /// The person a key stands for, read-only, if the key is current and they are active.
    public func resolve(_ key: String) async throws -> (principal: Principal, account: UserAccount)? {
        guard key.hasPrefix(Self.marker), key.count <= 100 else { return nil }
        let userID = try await database.read { db in
            try await db.raw("SELECT user_id FROM calendar_keys WHERE key_hash = \(bind: Secret.hash(key))").first()?
                .decode(column: "user_id", as: String.self)
        }
        guard let userID, let account = try? await users.find(id: userID), account.active else { return nil }
        return (try await users.principal(for: account, scope: .read), account)
    }

    /// Removes `userID`'s key inside the caller's transaction (replacement, deactivation).
    static func remove(userID: String, _ db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM calendar_keys WHERE user_id = \(bind: userID)").run()
    }

    /// Stores a new key of `userID`'s: in place of the one there (`replacing`), or only if there is none.
    @discardableResult
    private func store(_ userID: String, at now: Date, replacing: Bool, _ db: any SQLDatabase) async throws -> String {
        let nonce = Secret.make(bytes: 16)
        let key = derive(userID, nonce: nonce)
        let insert = db.insert(into: "calendar_keys").columns("user_id", "nonce", "key_hash", "created_at")
            .values(userID, nonce, Secret.hash(key), Timestamp.format(now))
        if replacing {
            try await insert.onConflict(with: ["user_id"]) {
                $0.set(excludedValueOf: "nonce").set(excludedValueOf: "key_hash").set(excludedValueOf: "created_at")
            }.run()
        } else {
            try await insert.ignoringConflicts(with: ["user_id"]).run()
        }
        return key
    }

    private func derive(_ userID: String, nonce: String) -> String {
        Self.marker + Base64URL.encode(secret.mac("calendar-key", [userID, nonce]))
    }
}
