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
    ///
    /// Between matches it skips ahead to the next byte that can start one, as a plain search would, so that
    /// ordinary text is read as fast as before; inside a partial match it never steps back.
    public func occurs(in haystack: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return true }
        guard haystack.count >= bytes.count else { return false }
        return haystack.withUnsafeBufferPointer { text in
            bytes.withUnsafeBufferPointer { word in
                fallback.withUnsafeBufferPointer { back in
                    let first = word[0]
                    var matched = 0
                    var index = 0
                    while index < text.count {
                        if matched == 0 {
                            while index < text.count && text[index] != first { index += 1 }
                            if index == text.count { return false }
                        }
                        let byte = text[index]
                        while matched > 0 && byte != word[matched] { matched = back[matched - 1] }
                        if byte == word[matched] {
                            matched += 1
                            if matched == word.count { return true }
                        }
                        index += 1
                    }
                    return false
                }
            }
        }
    }
}
