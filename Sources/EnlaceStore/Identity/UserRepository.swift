public import EnlaceCore
import Foundation
import SQLKit

/// People and their credentials: accounts, invitations, passwords and second factors.
///
/// Every change is audited in its own transaction. Passwords are stored as bcrypt hashes only.
public struct UserRepository: Sendable {
    let database: Database
    let clock: WallClock
    let ids: IDGenerator
    let security: SecurityPolicy
    let passwords: PasswordPolicy
    let directory: OrganizationDirectory
    let hasher: PasswordHasher

    // MARK: - Reads

    /// Every account, by email.
    public func all() async throws -> [UserAccount] {
        try await database.read { db in
            try await db.raw("SELECT * FROM users ORDER BY email").all().map(Self.decode)
        }
    }

    /// The account with `id`.
    public func find(id: String) async throws -> UserAccount {
        let found = try await database.read { db in
            try await db.raw("SELECT * FROM users WHERE id = \(bind: id)").first().map(Self.decode)
        }
        guard let found else { throw EnlaceError.notFound(entity: "user", id: id) }
        return found
    }

    /// The account signing in as `email`, if any.
    public func find(email: String) async throws -> UserAccount? {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        return try await database.read { db in
            try await db.raw("SELECT * FROM users WHERE email = \(bind: email)").first().map(Self.decode)
        }
    }

    /// The active account signing in as `email`, when `actor` may know it exists: a person of `actor`'s own
    /// government, or anyone for those who see everything (who administer people). For anyone else nil,
    /// whether or not the account exists, so that naming a person is never a way to test an address.
    public func knownAccount(email: String, to actor: Principal) async throws -> UserAccount? {
        guard let account = try await find(email: email), account.active else { return nil }
        if Viewer.person(actor).seesEverything { return account }
        let lineage = try await directory.current(database).lineage(of: account.organization)
        return lineage.last == actor.government ? account : nil
    }

    /// The principal `account` acts as, with its organisation's place in the hierarchy.
    public func principal(for account: UserAccount, scope: TokenScope = .readWrite) async throws -> Principal {
        let organizations = try await directory.current(database)
        let organization = organizations.byCode[account.organization]
        return Principal(
            userID: account.id, email: account.email, organization: account.organization,
            lineage: organizations.lineage(of: account.organization),
            descendants: organizations.descendants(of: account.organization), country: organization?.country,
            isMember: organization?.isMember ?? false, roles: account.roles, scope: scope)
    }

    // MARK: - Writes

