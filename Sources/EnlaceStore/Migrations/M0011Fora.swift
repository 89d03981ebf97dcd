import EnlaceCore
import Foundation
import SQLKit

/// The directory of fora and regional mechanisms, seeded with the real bodies of `fora.json`, and
/// their focal points (personal data, read by members only).
///
/// Lists (members, key areas, topics, languages) are comma-separated codes, as on activities; names
/// and descriptions have a column per language.
struct M0011Fora: Migration {
    let version = 11
    let name = "fora and contacts"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        var fora = db.create(table: "fora")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("acronym", type: .text, .notNull)
            .column("scope", type: .text, .notNull)
            .column("parent", type: .text)
            .column("members", type: .text, .notNull)
            .column("key_areas", type: .text, .notNull)
            .column("topics", type: .text, .notNull)
            .column("website", type: .text)
        for language in Language.allCases {
            fora = fora.column("name_\(language.rawValue)", type: .text)
                .column("description_\(language.rawValue)", type: .text)
        }
        try await fora.column("version", type: .bigint, .notNull).run()
        try await db.create(table: "contacts")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("forum_id", type: .text, .notNull, .references("fora", "id", onDelete: .cascade))
            .column("name", type: .text, .notNull)
            .column("organization", type: .text, .notNull)
            .column("position", type: .text, .notNull)
            .column("email", type: .text, .notNull)
            .column("phone", type: .text, .notNull)
            .column("languages", type: .text, .notNull)
            .column("version", type: .bigint, .notNull)
            .run()
        try await db.create(index: "contacts_by_forum").on("contacts").column("forum_id").run()
        for forum in try ForumSeed.load() {
            try await db.insert(into: "fora").columns(ForumColumns.names).values(ForumColumns.values(of: forum)).run()
        }
    }
}
