import Foundation
import HummingbirdOTP

/// Time-based one-time passwords (RFC 6238) and recovery codes.
enum SecondFactor {
    /// The length of a TOTP time step, in seconds.
    static let period = 30.0

    /// The time step whose TOTP code of `secret` is `code`: now, the step before or the step after (for
    /// clock drift); nil when it is none of them. The store accepts each step once.
    static func timeStep(of code: String, secret: String, now: Date) -> Int? {
        guard code.count == 6, code.allSatisfy(\.isASCII), let value = Int(code) else { return nil }
        let totp = TOTP(secret: secret)
        let current = Int((now.timeIntervalSince1970 / period).rounded(.down))
        return [current + 1, current, current - 1].first { step in
            totp.compute(date: Date(timeIntervalSince1970: Double(step) * period)) == value
        }
    }

    /// A new random secret for an authenticator app: 160 bits, as RFC 4226 recommends.
    static func newSecret() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        return String((0..<32).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }

    /// Ten new recovery codes, each usable once.
    static func newRecoveryCodes() -> [String] {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        return (0..<10).map { _ in String((0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] }) }
    }

    /// The key an authenticator app is given to type by hand: the secret's bytes in base32 (RFC 4648),
    /// as the `otpauth:` link carries them, in groups of four.
    static func manualKey(_ secret: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var characters: [Character] = []
        var buffer = 0
        var bits = 0
        for byte in secret.utf8 {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                characters.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { characters.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return stride(from: 0, to: characters.count, by: 4).map {
            String(characters[$0..<min($0 + 4, characters.count)])
        }.joined(separator: " ")
    }

    /// The code as typed, without the spaces people put in it.
    static func typed(_ code: String?) -> String {
        (code ?? "").filter { !$0.isWhitespace }
    }
}
