public import Foundation

/// A recurrence rule anchored to a first day, a local start time and a time zone: the dated meetings of a series.
///
/// Candidate days come period by period, as RFC 5545 expands them:
/// - `DAILY`: every `interval` days from `firstDate`; `BYDAY` and `BYMONTHDAY` filter the days.
/// - `WEEKLY`: every `interval` weeks, weeks starting on Monday (`WKST=MO`) from the week of `firstDate`; the days
///   are the `BYDAY` weekdays, or `firstDate`'s weekday when there are none.
/// - `MONTHLY`: every `interval` months from the month of `firstDate`. `BYMONTHDAY` selects days of the month
///   (negative ones count from its end; a day a month lacks, such as 31 in April, is skipped as the RFC says).
///   `BYDAY` selects weekdays: with a position, the nth (or nth-from-last) such weekday of the month, without,
///   every such weekday. When both are given a day must match both; with neither, the day of month of
///   `firstDate` is used, and months that lack it are skipped.
///
/// Days before `firstDate` are never produced, and `firstDate` is itself an occurrence only when the rule selects
/// it. This is a deliberate simplification of RFC 5545, which always counts DTSTART as the first occurrence.
/// `COUNT` counts occurrences from the first; `UNTIL` is inclusive, comparing local days for a date and the
/// occurrence's start for an instant.
///
/// Each occurrence starts at the local wall time `startMinute` on its day in `timeZone` (see
/// `instant(of:minute:in:)` for daylight-saving transitions) and lasts `durationMinutes` of elapsed time, so a
/// meeting across a transition still lasts as long. Rule values that `RecurrenceRule.parse(_:)` would reject but
/// that the memberwise initialiser allows are treated leniently: an interval below 1 counts as 1, a `BYDAY`
/// position is ignored outside monthly rules, and out-of-range month days match nothing.
public struct RecurrenceSchedule: Sendable {
    /// Occurrences never lie further than this many days past the later of `firstDate` and the requested start,
    /// so that a rule which selects nothing (say `BYMONTHDAY=31` every 12 months from February) cannot loop.
    static let horizonDays = 100 * 366

    /// One meeting of the series.
    public struct Occurrence: Sendable, Hashable {
        /// The local day of the meeting in the schedule's time zone.
        public let date: CalendarDate
        /// The instant the meeting starts.
        public let start: Date
        /// The instant the meeting ends: `durationMinutes` of elapsed time after `start`.
        public let end: Date
    }

    /// The rule that selects the days.
    public let rule: RecurrenceRule
    /// The zone whose wall clock the meetings follow.
    public let timeZone: TimeZone
    /// The first day the series may hold an occurrence on.
    public let firstDate: CalendarDate
    /// The local start time, in minutes after midnight, 0..<1440.
    public let startMinute: Int
    /// The length of each meeting in minutes of elapsed time, at least 0.
    public let durationMinutes: Int
    private let selection: DaySelection

    /// Creates the schedule; `startMinute` is clamped to 0..<1440 and a negative duration to 0.
    public init(
        rule: RecurrenceRule, timeZone: TimeZone, firstDate: CalendarDate, startMinute: Int, durationMinutes: Int
    ) {
        self.rule = rule
        self.timeZone = timeZone
        self.firstDate = firstDate
        self.startMinute = min(max(startMinute, 0), 1439)
        self.durationMinutes = max(durationMinutes, 0)
        selection = DaySelection(rule: rule, firstDate: firstDate)
    }

    /// Occurrences in order from the first, ending at COUNT or UNTIL, skipping those that start before `from`,
    /// and stopping after the last that starts at or before `through` or after `limit` results.
    ///
    /// Skipped occurrences still count towards COUNT. Expansion gives up 100 years after the later of `firstDate`
    /// and `from`, so a rule that never matches ends rather than loops.
    public func occurrences(from: Date? = nil, through: Date, limit: Int) -> [Occurrence] {
        guard limit > 0, rule.count.map({ $0 > 0 }) ?? true else { return [] }
        // Without COUNT, days whose meeting must start before `from` need not be visited at all. An occurrence's
        // start lies within a day or so of its local day (offsets stay under 18 hours), so two days' margin is safe.
        var earliest = firstDate.dayNumber
        if rule.count == nil, let from { earliest = max(earliest, Self.utcDay(from) - 2) }
        var latest = min(Self.utcDay(through) + 2, earliest + Self.horizonDays)
        var untilInstant: Date?
        switch rule.until {
        case .date(let day)?: latest = min(latest, day.dayNumber)
        case .instant(let instant)?: untilInstant = instant
        case nil: break
        }

        var results: [Occurrence] = []
        var counted = 0
        forEachDay(from: earliest, through: latest) { day in
            let start = Self.instant(of: day, minute: startMinute, in: timeZone)
            if start > through { return false }
            if let untilInstant, start > untilInstant { return false }
            if let count = rule.count, counted >= count { return false }
            counted += 1
            if let from, start < from { return true }
            let end = start.addingTimeInterval(TimeInterval(durationMinutes) * 60)
            results.append(Occurrence(date: day, start: start, end: end))
            return results.count < limit
        }
        return results
    }

