public import EnlaceCore
public import Foundation
import Logging
import SQLKit

/// An overlap as one viewer may see it: both activities, and whether the viewer may decide it.
public struct OverlapView: Sendable {
    /// The record.
    public var record: OverlapRecord
    /// The activity whose id sorts first.
    public var first: Activity
    /// The other.
    public var second: Activity
    /// Whether the viewer may write a decision.
    public var canDecide: Bool
}

/// The overlaps of one activity that a viewer may see, and whether there are others they may not.
public struct ActivityOverlaps: Sendable {
    /// The active overlaps with activities the viewer may see, highest score first.
    public var overlaps: [OverlapView]
    /// Whether an open overlap with an activity the viewer may not see exists, for a viewer of the
    /// activity's own government; it says nothing more (no title, provider, date or count).
    public var hiddenNotice: Bool
}

/// A list of overlaps, and the viewer's own activities that overlap ones the viewer may not see.
public struct OverlapList: Sendable {
    /// The page of overlaps the viewer sees in full.
    public var page: Page<OverlapView>
    /// Ids of the viewer's government's activities with an open overlap the viewer may not see.
    public var notices: [String]
}

/// What a full pass did.
public struct OverlapScanSummary: Sendable {
    /// Candidate pairs scored.
    public var candidates: Int
    /// Pairs scoring as overlaps.
    public var overlaps: Int
    /// Pairs recorded for the first time.
    public var inserted: Int
    /// Known pairs whose record changed.
    public var updated: Int
    /// Decided pairs reopened.
    public var reopened: Int
    /// Pairs no longer found.
    public var deactivated: Int
}

/// Overlap records: kept in line with the activities on every save and by full passes, listed and
/// decided under the releasability rule.
///
/// A viewer sees an overlap only when they may see both activities, and only when signed in:
/// overlaps are coordination business, not part of the public portal. People of the government
/// that owns an activity hear that it overlaps something they may not see, and nothing more.
public struct OverlapRepository: Sendable {
    let database: Database
    let clock: WallClock
    let ids: IDGenerator
    let activities: ActivityReadModel
    let book: ReadModel<OverlapBook>
    let directory: OrganizationDirectory

    /// The scoring settings.
    public var settings: DeconflictionSettings {
        get async throws { try await activities.index(database).deconfliction.settings }
    }

    // MARK: - Reads

    /// A page of the active overlaps that `filter` matches and `viewer` sees in full, highest score first.
    public func list(
        _ filter: OverlapFilter, limit: Int, cursor: String?, for viewer: Viewer
    ) async throws
        -> OverlapList
    {
        var after: (score: Double, id: String)?
        if let cursor {
            guard let parsed = PageCursor(token: cursor), parsed.sort == "overlaps", let score = Double(parsed.key)
            else { throw EnlaceError.invalid("cursor", .invalidCursor) }
            after = (score, parsed.id)
        }
        guard viewer.principal != nil else {
            return OverlapList(page: Page(items: [], total: 0, nextCursor: nil), notices: [])
        }
        let (index, book, lineages) = try await snapshot()
        var matching: [(OverlapRecord, Activity, Activity)] = []
        var notices: Set<String> = []
        for record in book.records.values where record.active {
            let first = index.activity(id: record.first, for: viewer)
            let second = index.activity(id: record.second, for: viewer)
            if let first, let second {
                if filter.matches(record, first, second) { matching.append((record, first, second)) }
            } else if record.status == .open, filter.status == nil || filter.status == .open {
                for own in [first, second].compactMap({ $0 })
                where OverlapPolicy.hearsOfHidden(viewer, ownerLineage: lineages(own.owner)) {
                    notices.insert(own.id)
                }
            }
        }
        matching.sort { ($0.0.assessment.score, $1.0.id) > ($1.0.assessment.score, $0.0.id) }
        let start =
            after.map { after in
                matching.firstIndex { ($0.0.assessment.score, after.id) < (after.score, $0.0.id) } ?? matching.count
            } ?? 0
        let slice = matching[start..<min(matching.count, start + limit)]
        let next =
            start + limit < matching.count
            ? slice.last.map {
                PageCursor(sort: "overlaps", key: String($0.0.assessment.score), id: $0.0.id).token
            } : nil
        return OverlapList(
            page: Page(
                items: slice.map { view($0.0, $0.1, $0.2, viewer: viewer, lineages: lineages) },
                total: matching.count, nextCursor: next),
            notices: notices.sorted())
    }

