import EnlaceCore
import SQLKit

/// An activity's `iati-identifier`, set by imports: the key an import of the same file finds it by, unique within
/// its owner's activities.
struct M0019IATIIdentifier: Migration {
    let version = 19
    let name = "IATI identifier of an imported activity"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await db.alter(table: "activities").column("iati_identifier", type: .text).run()
        try await db.create(index: "activities_by_iati_identifier").unique().on("activities").column("owner_org")
            .column("iati_identifier").run()
    }
}
