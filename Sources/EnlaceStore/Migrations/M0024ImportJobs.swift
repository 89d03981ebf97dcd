import SQLKit

/// The imports started from the upload page, so that every instance behind a proxy can show their progress and
/// their reports to the person who started them.
struct M0024ImportJobs: Migration {
    let version = 24
    let name = "imports started from the upload page"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await db.create(table: "import_jobs")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("user_id", type: .text, .notNull)
            .column("file_name", type: .text, .notNull)
            .column("started_at", type: .text, .notNull)
            .column("seen_at", type: .text, .notNull)
            .column("read_count", type: .bigint, .notNull)
            .column("expected", type: .bigint)
            .column("report", type: .text)
            .column("failed", type: .bigint, .notNull)
            .run()
        try await db.create(index: "import_jobs_by_user").on("import_jobs").column("user_id").column("started_at")
            .run()
    }
}
