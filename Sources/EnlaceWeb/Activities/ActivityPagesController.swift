import EnlaceCore
import EnlaceStore
import Hummingbird

/// The activity pages: list, detail, create, edit, archive. They work without JavaScript.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /activities | the filtered list |
/// | GET | /activities/new | the empty form |
/// | POST | /activities | creates; 303 to the detail, or the form again with messages |
/// | GET | /activities/{id} | the detail page |
/// | GET | /activities/{id}/edit | the filled form |
/// | POST | /activities/{id}/edit | updates; 303 to the detail, or the form again with messages |
/// | POST | /activities/{id}/archive | archives; 303 to the list |
/// | GET | /activities/{id}/history | the record's audit history |
/// | POST | /activities/{id}/fora | sets the fora it concerns (its editors); 303 back, or the page with the message |
///
/// Reads show what the viewer may see; the forms need a signed-in person with the right to write.
struct ActivityPagesController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.activities, use: list)
        router.get(SitePaths.newActivity, use: new)
        router.post(SitePaths.activities, use: create)
        router.get(SitePaths.activity, use: show)
        router.get(SitePaths.editActivity, use: edit)
        router.post(SitePaths.editActivity, use: update)
        router.post(SitePaths.archiveActivity, use: archive)
        router.get(SitePaths.activityHistory, use: history)
        router.post(SitePaths.activityFora, use: setFora)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try ActivityListQuery.parse(request.uri.queryParameters, catalog: store.catalog, strict: false)
        let page: Page<Activity>
        do {
            page = try await store.activities.list(
                query.filter, sort: query.sort, limit: query.limit, cursor: query.cursor, for: context.viewer)
        } catch EnlaceError.invalid {
            // A cursor from an old link: show the first page rather than an error.
            page = try await store.activities.list(
                query.filter, sort: query.sort, limit: query.limit, cursor: nil, for: context.viewer)
        }
        let presenter = try await ActivityPresenter.load(store: store, translations: translations, context: context)
        let notice =
            request.uri.queryParameters.get("archived") != nil
            ? translations.text("activity.archived", context.language) : nil
        let model = ActivityListPage(
            query: query, page: page, presenter: presenter,
            organizations: presenter.organizations.values.sorted { $0.code < $1.code }, notice: notice)
        return pages.render(
            model, title: translations.text("activities.title", context.language),
            section: .activities, request: request, context: context)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await detail(request, context: context)
    }

    @Sendable func setFora(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        return try await ForaLinksPanel.submit(
            request, context: context, translations: translations, back: SitePaths.activity(id),
            save: { _ = try await store.forumLinks.setFora(ofActivity: id, $0, by: actor) },
            page: { try await detail(request, context: context, refused: $0) })
    }

    /// The detail page; `refused` is a choice of fora the panel's form sent and the store refused.
    private func detail(
        _ request: Request, context: AppRequestContext, refused: ForaLinksPanel.Refused? = nil
    ) async throws -> Response {
        let activity = try await store.activities.find(id: try context.parameters.require("id"), for: context.viewer)
        let presenter = try await ActivityPresenter.load(store: store, translations: translations, context: context)
        var panel: OverlapPages.Panel?
        if context.viewer.principal != nil {
            let found = try await store.overlaps.forActivity(id: activity.id, for: context.viewer)
            panel = OverlapPages.Panel(found, of: activity.id, presenter: presenter)
        }
        var notice: String?
        if request.uri.queryParameters.get("saved") != nil {
            let count = panel?.items.count ?? 0
            notice =
                count == 0
                ? translations.text("activity.saved", context.language)
                : translations.plural("overlaps.savedWithOverlaps", count: count, presenter.format)
        }
        let canEdit = try await store.activities.canEdit(activity, viewer: context.viewer)
        let origin = try await store.proposals.origin(of: .activity, activity.id, for: context.viewer)
        let model = ActivityDetailPage(
            activity: presenter.detail(activity), notice: notice, listHref: SitePaths.activities.link, canEdit: canEdit,
            historyHref: SitePaths.activityHistory(activity.id), overlaps: panel,
            funding: FundingPanel(activity, presenter: presenter, canEdit: canEdit),
            results: ResultsPanel(activity, presenter: presenter, canEdit: canEdit),
            proposal: origin.map { LabelledLink(href: SitePaths.proposal($0.id), label: $0.text.title) },
            fora: ForaLinksPanel(
                linked: try await store.forumLinks.fora(of: .activity, activity.id), all: try await store.fora.all(),
                canEdit: canEdit, action: SitePaths.activityFora(activity.id), language: context.language,
                refused: refused))
        return pages.render(
            model, title: activity.draft.title, section: .activities, request: request,
            context: context, status: refused == nil ? .ok : .unprocessableContent)
    }

    @Sendable func new(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal(allowedBy: ActivityPolicy.canCreate)
        var input = ActivityInput()
        input.language = context.language.rawValue
        return try await form(ActivityForm(input: input), errors: [], request: request, context: context)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal(allowedBy: ActivityPolicy.canCreate)
        let form = ActivityForm(try await FormData.read(request, context: context))
        do {
            try form.input.rejectIfMalformed(form.errors, against: store.catalog)
            let activity = try await store.activities.create(form.input, by: actor)
            return .redirect(to: SitePaths.activity(activity.id) + "?saved=1", type: .normal)
        } catch EnlaceError.invalid(let errors) {
            return try await self.form(form, errors: errors, request: request, context: context)
        }
    }

    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let activity = try await store.activities.find(id: try context.parameters.require("id"), for: context.viewer)
        guard try await store.activities.canEdit(activity, viewer: .person(actor)) else {
            throw EnlaceError.forbidden(field: nil)
        }
        let form = ActivityForm(input: ActivityInput(activity.draft), version: activity.version)
        return try await self.form(form, errors: [], request: request, context: context, editing: activity.id)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let form = ActivityForm(try await FormData.read(request, context: context))
        do {
            try form.input.rejectIfMalformed(form.errors, against: store.catalog)
            // A form without a version cannot prove it saw the current state; -1 never matches.
            _ = try await store.activities.update(
                id: id, with: form.input, expectedVersion: form.version ?? -1, by: actor)
            return .redirect(to: SitePaths.activity(id) + "?saved=1", type: .normal)
        } catch EnlaceError.invalid(let errors) {
            return try await self.form(form, errors: errors, request: request, context: context, editing: id)
        } catch EnlaceError.staleVersion {
            return try await self.form(form, errors: [], request: request, context: context, editing: id, stale: true)
        }
    }

    @Sendable func archive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let form = try await FormData.read(request, context: context)
        try await store.activities.archive(
            id: id, expectedVersion: form.value("version").flatMap(Int.init) ?? -1, by: actor)
        return .redirect(to: SitePaths.activities.link + "?archived=1", type: .normal)
    }

    @Sendable func history(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (activity, entries) = try await store.activityHistory(
            id: try context.parameters.require("id"), for: context.viewer)
        let format = LocaleFormat(context.language)
        let model = HistoryPage(
            title: activity.draft.title, backHref: SitePaths.activity(activity.id),
            entries: entries.reversed().map { HistoryPage.Entry($0, format: format, translations: translations) })
        return pages.render(
            model, title: activity.draft.title, section: .activities, request: request,
            context: context)
    }

    private func form(
        _ form: ActivityForm, errors: [FieldError], request: Request, context: AppRequestContext,
        editing id: String? = nil, stale: Bool = false
    ) async throws -> Response {
        let presenter = try await ActivityPresenter.load(store: store, translations: translations, context: context)
        var markingEditable = true
        if let id, let principal = context.viewer.principal {
            let current = try await store.activities.find(id: id, for: context.viewer)
            markingEditable = ActivityPolicy.canChangeMarking(.person(principal), owner: current.owner)
        }
        let language = context.language
        let heading = translations.text(id == nil ? "form.newTitle" : "form.editTitle", language)
        let model = ActivityFormPage(
            form: form, errors: errors, heading: heading,
            action: id.map { SitePaths.editActivity($0) } ?? SitePaths.activities.link,
            cancelHref: id.map { SitePaths.activity($0) } ?? SitePaths.activities.link,
            staleNotice: stale ? translations.text("form.stale", language) : nil, presenter: presenter,
            organizations: presenter.organizations.values.sorted { $0.name < $1.name }, markingEditable: markingEditable
        )
        let status = FormSubmission.status(errors: errors, stale: stale)
        return pages.render(
            model, title: heading, section: id == nil ? .newActivity : .activities, request: request,
            context: context, status: status)
    }
}
