public import EnlaceCore
import SQLKit

/// The activity registry: validated writes in transactions, reads through one filter translation.
public struct ActivityRepository: Sendable {
    let database: Database
    let catalog: ReferenceCatalog
    let clock: WallClock
    let ids: IDGenerator

    /// Creates the repository.
    public init(database: Database, catalog: ReferenceCatalog, clock: WallClock, ids: IDGenerator) {
        self.database = database
        self.catalog = catalog
        self.clock = clock
        self.ids = ids
    }

    /// Validates `input` and stores it as a new activity at version 1.
    public func create(_ input: ActivityInput) async throws -> Activity {
        let draft = try validate(input)
        let now = clock.now()
        let activity = Activity(id: ids.next(), draft: draft, version: 1, createdAt: now, updatedAt: now)
        try await database.write { db in
            try await Self.checkOrganizations(draft, db)
            try await Self.insert([activity], db)
        }
        return activity
    }

    /// The live activity with `id`.
    public func find(id: String) async throws -> Activity {
        let found = try await database.read { db in
            try await db.raw(
                "SELECT \(unsafeRaw: ActivityColumns.selectList) FROM activities a WHERE a.id = \(bind: id) AND a.archived_at IS NULL"
            ).first().map(ActivityColumns.decode)
        }
        guard let found else { throw EnlaceError.notFound(entity: "activity", id: id) }
        return found
    }

    /// Replaces the content of activity `id`, provided it is still at `expectedVersion`.
    public func update(id: String, with input: ActivityInput, expectedVersion: Int) async throws -> Activity {
        let draft = try validate(input)
        let now = clock.now()
        return try await database.write { db in
            let current = try await Self.lockedVersion(id: id, expected: expectedVersion, db)
            try await Self.checkOrganizations(draft, db)
            let created = try await db.raw("SELECT created_at FROM activities WHERE id = \(bind: id)").first()?
                .decode(column: "created_at", as: String.self)
            let activity = Activity(
                id: id, draft: draft, version: current + 1, createdAt: created.flatMap(Timestamp.parse) ?? now,
                updatedAt: now)
            var update = db.update("activities").where("id", .equal, id)
            for (column, value) in zip(ActivityColumns.names, ActivityColumns.values(of: activity)) where column != "id"
            {
                update = update.set(column, to: value)
            }
            try await update.run()
            try await db.raw("DELETE FROM activity_providers WHERE activity_id = \(bind: id)").run()
            try await db.raw("DELETE FROM activity_countries WHERE activity_id = \(bind: id)").run()
            try await db.raw("DELETE FROM activity_key_areas WHERE activity_id = \(bind: id)").run()
            try await db.raw("DELETE FROM activity_topics WHERE activity_id = \(bind: id)").run()
            try await Self.writeChildren([activity], db)
            return activity
        }
    }

    /// Archives activity `id`: it leaves every list, and its row stays for the record.
    ///
    /// With `expectedVersion` the archive only happens if nobody changed the activity since.
    public func archive(id: String, expectedVersion: Int?) async throws {
        let now = Timestamp.format(clock.now())
        try await database.write { db in
            let current = try await Self.lockedVersion(id: id, expected: expectedVersion, db)
            try await db.raw(
                "UPDATE activities SET archived_at = \(bind: now), version = \(bind: current + 1), updated_at = \(bind: now) WHERE id = \(bind: id)"
            ).run()
        }
    }