    /// The overlap `id`, if `viewer` may see both its activities.
    public func find(id: String, for viewer: Viewer) async throws -> OverlapView {
        let (index, book, lineages) = try await snapshot()
        guard viewer.principal != nil, let record = book.records[id],
            let first = index.activity(id: record.first, for: viewer),
            let second = index.activity(id: record.second, for: viewer)
        else { throw EnlaceError.notFound(entity: "overlap", id: id) }
        return view(record, first, second, viewer: viewer, lineages: lineages)
    }

    /// The active overlaps of activity `id` that `viewer` may see, and the notice of any they may not.
    public func forActivity(id: String, for viewer: Viewer) async throws -> ActivityOverlaps {
        let (index, book, lineages) = try await snapshot()
        guard let activity = index.activity(id: id, for: viewer) else {
            throw EnlaceError.notFound(entity: "activity", id: id)
        }
        guard viewer.principal != nil else { return ActivityOverlaps(overlaps: [], hiddenNotice: false) }
        var views: [OverlapView] = []
        var hidden = false
        for record in book.records(of: id) where record.active {
            let counterpart = index.activity(id: record.counterpart(of: id), for: viewer)
            if let counterpart {
                let (first, second) = record.first == id ? (activity, counterpart) : (counterpart, activity)
                views.append(view(record, first, second, viewer: viewer, lineages: lineages))
            } else if record.status == .open, index.activity(id: record.counterpart(of: id)) != nil {
                hidden = true
            }
        }
        views.sort { ($0.record.assessment.score, $1.record.id) > ($1.record.assessment.score, $0.record.id) }
        return ActivityOverlaps(
            overlaps: views,
            hiddenNotice: hidden && OverlapPolicy.hearsOfHidden(viewer, ownerLineage: lineages(activity.owner)))
    }

    /// Open overlaps that `viewer` sees in full and whose activities both fall in `window`, counted
    /// once in each (country, key area) cell both activities share.
    public func openCounts(in window: ClosedRange<CalendarDate>, for viewer: Viewer) async throws -> [CoverageKey: Int]
    {
        guard viewer.principal != nil else { return [:] }
        let (index, book, _) = try await snapshot()
        var counts: [CoverageKey: Int] = [:]
        for record in book.records.values where record.active && record.status == .open {
            guard let first = index.activity(id: record.first, for: viewer),
                let second = index.activity(id: record.second, for: viewer),
                first.draft.window.overlaps(window), second.draft.window.overlaps(window)
            else { continue }
            let areas = Set(first.draft.keyAreas).intersection(second.draft.keyAreas)
            for country in Set(first.draft.recipientCountries).intersection(second.draft.recipientCountries) {
                for area in areas { counts[CoverageKey(country: country, area: area), default: 0] += 1 }
            }
        }
        return counts
    }

    private func snapshot() async throws -> (ActivityIndex, OverlapBook, @Sendable (String) -> [String]) {
        let index = try await activities.index(database)
        let book = try await book.current(database)
        let organizations = try await directory.current(database)
        return (index, book, { organizations.lineage(of: $0) })
    }

    private func view(
        _ record: OverlapRecord, _ first: Activity, _ second: Activity, viewer: Viewer,
        lineages: (String) -> [String]
    ) -> OverlapView {
        OverlapView(
            record: record, first: first, second: second,
            canDecide: OverlapPolicy.canDecide(
                viewer, ownerLineages: [lineages(first.owner), lineages(second.owner)]))
    }

    // MARK: - Writes

