import EnlaceCore
import EnlaceStore
import Hummingbird

/// The directory of fora and their focal points over JSON.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /api/v1/fora | every forum, by acronym; `country`, `keyArea`, `scope` filter (public) |
/// | POST | /api/v1/fora | 201: a new forum (the secretariat, administrators) |
/// | GET | /api/v1/fora/{id} | the forum, with `ETag` (public) |
/// | PATCH | /api/v1/fora/{id} | changes it (the secretariat, administrators); `If-Match` |
/// | GET | /api/v1/contacts | focal points, `forum` filters (members only: never the public or non-members) |
/// | POST | /api/v1/contacts | 201: a new focal point `{"forum": id, …}` (the secretariat, administrators) |
/// | GET | /api/v1/contacts/{id} | one focal point, with `ETag` (members only) |
/// | PATCH | /api/v1/contacts/{id} | changes it; `If-Match` |
/// | DELETE | /api/v1/contacts/{id} | 204: removes it; `If-Match` |
/// | GET | /api/v1/fora/{id}/links | what links to it: activities, meeting series, proposals the caller may read |
/// | GET, PUT | /api/v1/activities/{id}/fora | the fora an activity concerns; set `{"fora": […]}` (its editors) |
/// | GET, PUT | /api/v1/meeting-series/{id}/fora | the fora a series concerns; set them (its chairs) |
struct ForaAPIController {
    let store: Store

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("fora", use: list)
        group.post("fora", use: create)
        group.get("fora/{id}", use: show)
        group.patch("fora/{id}", use: update)
        group.get("contacts", use: contacts)
        group.post("contacts", use: addContact)
        group.get("contacts/{id}", use: contact)
        group.patch("contacts/{id}", use: updateContact)
        group.delete("contacts/{id}", use: removeContact)
        group.get("fora/{id}/links", use: inbound)
        group.get("activities/{id}/fora", use: activityFora)
        group.put("activities/{id}/fora", use: setActivityFora)
        group.get("meeting-series/{id}/fora", use: seriesFora)
        group.put("meeting-series/{id}/fora", use: setSeriesFora)
    }

    @Sendable func inbound(_ request: Request, context: AppRequestContext) async throws -> Response {
        let links = try await store.forumLinks.inbound(to: try context.parameters.require("id"), for: context.viewer)
        return JSONResponse.make(
            .object([
                (
                    "activities",
                    .array(
                        links.activities.map { .object([("id", .string($0.id)), ("title", .string($0.draft.title))]) })
                ),
                ("series", .array(links.series.map { .object([("id", .string($0.id)), ("name", .string($0.name))]) })),
                (
                    "proposals",
                    .array(
                        links.proposals.map {
                            .object([
                                ("id", .string($0.id)), ("title", .string($0.text.title)),
                                ("status", .string($0.status.rawValue)),
                            ])
                        })
                ),
            ]))
    }

    private static func foraAnswer(_ fora: [Forum]) -> Response {
        JSONResponse.make(.object([("fora", .strings(fora.map(\.id)))]))
    }

    /// The fora a `{"fora": […]}` body names.
    private static func foraBody(_ request: Request, context: AppRequestContext) async throws -> [String] {
        var reader = FieldReader(try await JSONResponse.body(of: request, context: context))
        let fora = reader.strings("fora")
        reader.rejectUnknown()
        if !reader.errors.isEmpty { throw EnlaceError.invalid(reader.errors) }
        guard let fora else { throw EnlaceError.invalid("fora", .required) }
        return fora
    }

    @Sendable func activityFora(_ request: Request, context: AppRequestContext) async throws -> Response {
        Self.foraAnswer(
            try await store.forumLinks.fora(ofActivity: try context.parameters.require("id"), for: context.viewer))
    }

    @Sendable func setActivityFora(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let fora = try await Self.foraBody(request, context: context)
        return Self.foraAnswer(try await store.forumLinks.setFora(ofActivity: id, fora, by: actor))
    }

    @Sendable func seriesFora(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        return Self.foraAnswer(
            try await store.forumLinks.fora(ofSeries: try context.parameters.require("id"), for: context.viewer))
    }

    @Sendable func setSeriesFora(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let fora = try await Self.foraBody(request, context: context)
        return Self.foraAnswer(try await store.forumLinks.setFora(ofSeries: id, fora, by: actor))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let fora = try ForaQuery.filtered(try await store.fora.all(), parameters, catalog: store.catalog, strict: true)
        let page = try MemoryPaging.page(
            fora, key: { "\($0.draft.acronym.lowercased())\u{1}\($0.id)" }, limit: try MemoryPaging.limit(parameters),
            cursor: parameters.cursor)
        return JSONResponse.page(page, ForumDTO.encode)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        answer(try await store.fora.find(id: try context.parameters.require("id")))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal(allowedBy: ForumPolicy.canEdit)
        let (input, errors) = ForumDTO.decode(try await JSONResponse.body(of: request, context: context))
        try EnlaceError.rejectShape(errors) { () throws(EnlaceError) in _ = try input.validated(against: store.catalog)
        }
        return answer(try await store.fora.create(input, by: actor), status: .created)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let expected = try ETag.requiredVersion(request)
        let current = try await store.fora.find(id: id)
        let input = try await MergePatch.input(
            request, context: context, current: ForumDTO.encode(current), decode: ForumDTO.decode
        ) { input throws(EnlaceError) in _ = try input.validated(against: store.catalog) }
        return answer(try await store.fora.update(id: id, with: input, expectedVersion: expected, by: actor))
    }

    @Sendable func contacts(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let parameters = request.uri.queryParameters
        let query = QueryReader(parameters, allowed: ["forum", "limit", "cursor"])
        let forum = query.value("forum")
        try query.finish(strict: true)
        let found = try await store.fora.contacts(forum: forum, for: context.viewer)
        let page = try MemoryPaging.page(
            found, key: { "\($0.draft.name)\u{1}\($0.id)" }, limit: try MemoryPaging.limit(parameters),
            cursor: parameters.cursor)
        return JSONResponse.page(page, ForumDTO.encode)
    }

    @Sendable func contact(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        return answer(try await store.fora.contact(id: try context.parameters.require("id"), for: context.viewer))
    }

    @Sendable func addContact(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let (input, forum, errors) = ForumDTO.decodeContact(try await JSONResponse.body(of: request, context: context))
        var shape = errors
        if forum == nil && !errors.contains(where: { $0.field == "forum" }) {
            shape.append(FieldError("forum", .required))
        }
        try EnlaceError.rejectShape(shape) { () throws(EnlaceError) in _ = try input.validated() }
        guard let forum else { throw EnlaceError.invalid([FieldError("forum", .required)]) }
        return answer(try await store.fora.addContact(to: forum, input, by: actor), status: .created)
    }

    @Sendable func updateContact(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let expected = try ETag.requiredVersion(request)
        let current = try await store.fora.contact(id: id, for: context.viewer)
        // A focal point stays with its forum: a patch that moves it is refused.
        let input = try await MergePatch.input(
            request, context: context, current: ForumDTO.encode(current),
            decode: { merged in
                let (input, forum, errors) = ForumDTO.decodeContact(merged)
                let moved = forum.map { $0 != current.forum } ?? false
                return (
                    input, errors + (moved ? [FieldError("forum", .unchangeable, ["value": current.forum])] : [])
                )
            }
        ) { input throws(EnlaceError) in _ = try input.validated() }
        return answer(try await store.fora.updateContact(id: id, with: input, expectedVersion: expected, by: actor))
    }

    @Sendable func removeContact(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let expected = try ETag.requiredVersion(request)
        // Only those who may read it learn whether it exists.
        _ = try await store.fora.contact(id: id, for: context.viewer)
        try await store.fora.removeContact(id: id, expectedVersion: expected, by: actor)
        return Response(status: .noContent)
    }

    private func answer(_ forum: Forum, status: HTTPResponse.Status = .ok) -> Response {
        JSONResponse.versioned(ForumDTO.encode(forum), version: forum.version, status: status)
    }

    private func answer(_ contact: Contact, status: HTTPResponse.Status = .ok) -> Response {
        JSONResponse.versioned(ForumDTO.encode(contact), version: contact.version, status: status)
    }
}
