import EnlaceCore
import EnlaceStore
import Hummingbird

/// The activity registry over JSON.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /api/v1/activities | a page of activities matching the filters |
/// | POST | /api/v1/activities | 201 and the new activity, with `Location` and `ETag` |
/// | GET | /api/v1/activities/{id} | the activity, with `ETag` |
/// | PUT | /api/v1/activities/{id} | the replaced activity; needs `If-Match` |
/// | PATCH | /api/v1/activities/{id} | the patched activity (JSON merge patch); needs `If-Match` |
/// | DELETE | /api/v1/activities/{id} | 204; archives it; `If-Match` optional |
///
/// The answer to a save (POST, PUT, PATCH) is the activity as its saver reads it, with `overlaps`: the
/// activities it may overlap, as found by the incremental check, among those the saver may read.
struct ActivitiesAPIController {
    let store: Store
    let representations: RepresentationCache<Activity>

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("activities", use: list)
        group.post("activities", use: create)
        group.get("activities/{id}", use: show)
        group.put("activities/{id}", use: replace)
        group.patch("activities/{id}", use: patch)
        group.delete("activities/{id}", use: archive)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try ActivityListQuery.parse(request.uri.queryParameters, catalog: store.catalog, strict: true)
        do {
            let page = try await store.activities.list(
                query.filter, sort: query.sort, limit: query.limit, cursor: query.cursor, for: context.viewer)
            return JSONResponse.page(page) { representations.json($0) }
        } catch EnlaceError.invalid(let errors) {
            // The only list input the store judges is the cursor, which is part of the query.
            throw RequestError.invalidQuery(errors)
        }
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal(allowedBy: ActivityPolicy.canCreate)
        let input = try await input(from: request, context: context, id: nil)
        let activity = try await store.activities.create(input, by: actor)
        return try await saved(
            activity, by: actor, status: .created, headers: [.location: "/api/v1/activities/\(activity.id)"])
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let activity = try await store.activities.find(id: try context.parameters.require("id"), for: context.viewer)
        return JSONResponse.versioned(representations.json(activity), version: activity.version)
    }

    @Sendable func replace(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let expected = try ETag.requiredVersion(request)
        let input = try await input(from: request, context: context, id: id)
        // `If-Match: *` replaces whichever version is current, read again if someone else saves in between.
        return try await ETag.saving(expected: expected) {
            guard let expected else {
                let current = try await store.activities.find(id: id, for: .person(actor))
                return try await update(id: id, input: input, expected: current.version, by: actor)
            }
            return try await update(id: id, input: input, expected: expected, by: actor)
        }
    }

    @Sendable func patch(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let expected = try ETag.requiredVersion(request)
        let patch = try await MergePatch.body(of: request, context: context)
        // The patch is applied to the version it was read from; with `If-Match: *`, to the current one, read
        // again if someone else saves in between.
        return try await ETag.saving(expected: expected) {
            let current = try await store.activities.find(id: id, for: context.viewer)
            let encoded = ActivityDTO.encode(current)
            let (input, shapeErrors) = ActivityDTO.decode(MergePatch.apply(patch, to: encoded), id: id)
            try input.rejectIfMalformed(
                shapeErrors + MergePatch.unknownRemovals(patch, encoded, writeOnly: ActivityDTO.readOnlyMembers),
                against: store.catalog)
            return try await update(id: id, input: input, expected: expected ?? current.version, by: actor)
        }
    }

    @Sendable func archive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let expected = try request.headers[.ifMatch].flatMap { try ETag.version(fromIfMatch: $0) }
        try await store.activities.archive(id: id, expectedVersion: expected, by: actor)
        return Response(status: .noContent)
    }

    private func update(id: String, input: ActivityInput, expected: Int, by actor: Principal) async throws -> Response {
        let activity = try await store.activities.update(id: id, with: input, expectedVersion: expected, by: actor)
        return try await saved(activity, by: actor)
    }

    /// The activity as saved, as its saver reads it (the store answers so), with what the incremental check
    /// found among the activities the saver may read.
    private func saved(
        _ activity: Activity, by actor: Principal, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) async throws -> Response {
        let found = try await store.overlaps.forActivity(id: activity.id, for: .person(actor))
        guard case .object(let members) = ActivityDTO.encode(activity) else { throw RequestError.notFound }
        let body = JSONValue.object(members + OverlapDTO.onSave(found, of: activity.id))
        return JSONResponse.versioned(body.buffer, version: activity.version, status: status, headers: headers)
    }

    private func input(from request: Request, context: AppRequestContext, id: String?) async throws -> ActivityInput {
        try decode(try await JSONResponse.body(of: request, context: context), id: id)
    }

    /// The input in `body`; shape errors and rule errors are reported together, one list for the client.
    private func decode(_ body: JSONValue, id: String?) throws -> ActivityInput {
        let (input, shapeErrors) = ActivityDTO.decode(body, id: id)
        try input.rejectIfMalformed(shapeErrors, against: store.catalog)
        return input
    }
}
