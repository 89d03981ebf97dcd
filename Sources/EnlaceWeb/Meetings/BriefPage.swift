import EnlaceCore
import EnlaceStore
import Foundation

/// The model of a meeting's briefing pack.
struct BriefPage {
    struct ActivityLine {
        let href: String
        let title: String
        let providers: String
        let countries: String
        let dates: String
    }

    struct OverlapLine {
        let href: String
        let pair: String
        let score: String
    }

    struct CellLine {
        let country: String
        let area: String
        let activities: String
        let providers: String
        let openOverlaps: String
        let saturated: Bool
    }

    let title: String
    let seriesName: String
    let level: String
    let tracks: String
    let when: String
    let venue: String?
    let virtualLink: String?
    let participants: String
    let marking: String
    let compiled: String
    let window: String
    let meetingHref: String
    let agenda: [MeetingPage.AgendaRow]
    let hasAgenda: Bool
    let started: [ActivityLine]
    let ended: [ActivityLine]
    let planned: [ActivityLine]
    let hasStarted: Bool
    let hasEnded: Bool
    let hasPlanned: Bool
    let overlaps: [OverlapLine]
    let hasOverlaps: Bool
    let overdue: [MeetingPresenter.ActionRow]
    let hasOverdue: Bool
    let cells: [CellLine]
    let hasCells: Bool
    let gaps: String
    let previous: String?
    let previousHref: String?
    let decisions: [MeetingPage.DecisionRow]
    let hasDecisions: Bool

    init(_ brief: MeetingBrief, titles: [String: String], presenter: MeetingPresenter) {
        let meeting = brief.meeting
        title = meeting.title
        seriesName = brief.series.name
        level = presenter.level(brief.series.level)
        tracks = presenter.areas(brief.series.keyAreas)
        when = presenter.when(meeting)
        venue = meeting.venue
        virtualLink = meeting.virtualLink
        participants = meeting.participants.map { $0.name ?? presenter.organizationName($0.organization) }
            .joined(separator: ", ")
        marking = presenter.marking(meeting.releasability)
        compiled = presenter.text("brief.compiled", ["time": presenter.format.dateTime(brief.compiledAt)])
        window = presenter.text(
            "brief.window",
            [
                "from": presenter.format.date(brief.window.lowerBound),
                "to": presenter.format.date(brief.window.upperBound),
            ])
        meetingHref = SitePaths.meeting(meeting.id)
        agenda = brief.agenda.enumerated().map { index, item in
            MeetingPage.AgendaRow(
                id: item.id, position: item.position, title: presenter.agendaTitle(item), presenter: item.presenter,
                notes: item.notes,
                links: MeetingPage.links(item, titles: titles, presenter: presenter), hasLinks: !item.links.isEmpty,
                action: "", isFirst: index == 0, isLast: index == brief.agenda.count - 1)
        }
        hasAgenda = !agenda.isEmpty
        func line(_ activity: Activity) -> ActivityLine {
            let summary = presenter.base.summary(activity)
            return ActivityLine(
                href: summary.href, title: summary.title, providers: summary.providers, countries: summary.countries,
                dates: summary.dates)
        }
        started = brief.started.map(line)
        ended = brief.ended.map(line)
        planned = brief.planned.map(line)
        hasStarted = !started.isEmpty
        hasEnded = !ended.isEmpty
        hasPlanned = !planned.isEmpty
        overlaps = brief.openOverlaps.map { view in
            OverlapLine(
                href: SitePaths.overlap(view.record.id), pair: view.first.draft.title + " / " + view.second.draft.title,
                score: String(format: "%.2f", view.record.assessment.score))
        }
        hasOverlaps = !overlaps.isEmpty
        overdue = brief.overdueActions.map {
            presenter.row($0, meeting: nil, decisionNumber: nil, canUpdate: false, back: "")
        }
        hasOverdue = !overdue.isEmpty
        cells = brief.coverage.map { cell in
            CellLine(
                country: presenter.base.countryName(cell.country), area: presenter.base.areaName(cell.area),
                activities: presenter.format.integer(cell.activities),
                providers: presenter.format.integer(cell.providers),
                openOverlaps: presenter.format.integer(cell.openOverlaps), saturated: cell.isSaturated)
        }
        hasCells = !cells.isEmpty
        gaps = presenter.text("brief.gaps", ["count": String(brief.coverageGaps)])
        previous = brief.previousMeeting.map(presenter.when)
        previousHref = brief.previousMeeting.map { SitePaths.meeting($0.id, tab: "decisions") }
        decisions = brief.previousDecisions.map {
            MeetingPage.DecisionRow(
                id: $0.id, number: $0.number, label: presenter.text("decisions.number", ["number": String($0.number)]),
                text: $0.text)
        }
        hasDecisions = !decisions.isEmpty
    }
}

/// The model of the calendar of one month.
struct CalendarPage {
    struct Entry {
        let href: String
        let title: String
        let time: String
        let cancelled: Bool
        let level: String
    }

    struct Day {
        let number: Int
        let iso: String
        let inMonth: Bool
        let isToday: Bool
        let entries: [Entry]
        let hasEntries: Bool
    }

    struct Week {
        let days: [Day]
    }

    let month: String
    let previousHref: String
    let nextHref: String
    let todayHref: String
    let weekdays: [String]
    let weeks: [Week]
    let count: String

    /// The month starting on `first` (a first of the month), with `meetings`, shown in each meeting's own time zone.
    init(first: CalendarDate, meetings: [Meeting], presenter: MeetingPresenter) {
        let (year, month, _) = first.components
        self.month = presenter.format.month(first)
        func href(_ y: Int, _ m: Int) -> String {
            let (year, month) = m < 1 ? (y - 1, 12) : m > 12 ? (y + 1, 1) : (y, m)
            return SitePaths.calendar.link + "?month=\(year)-" + (month < 10 ? "0\(month)" : "\(month)")
        }
        previousHref = href(year, month - 1)
        nextHref = href(year, month + 1)
        todayHref = SitePaths.calendar.link
        weekdays = RecurrenceRule.Weekday.allCases.map { String(presenter.weekdayName($0).prefix(3)) }
        var byDay: [CalendarDate: [Entry]] = [:]
        for meeting in meetings {
            let zone = presenter.zone(meeting.timeZone)
            byDay[meeting.localDate, default: []].append(
                Entry(
                    href: SitePaths.meeting(meeting.id), title: meeting.title,
                    time: presenter.format.time(meeting.start, in: zone), cancelled: meeting.status == .cancelled,
                    level: meeting.status.rawValue))
        }
        // Weeks start on Monday; day number 0 (1970-01-01) was a Thursday.
        let offset = ((first.dayNumber + 3) % 7 + 7) % 7
        let start = first.adding(days: -offset)
        var weeks: [Week] = []
        var day = start
        repeat {
            weeks.append(
                Week(
                    days: (0..<7).map { index in
                        let date = day.adding(days: index)
                        let entries = byDay[date] ?? []
                        return Day(
                            number: date.components.day, iso: date.iso, inMonth: date.components.month == month,
                            isToday: date == presenter.today, entries: entries, hasEntries: !entries.isEmpty)
                    }))
            day = day.adding(days: 7)
        } while day.components.month == month && day.components.year == year
        self.weeks = weeks
        count = presenter.text("calendar.count", ["count": String(meetings.count)])
    }
}

extension BriefPage: PageModel {
    static let template = PageTemplate.brief
}

extension CalendarPage: PageModel {
    static let template = PageTemplate.calendar
}
