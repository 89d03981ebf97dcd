import EnlaceCore
import Foundation

extension CalendarDate {
    /// Midnight UTC of this date: list filters by day are in UTC days.
    var midnightUTC: Date { Date(timeIntervalSince1970: Double(dayNumber) * 86_400) }

    /// The first to the last day of `year`.
    static func year(_ year: Int) -> ClosedRange<CalendarDate> {
        CalendarDate(year: year, month: 1, day: 1)!...CalendarDate(year: year, month: 12, day: 31)!
    }
}
