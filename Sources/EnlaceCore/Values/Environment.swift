public import Foundation
import Synchronization

/// Where "now" comes from; tests pass a fixed clock instead of the system's.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Date

    /// A clock that reads `read` each time.
    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    /// The current instant, truncated to the millisecond precision Enlace stores.
    public func now() -> Date { Timestamp.truncated(read()) }

    /// The system clock.
    public static let system = WallClock { Date() }

    /// A clock stopped at `date`.
    public static func fixed(_ date: Date) -> WallClock { WallClock { date } }
}

/// Where new record identifiers come from; tests pass a predictable sequence.
public struct IDGenerator: Sendable {
    private let make: @Sendable () -> String

    /// A generator that calls `make` for each id.
    public init(_ make: @escaping @Sendable () -> String) {
        self.make = make
    }

    /// A new identifier.
    public func next() -> String { make() }

    /// Time-ordered version-7 UUIDs (RFC 9562) in lower case: 48 bits of Unix milliseconds, a 12-bit sequence
    /// within the millisecond, and 62 random bits.
    ///
    /// Ids made one after another sort in the order they were made, so a large write (an import) appends to the
    /// indexes keyed by id rather than touching pages all over them. What they reveal (when a record was made) each
    /// record shows anyway.
    public static let random: IDGenerator = {
        let sequence = UUIDv7Sequence()
        return IDGenerator { sequence.next() }
    }()
}

/// The state behind ``IDGenerator/random``: the last millisecond used and the sequence within it, so that ids
/// made in one process strictly increase.
final class UUIDv7Sequence: Sendable {
    private let state = Mutex((milliseconds: UInt64(0), sequence: UInt16(0)))

    func next(now: Date = Date()) -> String {
        var random = SystemRandomNumberGenerator()
        let current = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        let (milliseconds, sequence) = state.withLock { state in
            if current > state.milliseconds {
                // A new millisecond starts its sequence at a random point in the lower half, leaving room to count.
                state = (current, UInt16.random(in: 0..<0x800, using: &random))
            } else if state.sequence < 0xFFF {
                state.sequence += 1
            } else {
                // The sequence is spent: borrow the next millisecond.
                state = (state.milliseconds + 1, 0)
            }
            return state
        }
        let tail = random.next() as UInt64
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
        bytes[6] = 0x70 | UInt8(sequence >> 8)
        bytes[7] = UInt8(truncatingIfNeeded: sequence)
        for index in 8..<16 { bytes[index] = UInt8(truncatingIfNeeded: tail >> (8 * (15 - index))) }
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
