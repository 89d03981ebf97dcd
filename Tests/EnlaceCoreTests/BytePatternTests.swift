import EnlaceCore
import Testing

@Suite("Word search in linear time")
struct BytePatternTests {
    /// The plain definition: some position where every byte of the word follows.
    static func naive(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in
            needle.indices.allSatisfy { haystack[start + $0] == needle[$0] }
        }
    }

    @Test("finds exactly what the plain definition finds, on generated texts of a small alphabet")
    func agreesWithTheDefinition() {
        var random = SeededRandom(seed: 15)
        for _ in 0..<4_000 {
            let haystack = (0..<Int.random(in: 0...40, using: &random)).map { _ in
                UInt8.random(in: 97...99, using: &random)
            }
            let needle = (0..<Int.random(in: 0...6, using: &random)).map { _ in
                UInt8.random(in: 97...99, using: &random)
            }
            #expect(
                BytePattern(needle).occurs(in: haystack) == Self.naive(haystack, needle), "\(needle) in \(haystack)")
        }
    }

    @Test("the hostile case: a long run of one letter, and a word that almost matches it everywhere")
    func hostile() {
        let haystack = [UInt8](repeating: 97, count: 100_000)
        #expect(!BytePattern([UInt8](repeating: 97, count: 199) + [98]).occurs(in: haystack))
        #expect(BytePattern([UInt8](repeating: 97, count: 200)).occurs(in: haystack))
    }
}
