public import EnlaceCore
import Foundation
import SQLKit

/// A signed-in browser: who it is and the token its forms must carry.
public struct SessionContext: Sendable {
    /// The person.
    public let principal: Principal
    /// The account.
    public let account: UserAccount
    /// The anti-forgery token of this session's forms.
    public let csrfToken: String
    /// Whether the password was right but the second factor is still owed: such a session may do nothing
    /// but complete the second step or sign out.
    public let awaitingSecondFactor: Bool
    /// The TOTP secret the person is setting up, chosen by the server when the set-up page was shown.
    public let setUpSecret: String?
}

/// Browser sessions, stored in the database so that every `enlace serve` instance shares them.
///
/// The cookie carries a random secret; the table keeps only its SHA-256. A session ends when it is idle
/// too long, when it is too old, at sign-out, when its user is deactivated or changes their password.
/// Its id changes whenever it gains rights (the second step, a new second factor, a new password).
public struct SessionStore: Sendable {
    let database: Database
    let clock: WallClock
    let security: SecurityPolicy
    let users: UserRepository

    /// Starts a session for `account`; returns the secret for the cookie.
    public func start(for account: UserAccount, awaitingSecondFactor: Bool) async throws -> String {
        let now = clock.now()
        return try await database.write { db in
            try await insert(
                userID: account.id, csrfToken: Secret.make(), awaitingSecondFactor: awaitingSecondFactor, now: now, db)
        }
    }

    /// The live session whose cookie is `secret`, refreshing its idle clock; nil when there is none.
    public func resolve(_ secret: String) async throws -> SessionContext? {
        let now = clock.now()
        let hash = Secret.hash(secret)
        let row = try await database.read { db in
            try await db.raw(
                """
                SELECT s.csrf_token, s.second_factor_pending, s.setup_totp_secret, s.last_seen_at, u.*
                FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = \(bind: hash) AND s.revoked_at IS NULL AND u.active = 1
                AND s.expires_at > \(bind: Timestamp.format(now))
                """
            ).first()
        }
        guard let row, let lastSeen = Timestamp.parse(try row.decode(column: "last_seen_at", as: String.self)),
            now.timeIntervalSince(lastSeen) < security.sessionIdle
        else { return nil }
        // Refresh the idle clock at most once a minute: a write per request would serialise the readers.
        if now.timeIntervalSince(lastSeen) > 60 {
            try await database.write { db in
                try await db.raw(
                    "UPDATE sessions SET last_seen_at = \(bind: Timestamp.format(now)) WHERE token_hash = \(bind: hash)"
                ).run()
            }
        }
        let account = try UserRepository.decode(row)
        return SessionContext(
            principal: try await users.principal(for: account), account: account,
            csrfToken: try row.decode(column: "csrf_token", as: String.self),
            awaitingSecondFactor: try row.decode(column: "second_factor_pending", as: Int.self) != 0,
            setUpSecret: try row.decode(column: "setup_totp_secret", as: String?.self))
    }

    /// A session's new identity: the secret for the cookie and the anti-forgery token its forms now carry.
    public struct Renewal: Sendable {
        public let secret: String
        public let csrfToken: String
    }

    /// Ends the session `secret`, which has just passed its second step, and starts the full session that
    /// replaces it: the id a password alone was given is worth nothing afterwards.
    public func completeSecondFactor(_ secret: String) async throws -> Renewal {
        try await renew(secret, endingOthers: false)
    }

    /// Ends the session `secret` and starts a new, fully signed-in session of the same person, with a new id
    /// and a new anti-forgery token: for every change of rights, so that nothing seen before it is worth
    /// anything after. With `endingOthers`, every other session of the person ends too (a new second
    /// factor: sessions opened without it should not outlive it).
    public func renew(_ secret: String, endingOthers: Bool) async throws -> Renewal {
        let now = clock.now()
        return try await database.write { db in
            let row = try await db.raw(
                """
                UPDATE sessions SET revoked_at = \(bind: Timestamp.format(now))
                WHERE token_hash = \(bind: Secret.hash(secret)) AND revoked_at IS NULL RETURNING user_id
                """
            ).first()
            guard let row else { throw EnlaceError.unauthenticated }
            let userID = try row.decode(column: "user_id", as: String.self)
            if endingOthers { try await Self.endAll(userID: userID, at: now, db) }
            let csrfToken = Secret.make()
            let secret = try await insert(
                userID: userID, csrfToken: csrfToken, awaitingSecondFactor: false, now: now, db)
            return Renewal(secret: secret, csrfToken: csrfToken)
        }
    }

    /// Remembers `totpSecret` as the factor the person of session `secret` is setting up.
    public func setUp(totpSecret: String, in secret: String) async throws {
        try await database.write { db in
            try await db.raw(
                "UPDATE sessions SET setup_totp_secret = \(bind: totpSecret) WHERE token_hash = \(bind: Secret.hash(secret))"
            ).run()
        }
    }

    /// Ends the session `secret` on the server (sign-out).
    public func end(_ secret: String) async throws {
        let now = Timestamp.format(clock.now())
        try await database.write { db in
            try await db.raw(
                "UPDATE sessions SET revoked_at = \(bind: now) WHERE token_hash = \(bind: Secret.hash(secret)) AND revoked_at IS NULL"
            ).run()
        }
    }

    /// Ends every session of `userID` inside the caller's transaction (deactivation, a new password).
    static func endAll(userID: String, at now: Date, _ db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE sessions SET revoked_at = \(bind: Timestamp.format(now)) WHERE user_id = \(bind: userID) AND revoked_at IS NULL"
        ).run()
    }

    private func insert(
        userID: String, csrfToken: String, awaitingSecondFactor: Bool, now: Date, _ db: any SQLDatabase
    ) async throws -> String {
        let secret = Secret.make()
        try await db.insert(into: "sessions")
            .columns(
                "token_hash", "user_id", "csrf_token", "second_factor_pending", "created_at", "last_seen_at",
                "expires_at"
            )
            .values(
                Secret.hash(secret), userID, csrfToken, awaitingSecondFactor ? 1 : 0, Timestamp.format(now),
                Timestamp.format(now), Timestamp.format(now.addingTimeInterval(security.sessionAbsolute))
            )
            .run()
        return secret
    }
}
