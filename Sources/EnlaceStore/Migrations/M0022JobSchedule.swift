import SQLKit

/// When each background job is next due, shared by the instances on one database, so that each turn runs once.
struct M0022JobSchedule: Migration {
    let version = 22
    let name = "background jobs' schedule"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await db.create(table: "job_schedule")
            .column("name", type: .text, .primaryKey(autoIncrement: false))
            .column("due_at", type: .text, .notNull)
            .column("holder", type: .text)
            .run()
    }
}
