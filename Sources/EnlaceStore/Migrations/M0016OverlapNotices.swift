import EnlaceCore
import SQLKit

/// Notices of overlaps with records their reader may not see, sent by the secretariat when it chooses,
/// instead of worked out on every read (which let a saver probe for records hidden from it).
struct M0016OverlapNotices: Migration {
    let version = 16
    let name = "overlap notices the secretariat sends"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await db.create(table: "overlap_notices")
            .column("overlap_id", type: .text, .notNull, .references("activity_overlaps", "id"))
            .column("activity_id", type: .text, .notNull)
            .column("sent_by", type: .text, .notNull)
            .column("sent_at", type: .text, .notNull)
            .column("withdrawn_at", type: .text)
            .primaryKey(["overlap_id", "activity_id"])
            .run()
        try await db.create(index: "overlap_notices_by_activity").on("overlap_notices").column("activity_id").run()
    }
}
