import EnlaceCore
import EnlaceStore
import Foundation
import HummingbirdOTP

/// Time-based one-time passwords (RFC 6238) and recovery codes.
enum SecondFactor {
    /// Whether `code` is the account's current TOTP code (or the one before or after, for clock drift),
    /// or one of its unused recovery codes, which it then uses up.
    static func verify(code: String, for account: UserAccount, store: Store, now: Date) async throws -> Bool {
        guard let secret = try await store.users.secondFactorSecret(id: account.id) else { return false }
        if accepts(code: code, secret: secret, now: now) { return true }
        return code.count > 6 ? try await store.users.consumeRecoveryCode(id: account.id, code: code) : false
    }

    /// Whether `code` is the TOTP code of `secret` now, 30 seconds ago or 30 seconds ahead.
    static func accepts(code: String, secret: String, now: Date) -> Bool {
        guard code.count == 6, let value = Int(code) else { return false }
        let totp = TOTP(secret: secret)
        return [-30.0, 0, 30].contains { totp.compute(date: now.addingTimeInterval($0)) == value }
    }

    /// A new random secret for an authenticator app.
    static func newSecret() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        return String((0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }

    /// Ten new recovery codes, each usable once.
    static func newRecoveryCodes() -> [String] {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        return (0..<10).map { _ in String((0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] }) }
    }
}
