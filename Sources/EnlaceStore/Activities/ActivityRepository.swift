public import EnlaceCore
import Foundation
import SQLKit

/// The activity registry: validated, permitted, audited writes; reads that only ever return what the
/// viewer may see.
///
/// Every read takes a ``Viewer`` and goes through the read model's visibility mask: there is no
/// unfiltered read. A record the viewer may not see is absent: not found, not listed, not counted.
public struct ActivityRepository: Sendable {
    let database: Database
    let catalog: ReferenceCatalog
    let clock: WallClock
    let ids: IDGenerator
    let readModel: ActivityReadModel
    let overlaps: OverlapRepository
    let directory: OrganizationDirectory

    // MARK: - Reads

    /// The live activity with `id`, if `viewer` may see it.
    public func find(id: String, for viewer: Viewer) async throws -> Activity {
        guard let found = try await readModel.index(database).activity(id: id, for: viewer) else {
            throw EnlaceError.notFound(entity: "activity", id: id)
        }
        return found
    }

    /// One page of the live activities that `filter` matches and `viewer` may see, in `sort` order, after `cursor`.
    public func list(
        _ filter: ActivityFilter, sort: ActivitySort, limit: Int, cursor: String?, for viewer: Viewer
    ) async throws -> Page<Activity> {
        let index = try await readModel.index(database)
        var page = try index.query(filter, sort: sort, limit: limit, cursor: cursor, mask: index.visible(to: viewer))
        page.items = page.items.map { $0.redacted(for: viewer) }
        return page
    }

    /// Visible activities per key area among those `filter` matches, most first; areas without any are left out.
    public func countsByKeyArea(
        _ filter: ActivityFilter = ActivityFilter(), for viewer: Viewer
    ) async throws
        -> [ActivityCount]
    {
        try await counts(filter, by: .keyArea, for: viewer)
    }

    /// Visible activities per recipient country among those `filter` matches, most first.
    public func countsByCountry(
        _ filter: ActivityFilter = ActivityFilter(), for viewer: Viewer
    ) async throws
        -> [ActivityCount]
    {
        try await counts(filter, by: .country, for: viewer)
    }

    private func counts(
        _ filter: ActivityFilter, by dimension: ActivityIndex.Dimension, for viewer: Viewer
    )
        async throws -> [ActivityCount]
    {
        let index = try await readModel.index(database)
        return index.counts(filter, by: dimension, mask: index.visible(to: viewer)).map {
            ActivityCount(key: $0.value, count: $0.count)
        }
    }

    /// Whether `viewer` may change the activity (for showing or hiding the edit controls).
    public func canEdit(_ activity: Activity, viewer: Viewer) async throws -> Bool {
        ActivityPolicy.canEdit(viewer, ownerLineage: try await directory.current(database).lineage(of: activity.owner))
    }

    // MARK: - Writes

    /// Validates `input` and stores it as a new activity of `actor`'s organisation, at version 1.
    public func create(_ input: ActivityInput, by actor: Principal) async throws -> Activity {
        try await create(input, by: actor, alongside: { _, _ in })
    }

