import EnlaceCore
import SQLKit

/// The fora activities and meeting series concern. Proposals keep theirs in their own row; these
/// links start from records that predate the directory, so they live beside them.
struct M0013ForumLinks: Migration {
    let version = 13
    let name = "links from activities and meeting series to fora"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await db.create(table: "forum_links")
            .column("forum_id", type: .text, .notNull, .references("fora", "id", onDelete: .cascade))
            .column("kind", type: .text, .notNull)
            .column("target_id", type: .text, .notNull)
            .primaryKey(["forum_id", "kind", "target_id"])
            .run()
        try await db.create(index: "forum_links_by_target").on("forum_links").column("kind").column("target_id").run()
    }
}
