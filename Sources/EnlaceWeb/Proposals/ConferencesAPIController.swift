import EnlaceCore
import EnlaceStore
import Hummingbird

/// The international conferences over JSON: members read them, the secretariat keeps them. An outcome
/// that adopts a presented proposal moves it to adopted.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /api/v1/conferences | every conference, latest first |
/// | POST | /api/v1/conferences | 201: a new conference |
/// | GET | /api/v1/conferences/{id} | the conference and its programme, with `ETag` |
/// | PATCH | /api/v1/conferences/{id} | changes it (programme, outcomes); `If-Match` |
struct ConferencesAPIController {
    let store: Store

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("conferences", use: list)
        group.post("conferences", use: create)
        group.get("conferences/{id}", use: show)
        group.patch("conferences/{id}", use: update)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let parameters = request.uri.queryParameters
        let conferences = try await store.conferences.list(for: context.viewer)
        let page = try MemoryPaging.page(
            conferences.sorted { $0.id < $1.id }, key: \.id, limit: try MemoryPaging.limit(parameters),
            cursor: parameters.cursor)
        return JSONResponse.page(page, ProposalDTO.encode)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        return answer(try await store.conferences.find(id: try context.parameters.require("id"), for: context.viewer))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal(allowedBy: ProposalPolicy.canRunWorkflow)
        let (input, errors) = ProposalDTO.decode(conference: try await JSONResponse.body(of: request, context: context))
        try EnlaceError.rejectShape(errors) { () throws(EnlaceError) in _ = try input.validated() }
        return answer(try await store.conferences.create(input, by: actor), status: .created)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let expected = try ETag.requiredVersion(request)
        let current = try await store.conferences.find(id: id, for: context.viewer)
        let input = try await MergePatch.input(
            request, context: context, current: ProposalDTO.encode(current),
            decode: { ProposalDTO.decode(conference: $0) }
        ) { input throws(EnlaceError) in _ = try input.validated() }
        return answer(try await store.conferences.update(id: id, with: input, expectedVersion: expected, by: actor))
    }

    private func answer(_ conference: Conference, status: HTTPResponse.Status = .ok) -> Response {
        JSONResponse.versioned(ProposalDTO.encode(conference), version: conference.version, status: status)
    }
}
