public import Foundation

/// The subset of an RFC 5545 `RRULE` that meetings repeat by: daily, weekly or monthly, with `BYDAY`,
/// `BYMONTHDAY`, `COUNT` and `UNTIL`.
///
/// `parse(_:)` accepts only rules that this subset expands exactly as RFC 5545 would (weeks start on Monday,
/// `WKST=MO`), and rejects everything else with a message naming the offending part, so a rule is never
/// silently reinterpreted. `RecurrenceSchedule` expands a rule into dated occurrences.
public struct RecurrenceRule: Sendable, Hashable {
    /// How often the rule's periods repeat; the RFC's `FREQ`.
    public enum Frequency: String, Sendable, CaseIterable {
        /// Every `interval` days.
        case daily = "DAILY"
        /// Every `interval` weeks, weeks starting on Monday.
        case weekly = "WEEKLY"
        /// Every `interval` months.
        case monthly = "MONTHLY"
    }

    /// A day of the week, spelled as in RFC 5545.
    public enum Weekday: String, Sendable, CaseIterable {
        // swift-format-ignore: AlwaysUseLowerCamelCase
        // The RFC's own two-letter names, so that the cases read as the rule text does.
        case MO, TU, WE, TH, FR, SA, SU

        /// The ISO 8601 number of the day: Monday is 1, Sunday is 7.
        public var isoNumber: Int {
            switch self {
            case .MO: 1
            case .TU: 2
            case .WE: 3
            case .TH: 4
            case .FR: 5
            case .SA: 6
            case .SU: 7
            }
        }
    }

    /// One `BYDAY` entry: a weekday, optionally with its position in the month (`2TU`, `-1FR`).
    public struct WeekdayNumber: Sendable, Hashable {
        /// The position in the month: 1...5 counts from the start, -5...-1 from the end; nil means every such day.
        public var ordinal: Int?
        /// The day of the week.
        public var weekday: Weekday

        /// Creates the entry; `ordinal` is only meaningful for monthly rules.
        public init(ordinal: Int? = nil, weekday: Weekday) {
            self.ordinal = ordinal
            self.weekday = weekday
        }

        /// The entry as RFC 5545 writes it: `TU`, `2TU`, `-1FR`.
        public var text: String {
            (ordinal.map(String.init) ?? "") + weekday.rawValue
        }
    }

    /// The inclusive end of a rule: a local day, or an instant compared with each occurrence's start.
    public enum Until: Sendable, Hashable {
        /// The last local day that may hold an occurrence; written `YYYYMMDD`.
        case date(CalendarDate)
        /// The latest instant an occurrence may start at; written in UTC, `YYYYMMDDTHHMMSSZ`.
        case instant(Date)
    }

    /// Why a rule's text was rejected, in English that names the offending part.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The explanation, e.g. `BYSETPOS is not supported.`
        public let message: String

        init(_ message: String) {
            self.message = message
        }