    /// Records `input` as the decision on overlap `id`, provided the record is still at
    /// `expectedVersion` (when given) and `actor` may decide it.
    public func decide(
        id: String, _ input: OverlapDecisionInput, expectedVersion: Int?, by actor: Principal
    ) async throws -> OverlapView {
        let current = try await find(id: id, for: .person(actor))
        guard current.canDecide else { throw EnlaceError.forbidden(field: nil) }
        let decision = try input.validated(first: current.record.first, second: current.record.second)
        let now = clock.now()
        let fingerprints = [current.first, current.second].map { OverlapSubject($0).materialFingerprint }
        try await database.write { db in
            try await Self.lock(db)
            guard
                let row = try await db.raw(
                    "SELECT \(unsafeRaw: OverlapColumns.names.joined(separator: ", ")) FROM activity_overlaps WHERE id = \(bind: id)"
                ).first()
            else { throw EnlaceError.notFound(entity: "overlap", id: id) }
            let stored = try OverlapColumns.decode(row)
            if let expectedVersion, expectedVersion != stored.version {
                throw EnlaceError.staleVersion(entity: "overlap", id: id, current: stored.version)
            }
            let next = stored.decided(decision, by: actor.userID, fingerprints: fingerprints, at: now)
            try await OverlapColumns.write(inserts: [], updates: [next], db)
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .decide, entityType: "overlap", entityID: id,
                        changes: FieldChange.diff(stored.reviewFields, next.reviewFields))
                ], at: now, db)
        }
        return try await find(id: id, for: .person(actor))
    }

    /// Brings the records of activity `id` in line with the activities as they are now: called
    /// after every save and archive, so that the result shows on save.
    func reconcile(activity id: String) async throws {
        let now = clock.now()
        try await database.write { db in
            // Overlap writers take turns, and each scores against the activities as of its turn.
            try await Self.lock(db)
            let index = try await activities.index(database)
            var found: [OverlapReconciliation.Found] = []
            if let activity = index.activity(id: id) {
                let fingerprint = OverlapSubject(activity).materialFingerprint
                found = index.overlaps(with: activity).map { overlap in
                    let other = overlap.first.id == id ? overlap.second : overlap.first
                    return OverlapReconciliation.Found(
                        id, other.id, assessment: overlap.assessment,
                        fingerprints: (fingerprint, OverlapSubject(other).materialFingerprint))
                }
            }
            let existing = try await db.raw(
                """
                SELECT \(unsafeRaw: OverlapColumns.names.joined(separator: ", ")) FROM activity_overlaps
                WHERE first_id = \(bind: id) OR second_id = \(bind: id)
                """
            ).all().map(OverlapColumns.decode)
            try await apply(
                OverlapReconciliation.plan(existing: existing, found: found, now: now, newID: ids.next), now, db)
        }
    }

    /// Runs the full pass over every live activity and brings every record in line with it.
    ///
    /// The pass is scored outside the transaction; if an activity changed meanwhile, it runs again.
    public func scan() async throws -> OverlapScanSummary {
        for _ in 0..<3 {
            let (state, sequence) = try await activities.currentWithSequence(database)
            let index = state.index
            let (candidates, overlaps) = index.overlaps()
            var fingerprints: [String: String] = [:]
            func fingerprint(_ activity: Activity) -> String {
                if let known = fingerprints[activity.id] { return known }
                let value = OverlapSubject(activity).materialFingerprint
                fingerprints[activity.id] = value
                return value
            }
            let found = overlaps.map { overlap in
                OverlapReconciliation.Found(
                    overlap.first.id, overlap.second.id, assessment: overlap.assessment,
                    fingerprints: (fingerprint(overlap.first), fingerprint(overlap.second)))
            }
            let now = clock.now()
            let plan: OverlapReconciliation.Plan? = try await database.write { db in
                try await Self.lock(db)
                let moved = try await db.raw(
                    "SELECT value FROM enlace_sequences WHERE name = \(bind: ChangeCounters.Name.activities.rawValue)"
                ).first()?.decode(column: "value", as: Int.self)
                guard moved == sequence else { return nil }
                let existing = try await db.raw(
                    "SELECT \(unsafeRaw: OverlapColumns.names.joined(separator: ", ")) FROM activity_overlaps"
                ).all().map(OverlapColumns.decode)
                let plan = OverlapReconciliation.plan(existing: existing, found: found, now: now, newID: ids.next)
                try await apply(plan, now, db)
                return plan
            }
            if let plan {
                return OverlapScanSummary(
                    candidates: candidates, overlaps: overlaps.count, inserted: plan.inserts.count,
                    updated: plan.updates.count, reopened: plan.reopened.count, deactivated: plan.deactivated.count)
            }
        }
        throw ConfigurationError("the activities kept changing during three full passes; try again later")
    }

    private func apply(_ plan: OverlapReconciliation.Plan, _ now: Date, _ db: any SQLDatabase) async throws {
        try await OverlapColumns.write(inserts: plan.inserts, updates: plan.updates, db)
        try await AuditLog.append(
            plan.reopened.map { record in
                AuditRecord(
                    actor: nil, action: .reopen, entityType: "overlap", entityID: record.id,
                    changes: [
                        FieldChange(field: "status", before: nil, after: OverlapStatus.open.rawValue),
                        FieldChange(field: "cause", before: nil, after: "an activity changed materially"),
                    ])
            }, at: now, db)
    }

    /// Makes overlap writers take turns: locks the `overlaps` counter row until the transaction ends.
    private static func lock(_ db: any SQLDatabase) async throws {
        _ = try await ChangeCounters.advance(.overlaps, by: 0, db)
    }
}