    /// One page of the live activities that `filter` matches, in `sort` order, after `cursor`.
    public func list(
        _ filter: ActivityFilter, sort: ActivitySort, limit: Int, cursor: String?
    ) async throws
        -> Page<Activity>
    {
        let totalConditions = ActivityQuery.conditions(filter)
        var pageConditions = totalConditions
        if let cursor {
            guard let parsed = PageCursor(token: cursor), parsed.sort == sort.description else {
                throw EnlaceError.invalid("cursor", .invalidCursor)
            }
            pageConditions.append(ActivityQuery.after(parsed, sort: sort))
        }
        let conditions = pageConditions
        let (rows, total) = try await database.read { db in
            let rows = try await db.raw(
                "SELECT \(unsafeRaw: ActivityColumns.selectList) FROM activities a "
                    + ActivityQuery.whereClause(conditions) + " " + ActivityQuery.orderBy(sort)
                    + " LIMIT \(literal: limit + 1)"
            ).all().map(ActivityColumns.decode)
            let total =
                try await db.raw(
                    "SELECT COUNT(*) AS n FROM activities a " + ActivityQuery.whereClause(totalConditions)
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            return (rows, total)
        }
        let items = Array(rows.prefix(limit))
        let next =
            rows.count > limit
            ? items.last.map { PageCursor(sort: sort.description, key: sort.key(of: $0), id: $0.id).token } : nil
        return Page(items: items, total: total, nextCursor: next)
    }

    /// Stores already-validated activities in bulk, in batches; for the demo and benchmarks.
    public func insert(_ activities: [Activity]) async throws {
        for batch in stride(from: 0, to: activities.count, by: 2000) {
            let slice = Array(activities[batch..<min(activities.count, batch + 2000)])
            try await database.write { db in try await Self.insert(slice, db) }
        }
    }

    private func validate(_ input: ActivityInput) throws -> ActivityDraft {
        try input.validated(against: catalog)
    }

    /// The current version of live activity `id`, after checking it is `expected` (when given).
    private static func lockedVersion(id: String, expected: Int?, _ db: any SQLDatabase) async throws -> Int {
        let row = try await db.raw(
            "SELECT version FROM activities WHERE id = \(bind: id) AND archived_at IS NULL"
        ).first()
        guard let current = try row?.decode(column: "version", as: Int.self) else {
            throw EnlaceError.notFound(entity: "activity", id: id)
        }
        if let expected, expected != current {
            throw EnlaceError.staleVersion(entity: "activity", id: id, current: current)
        }
        // Claim the row: a concurrent writer on PostgreSQL blocks here and then sees the new version.
        let claimed = try await db.raw(
            "UPDATE activities SET version = version WHERE id = \(bind: id) AND version = \(bind: current) RETURNING version"
        ).first()
        guard claimed != nil else { throw EnlaceError.staleVersion(entity: "activity", id: id, current: current + 1) }
        return current
    }

    private static func checkOrganizations(_ draft: ActivityDraft, _ db: any SQLDatabase) async throws {
        let codes = Array(Set(draft.providers.map(\.organization))).sorted()
        let known = try await db.raw("SELECT code FROM organizations WHERE code IN (\(binds: codes))").all()
            .map { try $0.decode(column: "code", as: String.self) }
        let errors = draft.providers.enumerated().compactMap { index, provider in
            known.contains(provider.organization)
                ? nil
                : FieldError("providers[\(index)].organization", .unknownCode, ["value": provider.organization])
        }
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
    }

    private static func insert(_ activities: [Activity], _ db: any SQLDatabase) async throws {
        let perStatement = 500
        for start in stride(from: 0, to: activities.count, by: perStatement) {
            var builder = db.insert(into: "activities").columns(ActivityColumns.names)
            for activity in activities[start..<min(activities.count, start + perStatement)] {
                builder = builder.values(ActivityColumns.values(of: activity))
            }
            try await builder.run()
        }
        try await writeChildren(activities, db)
    }

    /// Writes the child rows the filters join on; the only writer of them.
    private static func writeChildren(_ activities: [Activity], _ db: any SQLDatabase) async throws {
        func rows(_ table: String, _ columns: [String], _ values: [[any Encodable & Sendable]]) async throws {
            for start in stride(from: 0, to: values.count, by: 1000) {
                var builder = db.insert(into: table).columns(columns)
                for row in values[start..<min(values.count, start + 1000)] { builder = builder.values(row) }
                try await builder.run()
            }
        }
        try await rows(
            "activity_providers", ["activity_id", "organization_code", "role"],
            activities.flatMap { activity in
                activity.draft.providers.map { [activity.id, $0.organization, $0.role.rawValue] }
            })
        try await rows(
            "activity_countries", ["activity_id", "country_code"],
            activities.flatMap { activity in activity.draft.recipientCountries.map { [activity.id, $0] } })
        try await rows(
            "activity_key_areas", ["activity_id", "key_area"],
            activities.flatMap { activity in activity.draft.keyAreas.map { [activity.id, $0] } })
        try await rows(
            "activity_topics", ["activity_id", "topic"],
            activities.flatMap { activity in activity.draft.topics.map { [activity.id, $0] } })
    }
}
