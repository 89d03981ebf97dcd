import EnlaceCore
import EnlaceStore
import Foundation

/// Turns meeting records into the words and links pages show, in the reader's language.
struct MeetingPresenter {
    let base: ActivityPresenter
    let today: CalendarDate

    var language: Language { base.language }
    var format: LocaleFormat { base.format }

    func text(_ key: String, _ parameters: [String: String] = [:]) -> String {
        base.translations.text(key, language, parameters)
    }

    func organizationName(_ code: String) -> String { base.organizations[code]?.name ?? code }

    func organizations(_ codes: [String]) -> String { codes.map(organizationName).joined(separator: ", ") }

    func areas(_ slugs: [String]) -> String { slugs.map(base.areaName).joined(separator: ", ") }

    func zone(_ identifier: String) -> TimeZone { TimeZone(identifier: identifier) ?? .gmt }

    /// "Tuesday, 9 March 2027 at 10:00 – 12:00 (America/New_York)".
    func when(_ meeting: Meeting) -> String {
        let zone = zone(meeting.timeZone)
        return format.dateTime(meeting.start, in: zone) + " – " + format.time(meeting.end, in: zone) + " ("
            + meeting.timeZone + ")"
    }

    func when(_ occurrence: RecurrenceSchedule.Occurrence, zone identifier: String) -> String {
        let zone = zone(identifier)
        return format.dateTime(occurrence.start, in: zone) + " – " + format.time(occurrence.end, in: zone)
    }

    func status(_ status: MeetingStatus) -> String { text("meetings.status.\(status.rawValue)") }

    /// An agenda item's title, or, when it is about something the reader may not see, words that say so.
    func agendaTitle(_ item: AgendaItem) -> String { item.withheld ? text("meetings.withheldItem") : item.title }

    func level(_ level: MeetingLevel) -> String { text("meetings.level.\(level.rawValue)") }

    func marking(_ releasability: Releasability) -> String {
        let label = text("markings.\(releasability.marking.rawValue).label")
        return releasability.releasableTo.isEmpty
            ? label : label + ": " + releasability.releasableTo.joined(separator: ", ")
    }

    /// The rhythm in words: "Every month on the second Tuesday, at 10:00 (America/New_York)".
    func rhythm(_ series: MeetingSeries) -> String {
        let rule = series.rhythm
        let unit = rule.frequency.rawValue.lowercased()
        var parts = [
            rule.interval == 1
                ? text("meetings.rhythm.\(unit)") : text("meetings.rhythm.\(unit)Every", ["n": String(rule.interval)])
        ]
        if !rule.byDay.isEmpty {
            let days = rule.byDay.map { day in
                let name = weekdayName(day.weekday)
                guard let ordinal = day.ordinal else { return name }
                return text(
                    "meetings.rhythm.ordinal", ["ordinal": text("meetings.rhythm.nth.\(ordinal)"), "day": name])
            }
            parts.append(text("meetings.rhythm.onDays", ["days": days.joined(separator: ", ")]))
        }
        if !rule.byMonthDay.isEmpty {
            let days = rule.byMonthDay.map { $0 == -1 ? text("meetings.rhythm.lastDay") : String($0) }
            parts.append(text("meetings.rhythm.onMonthDays", ["days": days.joined(separator: ", ")]))
        }
        parts.append(text("meetings.rhythm.at", ["time": series.startTime, "zone": series.timeZone]))
        if let count = rule.count { parts.append(text("meetings.rhythm.count", ["count": String(count)])) }
        switch rule.until {
        case .date(let date): parts.append(text("meetings.rhythm.until", ["date": format.date(date)]))
        case .instant(let instant):
            parts.append(
                text("meetings.rhythm.until", ["date": format.date(MeetingClock.local(instant, in: .gmt).date)]))
        case nil: break
        }
        return parts.joined(separator: " ")
    }

    func weekdayName(_ weekday: RecurrenceRule.Weekday) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.locale = format.locale
        // Foundation counts Sunday as 1; the rule's weekdays start on Monday.
        let index = (weekday.isoNumber % 7)
        return calendar.weekdaySymbols[index]
    }

    /// A line of a meeting list.
    struct MeetingRow {
        let id: String
        let href: String
        let title: String
        let when: String
        let status: String
        let statusCode: String
        let cancelled: Bool
    }

    func row(_ meeting: Meeting) -> MeetingRow {
        MeetingRow(
            id: meeting.id, href: SitePaths.meeting(meeting.id), title: meeting.title, when: when(meeting),
            status: status(meeting.status), statusCode: meeting.status.rawValue, cancelled: meeting.status == .cancelled
        )
    }

    /// A line of an action-item list.
    struct ActionRow {
        let id: String
        let text: String
        let owner: String
        let assignee: String?
        let due: String
        let status: String
        let statusCode: String
        let overdue: Bool
        let meetingHref: String
        let meetingTitle: String
        let decision: String?
        let canUpdate: Bool
        let action: String
        let version: Int
        let nextStatuses: [Option]
    }

    func row(
        _ item: ActionItem, meeting: Meeting?, decisionNumber: Int?, canUpdate: Bool, back: String
    ) -> ActionRow {
        ActionRow(
            id: item.id, text: item.text, owner: organizationName(item.owner),
            assignee: item.assigneeName ?? item.assignee, due: format.date(item.due),
            status: text("actions.status.\(item.status.rawValue)"), statusCode: item.status.rawValue,
            overdue: item.isOverdue(today: today), meetingHref: SitePaths.meeting(item.meetingID),
            meetingTitle: meeting.map { $0.title + " · " + format.date($0.localDate) } ?? "",
            decision: decisionNumber.map { text("decisions.number", ["number": String($0)]) }, canUpdate: canUpdate,
            action: SitePaths.actionItem(item.id) + "?" + SitePaths.query([("back", back)]), version: item.version,
            nextStatuses: ActionStatus.allCases.filter { $0 != item.status }.map {
                Option(value: $0.rawValue, label: text("actions.mark.\($0.rawValue)"), selected: false)
            })
    }
}
