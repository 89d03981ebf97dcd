import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// What an action-items query asks for, read the same way by the API and by the page.
enum ActionItemsQuery {
    /// The filter a query asks for; `assignee=me` stands for the caller.
    static func filter(
        _ parameters: Parameters, context: AppRequestContext, today: CalendarDate, strict: Bool
    ) throws -> ActionItemFilter {
        var query = QueryReader(
            parameters,
            allowed: ["owner", "assignee", "status", "dueFrom", "dueTo", "overdue", "meeting", "limit", "cursor"])
        var filter = ActionItemFilter()
        filter.owners = Set(query.values("owner"))
        if let assignee = query.value("assignee") {
            filter.assignee = assignee == "me" ? (context.viewer.principal?.email ?? "") : assignee.lowercased()
        }
        filter.status = query.code("status") { ActionStatus(rawValue: $0) }
        filter.dueFrom = query.date("dueFrom")
        filter.dueTo = query.date("dueTo")
        if query.code("overdue", expected: "true or false", { ["true": true, "false": false][$0] }) == true {
            filter.overdueOn = today
        }
        filter.meetingID = query.value("meeting")
        try query.finish(strict: strict)
        return filter
    }
}