    /// Creates the activity as ``create(_:by:)`` does, and runs `alongside` in the same transaction.
    func create(
        _ input: ActivityInput, by actor: Principal,
        alongside: @Sendable (Activity, any SQLDatabase) async throws -> Void
    ) async throws -> Activity {
        guard ActivityPolicy.canCreate(.person(actor)) else { throw EnlaceError.forbidden(field: nil) }
        let draft = try input.validated(against: catalog)
        let blocked = draft.vettingErrors(movingFrom: nil)
        if !blocked.isEmpty { throw EnlaceError.invalid(blocked) }
        let now = clock.now()
        let activity = Activity(
            id: ids.next(), owner: actor.organization, draft: draft, version: 1, createdAt: now, updatedAt: now)
        try await database.write { db in
            try await checkOrganizations(draft, db)
            try await Self.insert([activity], db)
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .create, entityType: "activity", entityID: activity.id,
                        changes: FieldChange.diff([:], activity.auditFields))
                ], at: now, db)
            try await alongside(activity, db)
            try await OverlapRepository.markPending(activity.id, db)
        }
        try await overlaps.reconcile(activity: activity.id)
        // The answer to a write is the answer to a read by the same person.
        return try await find(id: activity.id, for: .person(actor))
    }

    /// Replaces the content of activity `id`, provided it is still at `expectedVersion` and `actor` may, and
    /// answers it as `actor` reads it: the transactions they may not read are kept, and not shown.
    ///
    /// An input without a releasability keeps the current one; only the owner and administrators
    /// may change it.
    public func update(
        id: String, with input: ActivityInput, expectedVersion: Int, by actor: Principal
    ) async throws
        -> Activity
    {
        let seen = try await find(id: id, for: .person(actor))
        try await requireEdit(seen, by: actor)
        // The whole record: the transactions the actor may not read stay as they are.
        let current = try await readModel.index(database).activity(id: id) ?? seen
        var validated = try input.validated(against: catalog)
        if input.releasability == nil { validated.releasability = current.draft.releasability }
        if input.budgetLines == nil { validated.budgetLines = current.draft.budgetLines }
        validated.transactions =
            input.transactions == nil
            ? current.draft.transactions
            : validated.transactions
                + current.draft.transactions.filter { !$0.allows(.person(actor), owner: current.owner) }
        // So do the parts the actor may not read: what they did not see, they cannot have meant to change.
        for part in ActivityParts.all where !part.isReadable(by: .person(actor), owner: current.owner) {
            validated.parts.remove(named: part.name)
            if let kept = current.draft.parts[named: part.name] { validated.parts.insert(kept) }
        }
        if input.vetting == nil { validated.vetting = current.draft.vetting }
        if input.indicators == nil {
            validated.indicators = current.draft.indicators
            let stranded = validated.indicatorAreaErrors(catalog: catalog)
            if !stranded.isEmpty { throw EnlaceError.invalid(stranded) }
        }
        let draft = validated
        let blocked = draft.vettingErrors(movingFrom: current.draft.status)
        if !blocked.isEmpty { throw EnlaceError.invalid(blocked) }
        if draft.releasability != current.draft.releasability
            && !ActivityPolicy.canChangeMarking(.person(actor), owner: current.owner)
        {
            throw EnlaceError.forbidden(field: "releasability")
        }
        let now = clock.now()
        try await database.write { db in
            let (version, createdAt) = try await Self.claim(id: id, expected: expectedVersion, db)
            try await checkOrganizations(draft, db)
            let activity = Activity(
                id: id, owner: current.owner, draft: draft, version: version + 1, createdAt: createdAt, updatedAt: now,
                iatiIdentifier: current.iatiIdentifier)
            try await Self.replace([activity], db)
            let changes = FieldChange.diff(current.auditFields, activity.auditFields)
            var records = [
                AuditRecord(actor: actor, action: .update, entityType: "activity", entityID: id, changes: changes)
            ]
            if draft.releasability != current.draft.releasability {
                records.append(
                    AuditRecord(
                        actor: actor, action: .markingChange, entityType: "activity", entityID: id,
                        changes: changes.filter { $0.field.hasPrefix("releasability") }))
            }
            try await AuditLog.append(records, at: now, db)
            try await OverlapRepository.markPending(id, db)
        }
        try await overlaps.reconcile(activity: id)
        return try await find(id: id, for: .person(actor))
    }

    /// Archives activity `id`: it leaves every list, and its row and history stay for the record.
    ///
    /// With `expectedVersion` the archive only happens if nobody changed the activity since.
    public func archive(id: String, expectedVersion: Int?, by actor: Principal) async throws {
        let current = try await find(id: id, for: .person(actor))
        try await requireEdit(current, by: actor)
        let now = clock.now()
        try await database.write { db in
            let (version, _) = try await Self.claim(id: id, expected: expectedVersion, db)
            let sequence = try await ChangeCounters.advance(.activities, db)
            try await db.raw(
                """
                UPDATE activities SET archived_at = \(bind: Timestamp.format(now)), version = \(bind: version + 1),
                updated_at = \(bind: Timestamp.format(now)), seq = \(bind: sequence) WHERE id = \(bind: id)
                """
            ).run()
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .archive, entityType: "activity", entityID: id,
                        changes: [FieldChange(field: "archived", before: "false", after: "true")])
                ], at: now, db)
            try await OverlapRepository.markPending(id, db)
        }
        try await overlaps.reconcile(activity: id)
    }

    /// Stores already-validated activities in bulk (the demo, benchmarks), each audited as created by the
    /// system, `batchSize` to a transaction, telling `progress` after each. Their overlaps are found by the
    /// next full pass (``OverlapRepository/scan(progress:)``).
    public func insert(
        _ activities: [Activity], batchSize: Int = 5000, progress: ProgressHandler? = nil
    ) async throws {
        let size = max(1, batchSize)
        progress?(ProgressReport("activities", done: 0, total: activities.count))
        for batch in stride(from: 0, to: activities.count, by: size) {
            let slice = Array(activities[batch..<min(activities.count, batch + size)])
            let now = clock.now()
            try await database.write { db in
                try await Self.insert(slice, db)
                try await AuditLog.append(
                    slice.map {
                        AuditRecord(
                            actor: nil, action: .create, entityType: "activity", entityID: $0.id,
                            changes: FieldChange.diff([:], $0.auditFields))
                    }, at: now, db)
            }
            progress?(ProgressReport("activities", done: batch + slice.count, total: activities.count))
        }
        _ = try await readModel.current(database)
    }

    private func requireEdit(_ activity: Activity, by actor: Principal) async throws {
        let lineage = try await directory.current(database).lineage(of: activity.owner)
        guard ActivityPolicy.canEdit(.person(actor), ownerLineage: lineage) else {
            throw EnlaceError.forbidden(field: nil)
        }
    }

    /// The current version and creation time of live activity `id`, after checking it is `expected`
    /// (when given) and claiming the row for this transaction.
    static func claim(id: String, expected: Int?, _ db: any SQLDatabase) async throws -> (Int, Date) {
        let (version, row) = try await VersionClaim.claim(
            "activities", entity: "activity", id: id, expected: expected, condition: "archived_at IS NULL", db)
        guard let createdAt = Timestamp.parse(try row.decode(column: "created_at", as: String.self)) else {
            throw StoreError.corruptRow(table: "activities", column: "created_at")
        }
        return (version, createdAt)
    }

    /// Checks that every organisation the draft names exists: its providers and the organisations it is released to.
    private func checkOrganizations(_ draft: ActivityDraft, _ db: any SQLDatabase) async throws {
        // Every organisation code the draft names, with the field that names it.
        var named: [(field: String, code: String)] = draft.providers.enumerated().map {
            ("providers[\($0.offset)].organization", $0.element.organization)
        }
        func releaseList(_ releasability: Releasability?, _ prefix: String) {
            for (index, code) in (releasability?.releasableTo ?? []).enumerated() where catalog.country(code) == nil {
                named.append(("\(prefix)releasability.releasableTo[\(index)]", code))
            }
        }
        releaseList(draft.releasability, "")
        for (index, transaction) in draft.transactions.enumerated() {
            for (member, code) in [("provider", transaction.provider), ("receiver", transaction.receiver)] {
                if let code { named.append(("transactions[\(index)].\(member)", code)) }
            }
            releaseList(transaction.releasability, "transactions[\(index)].")
        }
        let unknown = try await OrganizationRepository.unknownCodes(named.map(\.code), db)
        let errors = named.filter { unknown.contains($0.code) }.map {
            FieldError($0.field, .unknownCode, ["value": $0.code])
        }
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
    }

    static func insert(_ activities: [Activity], _ db: any SQLDatabase) async throws {
        let first = try await ChangeCounters.advance(.activities, by: activities.count, db)
        try await InsertRows.run(
            into: "activities", columns: ActivityColumns.names + ["seq"],
            activities.enumerated().map { index, activity in ActivityColumns.values(of: activity) + [first + index] },
            db)
        try await writeChildren(activities, db)
    }

    /// Rewrites the rows of stored `activities`, each at its new version, with their child rows.
    static func replace(_ activities: [Activity], _ db: any SQLDatabase) async throws {
        guard !activities.isEmpty else { return }
        var sequence = try await ChangeCounters.advance(.activities, by: activities.count, db)
        for activity in activities {
            var update = db.update("activities").where("id", .equal, activity.id)
            for (column, value) in zip(ActivityColumns.names, ActivityColumns.values(of: activity)) where column != "id"
            {
                update = update.set(column, to: value)
            }
            try await update.set("seq", to: sequence).run()
            sequence += 1
        }
        let ids = activities.map(\.id)
        for table in ["activity_providers", "activity_countries", "activity_key_areas", "activity_topics"]
            + ActivityDetailRows.tables
        {
            try await db.raw("DELETE FROM \(ident: table) WHERE activity_id IN (\(binds: ids))").run()
        }
        try await writeChildren(activities, db)
    }

    /// Writes the child rows that tie an activity to organisations, countries and the taxonomy; the only writer of them.
    static func writeChildren(_ activities: [Activity], _ db: any SQLDatabase) async throws {
        func rows(_ table: String, _ columns: [String], _ values: [[any Encodable & Sendable]]) async throws {
            try await InsertRows.run(into: table, columns: columns, values, db)
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
        try await ActivityDetailRows.write(activities, db)
    }
}
