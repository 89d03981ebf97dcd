public import EnlaceCore
public import Foundation

/// The outcome of a sign-in attempt. A failure never says whether the account exists.
public enum SignIn: Sendable {
    /// The password is right.
    case success(UserAccount)
    /// Wrong email or password (or an inactive account: the answer is the same).
    case failure
    /// Too many failures: try again after this instant.
    case throttled(until: Date)
}

/// The outcome of a second-factor step.
public enum SecondStep: Sendable, Equatable {
    /// A current code, or an unused recovery code, that had not been used before.
    case success
    /// A wrong code, a code already used, or an account without a second factor.
    case failure
    /// Too many failures: try again after this instant.
    case throttled(until: Date)
}

/// Checks passwords and second-factor codes: each attempt throttled per account and per client address,
/// counted before it is checked, verified off the request threads, and audited.
///
/// A browser that has signed in to an account carries a device cookie for it (``deviceCookie(for:)``):
/// its attempts at that account are counted against the cookie instead of the account, so that a stranger
/// who keeps the account's count locked does not keep its owner out, and a stolen cookie has a count of
/// its own. The cookie dies when the password or the second factor changes, and after a year.
public struct Authenticator: Sendable {
    let users: UserRepository
    let throttle: LoginThrottle
    let audit: AuditLog
    let hasher: PasswordHasher
    let secret: ServerSecret

    init(users: UserRepository, throttle: LoginThrottle, audit: AuditLog, hasher: PasswordHasher, secret: ServerSecret)
    {
        self.users = users
        self.throttle = throttle
        self.audit = audit
        self.hasher = hasher
        self.secret = secret
        // The decoy is made now, in the background, so that the first sign-in of no account is as slow as any.
        Task { [hasher] in _ = try? await hasher.decoy() }
    }

    /// Checks `password` for `email`, from `address` (the client's IP address), in a browser that carries
    /// `device` (its device cookie, if any).
    public func signIn(email: String, password: String, address: String, device: String?) async throws -> SignIn {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        let account = try await users.find(email: email)
        switch try await check(
            keys: try await passwordKeys(email: email, address: address, device: device), entity: email,
            actorUser: account?.id,
            address: address, verify: { try await matches(password, of: account) })
        {
        case .success:
            guard let account else { return .failure }
            try await audit.record([
                AuditRecord(
                    actor: try await users.principal(for: account), action: .login, entityType: "account",
                    entityID: email, changes: [FieldChange(field: "address", before: nil, after: address)])
            ])
            return .success(account)
        case .failure: return .failure
        case .throttled(let until): return .throttled(until: until)
        }
    }

    /// Checks the second step of `account`'s sign-in: `code` is a TOTP code (`timeStep` finds the time step
    /// whose code it is for a secret, if any) or a recovery code. Each time step and each recovery code
    /// is accepted once. Only someone with the password gets here, so the account's count is long-lived;
    /// a browser that signed in to the account before (`device`) has a count of its own, so that the
    /// holder of a stolen password cannot keep the owner out.
    public func secondStep(
        _ account: UserAccount, code: String, address: String, device: String?,
        timeStep: @Sendable (String) -> Int?
    ) async throws -> SecondStep {
        try await check(
            keys: (
                account: LoginThrottle.secondFactorPrefix
                    + (try await deviceNonce(device, of: account.email).map { "device:" + $0 } ?? account.id),
                address: LoginThrottle.addressKey(address)
            ),
            entity: account.email, actorUser: account.id, address: address, reason: "second factor",
            verify: {
                if let secret = try await users.secondFactorSecret(id: account.id), let step = timeStep(secret),
                    try await users.useTimeStep(id: account.id, step: step)
                {
                    return true
                }
                return code.count > 6 ? try await users.consumeRecoveryCode(id: account.id, code: code) : false
            })
    }

    /// Whether `password` is `account`'s current password, counted against the same throttle as a sign-in
    /// (a session is not a licence to guess): a wrong one is ``EnlaceError/invalid(_:)`` on `current`,
    /// too many are ``EnlaceError/throttled(retryAfter:)``.
    public func confirmPassword(
        _ password: String, of account: UserAccount, address: String, device: String?
    ) async throws {
        let outcome = try await check(
            keys: try await passwordKeys(email: account.email, address: address, device: device),
            entity: account.email,
            actorUser: account.id, address: address, reason: "password confirmation",
            verify: { try await matches(password, of: account) })
        try require(outcome, field: "current")
    }

