/// The password rules of NIST SP 800-63B §5.1.1.2: long enough, no composition rules, and not one
/// that attackers try first (common, repetitive, sequential, or made of the person's own details).
public struct PasswordPolicy: Sendable {
    /// The shortest password accepted.
    public static let minimumLength = 12
    /// The longest password accepted, in UTF-8 bytes: bcrypt reads no further.
    public static let maximumBytes = 72

    private let common: Set<String>

    /// A policy that refuses every password in `common` (compared in lower case).
    public init(common: Set<String>) {
        self.common = Set(common.map { $0.lowercased() })
    }

    /// Why `password` is refused for a person with these `personal` details (email, name…), or nothing.
    public func problems(_ password: String, personal: [String] = []) -> [FieldError] {
        if password.count < Self.minimumLength {
            return [FieldError("password", .tooShort, ["min": String(Self.minimumLength)])]
        }
        if password.utf8.count > Self.maximumBytes {
            return [FieldError("password", .tooLong, ["max": String(Self.maximumBytes)])]
        }
        let lowered = password.lowercased()
        let stem = String(lowered.reversed().drop { !$0.isLetter }.reversed())
        if common.contains(lowered) || (stem.count >= 6 && common.contains(stem)) {
            return [FieldError("password", .commonPassword)]
        }
        if Self.isPredictable(Array(lowered.unicodeScalars)) {
            return [FieldError("password", .predictable)]
        }
        let words = (personal + ["enlace"]).flatMap { detail in
            detail.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        }.filter { $0.count >= 4 }
        for word in words where lowered.contains(word) && lowered.count - word.count < 8 {
            return [FieldError("password", .containsPersonalInfo)]
        }
        return []
    }

    /// One character repeated, one short unit repeated, or a run of consecutive characters.
    static func isPredictable(_ scalars: [Unicode.Scalar]) -> Bool {
        for unit in 1...4 where scalars.count % unit == 0 || unit == 1 {
            let pattern = Array(scalars.prefix(unit))
            if scalars.indices.allSatisfy({ scalars[$0] == pattern[$0 % unit] }) { return true }
        }
        let steps = zip(scalars, scalars.dropFirst()).map { Int($1.value) - Int($0.value) }
        return steps.allSatisfy { $0 == 1 } || steps.allSatisfy { $0 == -1 }
            || steps.allSatisfy { $0 == 1 || $0 == -9 } || steps.allSatisfy { $0 == -1 || $0 == 9 }
    }
}
