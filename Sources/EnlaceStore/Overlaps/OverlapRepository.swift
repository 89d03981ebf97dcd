public import EnlaceCore
public import Foundation
import Logging
import SQLKit
import Synchronization

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

/// The overlaps of one activity that a viewer may see, and whether the secretariat has told its owners of
/// another they may not.
public struct ActivityOverlaps: Sendable {
    /// The active overlaps with activities the viewer may see, highest score first.
    public var overlaps: [OverlapView]
    /// Whether the secretariat sent the activity's government a notice of an overlap with an activity it
    /// may not see (and has not withdrawn it), for a viewer of that government; it says nothing more (no
    /// title, provider, date or count), and nothing a save or a change of the activity can make appear.
    public var hiddenNotice: Bool
}

/// A list of overlaps, and the viewer's own activities the secretariat sent notices about.
public struct OverlapList: Sendable {
    /// The page of overlaps the viewer sees in full.
    public var page: Page<OverlapView>
    /// Ids of the viewer's government's activities with a notice standing (see ``ActivityOverlaps/hiddenNotice``).
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

    /// Counts what `plan` recorded.
    mutating func add(_ plan: OverlapReconciliation.Plan) {
        inserted += plan.inserts.count
        updated += plan.updates.count
        reopened += plan.reopened.count
        deactivated += plan.deactivated.count
    }
}

/// Overlap records: kept in line with the activities on every save and by full passes, listed and
/// decided under the releasability rule.
///
/// A viewer sees an overlap only when they may see both activities, and only when signed in:
/// overlaps are coordination business, not part of the public portal. People of the government that owns
/// an activity hear that it overlaps something they may not see only when the secretariat, which sees
/// both, chooses to tell them (``notify(id:by:)``): never from the answer to a save, nor from any read
/// that a save could change, which would let them probe for what they may not see.
public struct OverlapRepository: Sendable {
    let database: Database
    let clock: WallClock
    let ids: IDGenerator
    let activities: ActivityReadModel
    let book: ReadModel<OverlapBook>
    let directory: OrganizationDirectory
    /// How many full passes are running now (shared by every copy of this repository).
    private let passes = RunningPasses()

