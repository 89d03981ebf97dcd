import EnlaceCore
import EnlaceStore
import Hummingbird

/// Partner needs over JSON.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /api/v1/needs | a page, by priority, filtered by `country`, `keyArea`, `status`, `year` |
/// | POST | /api/v1/needs | 201: a new need (partner focal points for their country, the secretariat, administrators) |
/// | GET | /api/v1/needs/{id} | the need, with `ETag` |
/// | PATCH | /api/v1/needs/{id} | changes it (its owner's focal points, the secretariat); `If-Match` |
/// | GET | /api/v1/needs/{id}/matches | the activities that could answer it, best first, with the reasons |
/// | POST | /api/v1/needs/{id}/links | links `{"activity": id}` (whoever may change the activity) |
/// | DELETE | /api/v1/needs/{id}/links/{activity} | removes the link |
struct NeedsAPIController {
    let store: Store

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("needs", use: list)
        group.post("needs", use: create)
        group.get("needs/{id}", use: show)
        group.patch("needs/{id}", use: update)
        group.get("needs/{id}/matches", use: matches)
        group.post("needs/{id}/links", use: link)
        group.delete("needs/{id}/links/{activity}", use: unlink)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let filter = try NeedsQuery.filter(parameters, catalog: store.catalog, strict: true)
        let needs = try await store.needs.list(filter, for: context.viewer)
        let page = try MemoryPaging.page(
            needs, key: { "\($0.need.draft.priority)\u{1}\($0.need.draft.windowStart.iso)\u{1}\($0.need.id)" },
            limit: try MemoryPaging.limit(parameters), cursor: parameters.cursor)
        return JSONResponse.page(page, NeedDTO.encode)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        answer(try await store.needs.find(id: try context.parameters.require("id"), for: context.viewer))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal(allowedBy: NeedPolicy.canCreate)
        let (input, errors) = NeedDTO.decode(try await JSONResponse.body(of: request, context: context))
        try EnlaceError.rejectShape(errors) { () throws(EnlaceError) in _ = try input.validated(against: store.catalog)
        }
        return answer(try await store.needs.create(input, by: actor), status: .created)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let expected = try ETag.requiredVersion(request)
        let current = try await store.needs.find(id: id, for: context.viewer)
        let input = try await MergePatch.input(
            request, context: context, current: NeedDTO.encode(current), decode: NeedDTO.decode
        ) { input throws(EnlaceError) in _ = try input.validated(against: store.catalog) }
        return answer(try await store.needs.update(id: id, with: input, expectedVersion: expected, by: actor))
    }

    @Sendable func matches(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let found = try await store.needs.matches(id: try context.parameters.require("id"), for: context.viewer)
        return JSONResponse.make(
            .object([("items", .array(found.map(NeedDTO.encode))), ("total", .integer(found.count))]))
    }

    @Sendable func link(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        var reader = FieldReader(try await JSONResponse.body(of: request, context: context))
        let activity = reader.string("activity")
        reader.rejectUnknown()
        var errors = reader.errors
        if activity == nil && errors.isEmpty { errors.append(FieldError("activity", .required)) }
        guard errors.isEmpty, let activity else { throw EnlaceError.invalid(errors) }
        return answer(
            try await store.needs.link(id: try context.parameters.require("id"), activity: activity, by: actor))
    }

    @Sendable func unlink(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        return answer(
            try await store.needs.unlink(
                id: try context.parameters.require("id"), activity: try context.parameters.require("activity"),
                by: actor))
    }

    private func answer(_ view: NeedView, status: HTTPResponse.Status = .ok) -> Response {
        JSONResponse.versioned(NeedDTO.encode(view), version: view.need.version, status: status)
    }
}
