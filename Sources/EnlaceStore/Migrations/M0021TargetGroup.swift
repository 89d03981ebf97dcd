import EnlaceCore
import SQLKit

/// An activity's target group: one text, empty when none.
struct M0021TargetGroup: Migration {
    let version = 21
    let name = "target group of an activity"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await db.alter(table: "activities").column("target_group", type: .text).run()
    }
}

extension TargetGroup: StoredActivityPart {
    static let columns = ["": "target_group"]
}