    /// Whether a full pass is recording its findings now: the overlap list may still be filling (after a start, a
    /// restore or a bulk load). Each save keeps its own activity's records current meanwhile.
    public var isPassRunning: Bool { passes.count > 0 }

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
        // One pass over every overlap with the caller's visibility mask; only the page's activities are then
        // read as the caller may see them.
        let mask = index.visible(to: viewer)
        var matching: [OverlapRecord] = []
        for record in book.records.values where record.active {
            if index.isVisible(id: record.first, in: mask), index.isVisible(id: record.second, in: mask),
                let first = index.activity(id: record.first), let second = index.activity(id: record.second),
                filter.matches(record, first, second)
            {
                matching.append(record)
            }
        }
        var notices: Set<String> = []
        if filter.status == nil || filter.status == .open {
            for id in try await standingNotices(activity: nil) {
                if let own = index.activity(id: id, for: viewer),
                    OverlapPolicy.hearsOfHidden(viewer, ownerLineage: lineages(own.owner))
                {
                    notices.insert(id)
                }
            }
        }
        matching.sort { ($0.assessment.score, $1.id) > ($1.assessment.score, $0.id) }
        let start =
            after.map { after in
                matching.firstIndex { ($0.assessment.score, after.id) < (after.score, $0.id) } ?? matching.count
            } ?? 0
        let slice = matching[start..<min(matching.count, start + limit)]
        let next =
            start + limit < matching.count
            ? slice.last.map {
                PageCursor(sort: "overlaps", key: String($0.assessment.score), id: $0.id).token
            } : nil
        return OverlapList(
            page: Page(
                items: slice.compactMap { record in
                    guard let first = index.activity(id: record.first, for: viewer),
                        let second = index.activity(id: record.second, for: viewer)
                    else { return nil }
                    return view(record, first, second, viewer: viewer, lineages: lineages)
                },
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

    /// The review history of overlap `id`, for a viewer who may see it: the decisions and reopenings, without
    /// the notices the secretariat sent, which say who could not read what (those who see everything read them).
    public func history(id: String, for viewer: Viewer) async throws -> [AuditEntry] {
        _ = try await find(id: id, for: viewer)
        let entries = try await AuditLog(database: database, clock: clock).history(entityType: "overlap", entityID: id)
        return viewer.seesEverything ? entries : entries.filter { $0.action != .notify }
    }

    /// The active overlaps of activity `id` that `viewer` may see, and the notice of any they may not.
    public func forActivity(id: String, for viewer: Viewer) async throws -> ActivityOverlaps {
        let (index, book, lineages) = try await snapshot()
        guard let activity = index.activity(id: id, for: viewer) else {
            throw EnlaceError.notFound(entity: "activity", id: id)
        }
        guard viewer.principal != nil else { return ActivityOverlaps(overlaps: [], hiddenNotice: false) }
        var views: [OverlapView] = []
        for record in book.records(of: id) where record.active {
            if let counterpart = index.activity(id: record.counterpart(of: id), for: viewer) {
                let (first, second) = record.first == id ? (activity, counterpart) : (counterpart, activity)
                views.append(view(record, first, second, viewer: viewer, lineages: lineages))
            }
        }
        views.sort { ($0.record.assessment.score, $1.record.id) > ($1.record.assessment.score, $0.record.id) }
        let hears = OverlapPolicy.hearsOfHidden(viewer, ownerLineage: lineages(activity.owner))
        let noticed = hears ? !(try await standingNotices(activity: id).isEmpty) : false
        return ActivityOverlaps(overlaps: views, hiddenNotice: noticed)
    }

    /// The activities (of `activity` alone, when given) with a notice the secretariat sent and has not withdrawn.
    private func standingNotices(activity: String?) async throws -> Set<String> {
        try await database.read { db in
            var query: SQLQueryString = "SELECT DISTINCT activity_id FROM overlap_notices WHERE withdrawn_at IS NULL"
            if let activity { query = query + " AND activity_id = \(bind: activity)" }
            return Set(try await db.raw(query).all().map { try $0.decode(column: "activity_id", as: String.self) })
        }
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
            if next.status != .open {
                // Decided: the question the notices asked is answered.
                try await db.raw(
                    """
                    UPDATE overlap_notices SET withdrawn_at = \(bind: Timestamp.format(now))
                    WHERE overlap_id = \(bind: id) AND withdrawn_at IS NULL
                    """
                ).run()
            }
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .decide, entityType: "overlap", entityID: id,
                        changes: FieldChange.diff(stored.reviewFields, next.reviewFields))
                ], at: now, db)
        }
        return try await find(id: id, for: .person(actor))
    }

    /// Tells the owners of overlap `id`'s activities that cannot see the other activity that an overlap
    /// exists (the bare notice), when `actor`, who sees everything, chooses to. Returns the activities
    /// notified; sending again changes nothing. Only an open overlap that is still found is told of: a
    /// decision withdraws the notices, and would not withdraw one sent after it.
    public func notify(id: String, by actor: Principal) async throws -> [String] {
        let view = try await find(id: id, for: .person(actor))
        guard actor.scope == .readWrite, Viewer.person(actor).seesEverything else {
            throw EnlaceError.forbidden(field: nil)
        }
        guard view.record.status == .open, view.record.active else {
            throw EnlaceError.invalid("status", .notOpen, ["status": view.record.status.rawValue])
        }
        let index = try await activities.index(database)
        let organizations = try await directory.current(database)
        // Who is to hear: each activity's government, as an organisation, when it may not read the other.
        let notified = [(view.first, view.second), (view.second, view.first)].filter { own, other in
            let government = organizations.lineage(of: own.owner).last ?? own.owner
            let reader = Principal(
                userID: "", email: "", organization: government, lineage: organizations.lineage(of: government),
                descendants: organizations.descendants(of: government),
                country: organizations.byCode[government]?.country,
                isMember: organizations.byCode[government]?.isMember ?? false, roles: [.viewer], scope: .read)
            return index.activity(id: other.id, for: .person(reader)) == nil
        }.map(\.0.id)
        let now = clock.now()
        try await database.write { db in
            for activity in notified {
                try await db.insert(into: "overlap_notices")
                    .columns("overlap_id", "activity_id", "sent_by", "sent_at")
                    .values(id, activity, actor.userID, Timestamp.format(now))
                    .onConflict(with: ["overlap_id", "activity_id"]) {
                        $0.set("sent_by", to: actor.userID).set("sent_at", to: Timestamp.format(now))
                            .set("withdrawn_at", to: SQLLiteral.null)
                    }
                    .run()
            }
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .notify, entityType: "overlap", entityID: id,
                        changes: [FieldChange(field: "notified", before: nil, after: notified.joined(separator: ","))])
                ], at: now, db)
        }
        return notified
    }

    /// Brings the records of activity `id` in line with the activities as they are now: called
    /// after every save and archive, so that the result shows on save.
    func reconcile(activity id: String) async throws {
        let now = clock.now()
        // The index caught up before the lock, on a connection of its own: under the lock it then rarely needs a
        // second connection (only for a change committed in between), which the writers waiting for the lock, each
        // holding one, could otherwise leave it without.
        _ = try await activities.index(database)
        try await database.write { db in
            // Overlap writers take turns, and each scores against the activities as of its turn.
            try await Self.lock(db)
            // The index with this activity's change, whichever shared read or load is under way.
            let index = try await activities.index(database, seenBy: db)
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
            try await Self.clearPending(id, db)
        }
    }

    /// Brings the overlap records in line after a bulk change of the activities `changed` (an import): one by one
    /// when they are few, else by the full pass.
    public func check(changed: [String], progress: ProgressHandler? = nil) async throws {
        guard changed.count > Self.reconcileOneByOne else {
            for id in changed { try await reconcile(activity: id) }
            return
        }
        _ = try await scan(progress: progress)
    }

    /// Up to how many changed activities ``check(changed:progress:)`` reconciles one by one.
    static let reconcileOneByOne = 100

    /// Runs the full pass over every live activity and brings every record in line with it.
    ///
    /// The pass is scored outside any transaction, so that no writer waits for it, then recorded in batches of
    /// about `batchPairs` pairs, each its own transaction under the overlap writers' lock. A batch takes every
    /// pair whose first activity is one of its own, so that what it finds and what stands recorded are compared
    /// over the same pairs. An activity saved since the scoring is left out of every batch, its pairs neither
    /// added nor removed: its own reconciliation, which every save runs after committing and which waits for
    /// the lock, scores it as it now is. So the pass always ends, however busy the writers are, holds the lock
    /// only to record a batch, and reads on no second connection while holding it.
    ///
    /// A cancelled pass (the server stopping) stops between batches, or within the scoring, and throws
    /// `CancellationError`: what its finished batches recorded stays, and the next pass, which compares
    /// everything again, finds those batches done and records the rest, so that passes interrupted any number
    /// of times and then completed leave the records a single pass would. A completed pass clears the checks that
    /// were pending when it began (``reconcilePending(failed:)``). `progress` hears of its two steps
    /// (scoring the pairs, recording what changed) and of the pairs recorded.
    public func scan(progress: ProgressHandler? = nil, batchPairs: Int = 2_000) async throws -> OverlapScanSummary {
        let steps = "overlap pass steps (scoring, recording)"
        passes.enter()
        defer { passes.leave() }
        progress?(ProgressReport(steps, done: 0, total: 2, isSteps: true))
        // The checks pending before the scoring: the pass does them, and clears them once it has recorded all.
        let pending = try await pendingChecks()
        let (state, sequence) = try await activities.currentWithSequence(database)
        let scored = try await Self.score(state.index)
        progress?(ProgressReport(steps, done: 1, total: 2, isSteps: true))
        // The first activities of the pairs recorded as overlapping now: a batch must look at those that are
        // found no more, as well as at those found.
        let recorded = try await database.read { db in
            try await db.raw("SELECT DISTINCT first_id FROM activity_overlaps WHERE active = 1").all().map {
                try $0.decode(column: "first_id", as: String.self)
            }
        }
        var summary = scored.summary
        var done = 0
        for batch in Self.batches(scored.found, recorded: recorded, pairs: batchPairs) {
            try Task.checkCancellation()
            let now = clock.now()
            let plan = try await database.write { db in
                try await Self.lock(db)
                // The activities saved since the scoring, read on this transaction's own connection.
                let moved = Set(
                    try await db.raw("SELECT id FROM activities WHERE seq > \(bind: sequence)").all().map {
                        try $0.decode(column: "id", as: String.self)
                    })
                return try await record(batch, now, db, leaving: moved)
            }
            summary.add(plan)
            done += batch.found.count
            progress?(ProgressReport("overlap pairs recorded", done: done, total: scored.found.count))
        }
        if !pending.isEmpty {
            try await database.write { db in try await Self.clearPending(pending, savedUpTo: sequence, db) }
        }
        progress?(ProgressReport(steps, done: 2, total: 2, isSteps: true))
        return summary
    }

    /// The pairs of one batch: those whose first activity is one of `firsts`.
    struct Batch: Sendable {
        let firsts: [String]
        let found: [OverlapReconciliation.Found]
    }

    /// `found` cut into batches of about `pairs` pairs (and at most 500 first activities), every first activity
    /// of `found` and of `recorded` in exactly one.
    static func batches(_ found: [OverlapReconciliation.Found], recorded: [String], pairs: Int) -> [Batch] {
        var byFirst: [String: [OverlapReconciliation.Found]] = [:]
        for pair in found { byFirst[pair.first, default: []].append(pair) }
        for first in recorded where byFirst[first] == nil { byFirst[first] = [] }
        var batches: [Batch] = []
        var firsts: [String] = []
        var pending: [OverlapReconciliation.Found] = []
        for first in byFirst.keys.sorted() {
            firsts.append(first)
            pending += byFirst[first] ?? []
            if pending.count >= pairs || firsts.count >= 500 {
                batches.append(Batch(firsts: firsts, found: pending))
                firsts = []
                pending = []
            }
        }
        if !firsts.isEmpty { batches.append(Batch(firsts: firsts, found: pending)) }
        return batches
    }

    /// The overlaps a full pass finds in `index`, as the reconciliation reads them.
    private struct Scored: Sendable {
        let candidates: Int
        let overlaps: Int
        let found: [OverlapReconciliation.Found]

        /// The summary before anything is recorded.
        var summary: OverlapScanSummary {
            OverlapScanSummary(
                candidates: candidates, overlaps: overlaps, inserted: 0, updated: 0, reopened: 0, deactivated: 0)
        }
    }

    /// Scores every pair of `index`; throws `CancellationError` when the task is cancelled meanwhile.
    private static func score(_ index: ActivityIndex) async throws -> Scored {
        let stop = StopFlag()
        let (candidates, overlaps) = await withTaskCancellationHandler {
            index.overlaps(stop: { stop.isRaised })
        } onCancel: {
            stop.raise()
        }
        try Task.checkCancellation()
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
        return Scored(candidates: candidates, overlaps: overlaps.count, found: found)
    }

    /// Brings the stored records of `batch`'s pairs in line with what it found, inside the caller's locked
    /// transaction, leaving alone every pair with an activity in `moved`.
    private func record(
        _ batch: Batch, _ now: Date, _ db: any SQLDatabase, leaving moved: Set<String>
    ) async throws -> OverlapReconciliation.Plan {
        let existing = try await db.select().columns(OverlapColumns.names.map { SQLColumn($0) })
            .from("activity_overlaps").where("first_id", .in, batch.firsts).all().map(OverlapColumns.decode)
        let plan = OverlapReconciliation.plan(
            existing: existing.filter { !moved.contains($0.first) && !moved.contains($0.second) },
            found: batch.found.filter { !moved.contains($0.first) && !moved.contains($0.second) }, now: now,
            newID: ids.next)
        try await apply(plan, now, db)
        return plan
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

/// A flag a cancelled task raises and the threads scoring for it read.
private final class StopFlag: Sendable {
    private let raised = Atomic(false)

    func raise() { raised.store(true, ordering: .relaxed) }

    var isRaised: Bool { raised.load(ordering: .relaxed) }
}

/// A count of the full passes running.
private final class RunningPasses: Sendable {
    private let running = Atomic(0)

    func enter() { running.add(1, ordering: .relaxed) }

    func leave() { running.subtract(1, ordering: .relaxed) }

    var count: Int { running.load(ordering: .relaxed) }
}
