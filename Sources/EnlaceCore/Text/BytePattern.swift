/// A word to find in text, in time linear in the text whatever the word and the text hold
/// (Knuth–Morris–Pratt): a search stays cheap on hostile input such as `aaaa…ab` in `aaaa…`.
public struct BytePattern: Sendable {
    /// The word's bytes.
    public let bytes: [UInt8]
    /// For each prefix of the word, the length of its longest proper prefix that is also its suffix.
    private let fallback: [Int]

    /// The pattern of `bytes`.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var fallback = [Int](repeating: 0, count: bytes.count)
        var matched = 0
        for index in bytes.indices.dropFirst() {
            while matched > 0 && bytes[index] != bytes[matched] { matched = fallback[matched - 1] }
            if bytes[index] == bytes[matched] { matched += 1 }
            fallback[index] = matched
        }
        self.fallback = fallback
    }

    /// Whether the word occurs in `haystack`.
    public func occurs(in haystack: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return true }
        guard haystack.count >= bytes.count else { return false }
        var matched = 0
        for byte in haystack {
            while matched > 0 && byte != bytes[matched] { matched = fallback[matched - 1] }
            if byte == bytes[matched] {
                matched += 1
                if matched == bytes.count { return true }
            }
        }
        return false
    }
}
