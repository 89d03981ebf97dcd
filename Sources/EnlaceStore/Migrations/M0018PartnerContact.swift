import EnlaceCore
import SQLKit

/// An activity's implementing-partner contact: name, position, e-mail and phone, empty when none.
struct M0018PartnerContact: Migration {
    let version = 18
    let name = "implementing-partner contact of an activity"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        for column in ["partner_name", "partner_position", "partner_email", "partner_phone"] {
            try await db.alter(table: "activities").column(column, type: .text).run()
        }
    }
}

extension PartnerContact: StoredActivityPart {
    static let columns = [
        "name": "partner_name", "position": "partner_position", "email": "partner_email", "phone": "partner_phone",
    ]
}
