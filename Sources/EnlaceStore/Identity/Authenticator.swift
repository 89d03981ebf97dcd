public import EnlaceCore
public import Foundation
import HummingbirdBcrypt

/// The outcome of a sign-in attempt. A failure never says whether the account exists.
public enum SignIn: Sendable {
    /// The password is right.
    case success(UserAccount)
    /// Wrong email or password (or an inactive account: the answer is the same).
    case failure
    /// Too many failures: try again after this instant.
    case throttled(until: Date)
}

/// Checks passwords, with throttling and an audit record for every attempt.
public struct Authenticator: Sendable {
    let users: UserRepository
    let throttle: LoginThrottle
    let audit: AuditLog
    let security: SecurityPolicy

    /// A bcrypt hash of nothing anyone knows, verified when the account does not exist so that the
    /// answer takes as long as for one that does.
    private let decoy: String

    init(users: UserRepository, throttle: LoginThrottle, audit: AuditLog, security: SecurityPolicy) {
        self.users = users
        self.throttle = throttle
        self.audit = audit
        self.security = security
        decoy = Bcrypt.hash(Secret.make(), cost: security.bcryptCost)
    }

    /// Checks `password` for `email`, from `address` (the client's IP address).
    public func signIn(email: String, password: String, address: String) async throws -> SignIn {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        let keys = ["account:" + email, "address:" + address]
        if let until = try await throttle.lockedUntil(keys) {
            try await audit.record([
                AuditRecord(
                    actor: nil, action: .loginFailed, entityType: "account", entityID: email,
                    changes: [FieldChange(field: "reason", before: nil, after: "throttled")])
            ])
            return .throttled(until: until)
        }
        let account = try await users.find(email: email)
        let hash = try await account.asyncMap { try await users.passwordHash(id: $0.id) } ?? nil
        let matches = Bcrypt.verify(password, hash: hash ?? decoy) && hash != nil
        guard let account, matches, account.active else {
            try await throttle.fail(keys)
            try await audit.record([
                AuditRecord(
                    actor: nil, actorUser: account?.id, action: .loginFailed, entityType: "account", entityID: email,
                    changes: [FieldChange(field: "address", before: nil, after: address)])
            ])
            return .failure
        }
        try await throttle.clear(["account:" + email])
        try await audit.record([
            AuditRecord(
                actor: try await users.principal(for: account), action: .login, entityType: "account", entityID: email,
                changes: [FieldChange(field: "address", before: nil, after: address)])
        ])
        return .success(account)
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
