import EnlaceCore
import EnlaceStore
import Hummingbird

/// Overlaps over JSON. Every route needs a signed-in caller; each sees the pairs whose two
/// activities they may both see, and the bare notices the secretariat sent about their own activities.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /api/v1/overlaps | a page of overlaps, highest score first, and the caller's notices |
/// | GET | /api/v1/overlaps/{id} | the overlap, explained, with `ETag` |
/// | PATCH | /api/v1/overlaps/{id} | records a decision (`status`, `reason`, `continuing`); needs `If-Match` |
/// | POST | /api/v1/overlaps/{id}/notices | tells the owners who may not see the other activity (the secretariat) |
/// | POST | /api/v1/overlaps/scan | runs the full pass now (secretariat and administrators) |
/// | GET | /api/v1/activities/{id}/overlaps | the activity's overlaps, and the secretariat's notice if one stands |
struct OverlapsAPIController {
    let store: Store
    let translations: Translations

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("overlaps", use: list)
        group.post("overlaps/scan", use: scan)
        group.get("overlaps/{id}", use: show)
        group.patch("overlaps/{id}", use: decide)
        group.post("overlaps/{id}/notices", use: notify)
        group.get("activities/{id}/overlaps", use: forActivity)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let query = try OverlapListQuery.parse(request.uri.queryParameters, catalog: store.catalog, strict: true)
        let list: OverlapList
        do {
            list = try await store.overlaps.list(
                query.filter, limit: query.limit, cursor: query.cursor, for: context.viewer)
        } catch EnlaceError.invalid(let errors) {
            throw RequestError.invalidQuery(errors)
        }
        let (settings, words) = try await explaining(context)
        return JSONResponse.make(
            .object([
                ("items", .array(list.page.items.map { OverlapDTO.encode($0, settings: settings, words: words) })),
                ("total", .integer(list.page.total)),
                ("nextCursor", .string(list.page.nextCursor)),
                ("notices", .array(list.notices.map { OverlapDTO.notice(activity: $0, words: words) })),
            ]))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let view = try await store.overlaps.find(id: try context.parameters.require("id"), for: context.viewer)
        return try await answer(view, context: context)
    }

    @Sendable func decide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let expected = try ETag.requiredVersion(request)
        let body = try await MergePatch.body(of: request, context: context)
        let (input, shapeErrors) = OverlapDTO.decodeDecision(body)
        if !shapeErrors.isEmpty { throw EnlaceError.invalid(shapeErrors) }
        let view = try await store.overlaps.decide(id: id, input, expectedVersion: expected, by: actor)
        return try await answer(view, context: context)
    }

    @Sendable func notify(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let notified = try await store.overlaps.notify(id: try context.parameters.require("id"), by: actor)
        return JSONResponse.make(.object([("activities", .strings(notified))]), status: .created)
    }

    @Sendable func scan(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        guard actor.scope == .readWrite, actor.has(.secretariat) || actor.has(.admin) else {
            throw EnlaceError.forbidden(field: nil)
        }
        let summary = try await untilServerStops { [store] in try await store.overlaps.scan() }
        return JSONResponse.make(
            .object([
                ("candidates", .integer(summary.candidates)), ("overlaps", .integer(summary.overlaps)),
                ("inserted", .integer(summary.inserted)), ("updated", .integer(summary.updated)),
                ("reopened", .integer(summary.reopened)), ("deactivated", .integer(summary.deactivated)),
            ]))
    }

    @Sendable func forActivity(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let found = try await store.overlaps.forActivity(id: try context.parameters.require("id"), for: context.viewer)
        let (settings, words) = try await explaining(context)
        return JSONResponse.make(
            .object([
                ("items", .array(found.overlaps.map { OverlapDTO.encode($0, settings: settings, words: words) })),
                ("notice", found.hiddenNotice ? .string(words.notice) : .null),
            ]))
    }

    private func answer(_ view: OverlapView, context: AppRequestContext) async throws -> Response {
        let (settings, words) = try await explaining(context)
        return JSONResponse.versioned(
            OverlapDTO.encode(view, settings: settings, words: words), version: view.record.version)
    }

    private func explaining(_ context: AppRequestContext) async throws -> (DeconflictionSettings, OverlapWords) {
        let words = OverlapWords(
            catalog: store.catalog, format: LocaleFormat(context.language), translations: translations)
        return (try await store.overlaps.settings, words)
    }
}