        public var description: String { message }
    }

    /// How often the periods repeat.
    public var frequency: Frequency
    /// The number of periods from one repetition to the next; 1 means every period. Must be at least 1.
    public var interval: Int
    /// The weekdays (for monthly rules, optionally positions such as `2TU`) the rule selects; empty for none.
    public var byDay: [WeekdayNumber]
    /// The days of the month the rule selects, 1...31 or, counting from the month's end, -31...-1.
    public var byMonthDay: [Int]
    /// The number of occurrences in all, counted from the first; nil when unlimited.
    public var count: Int?
    /// The inclusive end of the series; nil when unlimited.
    public var until: Until?

    /// Creates a rule. It is not validated: `parse(_:)` is the gate for untrusted input.
    public init(
        frequency: Frequency, interval: Int = 1, byDay: [WeekdayNumber] = [], byMonthDay: [Int] = [],
        count: Int? = nil, until: Until? = nil
    ) {
        self.frequency = frequency
        self.interval = interval
        self.byDay = byDay
        self.byMonthDay = byMonthDay
        self.count = count
        self.until = until
    }

    /// The rule in canonical RFC 5545 form, e.g. `FREQ=MONTHLY;BYDAY=2TU;COUNT=6`.
    ///
    /// Parts come in a fixed order (FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL); INTERVAL is left out when
    /// it is 1 and list parts when they are empty, so `parse(rule.text) == rule` for every parsed rule.
    public var text: String {
        var parts = ["FREQ=" + frequency.rawValue]
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        if !byDay.isEmpty { parts.append("BYDAY=" + byDay.map(\.text).joined(separator: ",")) }
        if !byMonthDay.isEmpty { parts.append("BYMONTHDAY=" + byMonthDay.map(String.init).joined(separator: ",")) }
        if let count { parts.append("COUNT=\(count)") }
        switch until {
        case .date(let date)?: parts.append("UNTIL=" + Self.basicFormat(date))
        case .instant(let instant)?: parts.append("UNTIL=" + Self.basicFormat(instant))
        case nil: break
        }
        return parts.joined(separator: ";")
    }

    /// Parses a rule such as `RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=10`.
    ///
    /// Names and values are case-insensitive and the `RRULE:` prefix is optional. `WKST=MO` is accepted, as it is
    /// the week start this subset uses; any other part outside the subset is rejected rather than ignored.
    public static func parse(_ text: String) throws(ParseError) -> RecurrenceRule {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)[...]
        if body.uppercased().hasPrefix("RRULE:") { body = body.dropFirst(6) }
        let parts = body.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { throw ParseError("The recurrence rule is empty.") }

        var seen: Set<String> = []
        var frequency: Frequency?
        var rule = RecurrenceRule(frequency: .daily)
        for part in parts {
            guard let equals = part.firstIndex(of: "=") else {
                throw ParseError("Part \"\(part)\" is not of the form NAME=VALUE.")
            }
            let name = part[..<equals].trimmingCharacters(in: .whitespaces).uppercased()
            let value = part[part.index(after: equals)...].trimmingCharacters(in: .whitespaces).uppercased()
            guard seen.insert(name).inserted else { throw ParseError("\(name) is given more than once.") }
            switch name {
            case "FREQ": frequency = try parseFrequency(value)
            case "INTERVAL": rule.interval = try positiveInteger(value, name: name)
            case "COUNT": rule.count = try positiveInteger(value, name: name)
            case "UNTIL": rule.until = try parseUntil(value)
            case "BYDAY": rule.byDay = try list(value, name: name).map(parseWeekdayNumber)
            case "BYMONTHDAY": rule.byMonthDay = try list(value, name: name).map(parseMonthDay)
            case "WKST":
                guard value == "MO" else {
                    throw ParseError("WKST=\(value) is not supported; weeks start on Monday (WKST=MO).")
                }
            case "BYSECOND", "BYMINUTE", "BYHOUR", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS":
                throw ParseError("\(name) is not supported.")
            default:
                throw ParseError("\"\(name)\" is not a recurrence rule part.")
            }
        }
        guard let frequency else { throw ParseError("FREQ is required.") }
        rule.frequency = frequency

        // The RFC's own restrictions, checked once every part is known.
        if rule.count != nil, rule.until != nil {
            throw ParseError("COUNT and UNTIL cannot both be given.")
        }
        if frequency != .monthly, let positioned = rule.byDay.first(where: { $0.ordinal != nil }) {
            let (entry, plain) = (positioned.text, positioned.weekday.rawValue)
            throw ParseError("BYDAY position \"\(entry)\" is only allowed with FREQ=MONTHLY; use \"\(plain)\".")
        }
        if frequency == .weekly, !rule.byMonthDay.isEmpty {
            throw ParseError("BYMONTHDAY cannot be used with FREQ=WEEKLY.")
        }
        return rule
    }

    private static func parseFrequency(_ value: String) throws(ParseError) -> Frequency {
        if let frequency = Frequency(rawValue: value) { return frequency }
        if ["SECONDLY", "MINUTELY", "HOURLY", "YEARLY"].contains(value) {
            throw ParseError("FREQ=\(value) is not supported; use DAILY, WEEKLY or MONTHLY.")
        }
        throw ParseError("FREQ \"\(value)\" is not a frequency; use DAILY, WEEKLY or MONTHLY.")
    }

    /// The largest INTERVAL and COUNT accepted; a meeting series never needs more, and it bounds the expansion.
    static let maximumNumber = 1000

    private static func positiveInteger(_ value: String, name: String) throws(ParseError) -> Int {
        guard let number = digits(value[...]), (1...maximumNumber).contains(number) else {
            throw ParseError("\(name) must be a whole number from 1 to \(maximumNumber), not \"\(value)\".")
        }
        return number
    }

    private static func list(_ value: String, name: String) throws(ParseError) -> [Substring] {
        let items = value.split(separator: ",", omittingEmptySubsequences: false)
        guard !items.contains(where: \.isEmpty) else {
            throw ParseError("\(name) needs a comma-separated list of values, not \"\(value)\".")
        }
        return items
    }

    private static func parseWeekdayNumber(_ item: Substring) throws(ParseError) -> WeekdayNumber {
        guard item.count >= 2, let weekday = Weekday(rawValue: String(item.suffix(2))) else {
            throw ParseError("BYDAY value \"\(item)\" is not a weekday such as MO or 2TU.")
        }
        let position = item.dropLast(2)
        guard !position.isEmpty else { return WeekdayNumber(weekday: weekday) }
        guard let ordinal = signedInteger(position) else {
            throw ParseError("BYDAY value \"\(item)\" is not a weekday such as MO or 2TU.")
        }
        guard (1...5).contains(abs(ordinal)) else {
            throw ParseError("BYDAY position in \"\(item)\" must be from 1 to 5 or from -5 to -1.")
        }
        return WeekdayNumber(ordinal: ordinal, weekday: weekday)
    }

    private static func parseMonthDay(_ item: Substring) throws(ParseError) -> Int {
        guard let day = signedInteger(item), (1...31).contains(abs(day)) else {
            throw ParseError("BYMONTHDAY value \"\(item)\" must be from 1 to 31 or from -31 to -1.")
        }
        return day
    }

    private static func parseUntil(_ value: String) throws(ParseError) -> Until {
        let invalid = ParseError("UNTIL must be a date YYYYMMDD or a UTC time YYYYMMDDTHHMMSSZ, not \"\(value)\".")
        let bytes = Array(value.utf8)
        guard bytes.count == 8 || bytes.count == 16 else { throw invalid }
        func number(_ range: Range<Int>) -> Int? { digits(bytes[range]) }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let date = CalendarDate(year: year, month: month, day: day)
        else { throw invalid }
        if bytes.count == 8 { return .date(date) }
        guard bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z"),
            let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
            hour < 24, minute < 60, second < 60
        else { throw invalid }
        let seconds = date.dayNumber * 86_400 + hour * 3_600 + minute * 60 + second
        return .instant(Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// The value of one to nine ASCII digits, or nil.
    private static func digits(_ text: some Collection<UInt8>) -> Int? {
        guard (1...9).contains(text.count) else { return nil }
        var value = 0
        for byte in text {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func digits(_ text: Substring) -> Int? {
        digits(text.utf8)
    }

    /// An integer with an optional `+` or `-` sign, as RFC 5545 writes ordinals and month days.
    private static func signedInteger(_ text: Substring) -> Int? {
        switch text.first {
        case "-": digits(text.dropFirst()).map { -$0 }
        case "+": digits(text.dropFirst())
        default: digits(text)
        }
    }

    /// `YYYYMMDD`, RFC 5545's DATE form.
    private static func basicFormat(_ date: CalendarDate) -> String {
        let (year, month, day) = date.components
        return pad(year, 4) + pad(month, 2) + pad(day, 2)
    }

    /// `YYYYMMDDTHHMMSSZ`, RFC 5545's UTC DATE-TIME form, to the whole second.
    private static func basicFormat(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (dayNumber, second) = secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
        return basicFormat(CalendarDate(dayNumber: dayNumber)) + "T" + pad(second / 3_600, 2)
            + pad(second / 60 % 60, 2) + pad(second % 60, 2) + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
