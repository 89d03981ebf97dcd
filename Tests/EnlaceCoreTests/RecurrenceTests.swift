import Foundation
import Testing

@testable import EnlaceCore

/// Parsing, canonical text and expansion of the RRULE subset; expected instants are worked out by hand.
@Suite("Recurrence rules")
struct RecurrenceTests {
    // MARK: Helpers

    /// The instant written as ISO 8601 UTC, e.g. `2027-03-15T14:00:00Z`.
    static func utc(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text))
    }

    static func day(_ iso: String) throws -> CalendarDate {
        try #require(CalendarDate(iso: iso))
    }

    static func zone(_ identifier: String) throws -> TimeZone {
        try #require(TimeZone(identifier: identifier))
    }

    /// The schedule of `rule` from `first`, at `hour:minute` local time.
    static func schedule(
        _ rule: String, _ first: String, zone identifier: String = "UTC", at hour: Int, _ minute: Int = 0,
        duration: Int = 60
    ) throws -> RecurrenceSchedule {
        RecurrenceSchedule(
            rule: try RecurrenceRule.parse(rule), timeZone: try zone(identifier), firstDate: try day(first),
            startMinute: hour * 60 + minute, durationMinutes: duration)
    }

    /// The local days of the first `limit` occurrences up to the end of 2030.
    static func days(_ schedule: RecurrenceSchedule, from: Date? = nil, limit: Int = 100) throws -> [String] {
        schedule.occurrences(from: from, through: try utc("2030-12-31T23:59:59Z"), limit: limit).map(\.date.iso)
    }

    static func starts(_ schedule: RecurrenceSchedule, limit: Int = 100) throws -> [Date] {
        schedule.occurrences(through: try utc("2030-12-31T23:59:59Z"), limit: limit).map(\.start)
    }

    // MARK: Parsing

    @Test(
        "Canonical text round-trips",
        arguments: [
            ("RRULE:freq=monthly;byday=2tu", "FREQ=MONTHLY;BYDAY=2TU"),
            ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=10", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=10"),
            ("FREQ=WEEKLY;INTERVAL=1;WKST=MO", "FREQ=WEEKLY"),
            ("FREQ=MONTHLY;BYDAY=-1FR,+1MO;UNTIL=20270115", "FREQ=MONTHLY;BYDAY=-1FR,1MO;UNTIL=20270115"),
            ("COUNT=4;BYMONTHDAY=1,-1;INTERVAL=3;FREQ=MONTHLY", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1,-1;COUNT=4"),
            (" FREQ=DAILY;UNTIL=20270115T120000z; ", "FREQ=DAILY;UNTIL=20270115T120000Z"),
            ("FREQ=DAILY;BYDAY=MO,WE;BYMONTHDAY=13", "FREQ=DAILY;BYDAY=MO,WE;BYMONTHDAY=13"),
        ])
    func roundTrip(input: String, canonical: String) throws {
        let rule = try RecurrenceRule.parse(input)
        #expect(rule.text == canonical)
        #expect(try RecurrenceRule.parse(rule.text) == rule)
    }

    @Test("Parsed values land in the right fields")
    func parsedFields() throws {
        let monthly = try RecurrenceRule.parse("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU,-1FR,SA;BYMONTHDAY=-1;COUNT=6")
        #expect(monthly.frequency == .monthly)
        #expect(monthly.interval == 2)
        #expect(
            monthly.byDay == [
                .init(ordinal: 2, weekday: .TU), .init(ordinal: -1, weekday: .FR), .init(weekday: .SA),
            ])
        #expect(monthly.byMonthDay == [-1])
        #expect(monthly.count == 6)
        #expect(monthly.until == nil)
        #expect(try RecurrenceRule.parse("FREQ=DAILY;UNTIL=20270115").until == .date(try Self.day("2027-01-15")))
        #expect(
            try RecurrenceRule.parse("FREQ=DAILY;UNTIL=20270115T120000Z").until
                == .instant(try Self.utc("2027-01-15T12:00:00Z")))
        #expect(RecurrenceRule.Weekday.allCases.map(\.isoNumber) == [1, 2, 3, 4, 5, 6, 7])
    }

    @Test(
        "Rules outside the subset are rejected with a message naming the part",
        arguments: [
            ("", "empty"),
            ("RRULE:", "empty"),
            ("INTERVAL=2", "FREQ is required"),
            ("FREQ=YEARLY", "not supported"),
            ("FREQ=HOURLY", "not supported"),
            ("FREQ=SOMETIMES", "FREQ"),
            ("FREQ", "NAME=VALUE"),
            ("FREQ=DAILY;BYSETPOS=1", "BYSETPOS is not supported"),
            ("FREQ=DAILY;BYHOUR=9", "BYHOUR is not supported"),
            ("FREQ=MONTHLY;BYMONTH=3", "BYMONTH is not supported"),
            ("FREQ=WEEKLY;WKST=SU", "WKST"),
            ("FREQ=DAILY;COLOUR=RED", "COLOUR"),
            ("FREQ=DAILY;FREQ=WEEKLY", "FREQ is given more than once"),
            ("FREQ=DAILY;COUNT=2;count=3", "COUNT is given more than once"),
            ("FREQ=DAILY;INTERVAL=0", "INTERVAL"),
            ("FREQ=DAILY;INTERVAL=-1", "INTERVAL"),
            ("FREQ=DAILY;INTERVAL=two", "INTERVAL"),
            ("FREQ=DAILY;INTERVAL=1001", "INTERVAL"),
            ("FREQ=DAILY;COUNT=0", "COUNT"),
            ("FREQ=DAILY;COUNT=1001", "COUNT"),
            ("FREQ=DAILY;COUNT=", "COUNT"),
            ("FREQ=DAILY;COUNT=5;UNTIL=20270101", "COUNT and UNTIL"),
            ("FREQ=WEEKLY;BYDAY=2TU", "only allowed with FREQ=MONTHLY"),
            ("FREQ=DAILY;BYDAY=-1FR", "only allowed with FREQ=MONTHLY"),
            ("FREQ=MONTHLY;BYDAY=0TU", "BYDAY"),
            ("FREQ=MONTHLY;BYDAY=6TU", "BYDAY"),
            ("FREQ=MONTHLY;BYDAY=-6TU", "BYDAY"),
            ("FREQ=MONTHLY;BYDAY=XX", "BYDAY"),
            ("FREQ=MONTHLY;BYDAY=TUE", "BYDAY"),
            ("FREQ=MONTHLY;BYDAY=", "BYDAY"),
            ("FREQ=MONTHLY;BYDAY=TU,", "BYDAY"),
            ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY"),
            ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY"),
            ("FREQ=MONTHLY;BYMONTHDAY=-32", "BYMONTHDAY"),
            ("FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY cannot be used with FREQ=WEEKLY"),
            ("FREQ=DAILY;UNTIL=2027011", "UNTIL"),
            ("FREQ=DAILY;UNTIL=20271301", "UNTIL"),
            ("FREQ=DAILY;UNTIL=20270230", "UNTIL"),
            ("FREQ=DAILY;UNTIL=20270115T120000", "UNTIL"),
            ("FREQ=DAILY;UNTIL=20270115T250000Z", "UNTIL"),
            ("FREQ=DAILY;UNTIL=2027-01-15", "UNTIL"),
        ])
    func rejected(input: String, fragment: String) {
        #expect {
            _ = try RecurrenceRule.parse(input)
        } throws: { error in
            guard let error = error as? RecurrenceRule.ParseError else { return false }
            return error.message.contains(fragment)
        }
    }

    // MARK: Days

    @Test("Weekly on Tuesday and Thursday every other week")
    func weeklyEveryOtherWeek() throws {
        let series = try Self.schedule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", "2027-01-05", at: 9)
        #expect(
            try Self.days(series, limit: 6) == [
                "2027-01-05", "2027-01-07", "2027-01-19", "2027-01-21", "2027-02-02", "2027-02-04",
            ])
        // A Wednesday start: the week of 4 January still counts, but only from the first day on.
        let fromWednesday = try Self.schedule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", "2027-01-06", at: 9)
        #expect(try Self.days(fromWednesday, limit: 3) == ["2027-01-07", "2027-01-19", "2027-01-21"])
        // Without BYDAY, the first day's weekday (a Friday).
        let fridays = try Self.schedule("FREQ=WEEKLY", "2027-01-01", at: 9)
        #expect(try Self.days(fridays, limit: 3) == ["2027-01-01", "2027-01-08", "2027-01-15"])
    }

    @Test("Monthly on the second Tuesday")
    func secondTuesday() throws {
        let series = try Self.schedule("FREQ=MONTHLY;BYDAY=2TU", "2027-01-01", at: 9)
        #expect(
            try Self.days(series, limit: 6) == [
                "2027-01-12", "2027-02-09", "2027-03-09", "2027-04-13", "2027-05-11", "2027-06-08",
            ])
    }

    @Test("Monthly on the last Friday")
    func lastFriday() throws {
        let series = try Self.schedule("FREQ=MONTHLY;BYDAY=-1FR", "2027-01-01", at: 9)
        #expect(
            try Self.days(series, limit: 6) == [
                "2027-01-29", "2027-02-26", "2027-03-26", "2027-04-30", "2027-05-28", "2027-06-25",
            ])
    }

    @Test("Monthly on every Monday, and on Mondays that fall on the 1st to 7th")
    func monthlyWeekdays() throws {
        let mondays = try Self.schedule("FREQ=MONTHLY;BYDAY=MO", "2027-02-01", at: 9)
        #expect(
            try Self.days(mondays, limit: 5) == ["2027-02-01", "2027-02-08", "2027-02-15", "2027-02-22", "2027-03-01"])
        let both = try Self.schedule("FREQ=MONTHLY;BYDAY=MO;BYMONTHDAY=1,2,3,4,5,6,7", "2027-01-01", at: 9)
        #expect(try Self.days(both, limit: 3) == ["2027-01-04", "2027-02-01", "2027-03-01"])
    }

    @Test("BYMONTHDAY=31 skips months without a 31st")
    func thirtyFirst() throws {
        let series = try Self.schedule("FREQ=MONTHLY;BYMONTHDAY=31", "2027-01-01", at: 9)
        #expect(
            try Self.days(series, limit: 6) == [
                "2027-01-31", "2027-03-31", "2027-05-31", "2027-07-31", "2027-08-31", "2027-10-31",
            ])
        // With neither BYDAY nor BYMONTHDAY, the first day's day of month, skipped where missing.
        let plain = try Self.schedule("FREQ=MONTHLY", "2027-01-31", at: 9)
        #expect(try Self.days(plain, limit: 3) == ["2027-01-31", "2027-03-31", "2027-05-31"])
    }

    @Test("BYMONTHDAY=-1 is the last day of each month, leap years included")
    func lastDayOfMonth() throws {
        let series = try Self.schedule("FREQ=MONTHLY;BYMONTHDAY=-1", "2027-12-15", at: 9)
        #expect(try Self.days(series, limit: 4) == ["2027-12-31", "2028-01-31", "2028-02-29", "2028-03-31"])
    }

    @Test("Daily with an interval and filters")
    func daily() throws {
        let everyThird = try Self.schedule("FREQ=DAILY;INTERVAL=3", "2027-01-30", at: 9)
        #expect(try Self.days(everyThird, limit: 3) == ["2027-01-30", "2027-02-02", "2027-02-05"])
        let weekdays = try Self.schedule("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "2027-01-01", at: 9)
        #expect(try Self.days(weekdays, limit: 3) == ["2027-01-01", "2027-01-04", "2027-01-05"])
    }

    @Test("COUNT counts from the first occurrence, even those before `from`")
    func count() throws {
        let series = try Self.schedule("FREQ=DAILY;COUNT=3", "2027-01-01", at: 9)
        #expect(try Self.days(series) == ["2027-01-01", "2027-01-02", "2027-01-03"])
        #expect(try Self.days(series, from: try Self.utc("2027-01-02T00:00:00Z")) == ["2027-01-02", "2027-01-03"])
        #expect(try Self.days(series, from: try Self.utc("2027-01-02T09:00:01Z")) == ["2027-01-03"])
    }

    @Test("`from`, `through` and `limit` bound the answer")
    func window() throws {
        let series = try Self.schedule("FREQ=DAILY", "2027-01-01", at: 9)
        let found = series.occurrences(
            from: try Self.utc("2027-06-10T09:00:00Z"), through: try Self.utc("2027-06-13T09:00:00Z"), limit: 10)
        #expect(found.map(\.date.iso) == ["2027-06-10", "2027-06-11", "2027-06-12", "2027-06-13"])
        #expect(series.occurrences(through: try Self.utc("2030-01-01T00:00:00Z"), limit: 2).count == 2)
        #expect(series.occurrences(through: try Self.utc("2030-01-01T00:00:00Z"), limit: 0).isEmpty)
        #expect(series.occurrences(through: try Self.utc("2026-12-31T00:00:00Z"), limit: 5).isEmpty)
    }

    @Test("A rule that never matches ends instead of looping")
    func neverMatches() throws {
        // Every 12 months from February: February never has a 31st.
        let series = try Self.schedule("FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=31", "2027-02-01", at: 9)
        #expect(series.occurrences(through: .distantFuture, limit: 5).isEmpty)
    }

    @Test("UNTIL as a date includes that local day")
    func untilDate() throws {
        let series = try Self.schedule("FREQ=WEEKLY;UNTIL=20270115", "2027-01-01", at: 9)
        #expect(try Self.days(series) == ["2027-01-01", "2027-01-08", "2027-01-15"])
        // Late evening in New York is already the next day in UTC; the local day is what counts.
        let evening = try Self.schedule(
            "FREQ=DAILY;UNTIL=20270102", "2027-01-01", zone: "America/New_York", at: 22)
        #expect(try Self.days(evening) == ["2027-01-01", "2027-01-02"])
    }

    @Test("UNTIL as an instant includes an occurrence starting exactly then")
    func untilInstant() throws {
        let inclusive = try Self.schedule(
            "FREQ=DAILY;UNTIL=20270103T140000Z", "2027-01-01", zone: "America/New_York", at: 9)
        #expect(try Self.days(inclusive) == ["2027-01-01", "2027-01-02", "2027-01-03"])
        let justBefore = try Self.schedule(
            "FREQ=DAILY;UNTIL=20270103T135959Z", "2027-01-01", zone: "America/New_York", at: 9)
        #expect(try Self.days(justBefore) == ["2027-01-01", "2027-01-02"])
    }

    // MARK: Generated rules

    /// A random rule in the subset, as text, so that parsing is exercised too.
    static func randomRule(_ random: inout SeededRandom) -> String {
        let frequency = RecurrenceRule.Frequency.allCases.randomElement(using: &random) ?? .daily
        var parts = ["FREQ=" + frequency.rawValue, "INTERVAL=\(Int.random(in: 1...4, using: &random))"]
        let weekdays = RecurrenceRule.Weekday.allCases.filter { _ in Int.random(in: 0..<4, using: &random) == 0 }
        if !weekdays.isEmpty {
            parts.append(
                "BYDAY="
                    + weekdays.map { weekday in
                        let ordinal = [-5, -2, -1, 1, 2, 4, 5].randomElement(using: &random) ?? 1
                        let positioned = frequency == .monthly && Bool.random(using: &random)
                        return (positioned ? String(ordinal) : "") + weekday.rawValue
                    }.joined(separator: ","))
        }
        if frequency != .weekly, Int.random(in: 0..<3, using: &random) == 0 {
            let days = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                let day = Int.random(in: 1...31, using: &random)
                return String(Bool.random(using: &random) ? day : -day)
            }
            parts.append("BYMONTHDAY=" + days.joined(separator: ","))
        }
        switch Int.random(in: 0..<4, using: &random) {
        case 0: parts.append("COUNT=\(Int.random(in: 1...40, using: &random))")
        case 1: parts.append("UNTIL=2028\(["03", "07", "12"].randomElement(using: &random) ?? "03")15")
        case 2: parts.append("UNTIL=20280615T093000Z")
        default: break
        }
        return parts.shuffled(using: &random).joined(separator: ";")
    }

    /// Whether `rule` selects `day`, decided from the definitions one day at a time.
    static func selects(
        _ rule: RecurrenceRule, first: CalendarDate, firstWeekday: Int, day: CalendarDate
    ) -> Bool {
        let offset = day.dayNumber - first.dayNumber
        let weekday = (firstWeekday + offset) % 7  // 0 = Monday
        let (year, month, dayOfMonth) = day.components
        let (firstYear, firstMonth, firstDayOfMonth) = first.components
        let length = CalendarDate.daysIn(month: month, year: year)
        let weekdayOK =
            rule.byDay.isEmpty || rule.byDay.contains { $0.weekday.isoNumber - 1 == weekday }
        let monthDayOK =
            rule.byMonthDay.isEmpty
            || rule.byMonthDay.contains(dayOfMonth) || rule.byMonthDay.contains(dayOfMonth - length - 1)
        switch rule.frequency {
        case .daily:
            return offset % rule.interval == 0 && weekdayOK && monthDayOK
        case .weekly:
            let weeks = (offset + firstWeekday) / 7
            let days = rule.byDay.isEmpty ? weekday == firstWeekday : weekdayOK
            return weeks % rule.interval == 0 && days
        case .monthly:
            guard ((year * 12 + month) - (firstYear * 12 + firstMonth)) % rule.interval == 0 else { return false }
            if rule.byDay.isEmpty && rule.byMonthDay.isEmpty { return dayOfMonth == firstDayOfMonth }
            let positionOK =
                rule.byDay.isEmpty
                || rule.byDay.contains { entry in
                    guard entry.weekday.isoNumber - 1 == weekday else { return false }
                    guard let ordinal = entry.ordinal else { return true }
                    return ordinal == (dayOfMonth - 1) / 7 + 1 || ordinal == -((length - dayOfMonth) / 7 + 1)
                }
            return positionOK && monthDayOK
        }
    }

    @Test("Expansion agrees with a day-by-day brute force on generated rules")
    func bruteForce() throws {
        var random = SeededRandom(seed: 5545)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try Self.zone("UTC")
        for _ in 0..<300 {
            let text = Self.randomRule(&random)
            let rule = try RecurrenceRule.parse(text)
            let first = try Self.day("2027-01-01").adding(days: Int.random(in: 0...400, using: &random))
            let minute = Int.random(in: 0..<1440, using: &random)
            func midnight(_ days: Int) -> Date {
                Date(timeIntervalSince1970: Double(first.dayNumber + days) * 86_400)
            }
            let through = midnight(Int.random(in: 0...900, using: &random))
            let from: Date? = Bool.random(using: &random) ? midnight(Int.random(in: -5...400, using: &random)) : nil
            let limit = Int.random(in: 1...60, using: &random)
            let schedule = RecurrenceSchedule(
                rule: rule, timeZone: calendar.timeZone, firstDate: first, startMinute: minute, durationMinutes: 45)

            // Foundation numbers Sunday 1; shift to Monday = 0.
            let firstWeekday = (calendar.component(.weekday, from: midnight(0)) + 5) % 7
            var expected: [RecurrenceSchedule.Occurrence] = []
            var counted = 0
            var day = first
            scan: while expected.count < limit {
                let start = Date(timeIntervalSince1970: Double(day.dayNumber * 86_400 + minute * 60))
                guard start <= through else { break }
                switch rule.until {
                case .date(let last)? where day > last: break scan
                case .instant(let last)? where start > last: break scan
                default: break
                }
                if Self.selects(rule, first: first, firstWeekday: firstWeekday, day: day) {
                    if let count = rule.count, counted == count { break }
                    counted += 1
                    if from.map({ start >= $0 }) ?? true {
                        expected.append(.init(date: day, start: start, end: start.addingTimeInterval(45 * 60)))
                    }
                }
                day = day.adding(days: 1)
            }
            let found = schedule.occurrences(from: from, through: through, limit: limit)
            #expect(found == expected, "\(text) from \(first)")
        }
    }

    @Test(
        "Starting from `from` gives what filtering the whole series gives, even far from UTC",
        arguments: ["Pacific/Kiritimati", "Pacific/Pago_Pago", "America/New_York"])
    func fromMatchesFiltering(identifier: String) throws {
        let zone = try Self.zone(identifier)
        let june = try Self.utc("2027-06-01T00:00:00Z")
        let through = try Self.utc("2027-09-30T00:00:00Z")
        for text in ["FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,FR", "FREQ=MONTHLY;BYDAY=-1SU"] {
            for minute in [0, 59, 600, 1380, 1439] {
                let schedule = RecurrenceSchedule(
                    rule: try RecurrenceRule.parse(text), timeZone: zone, firstDate: try Self.day("2027-01-01"),
                    startMinute: minute, durationMinutes: 30)
                let all = schedule.occurrences(through: through, limit: 1000)
                for hours in stride(from: 0, to: 24 * 40, by: 7) {
                    let from = june.addingTimeInterval(Double(hours) * 3_600)
                    let expected = Array(all.filter { $0.start >= from }.prefix(4))
                    #expect(schedule.occurrences(from: from, through: through, limit: 4) == expected, "\(text) \(from)")
                }
            }
        }
    }

    // MARK: Time zones

    @Test("New York: 10:00 stays 10:00 local across the spring-forward")
    func newYorkSpring() throws {
        let series = try Self.schedule("FREQ=WEEKLY;COUNT=3", "2027-03-01", zone: "America/New_York", at: 10)
        #expect(
            try Self.starts(series) == [
                try Self.utc("2027-03-01T15:00:00Z"), try Self.utc("2027-03-08T15:00:00Z"),
                try Self.utc("2027-03-15T14:00:00Z"),
            ])
    }

    @Test("New York: 10:00 stays 10:00 local across the fall-back")
    func newYorkAutumn() throws {
        let series = try Self.schedule("FREQ=WEEKLY;COUNT=2", "2027-11-01", zone: "America/New_York", at: 10)
        #expect(
            try Self.starts(series) == [try Self.utc("2027-11-01T14:00:00Z"), try Self.utc("2027-11-08T15:00:00Z")])
    }

    @Test("Madrid: 10:00 stays 10:00 local across both transitions")
    func madrid() throws {
        let spring = try Self.schedule("FREQ=WEEKLY;COUNT=2", "2027-03-23", zone: "Europe/Madrid", at: 10)
        #expect(
            try Self.starts(spring) == [try Self.utc("2027-03-23T09:00:00Z"), try Self.utc("2027-03-30T08:00:00Z")])
        let autumn = try Self.schedule("FREQ=WEEKLY;COUNT=2", "2027-10-26", zone: "Europe/Madrid", at: 10)
        #expect(
            try Self.starts(autumn) == [try Self.utc("2027-10-26T08:00:00Z"), try Self.utc("2027-11-02T09:00:00Z")])
    }

    @Test("A wall time in the spring-forward gap moves forward by the gap")
    func springGap() throws {
        let series = try Self.schedule("FREQ=DAILY;COUNT=3", "2027-03-13", zone: "America/New_York", at: 2, 30)
        let found = series.occurrences(through: try Self.utc("2030-01-01T00:00:00Z"), limit: 10)
        // 02:30 EST, then 02:30 (read as 03:30 EDT), then 02:30 EDT.
        #expect(
            found.map(\.start) == [
                try Self.utc("2027-03-13T07:30:00Z"), try Self.utc("2027-03-14T07:30:00Z"),
                try Self.utc("2027-03-15T06:30:00Z"),
            ])
        #expect(found.map(\.date.iso) == ["2027-03-13", "2027-03-14", "2027-03-15"])
        let instant = RecurrenceSchedule.instant(
            of: try Self.day("2027-03-14"), minute: 150, in: try Self.zone("America/New_York"))
        #expect(instant == (try Self.utc("2027-03-14T07:30:00Z")))
    }

    @Test("An ambiguous fall-back wall time takes the earlier, daylight instant")
    func autumnOverlap() throws {
        let series = try Self.schedule("FREQ=DAILY;COUNT=3", "2027-11-06", zone: "America/New_York", at: 1, 30)
        #expect(
            try Self.starts(series) == [
                try Self.utc("2027-11-06T05:30:00Z"), try Self.utc("2027-11-07T05:30:00Z"),
                try Self.utc("2027-11-08T06:30:00Z"),
            ])
    }

    @Test("A zone without daylight saving keeps one offset")
    func bogota() throws {
        let series = try Self.schedule("FREQ=WEEKLY;COUNT=4", "2027-03-08", zone: "America/Bogota", at: 10)
        #expect(
            try Self.starts(series) == [
                try Self.utc("2027-03-08T15:00:00Z"), try Self.utc("2027-03-15T15:00:00Z"),
                try Self.utc("2027-03-22T15:00:00Z"), try Self.utc("2027-03-29T15:00:00Z"),
            ])
    }

    @Test(
        "Around every transition, wall times are kept, gaps move forward and overlaps take the earlier instant",
        arguments: [
            "America/New_York", "Europe/Madrid", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Chatham",
            "America/Sao_Paulo", "America/Bogota",
        ])
    func transitions(identifier: String) throws {
        let zone = try Self.zone(identifier)
        func offset(_ seconds: Int) -> Int {
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
        }
        // The transitions Foundation reports from 2015 to 2030, and every offset the zone used meanwhile.
        var transitions: [Int] = []
        var offsets: Set<Int> = [offset(1_420_070_400)]
        var cursor = Date(timeIntervalSince1970: 1_420_070_400)
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 < 1.9e9 {
            let seconds = Int(next.timeIntervalSince1970)
            transitions.append(seconds)
            offsets.formUnion([offset(seconds - 1), offset(seconds)])
            cursor = next
        }
        for transition in transitions {
            let localDay = (transition + offset(transition)) / 86_400
            for minute in stride(from: 0, to: 1440, by: 15) {
                let wall = localDay * 86_400 + minute * 60
                let found = RecurrenceSchedule.instant(of: CalendarDate(dayNumber: localDay), minute: minute, in: zone)
                let result = Int(found.timeIntervalSince1970)
                // Every instant whose local reading is this wall time.
                let readings = offsets.map { wall - $0 }.filter { $0 + offset($0) == wall }
                if let earliest = readings.min() {
                    #expect(result == earliest, "\(identifier) \(CalendarDate(dayNumber: localDay)) minute \(minute)")
                } else {
                    // In the gap: the wall time read with the offset from before the gap.
                    let before = offset(result - 3 * 3_600)
                    #expect(result == wall - before, "\(identifier) gap \(CalendarDate(dayNumber: localDay)) \(minute)")
                    #expect(offset(result) > before)
                }
            }
        }
        #expect(identifier == "America/Bogota" ? transitions.isEmpty : transitions.count >= 8)
    }

    @Test("Durations are elapsed time, even across a transition")
    func durations() throws {
        let through = try Self.utc("2030-01-01T00:00:00Z")
        // 01:00 EST for two hours ends at 04:00 EDT.
        let spring = try Self.schedule(
            "FREQ=DAILY;COUNT=1", "2027-03-14", zone: "America/New_York", at: 1, duration: 120)
        let springMeeting = try #require(spring.occurrences(through: through, limit: 1).first)
        #expect(springMeeting.start == (try Self.utc("2027-03-14T06:00:00Z")))
        #expect(springMeeting.end == (try Self.utc("2027-03-14T08:00:00Z")))
        // 00:30 EDT for two hours ends at 01:30 EST.
        let autumn = try Self.schedule(
            "FREQ=DAILY;COUNT=1", "2027-11-07", zone: "America/New_York", at: 0, 30, duration: 120)
        let autumnMeeting = try #require(autumn.occurrences(through: through, limit: 1).first)
        #expect(autumnMeeting.start == (try Self.utc("2027-11-07T04:30:00Z")))
        #expect(autumnMeeting.end == (try Self.utc("2027-11-07T06:30:00Z")))
    }
}
