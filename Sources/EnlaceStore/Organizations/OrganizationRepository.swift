public import EnlaceCore
import Foundation
import SQLKit

/// Organisations: read by everyone, written by administrators and the demo.
public struct OrganizationRepository: Sendable {
    let database: Database
    let clock: WallClock

    /// Creates the repository.
    public init(database: Database, clock: WallClock) {
        self.database = database
        self.clock = clock
    }

    /// Every organisation, by code.
    public func all() async throws -> [Organization] {
        try await database.read { db in
            try await db.raw("SELECT * FROM organizations ORDER BY code").all().map(Self.decode)
        }
    }

    /// The organisation with `code`, if any.
    public func find(code: String) async throws -> Organization? {
        try await database.read { db in
            try await db.raw("SELECT * FROM organizations WHERE code = \(bind: code)").first().map(Self.decode)
        }
    }

    /// Stores new organisations, or replaces those whose code already exists.
    public func save(_ organizations: [Organization]) async throws {
        let now = Timestamp.format(clock.now())
        try await database.write { db in
            for organization in organizations {
                try await db.insert(into: "organizations")
                    .columns("code", "name", "kind", "country", "parent_code", "is_member", "created_at", "updated_at")
                    .values(
                        organization.code, organization.name, organization.kind.rawValue, organization.country,
                        organization.parent, organization.isMember ? 1 : 0, now, now
                    )
                    .onConflict(with: ["code"]) {
                        $0.set(excludedValueOf: "name").set(excludedValueOf: "kind").set(excludedValueOf: "country")
                            .set(excludedValueOf: "parent_code").set(excludedValueOf: "is_member")
                            .set(excludedValueOf: "updated_at")
                    }
                    .run()
            }
        }
    }

    static func decode(_ row: any SQLRow) throws -> Organization {
        Organization(
            code: try row.decode(column: "code", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            kind: OrganizationKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .agency,
            country: try row.decode(column: "country", as: String?.self),
            parent: try row.decode(column: "parent_code", as: String?.self),
            isMember: try row.decode(column: "is_member", as: Int.self) != 0)
    }
}