    /// Whether `code` is a current second-factor code of `account` (for replacing the factor), throttled
    /// and used up as at sign-in.
    public func confirmSecondFactor(
        _ code: String, of account: UserAccount, address: String, device: String?,
        timeStep: @Sendable (String) -> Int?
    ) async throws {
        try require(
            try await secondStep(account, code: code, address: address, device: device, timeStep: timeStep),
            field: "current")
    }

    /// How long a device cookie is good for.
    static let deviceLifetime: TimeInterval = 365 * 86_400

    /// A device cookie for a browser that has just signed in as `account`: a random nonce, the time it was
    /// issued, and a MAC of both with the account's address and its current credentials, so that it is
    /// recognised without being stored and dies when the password or the second factor changes.
    public func deviceCookie(for account: UserAccount) async throws -> String {
        let nonce = Secret.make(bytes: 12)
        let issued = String(Int(throttle.clock.now().timeIntervalSince1970))
        let mac = secret.mac(
            "device", [account.email, nonce, issued] + (try await users.credentials(email: account.email)))
        return [nonce, issued, Base64URL.encode(mac)].joined(separator: ".")
    }

    /// The nonce of `cookie` when it is a device cookie this installation gave, within the year, to a browser
    /// that signed in as `email` with its current credentials. The credentials are read whether or not the
    /// account exists, so that the time taken does not tell.
    func deviceNonce(_ cookie: String?, of email: String) async throws -> String? {
        guard let cookie, cookie.utf8.count < 200 else { return nil }
        let parts = cookie.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let issued = Int(parts[1]), let sent = Base64URL.decode(parts[2]) else { return nil }
        let age = throttle.clock.now().timeIntervalSince1970 - TimeInterval(issued)
        guard age >= -300, age < Self.deviceLifetime else { return nil }
        let expected = secret.mac("device", [email, parts[0], parts[1]] + (try await users.credentials(email: email)))
        let equal = sent.count == expected.count && zip(sent, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
        return equal ? parts[0] : nil
    }

    /// The throttle's keys for a password of `email` from `address`: the address's, and the account's or,
    /// in a browser that signed in to the account before, that browser's.
    private func passwordKeys(
        email: String, address: String, device: String?
    ) async throws -> (account: String?, address: String) {
        let own = try await deviceNonce(device, of: email).map { LoginThrottle.devicePrefix + $0 }
        return (own ?? LoginThrottle.accountKey(email), LoginThrottle.addressKey(address))
    }

    private func require(_ outcome: SecondStep, field: String) throws {
        switch outcome {
        case .success: return
        case .failure: throw EnlaceError.invalid(field, .incorrect)
        case .throttled(let until):
            let seconds = until.timeIntervalSince(throttle.clock.now())
            throw EnlaceError.throttled(retryAfter: max(1, Int(seconds.rounded(.up))))
        }
    }

    /// One throttled attempt: reserved against both keys before `verify` runs; a success clears the
    /// account's count and gives the address its attempt back; a failure leaves the reservation counted.
    /// A refusal while locked is not audited one by one: it costs nothing, and the failures that caused the
    /// lock are in the trail already.
    private func check(
        keys: (account: String?, address: String), entity: String, actorUser: String?, address: String,
        reason: String? = nil, verify: () async throws -> Bool
    ) async throws -> SecondStep {
        let all = [keys.account, keys.address].compactMap { $0 }
        let reservation: LoginThrottle.Reservation
        switch try await throttle.reserve(all) {
        case .reserved(let counted): reservation = counted
        case .locked(let until): return .throttled(until: until)
        }
        let verified: Bool
        do {
            verified = try await verify()
        } catch {
            // Turned away or failed before checking: the attempt does not count.
            try? await throttle.refund(reservation, all)
            throw error
        }
        guard verified else {
            var changes = [FieldChange(field: "address", before: nil, after: address)]
            if let reason { changes.append(FieldChange(field: "reason", before: nil, after: reason)) }
            try await audit.record([
                AuditRecord(
                    actor: nil, actorUser: actorUser, action: .loginFailed, entityType: "account",
                    entityID: String(entity.prefix(254)), changes: changes)
            ])
            return .failure
        }
        if let account = keys.account { try await throttle.clear([account]) }
        try await throttle.refund(reservation, [keys.address])
        return .success
    }

    /// Whether `password` is the password of `account`, active; as slow for no account as for one.
    private func matches(_ password: String, of account: UserAccount?) async throws -> Bool {
        let hash = try await account.asyncMap { try await users.passwordHash(id: $0.id) } ?? nil
        let against: String
        if let hash { against = hash } else { against = try await hasher.decoy() }
        let matches = try await hasher.verify(password, hash: against)
        return matches && hash != nil && account?.active == true
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
