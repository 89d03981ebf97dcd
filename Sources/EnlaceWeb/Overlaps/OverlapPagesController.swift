import EnlaceCore
import EnlaceStore
import Hummingbird

/// The overlap pages. They need a signed-in person; each sees the pairs whose two activities they
/// may both see, and the bare notices the secretariat sent about their own activities.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /overlaps | the queue, highest score first, with filters |
/// | POST | /overlaps/scan | runs the full pass (secretariat, administrators); 303 to the queue |
/// | GET | /overlaps/{id} | the two activities side by side, the explanation, the decision form, the history |
/// | POST | /overlaps/{id} | records a decision; 303 back, or the page again with messages |
/// | POST | /overlaps/{id}/notices | tells the owners who may not see the other activity (secretariat); 303 back |
struct OverlapPagesController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.overlaps, use: queue)
        router.post(SitePaths.overlapScan, use: scan)
        router.get(SitePaths.overlap, use: show)
        router.post(SitePaths.overlap, use: decide)
        router.post(SitePaths.overlapNotices, use: notify)
    }

    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let query = try OverlapListQuery.parse(request.uri.queryParameters, catalog: store.catalog, strict: false)
        let list: OverlapList
        do {
            list = try await store.overlaps.list(
                query.filter, limit: query.limit, cursor: query.cursor, for: context.viewer)
        } catch EnlaceError.invalid {
            list = try await store.overlaps.list(query.filter, limit: query.limit, cursor: nil, for: context.viewer)
        }
        var noticeTitles: [(id: String, title: String)] = []
        for id in list.notices {
            noticeTitles.append((id, try await store.activities.find(id: id, for: context.viewer).draft.title))
        }
        let presenter = try await ActivityPresenter.load(store: store, translations: translations, context: context)
        let scanned = request.uri.queryParameters
        let notice = scanned.get("scanned").map { _ in
            translations.text(
                "overlaps.scanDone", context.language,
                [
                    "overlaps": scanned.get("overlaps") ?? "0", "new": scanned.get("new") ?? "0",
                    "reopened": scanned.get("reopened") ?? "0", "gone": scanned.get("gone") ?? "0",
                ])
        }
        let model = OverlapPages.Queue(
            query: query, list: list, noticeTitles: noticeTitles, presenter: presenter,
            organizations: try await store.organizations.all().sorted { $0.code < $1.code }, notice: notice,
            filling: store.overlaps.isPassRunning ? translations.text("overlaps.filling", context.language) : nil)
        return pages.render(
            model, title: translations.text("overlaps.title", context.language), section: .overlaps,
            request: request, context: context)
    }

    @Sendable func scan(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        guard actor.scope == .readWrite, actor.has(.secretariat) || actor.has(.admin) else {
            throw EnlaceError.forbidden(field: nil)
        }
        let summary = try await untilServerStops { [store] in try await store.overlaps.scan() }
        return .redirect(
            to: SitePaths.overlaps.with([
                ("scanned", "1"), ("overlaps", String(summary.overlaps)), ("new", String(summary.inserted)),
                ("reopened", String(summary.reopened)), ("gone", String(summary.deactivated)),
            ]), type: .normal)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let view = try await store.overlaps.find(id: try context.parameters.require("id"), for: context.viewer)
        let parameters = request.uri.queryParameters
        let notice =
            parameters.get("decided") != nil
            ? translations.text("overlaps.decided", context.language)
            : parameters.get("notified").flatMap(Int.init).map { count in
                translations.text(
                    count == 0 ? "overlaps.notify.nobody" : "overlaps.notify.sent", context.language,
                    ["count": String(count)])
            }
        return try await render(view, input: nil, errors: [], notice: notice, request: request, context: context)
    }

    /// Sends the bare notice to the owners of the pair's activities who may not see the other one.
    @Sendable func notify(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        do {
            let notified = try await store.overlaps.notify(id: id, by: actor)
            return .redirect(to: SitePaths.overlap(id) + "?notified=\(notified.count)", type: .normal)
        } catch EnlaceError.invalid(let errors) {
            // Decided meanwhile, say: the page again, saying why nothing was sent.
            return try await render(
                try await store.overlaps.find(id: id, for: context.viewer), input: nil, errors: [],
                notice: errors.map { translations.message(for: $0, context.language) }.joined(separator: " "),
                request: request, context: context, status: .unprocessableContent)
        }
    }

    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let form = try await FormData.read(request, context: context)
        let input = OverlapDecisionInput(
            status: form.value("status"), reason: form.value("reason"), continuing: form.value("continuing"))
        do {
            // A form without a version cannot prove it saw the current state; -1 never matches.
            _ = try await store.overlaps.decide(
                id: id, input, expectedVersion: form.value("version").flatMap(Int.init) ?? -1, by: actor)
            return .redirect(to: SitePaths.overlap(id) + "?decided=1", type: .normal)
        } catch EnlaceError.invalid(let errors) {
            let view = try await store.overlaps.find(id: id, for: context.viewer)
            return try await render(
                view, input: input, errors: errors, notice: nil, request: request, context: context,
                status: .unprocessableContent)
        } catch EnlaceError.staleVersion {
            let view = try await store.overlaps.find(id: id, for: context.viewer)
            return try await render(
                view, input: nil, errors: [], notice: nil, request: request, context: context,
                stale: translations.text("overlaps.stale", context.language), status: .conflict)
        }
    }

    private func render(
        _ view: OverlapView, input: OverlapDecisionInput?, errors: [FieldError], notice: String?, request: Request,
        context: AppRequestContext, stale: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let history = try await store.overlaps.history(id: view.record.id, for: context.viewer)
        let model = OverlapPages.detail(
            view, settings: try await store.overlaps.settings,
            presenter: try await ActivityPresenter.load(store: store, translations: translations, context: context),
            history: history,
            input: input, errors: errors, notice: notice, staleNotice: stale,
            canNotify: context.viewer.seesEverything && context.viewer.principal?.scope == .readWrite)
        return pages.render(
            model, title: translations.text("overlaps.heading", context.language),
            section: .overlaps, request: request, context: context, status: status)
    }
}
