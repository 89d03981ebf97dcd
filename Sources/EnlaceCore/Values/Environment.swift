public import Foundation

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

    /// Random version-4 UUIDs in lower case.
    public static let random = IDGenerator { UUID().uuidString.lowercased() }
}
