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
/// The answer to a save (POST, PUT, PATCH) also carries `overlaps`, the activities it may overlap
/// as found by the incremental check, and `overlapNotice` when it overlaps one the caller may not see.
struct ActivitiesAPIController {
    let store: Store
    let representations: RepresentationCache
    let translations: Translations

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
            return JSONResponse.page(page) { activities in
                representations.json(activities, id: \.id, version: \.version, encode: ActivityDTO.encode)
            }
        } catch EnlaceError.invalid(let errors) {
            // The only list input the store judges is the cursor, which is part of the query.
            throw RequestError.invalidQuery(errors)
        }
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let input = try await input(from: request, context: context, id: nil)
        let activity = try await store.activities.create(input, by: actor)
        return JSONResponse.make(
            try await saved(activity, by: actor, context: context), status: .created,
            headers: [.location: "/api/v1/activities/\(activity.id)", .eTag: ETag.make(version: activity.version)])
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let activity = try await store.activities.find(id: try context.parameters.require("id"), for: context.viewer)
        var response = JSONResponse.raw(json(activity))
        response.headers[.eTag] = ETag.make(version: activity.version)
        return response
    }

    @Sendable func replace(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let expected = try ETag.requiredVersion(request)
        let input = try await input(from: request, context: context, id: id)
        return try await update(id: id, input: input, expected: expected, by: actor, context: context)
    }

    @Sendable func patch(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let expected = try ETag.requiredVersion(request)
        let patch = try await MergePatch.body(of: request, context: context)
        let current = try await store.activities.find(id: id, for: context.viewer)
        let merged = MergePatch.apply(patch, to: ActivityDTO.encode(current))
        return try await update(
            id: id, input: try decode(merged, id: id), expected: expected, by: actor, context: context)
    }

    @Sendable func archive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let expected = try request.headers[.ifMatch].flatMap { try ETag.version(fromIfMatch: $0) }
        try await store.activities.archive(id: id, expectedVersion: expected, by: actor)
        return Response(status: .noContent)
    }

    private func update(
        id: String, input: ActivityInput, expected: Int?, by actor: Principal, context: AppRequestContext
    ) async throws -> Response {
        let version: Int
        if let expected {
            version = expected
        } else {
            version = try await store.activities.find(id: id, for: .person(actor)).version
        }
        let activity = try await store.activities.update(id: id, with: input, expectedVersion: version, by: actor)
        return JSONResponse.make(
            try await saved(activity, by: actor, context: context),
            headers: [.eTag: ETag.make(version: activity.version)])
    }

    /// The activity as saved, with what the incremental check found.
    private func saved(_ activity: Activity, by actor: Principal, context: AppRequestContext) async throws -> JSONValue
    {
        let found = try await store.overlaps.forActivity(id: activity.id, for: .person(actor))
        let presenter = try await ActivityPages.presenter(store: store, translations: translations, context: context)
        guard case .object(let members) = ActivityDTO.encode(activity) else { return ActivityDTO.encode(activity) }
        return .object(members + OverlapDTO.onSave(found, of: activity.id, words: OverlapWords(presenter: presenter)))
    }

    /// The encoded representation of `activity`, from the cache when this version was encoded before.
    private func json(_ activity: Activity) -> ByteBuffer {
        representations.json(id: activity.id, version: activity.version) { ActivityDTO.encode(activity) }
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
