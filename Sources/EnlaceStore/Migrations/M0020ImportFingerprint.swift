import EnlaceCore
import SQLKit

/// What an imported activity's file said of it when last imported (a fingerprint, with the import's options) and
/// the version that import left it at: an import of the same content finds it unchanged at a glance, while any
/// change made in Enlace since (a new version) sends it through the full comparison. And an index on the identifier
/// alone, which an import's lookups use.
struct M0020ImportFingerprint: Migration {
    let version = 20
    let name = "fingerprint of an imported activity"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await db.alter(table: "activities").column("import_fingerprint", type: .text).run()
        try await db.alter(table: "activities").column("import_version", type: .bigint).run()
        // An import looks its batch up by identifier alone (the unique index leads with the owner).
        try await db.create(index: "activities_by_identifier").on("activities").column("iati_identifier").run()
        // An archived activity keeps its identifier for the record; a live one may take it up again.
        try await db.drop(index: "activities_by_iati_identifier").run()
        try await db.raw(
            """
            CREATE UNIQUE INDEX activities_by_iati_identifier ON activities (owner_org, iati_identifier)
            WHERE archived_at IS NULL
            """
        ).run()
    }
}
