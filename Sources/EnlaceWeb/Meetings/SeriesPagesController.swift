import EnlaceCore
import EnlaceStore
import Hummingbird

/// The meeting series pages. They need a signed-in person; each sees the series released to them.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /meeting-series | the series, with their rhythm and next meeting |
/// | GET | /meeting-series/new | the form (those who may set up series) |
/// | POST | /meeting-series | creates it; 303 to its page, or the form again with messages |
/// | GET | /meeting-series/{id} | the series, its upcoming occurrences, past meetings and calendar feed |
/// | GET | /meeting-series/{id}/edit | the form (chairs) |
/// | POST | /meeting-series/{id}/edit | saves it; 303 to its page, or the form again |
/// | POST | /meeting-series/{id}/fora | sets the fora it concerns (its chairs); 303 back, or the page with the message |
struct SeriesPagesController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations
    let clock: WallClock

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.meetingSeries, use: list)
        router.get(SitePaths.newMeetingSeries, use: newForm)
        router.post(SitePaths.meetingSeries, use: create)
        router.get(SitePaths.series, use: show)
        router.get(SitePaths.editMeetingSeries, use: editForm)
        router.post(SitePaths.editMeetingSeries, use: update)
        router.post(SitePaths.seriesFora, use: setFora)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let presenter = try await MeetingPages.presenter(store, translations, context, clock)
        let model = SeriesPages.list(
            try await store.meetings.seriesList(for: context.viewer),
            meetings: try await store.meetings.meetings(MeetingFilter(), for: context.viewer),
            canCreate: MeetingPolicy.canCreateSeries(context.viewer), presenter: presenter, now: clock.now())
        return pages.render(
            model, title: presenter.text("meetings.seriesTitle"), section: .meetings,
            request: request, context: context)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await detail(request, context: context)
    }

    @Sendable func setFora(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        return try await ForaLinksPanel.submit(
            request, context: context, translations: translations, back: SitePaths.series(id),
            save: { _ = try await store.forumLinks.setFora(ofSeries: id, $0, by: actor) },
            page: { try await detail(request, context: context, refused: $0) })
    }

    /// The series page; `refused` is a choice of fora the panel's form sent and the store refused.
    private func detail(
        _ request: Request, context: AppRequestContext, refused: ForaLinksPanel.Refused? = nil
    ) async throws -> Response {
        _ = try context.requirePrincipal()
        let series = try await store.meetings.series(id: try context.parameters.require("id"), for: context.viewer)
        let presenter = try await MeetingPages.presenter(store, translations, context, clock)
        var filter = MeetingFilter()
        filter.seriesID = series.id
        let key = try await FeedAddress.key(store, context)
        let model = SeriesPages.detail(
            series, meetings: try await store.meetings.meetings(filter, for: context.viewer),
            occurrences: store.meetings.upcomingOccurrences(of: series, limit: 12),
            feedURL: key.map { FeedAddress.series($0, seriesID: series.id, request, context) },
            canChair: store.meetings.canChair(series, viewer: context.viewer), presenter: presenter,
            now: clock.now(),
            notice: request.uri.queryParameters.get("saved").map { _ in presenter.text("meetings.seriesSaved") },
            fora: ForaLinksPanel(
                linked: try await store.forumLinks.fora(of: .series, series.id), all: try await store.fora.all(),
                canEdit: store.meetings.canChair(series, viewer: context.viewer),
                action: SitePaths.seriesFora(series.id), language: context.language,
                refused: refused))
        return pages.render(
            model, title: series.name, section: .meetings, request: request,
            context: context, status: refused == nil ? .ok : .unprocessableContent)
    }

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        guard MeetingPolicy.canCreateSeries(context.viewer) else { throw EnlaceError.forbidden(field: nil) }
        var input = SeriesInput()
        input.timeZone = "America/Bogota"
        input.startTime = "10:00"
        input.durationMinutes = 120
        input.rhythm = "FREQ=MONTHLY;BYDAY=2TU"
        input.keyAreas = []
        return try await form(input, version: nil, errors: [], request: request, context: context)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let input = SeriesFormPage.input(try await FormData.read(request, context: context))
        do {
            let series = try await store.meetings.createSeries(input, by: actor)
            return .redirect(to: SitePaths.series(series.id) + "?saved=1", type: .normal)
        } catch EnlaceError.invalid(let errors) {
            return try await form(
                input, version: nil, errors: errors, request: request, context: context, status: .unprocessableContent)
        }
    }

    @Sendable func editForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let series = try await store.meetings.series(id: try context.parameters.require("id"), for: context.viewer)
        guard store.meetings.canChair(series, viewer: context.viewer) else { throw EnlaceError.forbidden(field: nil) }
        return try await form(
            SeriesFormPage.input(series), version: series.version, errors: [], request: request, context: context,
            id: series.id)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let data = try await FormData.read(request, context: context)
        let input = SeriesFormPage.input(data)
        let version = data.value("version").flatMap(Int.init) ?? -1
        do {
            _ = try await store.meetings.updateSeries(id: id, input, expectedVersion: version, by: actor)
            return .redirect(to: SitePaths.series(id) + "?saved=1", type: .normal)
        } catch EnlaceError.invalid(let errors) {
            return try await form(
                input, version: version, errors: errors, request: request, context: context, id: id,
                status: .unprocessableContent)
        } catch EnlaceError.staleVersion(_, _, let current) {
            return try await form(
                input, version: current, errors: [], request: request, context: context, id: id,
                stale: translations.text("meetings.stale", context.language), status: .conflict)
        }
    }

    private func form(
        _ input: SeriesInput, version: Int?, errors: [FieldError], request: Request, context: AppRequestContext,
        id: String? = nil, stale: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let presenter = try await MeetingPages.presenter(store, translations, context, clock)
        let heading = presenter.text(id == nil ? "meetings.newSeries" : "meetings.editSeries")
        let model = SeriesFormPage(
            input: input, version: version, errors: errors, heading: heading,
            action: id.map { SitePaths.editMeetingSeries($0) } ?? SitePaths.meetingSeries.link,
            cancelHref: id.map { SitePaths.series($0) } ?? SitePaths.meetingSeries.link, staleNotice: stale,
            organizations: try await store.organizations.all().sorted { $0.code < $1.code }, presenter: presenter,
            translations: translations)
        return pages.render(
            model, title: heading, section: .meetings, request: request, context: context,
            status: status)
    }
}

/// What the meeting pages share.
enum MeetingPages {
    static func presenter(
        _ store: Store, _ translations: Translations, _ context: AppRequestContext, _ clock: WallClock
    ) async throws -> MeetingPresenter {
        MeetingPresenter(
            base: try await ActivityPresenter.load(store: store, translations: translations, context: context),
            today: CalendarDate.today(clock))
    }

    /// The titles of the activities and proposals `links` point at, those `viewer` may read.
    static func linkTitles(_ links: [AgendaLink], _ store: Store, for viewer: Viewer) async -> [String: String] {
        var titles: [String: String] = [:]
        for link in links {
            switch link.kind {
            case .activity:
                titles[link.reference] = try? await store.activities.find(id: link.reference, for: viewer).draft.title
            case .proposal:
                titles[link.reference] = try? await store.proposals.find(id: link.reference, for: viewer).text.title
            case .overlap, .coverage: continue
            }
        }
        return titles
    }
}
