import EnlaceCore
import EnlaceStore
import Foundation

/// The models of the series list and of a series' page.
enum SeriesPages {
    struct Row {
        let href: String
        let name: String
        let level: String
        let levelCode: String
        let tracks: String
        let rhythm: String
        let chairs: String
        let next: String?
    }

    struct List {
        let rows: [Row]
        let hasRows: Bool
        let canCreate: Bool
        let newHref: String
        let calendarHref: String
    }

    static func list(
        _ series: [MeetingSeries], meetings: [Meeting], canCreate: Bool, presenter: MeetingPresenter, now: Date
    ) -> List {
        let rows = series.map { series in
            let next = meetings.first { $0.seriesID == series.id && $0.status == .planned && $0.end >= now }
            return Row(
                href: SitePaths.series(series.id), name: series.name, level: presenter.level(series.level),
                levelCode: series.level.rawValue, tracks: presenter.areas(series.keyAreas),
                rhythm: presenter.rhythm(series), chairs: presenter.organizations(series.chairs),
                next: next.map(presenter.when))
        }
        return List(
            rows: rows, hasRows: !rows.isEmpty, canCreate: canCreate, newHref: SitePaths.newMeetingSeries.link,
            calendarHref: SitePaths.calendar.link)
    }

    struct Occurrence {
        let when: String
        let href: String?
        let status: String
        let statusCode: String
    }

    struct Detail {
        let id: String
        let name: String
        let level: String
        let levelCode: String
        let tracks: String
        let chairs: String
        let members: String
        let rhythm: String
        let rhythmRule: String
        let duration: String
        let venue: String?
        let virtualLink: String?
        let marking: String
        let upcoming: [Occurrence]
        let hasUpcoming: Bool
        let past: [MeetingPresenter.MeetingRow]
        let hasPast: Bool
        let feedURL: String?
        let canChair: Bool
        let editHref: String
        let listHref: String
        let notice: String?
        /// The fora it concerns.
        let fora: ForaLinksPanel
    }

    static func detail(
        _ series: MeetingSeries, meetings: [Meeting], occurrences: [RecurrenceSchedule.Occurrence], feedURL: String?,
        canChair: Bool, presenter: MeetingPresenter, now: Date, notice: String?, fora: ForaLinksPanel
    ) -> Detail {
        var byDay: [CalendarDate: Meeting] = [:]
        for meeting in meetings { if let day = meeting.occurrence { byDay[day] = meeting } }
        let upcoming = occurrences.map { occurrence in
            let meeting = byDay[occurrence.date]
            let status = meeting?.status
            return Occurrence(
                when: meeting.map(presenter.when) ?? presenter.when(occurrence, zone: series.timeZone),
                href: meeting.map { SitePaths.meeting($0.id) },
                status: status.map(presenter.status) ?? presenter.text("meetings.notScheduled"),
                statusCode: status?.rawValue ?? "unscheduled")
        }
        let extra = meetings.filter { $0.occurrence == nil && $0.end >= now }.map { meeting in
            Occurrence(
                when: presenter.when(meeting), href: SitePaths.meeting(meeting.id),
                status: presenter.status(meeting.status), statusCode: meeting.status.rawValue)
        }
        let past = meetings.filter { $0.end < now }.reversed().map(presenter.row)
        return Detail(
            id: series.id, name: series.name, level: presenter.level(series.level), levelCode: series.level.rawValue,
            tracks: presenter.areas(series.keyAreas), chairs: presenter.organizations(series.chairs),
            members: presenter.organizations(series.members), rhythm: presenter.rhythm(series),
            rhythmRule: series.rhythm.text,
            duration: presenter.text("meetings.duration", ["minutes": String(series.durationMinutes)]),
            venue: series.venue, virtualLink: series.virtualLink, marking: presenter.marking(series.releasability),
            upcoming: extra + upcoming, hasUpcoming: !(extra + upcoming).isEmpty, past: Array(past),
            hasPast: !past.isEmpty, feedURL: feedURL, canChair: canChair,
            editHref: SitePaths.editMeetingSeries(series.id), listHref: SitePaths.meetingSeries.link, notice: notice,
            fora: fora)
    }
}

extension SeriesPages.List: PageModel {
    static let template = PageTemplate.seriesList
}

extension SeriesPages.Detail: PageModel {
    static let template = PageTemplate.seriesDetail
}
