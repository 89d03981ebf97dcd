/// A 128-bit fingerprint of a sequence of texts (two FNV-1a hashes with different starting points), stable across
/// processes and releases, unlike `Hasher`. It tells whether an imported record is exactly as last time; it is no
/// defence against someone forging a collision, and is not used as one.
public struct Fingerprint: Sendable {
    private var first: UInt64 = 0xcbf2_9ce4_8422_2325
    private var second: UInt64 = 0x6c62_272e_07bb_0142

    /// An empty fingerprint.
    public init() {}

    /// Adds `text`, or a mark for an absent one, each closed by a separator so that `ab`+`c` differs from `a`+`bc`.
    public mutating func add(_ text: String?) {
        guard let text else {
            mix(0x1E)
            return
        }
        for byte in text.utf8 { mix(byte) }
        mix(0x1F)
    }

    /// Adds each of `texts`, then a mark for the end of the list.
    public mutating func add(_ texts: [String]) {
        for text in texts { add(text) }
        mix(0x1D)
    }

    private mutating func mix(_ byte: UInt8) {
        first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 &+ 0x9E37_79B9
    }

    /// The fingerprint as 32 hexadecimal digits.
    public var text: String {
        func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex(first) + hex(second)
    }
}