    /// The instant the wall clock in `timeZone` shows `minute` minutes after midnight on `date`.
    ///
    /// A wall time that does not exist, inside a spring-forward gap, moves forward by the gap's length (02:30
    /// becomes 03:30 when clocks jump from 02:00 to 03:00), as RFC 5545 prescribes. A wall time that occurs twice,
    /// in a fall-back overlap, takes the first, earlier instant (still daylight time). The answer depends only on
    /// `TimeZone.secondsFromGMT(for:)`, not on how `Calendar` resolves such times.
    public static func instant(of date: CalendarDate, minute: Int, in timeZone: TimeZone) -> Date {
        // The wall time read as if it were UTC; each offset in force near it gives one candidate instant.
        let wall = TimeInterval(date.dayNumber) * 86_400 + TimeInterval(minute) * 60
        func offset(at seconds: TimeInterval) -> TimeInterval {
            TimeInterval(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds)))
        }
        // Zones change offset at most once within a couple of days, so the offsets a day either side are the
        // only ones that can apply.
        let before = offset(at: wall - 86_400)
        let after = offset(at: wall + 86_400)
        if before == after { return Date(timeIntervalSince1970: wall - before) }
        // A candidate is real when the zone's offset at that instant is the one it was computed with.
        let early = wall - max(before, after)
        let late = wall - min(before, after)
        let earlyIsReal = offset(at: early) == max(before, after)
        let lateIsReal = offset(at: late) == min(before, after)
        switch (earlyIsReal, lateIsReal) {
        case (true, _): return Date(timeIntervalSince1970: early)  // the only reading, or the first of two
        case (false, true): return Date(timeIntervalSince1970: late)
        // In the gap: read the wall time with the offset from before the gap, which moves it forward by the gap.
        case (false, false): return Date(timeIntervalSince1970: wall - before)
        }
    }

    /// The UTC day number of `date`, clamped to a range that day arithmetic cannot overflow.
    private static func utcDay(_ date: Date) -> Int {
        let days = (date.timeIntervalSince1970 / 86_400).rounded(.down)
        return days.isNaN ? 0 : Int(min(max(days, -1e9), 1e9))
    }

    /// Calls `body` with each day the rule selects in `earliest...latest` (day numbers) and on or after
    /// `firstDate`, in order, until `body` returns false.
    private func forEachDay(from earliest: Int, through latest: Int, _ body: (CalendarDate) -> Bool) {
        // Memberwise rules are not validated. Any interval past the horizon reaches no second period, so bounding
        // it there changes nothing but keeps the period arithmetic from overflowing.
        let interval = min(max(rule.interval, 1), Self.horizonDays + 1)
        let first = firstDate.dayNumber
        guard earliest <= latest else { return }
        switch rule.frequency {
        case .daily:
            // Start at the first period that can hold a day on or after `earliest`.
            var day = first + (earliest - first + interval - 1) / interval * interval
            while day <= latest {
                if selection.matchesDaily(day), !body(CalendarDate(dayNumber: day)) { return }
                day += interval
            }
        case .weekly:
            let step = 7 * interval
            let firstMonday = first - Self.weekdayIndex(first)
            var monday = firstMonday + (earliest - firstMonday) / step * step
            while monday <= latest {
                for offset in 0..<7 where selection.weekdays & (1 << offset) != 0 {
                    let day = monday + offset
                    if day > latest { return }
                    if day >= earliest, selection.matchesMonthDayFilter(day),
                        !body(CalendarDate(dayNumber: day))
                    {
                        return
                    }
                }
                monday += step
            }
        case .monthly:
            let (firstYear, firstMonth, _) = firstDate.components
            let (earliestYear, earliestMonth, _) = CalendarDate(dayNumber: earliest).components
            let firstIndex = firstYear * 12 + firstMonth - 1
            var index = firstIndex + (earliestYear * 12 + earliestMonth - 1 - firstIndex) / interval * interval
            while true {
                let year = Self.floorDivide(index, 12)
                let month = index - year * 12 + 1
                let monthStart = CalendarDate.days(year: year, month: month, day: 1)
                if monthStart > latest { return }
                let length = CalendarDate.daysIn(month: month, year: year)
                let firstWeekday = Self.weekdayIndex(monthStart)
                for dayOfMonth in 1...length {
                    let day = monthStart + dayOfMonth - 1
                    if day > latest { return }
                    if day >= earliest,
                        selection.matchesMonthly(
                            dayOfMonth: dayOfMonth, weekday: (firstWeekday + dayOfMonth - 1) % 7, length: length),
                        !body(CalendarDate(dayNumber: day))
                    {
                        return
                    }
                }
                index += interval
            }
        }
    }

    /// The weekday of a day number, 0 for Monday through 6 for Sunday; day 0, 1970-01-01, was a Thursday.
    static func weekdayIndex(_ dayNumber: Int) -> Int {
        (dayNumber % 7 + 7 + 3) % 7
    }

    private static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let (quotient, remainder) = a.quotientAndRemainder(dividingBy: b)
        return remainder < 0 ? quotient - 1 : quotient
    }
}

