public import EnlaceCore
import Foundation
import SQLKit

/// The activity registry: validated writes in transactions, reads from the in-memory read model.
public struct ActivityRepository: Sendable {
    let database: Database
    let catalog: ReferenceCatalog
    let clock: WallClock
    let ids: IDGenerator
    let readModel: ActivityReadModel

    init(
        database: Database, catalog: ReferenceCatalog, clock: WallClock, ids: IDGenerator, readModel: ActivityReadModel
    ) {
        self.database = database
        self.catalog = catalog
        self.clock = clock
        self.ids = ids
        self.readModel = readModel
    }

    // MARK: - Reads

    /// The live activity with `id`.
    public func find(id: String) async throws -> Activity {
        guard let found = try await readModel.current(database).activity(id: id) else {
            throw EnlaceError.notFound(entity: "activity", id: id)
        }
        return found
    }

    /// One page of the live activities that `filter` matches, in `sort` order, after `cursor`.
    public func list(
        _ filter: ActivityFilter, sort: ActivitySort, limit: Int, cursor: String?
    ) async throws
        -> Page<Activity>
    {
        try await readModel.current(database).query(filter, sort: sort, limit: limit, cursor: cursor)
    }

    /// Live activities per key area among those `filter` matches, most first; areas without any are left out.
    public func countsByKeyArea(_ filter: ActivityFilter = ActivityFilter()) async throws -> [ActivityCount] {
        try await counts(filter, by: .keyArea)
    }

    /// Live activities per recipient country among those `filter` matches, most first.
    public func countsByCountry(_ filter: ActivityFilter = ActivityFilter()) async throws -> [ActivityCount] {
        try await counts(filter, by: .country)
    }

    private func counts(_ filter: ActivityFilter, by dimension: ActivityIndex.Dimension) async throws -> [ActivityCount]
    {
        try await readModel.current(database).counts(filter, by: dimension).map {
            ActivityCount(key: $0.value, count: $0.count)
        }
    }

    // MARK: - Writes

    /// Validates `input` and stores it as a new activity at version 1.
    public func create(_ input: ActivityInput) async throws -> Activity {
        let draft = try input.validated(against: catalog)
        let now = clock.now()
        let activity = Activity(id: ids.next(), draft: draft, version: 1, createdAt: now, updatedAt: now)
        try await database.write { db in
            try await Self.checkOrganizations(draft, db)
            try await Self.insert([activity], db)
        }
        _ = try await readModel.current(database)
        return activity
    }

    /// Replaces the content of activity `id`, provided it is still at `expectedVersion`.
    public func update(id: String, with input: ActivityInput, expectedVersion: Int) async throws -> Activity {
        let draft = try input.validated(against: catalog)
        let now = clock.now()
        let activity = try await database.write { db in
            let (current, createdAt) = try await Self.claim(id: id, expected: expectedVersion, db)
            try await Self.checkOrganizations(draft, db)
            let activity = Activity(id: id, draft: draft, version: current + 1, createdAt: createdAt, updatedAt: now)
            var update = db.update("activities").where("id", .equal, id)
            for (column, value) in zip(ActivityColumns.names, ActivityColumns.values(of: activity)) where column != "id"
            {
                update = update.set(column, to: value)
            }
            try await update.set("seq", to: try await ActivityReadModel.reserve(1, db)).run()
            for table in ["activity_providers", "activity_countries", "activity_key_areas", "activity_topics"] {
                try await db.raw("DELETE FROM \(ident: table) WHERE activity_id = \(bind: id)").run()
            }
            try await Self.writeChildren([activity], db)
            return activity
        }
        _ = try await readModel.current(database)
        return activity
    }

    /// Archives activity `id`: it leaves every list, and its row stays for the record.
    ///
    /// With `expectedVersion` the archive only happens if nobody changed the activity since.
    public func archive(id: String, expectedVersion: Int?) async throws {
        let now = Timestamp.format(clock.now())
        try await database.write { db in
            let (current, _) = try await Self.claim(id: id, expected: expectedVersion, db)
            let sequence = try await ActivityReadModel.reserve(1, db)
            try await db.raw(
                """
                UPDATE activities SET archived_at = \(bind: now), version = \(bind: current + 1),
                updated_at = \(bind: now), seq = \(bind: sequence) WHERE id = \(bind: id)
                """
            ).run()
        }
        _ = try await readModel.current(database)
    }

    /// Stores already-validated activities in bulk, in batches; for the demo and benchmarks.
    public func insert(_ activities: [Activity]) async throws {
        for batch in stride(from: 0, to: activities.count, by: 5000) {
            let slice = Array(activities[batch..<min(activities.count, batch + 5000)])
            try await database.write { db in try await Self.insert(slice, db) }
        }
        _ = try await readModel.current(database)
    }

    /// The current version and creation time of live activity `id`, after checking it is `expected`
    /// (when given) and claiming the row for this transaction.
    private static func claim(id: String, expected: Int?, _ db: any SQLDatabase) async throws -> (Int, Date) {
        let row = try await db.raw(
            "SELECT version, created_at FROM activities WHERE id = \(bind: id) AND archived_at IS NULL"
        ).first()
        guard let row, let current = try? row.decode(column: "version", as: Int.self) else {
            throw EnlaceError.notFound(entity: "activity", id: id)
        }
        if let expected, expected != current {
            throw EnlaceError.staleVersion(entity: "activity", id: id, current: current)
        }
        // A concurrent writer on PostgreSQL blocks here until this transaction ends, then finds the version moved on.
        let claimed = try await db.raw(
            "UPDATE activities SET version = version WHERE id = \(bind: id) AND version = \(bind: current) RETURNING version"
        ).first()
        guard claimed != nil else { throw EnlaceError.staleVersion(entity: "activity", id: id, current: current + 1) }
        guard let createdAt = Timestamp.parse(try row.decode(column: "created_at", as: String.self)) else {
            throw StoreError.corruptRow(table: "activities", column: "created_at")
        }
        return (current, createdAt)
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
        var sequence = try await ActivityReadModel.reserve(activities.count, db)
        let perStatement = 500
        for start in stride(from: 0, to: activities.count, by: perStatement) {
            var builder = db.insert(into: "activities").columns(ActivityColumns.names + ["seq"])
            for activity in activities[start..<min(activities.count, start + perStatement)] {
                builder = builder.values(ActivityColumns.values(of: activity) + [sequence])
                sequence += 1
            }
            try await builder.run()
        }
        try await writeChildren(activities, db)
    }

    /// Writes the child rows that tie an activity to organisations, countries and the taxonomy; the only writer of them.
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
