import SQLKit

/// The activities whose overlap check is still to run: written in the transaction of the change, removed in the
/// check's, so that a server killed between the two finds them at its restart.
struct M0023OverlapPending: Migration {
    let version = 23
    let name = "pending overlap checks"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await db.create(table: "overlap_pending")
            .column("activity_id", type: .text, .primaryKey(autoIncrement: false))
            .run()
    }
}