/// A rule's `BYDAY` and `BYMONTHDAY` as bit masks, built once per schedule so that testing a day allocates nothing.
private struct DaySelection: Sendable {
    /// Bit `w` (0 = Monday) is set for each weekday a daily or weekly rule selects; positions are ignored.
    var weekdays: UInt8 = 0
    /// Per weekday (0 = Monday), the positions a monthly rule selects: bit 0 for every such day, bit n for the
    /// nth in the month, bit 5 + n for the nth from its end.
    var positions: [UInt16] = Array(repeating: 0, count: 7)
    /// Bit d is set for each day of the month d selected counting from the start.
    var monthDays: UInt32 = 0
    /// Bit n is set for each day selected as the nth from the end of the month (`BYMONTHDAY=-n`).
    var monthDaysFromEnd: UInt32 = 0
    var hasByDay: Bool
    var hasByMonthDay: Bool

    init(rule: RecurrenceRule, firstDate: CalendarDate) {
        hasByDay = !rule.byDay.isEmpty
        hasByMonthDay = !rule.byMonthDay.isEmpty
        for entry in rule.byDay {
            let weekday = entry.weekday.isoNumber - 1
            weekdays |= 1 << weekday
            switch entry.ordinal {
            case nil: positions[weekday] |= 1
            case let n? where (1...5).contains(n): positions[weekday] |= 1 << n
            case let n? where (-5...(-1)).contains(n): positions[weekday] |= 1 << (5 - n)
            default: break  // position 0 or beyond 5 weeks selects nothing
            }
        }
        for day in rule.byMonthDay {
            if (1...31).contains(day) { monthDays |= 1 << day }
            if (-31...(-1)).contains(day) { monthDaysFromEnd |= 1 << -day }
        }
        // The RFC's defaults come from the first day when the rule leaves the choice open.
        switch rule.frequency {
        case .daily where !hasByDay: weekdays = 0x7F
        case .weekly where !hasByDay: weekdays = 1 << RecurrenceSchedule.weekdayIndex(firstDate.dayNumber)
        case .monthly where !hasByDay && !hasByMonthDay:
            monthDays = 1 << firstDate.components.day
            hasByMonthDay = true
        default: break
        }
    }

    func matchesDaily(_ dayNumber: Int) -> Bool {
        weekdays & (1 << RecurrenceSchedule.weekdayIndex(dayNumber)) != 0 && matchesMonthDayFilter(dayNumber)
    }

    /// Whether a daily or weekly day passes `BYMONTHDAY`, which for these frequencies only narrows the days.
    func matchesMonthDayFilter(_ dayNumber: Int) -> Bool {
        guard hasByMonthDay else { return true }
        let (year, month, day) = CalendarDate(dayNumber: dayNumber).components
        return matchesMonthDay(day, length: CalendarDate.daysIn(month: month, year: year))
    }

    func matchesMonthly(dayOfMonth: Int, weekday: Int, length: Int) -> Bool {
        if hasByMonthDay, !matchesMonthDay(dayOfMonth, length: length) { return false }
        guard hasByDay else { return true }
        let mask = positions[weekday]
        let fromStart = (dayOfMonth - 1) / 7 + 1
        let fromEnd = (length - dayOfMonth) / 7 + 1
        return mask & (1 | 1 << fromStart | 1 << (5 + fromEnd)) != 0
    }

    private func matchesMonthDay(_ day: Int, length: Int) -> Bool {
        monthDays & (1 << day) != 0 || monthDaysFromEnd & (1 << (length - day + 1)) != 0
    }
}
