import EnlaceCore
import EnlaceStore
import Hummingbird

/// Action items across meetings over JSON. Each carries its meeting's marking.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /api/v1/action-items | a page, by due date, filtered by `owner`, `assignee` (`me` for the caller), `status`, `dueFrom`, `dueTo`, `overdue=true`, `meeting` |
/// | POST | /api/v1/action-items | 201: a new item of `meeting` (its chairs only) |
/// | GET | /api/v1/action-items/{id} | the item, with `ETag` |
/// | PATCH | /api/v1/action-items/{id} | changes it (chairs: anything; owner and assignee: `status`); `If-Match` |
struct ActionItemsAPIController {
    let store: Store
    let clock: WallClock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("action-items", use: list)
        group.post("action-items", use: create)
        group.get("action-items/{id}", use: show)
        group.patch("action-items/{id}", use: update)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let today = CalendarDate.today(clock)
        let parameters = request.uri.queryParameters
        let filter = try ActionItemsQuery.filter(parameters, context: context, today: today, strict: true)
        let items = try await store.meetings.actionItems(filter, for: context.viewer).sorted {
            Self.key($0) < Self.key($1)
        }
        let page = try MemoryPaging.page(
            items, key: Self.key, limit: try MemoryPaging.limit(parameters), cursor: parameters.cursor)
        return JSONResponse.page(page) { MeetingDTO.encode($0, today: today) }
    }

    /// The paging key: unique, in list order (by due date).
    static func key(_ item: ActionItem) -> String {
        item.due.iso + "\u{1}" + item.id
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let item = try await store.meetings.actionItem(id: try context.parameters.require("id"), for: context.viewer)
        return answer(item)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let (input, meeting, errors) = MeetingDTO.decodeActionItem(
            try await JSONResponse.body(of: request, context: context), creating: true)
        guard errors.isEmpty, let meeting else { throw EnlaceError.invalid(errors) }
        let item = try await store.meetings.addActionItem(meetingID: meeting, input, by: actor)
        return answer(item, status: .created)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let expected = try ETag.requiredVersion(request)
        let body = try await MergePatch.body(of: request, context: context)
        let (input, _, errors) = MeetingDTO.decodeActionItem(body, creating: false)
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
        let item = try await store.meetings.updateActionItem(
            id: try context.parameters.require("id"), input, expectedVersion: expected, by: actor)
        return answer(item)
    }

    private func answer(_ item: ActionItem, status: HTTPResponse.Status = .ok) -> Response {
        JSONResponse.versioned(
            MeetingDTO.encode(item, today: CalendarDate.today(clock)), version: item.version, status: status)
    }
}
