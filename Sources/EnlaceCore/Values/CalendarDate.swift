import Foundation

/// A day in the proleptic Gregorian calendar, with no time or zone: the dates of an activity.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01; negative before it. Arithmetic and ordering work on this.
    public let dayNumber: Int

    /// Creates the date with the given day number (days since 1970-01-01).
    public init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    /// Creates the date, or nil when the components do not name a real day.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        dayNumber = Self.days(year: year, month: month, day: day)
    }

    /// Parses a strict ISO 8601 calendar date, `YYYY-MM-DD`.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The year, month and day.
    public var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil-from-days algorithm.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The year of the date.
    public var year: Int { components.year }

    /// The date as `YYYY-MM-DD`.
    public var iso: String {
        let (year, month, day) = components
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    public var description: String { iso }

    /// The date `days` later (or earlier, when negative).
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(dayNumber: dayNumber + days)
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        lhs.dayNumber < rhs.dayNumber
    }

    public init(from decoder: any Decoder) throws {
        let text = try String(from: decoder)
        guard let date = CalendarDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        try iso.encode(to: encoder)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func days(year: Int, month: Int, day: Int) -> Int {
        // Howard Hinnant's days-from-civil algorithm.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

extension CalendarDate {
    /// The day `clock` is in, in UTC.
    public static func today(_ clock: WallClock) -> CalendarDate {
        CalendarDate(dayNumber: Int((clock.now().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}
