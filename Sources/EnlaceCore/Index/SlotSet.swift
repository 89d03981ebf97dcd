/// A set of small non-negative integers (index slots) as a bitset: fast union, intersection and count.
public struct SlotSet: Sendable, Equatable {
    private(set) var words: [UInt64]

    /// The empty set.
    public init() {
        words = []
    }

    /// Whether `slot` is in the set.
    @inline(__always)
    public func contains(_ slot: Int) -> Bool {
        let word = slot >> 6
        return word < words.count && words[word] & (1 << UInt64(slot & 63)) != 0
    }

    /// Adds `slot`.
    public mutating func insert(_ slot: Int) {
        let word = slot >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        words[word] |= 1 << UInt64(slot & 63)
    }

    /// Removes `slot`.
    public mutating func remove(_ slot: Int) {
        let word = slot >> 6
        if word < words.count { words[word] &= ~(1 << UInt64(slot & 63)) }
    }

    /// How many slots the set holds.
    public var count: Int {
        words.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// Keeps only the slots also in `other`.
    public mutating func formIntersection(_ other: SlotSet) {
        if words.count > other.words.count { words.removeLast(words.count - other.words.count) }
        for index in words.indices { words[index] &= other.words[index] }
    }

    /// Adds every slot of `other`.
    public mutating func formUnion(_ other: SlotSet) {
        if words.count < other.words.count {
            words.append(contentsOf: repeatElement(0, count: other.words.count - words.count))
        }
        for index in other.words.indices { words[index] |= other.words[index] }
    }

    /// How many slots this set shares with `other`, without building the intersection.
    public func intersectionCount(_ other: SlotSet) -> Int {
        var total = 0
        for index in 0..<min(words.count, other.words.count) {
            total += (words[index] & other.words[index]).nonzeroBitCount
        }
        return total
    }

    /// Calls `body` with every slot, in increasing order.
    public func forEach(_ body: (Int) -> Void) {
        for (index, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                body(index << 6 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
    }

    public static func == (lhs: SlotSet, rhs: SlotSet) -> Bool {
        let common = min(lhs.words.count, rhs.words.count)
        return lhs.words[..<common] == rhs.words[..<common]
            && lhs.words[common...].allSatisfy { $0 == 0 } && rhs.words[common...].allSatisfy { $0 == 0 }
    }
}
