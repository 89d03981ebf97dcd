import EnlaceCore
import SQLKit

/// An index for forgetting old sign-in counts: anyone can add rows (one per e-mail address tried), and the
/// purge must not read them all.
struct M0017LoginThrottlePurge: Migration {
    let version = 17
    let name = "index of sign-in counts by age"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await db.create(index: "login_throttle_by_age").on("login_throttle").column("updated_at").run()
    }
}
