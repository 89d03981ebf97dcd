import EnlaceCore
import EnlaceStore
import Hummingbird

/// Action-item lists across meetings, and status changes from them.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /actions | every visible action item, filtered by owner, status, due dates and overdue |
/// | GET | /actions/mine | the caller's: assigned to them, and owned by their organisation |
/// | POST | /actions/{id} | sets its status; 303 back to `back` |
struct ActionPagesController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations
    let clock: WallClock

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.actionItems, use: list)
        router.get(SitePaths.myActions, use: mine)
        router.post(SitePaths.actionItem, use: setStatus)
    }

    struct Filters {
        let owners: [Option]
        let statuses: [Option]
        let dueFrom: String
        let dueTo: String
        let overdue: Bool
    }

    struct Page {
        let heading: String
        let isMine: Bool
        let filters: Filters?
        let sections: [Section]
        let notice: String?
    }

    struct Section {
        let heading: String
        let rows: [MeetingPresenter.ActionRow]
        let hasRows: Bool
        let count: String
        let overdue: String?
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let presenter = try await MeetingPages.presenter(store, translations, context, clock)
        let parameters = request.uri.queryParameters
        let filter = try ActionItemsQuery.filter(
            parameters, context: context, today: presenter.today, strict: false)
        let organizations = try await store.organizations.all().sorted { $0.code < $1.code }
        let filters = Filters(
            owners: .make(
                [("", presenter.text("actions.anyOwner"))] + organizations.map { ($0.code, "\($0.name) (\($0.code))") },
                selected: filter.owners),
            statuses: .make(
                [("", presenter.text("actions.anyStatus"))]
                    + ActionStatus.allCases.map { ($0.rawValue, presenter.text("actions.status.\($0.rawValue)")) },
                selected: [filter.status?.rawValue ?? ""]),
            dueFrom: filter.dueFrom?.iso ?? "", dueTo: filter.dueTo?.iso ?? "", overdue: filter.overdueOn != nil)
        let back = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        let section = try await section(
            presenter.text("actions.all"), filter: filter, presenter: presenter, context: context, back: back)
        let model = Page(
            heading: presenter.text("actions.title"), isMine: false, filters: filters, sections: [section],
            notice: notice(request, presenter))
        return pages.render(
            model, title: model.heading, section: .actions, request: request, context: context)
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let presenter = try await MeetingPages.presenter(store, translations, context, clock)
        var assigned = ActionItemFilter()
        assigned.assignee = principal.email
        var owned = ActionItemFilter()
        owned.owners = principal.descendants
        let ownedHeading =
            principal.descendants.count > 1 ? "actions.ofOrganizationAndAgencies" : "actions.ofOrganization"
        let model = Page(
            heading: presenter.text("actions.mine"), isMine: true, filters: nil,
            sections: [
                try await section(
                    presenter.text("actions.assignedToMe"), filter: assigned, presenter: presenter, context: context,
                    back: SitePaths.myActions.link),
                try await section(
                    presenter.text(
                        ownedHeading, ["organization": presenter.organizationName(principal.organization)]),
                    filter: owned, presenter: presenter, context: context, back: SitePaths.myActions.link),
            ], notice: notice(request, presenter))
        return pages.render(
            model, title: model.heading, section: .actions, request: request, context: context)
    }

    @Sendable func setStatus(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let form = try await FormData.read(request, context: context)
        let id = try context.parameters.require("id")
        var input = ActionItemInput()
        input.status = form.value("status") ?? ""
        let back =
            request.uri.queryParameters.get("back").flatMap { SitePaths.isLocal($0) ? $0 : nil }
            ?? SitePaths.myActions.link
        let separator = back.contains("?") ? "&" : "?"
        do {
            _ = try await store.meetings.updateActionItem(
                id: id, input, expectedVersion: form.value("version").flatMap(Int.init) ?? -1, by: actor)
            return .redirect(to: back + separator + "saved=1", type: .normal)
        } catch EnlaceError.staleVersion {
            return .redirect(to: back + separator + "stale=1", type: .normal)
        }
    }

    private func notice(_ request: Request, _ presenter: MeetingPresenter) -> String? {
        if request.uri.queryParameters.get("stale") != nil { return presenter.text("meetings.stale") }
        return request.uri.queryParameters.get("saved").map { _ in presenter.text("meetings.saved") }
    }

    private func section(
        _ heading: String, filter: ActionItemFilter, presenter: MeetingPresenter, context: AppRequestContext,
        back: String
    ) async throws -> Section {
        let items = try await store.meetings.actionItems(filter, for: context.viewer)
        let meetings = Dictionary(
            try await store.meetings.meetings(MeetingFilter(), for: context.viewer).map { ($0.id, $0) },
            uniquingKeysWith: { a, _ in a })
        var rows: [MeetingPresenter.ActionRow] = []
        // Decision numbers, read once per meeting rather than once per item.
        var numbers: [String: [String: Int]] = [:]
        for item in items {
            if numbers[item.meetingID] == nil {
                numbers[item.meetingID] = Dictionary(
                    try await store.meetings.decisions(meetingID: item.meetingID, for: context.viewer).map {
                        ($0.id, $0.number)
                    }, uniquingKeysWith: { first, _ in first })
            }
            let number = item.decisionID.flatMap { numbers[item.meetingID]?[$0] }
            rows.append(
                presenter.row(
                    item, meeting: meetings[item.meetingID], decisionNumber: number,
                    canUpdate: try await store.meetings.canUpdate(item, viewer: context.viewer), back: back))
        }
        let overdue = items.filter { $0.isOverdue(today: presenter.today) }.count
        return Section(
            heading: heading, rows: rows, hasRows: !rows.isEmpty,
            count: presenter.text("actions.count", ["count": String(rows.count)]),
            overdue: overdue > 0 ? presenter.text("actions.overdueCount", ["count": String(overdue)]) : nil)
    }
}

extension ActionPagesController.Page: PageModel {
    static let template = PageTemplate.actionItems
}
