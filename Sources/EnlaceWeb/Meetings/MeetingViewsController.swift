import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// The views across meetings: the briefing pack of one, and the calendar by month.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /meetings/{id}/brief | the briefing pack, compiled now for the reader; prints well |
/// | GET | /calendar | the meetings of `month` (`YYYY-MM`, default this month), by day |
struct MeetingViewsController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations
    let clock: WallClock

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.brief, use: brief)
        router.get(SitePaths.calendar, use: calendar)
    }

    @Sendable func brief(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let brief = try await store.brief(
            meetingID: try context.parameters.require("id"), for: context.viewer, now: clock.now())
        let titles = await MeetingPages.linkTitles(brief.agenda.flatMap(\.links), store, for: context.viewer)
        let presenter = try await MeetingPages.presenter(store, translations, context, clock)
        let model = BriefPage(brief, titles: titles, presenter: presenter)
        return pages.render(
            model, title: presenter.text("brief.title", ["meeting": brief.meeting.title]),
            section: .meetings, request: request, context: context)
    }

    @Sendable func calendar(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let presenter = try await MeetingPages.presenter(store, translations, context, clock)
        let today = presenter.today.components
        var first = CalendarDate(year: today.year, month: today.month, day: 1) ?? presenter.today
        if let text = request.uri.queryParameters.get("month"), let date = CalendarDate(iso: text + "-01") {
            first = date
        }
        let last =
            CalendarDate(
                year: first.components.year, month: first.components.month,
                day: CalendarDate.daysIn(month: first.components.month, year: first.components.year)) ?? first
        var filter = MeetingFilter()
        // A day's meetings in any zone: widen by a day each side, then keep those whose local day is in the month.
        filter.from = first.adding(days: -1).midnightUTC
        filter.to = last.adding(days: 2).midnightUTC
        let meetings = try await store.meetings.meetings(filter, for: context.viewer).filter {
            $0.localDate >= first && $0.localDate <= last
        }
        let model = CalendarPage(first: first, meetings: meetings, presenter: presenter)
        return pages.render(
            model, title: presenter.text("calendar.title"), section: .calendar, request: request,
            context: context)
    }
}
