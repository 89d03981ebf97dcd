public import Foundation

/// The one textual form of an instant that Enlace stores and sends: UTC, millisecond precision.
///
/// `2026-11-29T18:46:43.123Z`; its text sorts in time order, which keyset pagination relies on.
public enum Timestamp {
    /// `date` truncated to whole milliseconds, the precision Enlace keeps.
    public static func truncated(_ date: Date) -> Date {
        Date(milliseconds: milliseconds(of: date))
    }

    /// Whole milliseconds since 1970. The 10 µs tolerance absorbs binary rounding (Foundation keeps dates
    /// relative to 2001 in a double), so that a date made
    /// from a whole number of milliseconds always gives that number back.
    public static func milliseconds(of date: Date) -> Int {
        Int((date.timeIntervalSince1970 * 1000 + 0.01).rounded(.down))
    }

    /// The text of `date`.
    public static func format(_ date: Date) -> String {
        let millis = milliseconds(of: date)
        let (days, msOfDay) = millis.quotientAndRemainder(dividingBy: 86_400_000)
        let (dayNumber, ms) = msOfDay < 0 ? (days - 1, msOfDay + 86_400_000) : (days, msOfDay)
        let day = CalendarDate(dayNumber: dayNumber)
        let hours = ms / 3_600_000
        let minutes = ms / 60_000 % 60
        let seconds = ms / 1000 % 60
        return day.iso + "T" + two(hours) + ":" + two(minutes) + ":" + two(seconds) + "." + three(ms % 1000) + "Z"
    }

    /// Parses the text `format` writes, or any RFC 3339 time: `Z` or an offset such as `+01:00`, with or
    /// without a fraction of a second (kept to the millisecond).
    public static func parse(_ text: String) -> Date? {
        var bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            let day = CalendarDate(iso: text.prefix(10))
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard !range.isEmpty else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        // The zone: Z, or ±HH:MM, which moves the time to UTC.
        var offsetMinutes = 0
        if bytes.last == UInt8(ascii: "Z") || bytes.last == UInt8(ascii: "z") {
            bytes.removeLast()
        } else {
            let sign = bytes[bytes.count - 6]
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), bytes[bytes.count - 3] == UInt8(ascii: ":"),
                let offsetHours = number(bytes.count - 5..<bytes.count - 3),
                let offsetMins = number(bytes.count - 2..<bytes.count), offsetHours < 24, offsetMins < 60
            else { return nil }
            offsetMinutes = (offsetHours * 60 + offsetMins) * (sign == UInt8(ascii: "-") ? -1 : 1)
            bytes.removeLast(6)
        }
        guard bytes.count >= 19, bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let hours = number(11..<13), let minutes = number(14..<16), let seconds = number(17..<19),
            hours < 24, minutes < 60, seconds < 60
        else { return nil }
        var millis = 0
        if bytes.count > 19 {
            guard bytes[19] == UInt8(ascii: "."), bytes.count > 20, bytes.count <= 29,
                let fraction = number(20..<bytes.count)
            else { return nil }
            let digits = bytes.count - 20
            millis = digits >= 3 ? fraction / pow10(digits - 3) : fraction * pow10(3 - digits)
        }
        let total = ((day.dayNumber * 24 + hours) * 60 + minutes - offsetMinutes) * 60 + seconds
        return Date(milliseconds: total * 1000 + millis)
    }
}

private func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
private func three(_ value: Int) -> String { value < 10 ? "00\(value)" : value < 100 ? "0\(value)" : "\(value)" }
private func pow10(_ exponent: Int) -> Int { (0..<exponent).reduce(1) { value, _ in value * 10 } }

extension Date {
    init(milliseconds: Int) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