    /// Creates an account with a password (the command line and the demo); `actor` is who did it.
    public func create(
        email: String, name: String, organization: String, roles: Set<Role>, password: String, actor: Principal?
    ) async throws -> UserAccount {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        let name = name.trimmingCharacters(in: .whitespaces)
        var errors = Self.check(email: email, name: name, roles: roles)
        errors += passwords.problems(password, personal: [email, name])
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
        let hash = try await hasher.hash(password)
        let now = clock.now()
        let account = UserAccount(
            id: ids.next(), email: email, name: name, organization: organization, roles: roles, active: true,
            secondFactor: false, version: 1, createdAt: now, updatedAt: now)
        try await database.write { db in
            try await Self.insert(account, passwordHash: hash, db)
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .create, entityType: "user", entityID: account.id,
                        changes: FieldChange.diff([:], Self.auditFields(account)))
                ], at: now, db)
        }
        return account
    }

    /// Records an invitation and returns its one-time secret, to be sent as a link.
    public func invite(
        email: String, name: String, organization: String, roles: Set<Role>, actor: Principal
    ) async throws
        -> String
    {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        let name = name.trimmingCharacters(in: .whitespaces)
        let errors = Self.check(email: email, name: name, roles: roles)
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
        let secret = Secret.make()
        let now = clock.now()
        try await database.write { db in
            try await Self.requireOrganization(organization, db)
            if try await db.raw("SELECT id FROM users WHERE email = \(bind: email)").first() != nil {
                throw EnlaceError.invalid("email", .taken)
            }
            try await db.insert(into: "invitations")
                .columns(
                    "token_hash", "email", "name", "organization_code", "roles", "created_by", "created_at",
                    "expires_at"
                )
                .values(
                    Secret.hash(secret), email, name, organization, Self.encode(roles), actor.userID,
                    Timestamp.format(now), Timestamp.format(now.addingTimeInterval(security.invitationLifetime))
                )
                .run()
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .invite, entityType: "invitation", entityID: email,
                        changes: [
                            FieldChange(field: "organization", before: nil, after: organization),
                            FieldChange(field: "roles", before: nil, after: Self.encode(roles)),
                        ])
                ], at: now, db)
        }
        return secret
    }

    /// What an invitation offers, when its secret is valid and unused.
    public func invitation(_ secret: String) async throws -> (email: String, name: String, organization: String)? {
        let now = Timestamp.format(clock.now())
        return try await database.read { db in
            try await db.raw(
                """
                SELECT email, name, organization_code FROM invitations
                WHERE token_hash = \(bind: Secret.hash(secret)) AND accepted_at IS NULL AND expires_at > \(bind: now)
                """
            ).first().map {
                (
                    try $0.decode(column: "email", as: String.self), try $0.decode(column: "name", as: String.self),
                    try $0.decode(column: "organization_code", as: String.self)
                )
            }
        }
    }

    /// Accepts an invitation: the invited person's account is created with the password they chose.
    ///
    /// An unknown, used or expired link is ``EnlaceError/notFound(entity:id:)``.
    public func accept(invitation secret: String, password: String) async throws -> UserAccount {
        let now = clock.now()
        let hashNow = Timestamp.format(now)
        let passwordHash = try await hasher.hash(password)
        return try await database.write { db in
            let row = try await db.raw(
                """
                UPDATE invitations SET accepted_at = \(bind: hashNow)
                WHERE token_hash = \(bind: Secret.hash(secret)) AND accepted_at IS NULL AND expires_at > \(bind: hashNow)
                RETURNING email, name, organization_code, roles
                """
            ).first()
            guard let row else { throw EnlaceError.notFound(entity: "invitation", id: "") }
            let email = try row.decode(column: "email", as: String.self)
            let name = try row.decode(column: "name", as: String.self)
            let problems = passwords.problems(password, personal: [email, name])
            if !problems.isEmpty { throw EnlaceError.invalid(problems) }
            let account = UserAccount(
                id: ids.next(), email: email, name: name,
                organization: try row.decode(column: "organization_code", as: String.self),
                roles: Self.decodeRoles(try row.decode(column: "roles", as: String.self)), active: true,
                secondFactor: false, version: 1, createdAt: now, updatedAt: now)
            try await Self.insert(account, passwordHash: passwordHash, db)
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: nil, actorUser: account.id, action: .create, entityType: "user", entityID: account.id,
                        changes: FieldChange.diff([:], Self.auditFields(account)))
                ], at: now, db)
            return account
        }
    }

    /// Replaces `id`'s roles (administrators).
    public func setRoles(id: String, roles: Set<Role>, actor: Principal) async throws -> UserAccount {
        guard !roles.isEmpty else { throw EnlaceError.invalid("roles", .required) }
        // Nobody locks themselves out of administration: another administrator must do it.
        if id == actor.userID, actor.has(.admin), !roles.contains(.admin) {
            throw EnlaceError.invalid("roles", .ownAccount)
        }
        return try await change(id: id, actor: actor, action: .roleChange) { account in account.roles = roles }
    }

    /// Deactivates `id`: every session, token and calendar address it has ends at once.
    public func deactivate(id: String, actor: Principal) async throws -> UserAccount {
        guard id != actor.userID else { throw EnlaceError.invalid("active", .ownAccount) }
        return try await change(id: id, actor: actor, action: .deactivate) { $0.active = false }
    }

    /// Lets `id` sign in again (with new sessions and tokens).
    public func reactivate(id: String, actor: Principal) async throws -> UserAccount {
        try await change(id: id, actor: actor, action: .reactivate) { $0.active = true }
    }

    /// Sets `id`'s password and ends every session the person has: whoever signed in with the old one is out.
    public func setPassword(id: String, password: String, actor: Principal?) async throws {
        let account = try await find(id: id)
        let problems = passwords.problems(password, personal: [account.email, account.name])
        if !problems.isEmpty { throw EnlaceError.invalid(problems) }
        let hash = try await hasher.hash(password)
        let now = clock.now()
        try await database.write { db in
            try await db.raw(
                "UPDATE users SET password_hash = \(bind: hash), updated_at = \(bind: Timestamp.format(now)) WHERE id = \(bind: id)"
            ).run()
            try await SessionStore.endAll(userID: id, at: now, db)
            try await AuditLog.append(
                [AuditRecord(actor: actor, actorUser: id, action: .passwordSet, entityType: "user", entityID: id)],
                at: now, db)
        }
    }

    /// Stores a second factor for `id`: the TOTP secret, whose code of time step `step` confirmed it (so that
    /// code works no more), and the hashes of one-time recovery codes.
    public func enableSecondFactor(
        id: String, secret: String, recoveryCodes: [String], step: Int? = nil, actor: Principal
    ) async throws {
        let now = clock.now()
        try await database.write { db in
            try await db.raw(
                """
                UPDATE users SET totp_secret = \(bind: secret), totp_enabled = 1, totp_last_step = \(bind: step),
                recovery_codes = \(bind: recoveryCodes.map(Self.recoveryHash).joined(separator: ",")),
                updated_at = \(bind: Timestamp.format(now)), version = version + 1 WHERE id = \(bind: id)
                """
            ).run()
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .secondFactor, entityType: "user", entityID: id,
                        changes: [FieldChange(field: "secondFactor", before: nil, after: "enabled")])
                ], at: now, db)
        }
    }

    /// The TOTP secret of `id`, when a second factor is set up (for checking a code, never for display).
    public func secondFactorSecret(id: String) async throws -> String? {
        try await database.read { db in
            try await db.raw("SELECT totp_secret FROM users WHERE id = \(bind: id) AND totp_enabled = 1").first()?
                .decode(column: "totp_secret", as: String?.self)
        }
    }

    /// Records that `id` used the code of TOTP time step `step`; false when that step, or a later one, was
    /// used already: each code works once.
    func useTimeStep(id: String, step: Int) async throws -> Bool {
        try await database.write { db in
            try await db.raw(
                """
                UPDATE users SET totp_last_step = \(bind: step)
                WHERE id = \(bind: id) AND (totp_last_step IS NULL OR totp_last_step < \(bind: step)) RETURNING id
                """
            ).first() != nil
        }
    }

    /// Uses up one recovery code of `id`; false when it is not one of theirs or was used already.
    ///
    /// The list is replaced only if it is still the one read, so two uses of one code at the same moment
    /// cannot both succeed, on either engine.
    func consumeRecoveryCode(id: String, code: String) async throws -> Bool {
        let hash = Self.recoveryHash(code)
        return try await database.write { db in
            guard let row = try await db.raw("SELECT recovery_codes FROM users WHERE id = \(bind: id)").first() else {
                return false
            }
            let stored = try row.decode(column: "recovery_codes", as: String.self)
            var codes = stored.split(separator: ",").map(String.init)
            guard let index = codes.firstIndex(of: hash) else { return false }
            codes.remove(at: index)
            return try await db.raw(
                """
                UPDATE users SET recovery_codes = \(bind: codes.joined(separator: ","))
                WHERE id = \(bind: id) AND recovery_codes = \(bind: stored) RETURNING id
                """
            ).first() != nil
        }
    }

    private static func recoveryHash(_ code: String) -> String {
        Secret.hash(code.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// What changes when the credentials of the account signing in as `email` change: its password hash and
    /// its second factor's secret (empty for an account there is not).
    func credentials(email: String) async throws -> [String] {
        try await database.read { db in
            let row = try await db.raw(
                "SELECT password_hash, totp_secret, totp_enabled FROM users WHERE email = \(bind: email)"
            ).first()
            let enabled = try row?.decode(column: "totp_enabled", as: Int.self) == 1
            return [
                try row?.decode(column: "password_hash", as: String?.self) ?? "",
                enabled ? try row?.decode(column: "totp_secret", as: String?.self) ?? "" : "",
            ]
        }
    }

    /// The bcrypt hash of `id`'s password, if one is set.
    func passwordHash(id: String) async throws -> String? {
        try await database.read { db in
            try await db.raw("SELECT password_hash FROM users WHERE id = \(bind: id)").first()?
                .decode(column: "password_hash", as: String?.self)
        }
    }

    /// Applies `apply` to the account as it stands inside the transaction that writes it, so that a change
    /// made meanwhile is built upon, never overwritten or lost.
    private func change(
        id: String, actor: Principal, action: AuditAction, _ apply: @Sendable (inout UserAccount) -> Void
    ) async throws -> UserAccount {
        // A writer that moved the row between this one's read and its claim wins; this one reads again.
        for _ in 0..<2 {
            do {
                return try await changeOnce(id: id, actor: actor, action: action, apply)
            } catch EnlaceError.staleVersion {
                continue
            }
        }
        return try await changeOnce(id: id, actor: actor, action: action, apply)
    }

    private func changeOnce(
        id: String, actor: Principal, action: AuditAction, _ apply: @Sendable (inout UserAccount) -> Void
    ) async throws -> UserAccount {
        let now = clock.now()
        return try await database.write { db in
            let (version, row) = try await VersionClaim.claim("users", entity: "user", id: id, expected: nil, db)
            let before = try Self.decode(row)
            var after = before
            apply(&after)
            after.version = version + 1
            after.updatedAt = now
            try await db.raw(
                """
                UPDATE users SET roles = \(bind: Self.encode(after.roles)), active = \(bind: after.active ? 1 : 0),
                version = \(bind: after.version), updated_at = \(bind: Timestamp.format(now)) WHERE id = \(bind: id)
                """
            ).run()
            if !after.active {
                try await SessionStore.endAll(userID: id, at: now, db)
                try await db.raw(
                    "UPDATE api_tokens SET revoked_at = \(bind: Timestamp.format(now)) WHERE user_id = \(bind: id) AND revoked_at IS NULL"
                ).run()
                try await FeedKeyStore.remove(userID: id, db)
            }
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: action, entityType: "user", entityID: id,
                        changes: FieldChange.diff(Self.auditFields(before), Self.auditFields(after)))
                ], at: now, db)
            return after
        }
    }

    private static func check(email: String, name: String, roles: Set<Role>) -> [FieldError] {
        var errors: [FieldError] = []
        if email.isEmpty {
            errors.append(FieldError("email", .required))
        } else if !UserAccount.isEmail(email) {
            errors.append(FieldError("email", .invalidFormat, ["expected": "name@example.org"]))
        }
        if name.isEmpty {
            errors.append(FieldError("name", .required))
        } else if name.count > 200 {
            errors.append(FieldError("name", .tooLong, ["max": "200"]))
        }
        if roles.isEmpty { errors.append(FieldError("roles", .required)) }
        return errors
    }

    private static func requireOrganization(_ code: String, _ db: any SQLDatabase) async throws {
        if try await db.raw("SELECT code FROM organizations WHERE code = \(bind: code)").first() == nil {
            throw EnlaceError.invalid("organization", .unknownCode, ["value": code])
        }
    }

    private static func insert(_ account: UserAccount, passwordHash: String, _ db: any SQLDatabase) async throws {
        try await requireOrganization(account.organization, db)
        if try await db.raw("SELECT id FROM users WHERE email = \(bind: account.email)").first() != nil {
            throw EnlaceError.invalid("email", .taken)
        }
        try await db.insert(into: "users")
            .columns(
                "id", "email", "name", "organization_code", "roles", "password_hash", "active", "totp_enabled",
                "recovery_codes", "version", "created_at", "updated_at"
            )
            .values(
                account.id, account.email, account.name, account.organization, encode(account.roles), passwordHash, 1,
                0,
                "", account.version, Timestamp.format(account.createdAt), Timestamp.format(account.updatedAt)
            )
            .run()
    }

    static func auditFields(_ account: UserAccount) -> [String: String] {
        [
            "email": account.email, "name": account.name, "organization": account.organization,
            "roles": encode(account.roles), "active": account.active ? "true" : "false",
        ]
    }

    static func encode(_ roles: Set<Role>) -> String { roles.sorted().map(\.rawValue).joined(separator: ",") }

    static func decodeRoles(_ text: String) -> Set<Role> {
        Set(text.split(separator: ",").compactMap { Role(rawValue: String($0)) })
    }

    static func decode(_ row: any SQLRow) throws -> UserAccount {
        guard let created = Timestamp.parse(try row.decode(column: "created_at", as: String.self)),
            let updated = Timestamp.parse(try row.decode(column: "updated_at", as: String.self))
        else { throw StoreError.corruptRow(table: "users", column: "created_at") }
        return UserAccount(
            id: try row.decode(column: "id", as: String.self), email: try row.decode(column: "email", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            organization: try row.decode(column: "organization_code", as: String.self),
            roles: decodeRoles(try row.decode(column: "roles", as: String.self)),
            active: try row.decode(column: "active", as: Int.self) != 0,
            secondFactor: try row.decode(column: "totp_enabled", as: Int.self) != 0,
            version: try row.decode(column: "version", as: Int.self), createdAt: created, updatedAt: updated)
    }
}
