public import EnlaceCore
public import Foundation
import SQLKit

/// An API token as its owner sees it in a list; the secret itself is shown once, at creation.
public struct APIToken: Sendable, Hashable, Identifiable {
    public let id: String
    public let name: String
    /// The first characters of the secret, to recognise it.
    public let prefix: String
    public let scope: TokenScope
    public let createdAt: Date
    public let lastUsedAt: Date?
    public let revokedAt: Date?
}

/// API tokens for machine clients (`Authorization: Bearer …`): stored hashed, scoped, revocable.
public struct TokenStore: Sendable {
    let database: Database
    let clock: WallClock
    let ids: IDGenerator
    let users: UserRepository

    /// The marker every Enlace token starts with, so that a leaked one is easy to recognise.
    static let marker = "enl_"

    /// Creates a token for `account`; returns it with its secret, which is never shown again.
    public func create(
        for account: UserAccount, name: String, scope: TokenScope, actor: Principal?
    ) async throws
        -> (token: APIToken, secret: String)
    {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw EnlaceError.invalid("name", .required) }
        guard name.count <= 100 else { throw EnlaceError.invalid("name", .tooLong, ["max": "100"]) }
        let secret = Self.marker + Secret.make()
        let now = clock.now()
        let token = APIToken(
            id: ids.next(), name: name, prefix: String(secret.prefix(10)), scope: scope, createdAt: now,
            lastUsedAt: nil,
            revokedAt: nil)
        try await database.write { db in
            try await db.insert(into: "api_tokens")
                .columns("id", "user_id", "name", "token_hash", "prefix", "scope", "created_at")
                .values(
                    token.id, account.id, name, Secret.hash(secret), token.prefix, scope.rawValue, Timestamp.format(now)
                )
                .run()
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, actorUser: account.id, action: .tokenCreate, entityType: "token",
                        entityID: token.id,
                        changes: [
                            FieldChange(field: "name", before: nil, after: name),
                            FieldChange(field: "scope", before: nil, after: scope.rawValue),
                            FieldChange(field: "user", before: nil, after: account.id),
                        ])
                ], at: now, db)
        }
        return (token, secret)
    }

    /// The tokens of `account`, newest first.
    public func list(for account: UserAccount) async throws -> [APIToken] {
        try await database.read { db in
            try await db.raw(
                "SELECT * FROM api_tokens WHERE user_id = \(bind: account.id) ORDER BY created_at DESC, id"
            )
            .all().map(Self.decode)
        }
    }

    /// Revokes token `id` of `account`; it stops working at once.
    public func revoke(id: String, of account: UserAccount, actor: Principal) async throws {
        let now = clock.now()
        try await database.write { db in
            let row = try await db.raw(
                """
                UPDATE api_tokens SET revoked_at = \(bind: Timestamp.format(now))
                WHERE id = \(bind: id) AND user_id = \(bind: account.id) AND revoked_at IS NULL RETURNING id
                """
            ).first()
            guard row != nil else { throw EnlaceError.notFound(entity: "token", id: id) }
            try await AuditLog.append(
                [AuditRecord(actor: actor, action: .tokenRevoke, entityType: "token", entityID: id)], at: now, db)
        }
    }

    /// The principal a bearer token stands for, limited to the token's scope; nil when it is not a live token.
    public func resolve(_ secret: String) async throws -> (principal: Principal, account: UserAccount)? {
        guard secret.hasPrefix(Self.marker) else { return nil }
        let hash = Secret.hash(secret)
        let row = try await database.read { db in
            try await db.raw(
                """
                SELECT t.id AS token_id, t.scope, t.last_used_at, u.* FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = \(bind: hash) AND t.revoked_at IS NULL AND u.active = 1
                """
            ).first()
        }
        guard let row, let scope = TokenScope(rawValue: try row.decode(column: "scope", as: String.self)) else {
            return nil
        }
        let now = clock.now()
        let lastUsed = try row.decode(column: "last_used_at", as: String?.self).flatMap(Timestamp.parse)
        if lastUsed.map({ now.timeIntervalSince($0) > 300 }) ?? true {
            let id = try row.decode(column: "token_id", as: String.self)
            try await database.write { db in
                try await db.raw(
                    "UPDATE api_tokens SET last_used_at = \(bind: Timestamp.format(now)) WHERE id = \(bind: id)"
                ).run()
            }
        }
        let account = try UserRepository.decode(row)
        return (try await users.principal(for: account, scope: scope), account)
    }

    static func decode(_ row: any SQLRow) throws -> APIToken {
        APIToken(
            id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
            prefix: try row.decode(column: "prefix", as: String.self),
            scope: TokenScope(rawValue: try row.decode(column: "scope", as: String.self)) ?? .read,
            createdAt: Timestamp.parse(try row.decode(column: "created_at", as: String.self)) ?? .distantPast,
            lastUsedAt: try row.decode(column: "last_used_at", as: String?.self).flatMap(Timestamp.parse),
            revokedAt: try row.decode(column: "revoked_at", as: String?.self).flatMap(Timestamp.parse))
    }
}
