public import EnlaceCore
import Foundation
import SQLKit

extension ActivityRepository {
    /// Imports the activities `feed` reads from a file: an upsert by identifier within each owner, in one
    /// transaction.
    ///
    /// An activity is found by the identifier it was imported with, or by its Enlace id when the file is an Enlace
    /// export of the same owner. One found unchanged is left alone; one found changed is updated, at its next
    /// version, with its audit entry; one not found is created. The members the file does not carry are kept
    /// (or take their defaults). With problems the whole import is rolled back unless `options.partial`, which
    /// writes the valid activities and skips the rest; a dry run always rolls back. `actor` nil is the system (the
    /// command line); a person needs ``ImportPolicy``. It reads the stored activities a batch names, batch by batch,
    /// never the whole registry, so that its memory does not grow with the registry. The report lists what changed,
    /// for the overlap check (``OverlapRepository/check(changed:progress:)``), which the caller runs next.
    public func importActivities<Feed: AsyncSequence & Sendable>(
        _ feed: Feed, expected: Int? = nil, options: ImportOptions, by actor: Principal?,
        progress: ProgressHandler? = nil
    ) async throws -> ImportReport where Feed.Element == [ImportedActivity] {
        let viewer = actor.map { Viewer.person($0) }
        if let viewer, !ImportPolicy.canImport(viewer) { throw EnlaceError.forbidden(field: nil) }
        if let viewer, options.createOrganizations, !ImportPolicy.canCreateOrganizations(viewer) {
            throw EnlaceError.forbidden(field: "createOrganizations")
        }
        let organizations = try await directory.current(database)
        if let owner = options.owner {
            guard organizations.byCode[owner] != nil else {
                throw EnlaceError.invalid([FieldError("owner", .unknownCode, ["value": owner])])
            }
            if let viewer, !ImportPolicy.canImport(viewer, ownerLineage: organizations.lineage(of: owner)) {
                throw EnlaceError.forbidden(field: "owner")
            }
        }
        let run = ImportRun(
            options: options, actor: actor, viewer: viewer, organizations: organizations.byCode,
            lineage: organizations.lineage(of:), catalog: catalog, now: clock.now(), ids: ids)
        do {
            try await database.write { db in
                // Each batch is checked while the one before it is written: the check is the program's work and
                // the writing the database's, so the two overlap.
                var writing: Task<ImportRun.Written, any Error>?
                do {
                    for try await batch in feed {
                        // A stopping server cancels the import between batches: the transaction rolls back whole.
                        try Task.checkCancellation()
                        let writes = try await run.check(batch, db)
                        if let writing { run.take(try await writing.value) }
                        writing = writes.map { writes in Task { try await writes.write(db) } }
                        progress?(
                            ProgressReport(
                                "activities read", done: run.report.read,
                                total: expected.map { Swift.max($0, run.report.read) }))
                    }
                    if let writing { run.take(try await writing.value) }
                } catch {
                    // The transaction ends (rolls back) only once the batch being written has stopped. When that
                    // batch failed first, its failure is the cause (PostgreSQL then refuses every later statement
                    // of the transaction, the check's among them).
                    writing?.cancel()
                    if let writing, case .failure(let failure) = await writing.result, !(failure is CancellationError) {
                        throw failure
                    }
                    throw error
                }
                // A cancelled wait for the next batch ends the feed as if the file had ended: it had not.
                try Task.checkCancellation()
                if run.report.read == 0 { run.report.add([ImportProblem(.empty)]) }
                if options.dryRun || (!options.partial && run.report.problemCount > 0) {
                    throw ImportRun.RolledBack()
                }
            }
            run.report.written = true
        } catch is ImportRun.RolledBack {
            run.report.written = false
        } catch let problem as ImportProblem {
            run.report.add([problem])
            run.report.written = false
        }
        run.report.dryRun = options.dryRun
        if !run.report.written {
            // Nothing was written: nothing was created or updated.
            run.report.organizationsCreated = run.report.organizationsCreated.filter { _ in options.dryRun }
        } else {
            run.report.changed = run.changed
            if !run.report.organizationsCreated.isEmpty { _ = try await directory.current(database) }
        }
        return run.report
    }

}

/// The state of one import while its transaction runs. One task uses it at a time: the transaction's, in order,
/// and then the caller's after the transaction has ended.
final class ImportRun: @unchecked Sendable {
    /// Thrown to roll the transaction back: a dry run, or a refused file.
    struct RolledBack: Error {}

    /// The most organisations one import creates.
    static let maxOrganizationsCreated = 1000

    /// The most activities one import takes: what it keeps per activity (its identifier, to find it named twice,
    /// and its id, for the overlap check) stays within some 50 MB.
    static let maxActivities = 500_000

    let options: ImportOptions
    let actor: Principal?
    let viewer: Viewer?
    var organizations: [String: Organization]
    let lineage: (String) -> [String]
    let catalog: ReferenceCatalog
    let now: Date
    let ids: IDGenerator
    var report = ImportReport()
    /// The activities created or updated, for the overlap check.
    var changed: [String] = []
    /// The activities of the current batch found unchanged at a glance, by owner and identifier.
    private var quickUnchanged: Set<String> = []
    /// The fingerprints to record once the batch is written: of activities created, updated, or found unchanged,
    /// with the version each then has.
    private var fingerprints: [(id: String, fingerprint: String, version: Int)] = []
    /// The stored activities the current batch names, by owner and identifier, and by id.
    private var storedByIdentifier: [String: Activity] = [:]
    private var storedByID: [String: Activity] = [:]
    /// The line of each identifier met so far, by owner and identifier.
    private var seen: [String: Int] = [:]
    /// The organisations the current batch creates.
    private var organizationsToCreate: [Organization] = []
    /// The organisations met that Enlace does not know.
    private var unknown: Set<String> = []
    /// The stored activities an entry of the import has matched.
    private var matched: Set<String> = []

    init(
        options: ImportOptions, actor: Principal?, viewer: Viewer?, organizations: [String: Organization],
        lineage: @escaping (String) -> [String], catalog: ReferenceCatalog, now: Date, ids: IDGenerator
    ) {
        self.options = options
        self.actor = actor
        self.viewer = viewer
        self.organizations = organizations
        self.lineage = lineage
        self.catalog = catalog
        self.now = now
        self.ids = ids
    }

    /// Reads, inside the transaction, the live activities `batch` may name: by the identifiers it holds, and by the
    /// Enlace ids of an export.
    private func loadStored(_ batch: [ImportedActivity], _ db: any SQLDatabase) async throws {
        storedByIdentifier = [:]
        storedByID = [:]
        quickUnchanged = []
        // First at a glance: the activities whose file content and options are as at their last import, and which
        // nobody changed since, are unchanged without reading them whole.
        let named = Array(Set(batch.map(\.identifier).filter { !$0.isEmpty }))
        var glances: [String: (fingerprint: String?, fresh: Bool, releasability: Releasability)] = [:]
        if !named.isEmpty {
            for row in try await db.raw(
                """
                SELECT owner_org, iati_identifier, import_fingerprint, import_version, version, marking, releasable_to
                FROM activities WHERE archived_at IS NULL AND iati_identifier IN (\(binds: named))
                """
            ).all() {
                let marking = Marking(rawValue: try row.decode(column: "marking", as: String.self)) ?? .restricted
                let releasableTo = try row.decode(column: "releasable_to", as: String.self).split(separator: ",")
                glances[
                    Self.key(
                        try row.decode(column: "owner_org", as: String.self),
                        try row.decode(column: "iati_identifier", as: String.self))] = (
                        try row.decode(column: "import_fingerprint", as: String?.self),
                        try row.decode(column: "import_version", as: Int?.self)
                            == (try row.decode(column: "version", as: Int.self)),
                        Releasability(marking: marking, releasableTo: releasableTo.map(String.init))
                    )
            }
        }
        var identifiers: [String] = []
        for imported in batch where !imported.identifier.isEmpty {
            guard let owner = options.owner ?? imported.reportingOrganization?.ref else { continue }
            let key = Self.key(owner, imported.identifier)
            if let glance = glances[key], glance.fresh, let print = fingerprint(of: imported),
                glance.fingerprint == print, viewer.map({ glance.releasability.allows($0, owner: owner) }) ?? true
            {
                quickUnchanged.insert(key)
            } else {
                identifiers.append(imported.identifier)
            }
        }
        identifiers = Array(Set(identifiers))
        let ids = Array(Set(batch.compactMap(\.enlaceID)))
        var found: [Activity] = []
        for (column, values) in [("iati_identifier", identifiers), ("id", ids)] where !values.isEmpty {
            found += try await db.raw(
                """
                SELECT \(unsafeRaw: ActivityColumns.selectList) FROM activities a
                WHERE a.archived_at IS NULL AND \(unsafeRaw: "a." + column) IN (\(binds: values))
                """
            ).all().map(ActivityColumns.decode)
        }
        var unique: [Activity] = []
        for activity in found where !unique.contains(where: { $0.id == activity.id }) { unique.append(activity) }
        try await ActivityDetailRows.attach(to: &unique, db)
        for activity in unique {
            storedByID[activity.id] = activity
            if let identifier = activity.iatiIdentifier {
                storedByIdentifier[Self.key(activity.owner, identifier)] = activity
            }
        }
    }

    /// What an activity's fingerprint is stored as: the file's with the options that shape what the import makes
    /// of it.
    private func fingerprint(of imported: ImportedActivity) -> String? {
        imported.fingerprint.map { $0 + "|" + (options.marking?.rawValue ?? "") + "|" + (options.owner ?? "") }
    }

    /// Records, for the activities of `written`, what their file said and the version the import saw or left: an
    /// edit made meanwhile leaves the row at a later version, so the next import compares it in full.
    fileprivate static func recordFingerprints(
        _ written: [(id: String, fingerprint: String, version: Int)], _ db: any SQLDatabase
    ) async throws {
        for start in stride(from: 0, to: written.count, by: 200) {
            let slice = written[start..<min(written.count, start + 200)]
            var prints: SQLQueryString = ""
            var versions: SQLQueryString = ""
            for entry in slice {
                prints = prints + " WHEN \(bind: entry.id) THEN \(bind: entry.fingerprint)"
                versions = versions + " WHEN \(bind: entry.id) THEN \(bind: entry.version)"
            }
            try await db.raw(
                """
                UPDATE activities SET import_fingerprint = CASE id\(prints) END, import_version = CASE id\(versions) END
                WHERE id IN (\(binds: slice.map(\.id)))
                """
            ).run()
        }
    }

    /// The key of an identifier within its owner's activities.
    private static func key(_ owner: String, _ identifier: String) -> String { owner + "\u{0}" + identifier }

    /// What one batch writes, decided by ``check(_:_:)``: written by ``write(_:)`` while the next batch is checked.
    /// It holds its own copies, so that the check of the next batch and its writing share nothing.
    struct Writes: Sendable {
        var inserts: [Activity] = []
        var updates: [(after: Activity, before: Activity)] = []
        /// The organisations the batch creates, before its activities.
        var organizations: [Organization] = []
        var fingerprints: [(id: String, fingerprint: String, version: Int)] = []
        /// The audit entries of the inserts and updates, made with the check (an update whose claim fails loses
        /// its entries).
        var records: [AuditRecord] = []
        let actor: Principal?
        let now: Date

        /// Writes the batch: each update claims its row at the version the check read (one saved meanwhile, which
        /// PostgreSQL lets a writer commit between this transaction's read and its write, is reported, not
        /// overwritten), then the rows, their audit entries and their fingerprints.
        func write(_ db: any SQLDatabase) async throws -> Written {
            var written = Written()
            var fingerprints = fingerprints
            for organization in organizations { try await Self.create(organization, actor: actor, at: now, db) }
            var claimed: [(after: Activity, before: Activity)] = []
            for update in updates {
                let row = try await db.raw(
                    """
                    UPDATE activities SET version = version
                    WHERE id = \(bind: update.before.id) AND version = \(bind: update.before.version) RETURNING id
                    """
                ).first()
                if row != nil {
                    claimed.append(update)
                } else {
                    written.conflicts.append(update.after.id)
                    written.conflictIdentifiers.append(update.after.iatiIdentifier ?? update.after.id)
                    fingerprints.removeAll { $0.id == update.after.id }
                }
            }
            written.created = inserts.count
            written.updated = claimed.count
            try await ActivityRepository.insert(inserts, db)
            try await ActivityRepository.replace(claimed.map(\.after), db)
            let conflicted = Set(written.conflicts)
            try await AuditLog.append(
                conflicted.isEmpty ? records : records.filter { !conflicted.contains($0.entityID) }, at: now, db)
            try await ImportRun.recordFingerprints(fingerprints, db)
            written.changed = inserts.map(\.id) + claimed.map(\.after.id)
            // The overlap check runs after the import commits: a server killed between the two finds these at its
            // restart.
            try await OverlapRepository.markPending(written.changed, db)
            return written
        }

        /// Creates `organization` inside the import's transaction, for `createOrganizations`; one created meanwhile
        /// (by an administrator) is left as it is.
        private static func create(
            _ organization: Organization, actor: Principal?, at now: Date, _ db: any SQLDatabase
        ) async throws {
            try await db.insert(into: "organizations")
                .columns("code", "name", "kind", "country", "parent_code", "is_member", "created_at", "updated_at")
                .values(
                    organization.code, organization.name, organization.kind.rawValue, organization.country,
                    organization.parent, 0, Timestamp.format(now), Timestamp.format(now)
                )
                .ignoringConflicts(with: ["code"])
                .run()
            _ = try await ChangeCounters.advance(.organizations, db)
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .create, entityType: "organization", entityID: organization.code,
                        changes: FieldChange.diff([:], OrganizationRepository.auditFields(organization)))
                ], at: now, db)
        }
    }

    /// What writing a batch did.
    struct Written: Sendable {
        var created = 0
        var updated = 0
        /// The ids of the activities whose update another writer got to first.
        var conflicts: [String] = []
        /// The identifiers of those, as the file names them.
        var conflictIdentifiers: [String] = []
        /// The activities created or updated.
        var changed: [String] = []
    }

    /// Checks a batch; answers what it writes unless the import is already refused or a dry run.
    func check(_ batch: [ImportedActivity], _ db: any SQLDatabase) async throws -> Writes? {
        try await loadStored(batch, db)
        fingerprints = []
        organizationsToCreate = []
        var writes = Writes(actor: actor, now: now)
        for imported in batch {
            report.read += 1
            if report.read > Self.maxActivities {
                throw ImportProblem(.tooLarge, line: imported.line, parameters: ["max": "500,000 activities"])
            }
            switch try decide(imported) {
            case .skipped(let problems):
                report.skipped += 1
                report.add(problems)
            case .unchanged: report.unchanged += 1
            case .create(let activity): writes.inserts.append(activity)
            case .update(let activity, let before): writes.updates.append((activity, before))
            }
        }
        guard !options.dryRun, options.partial || report.problemCount == 0 else {
            report.created += writes.inserts.count
            report.updated += writes.updates.count
            return nil
        }
        writes.fingerprints = fingerprints
        writes.organizations = organizationsToCreate
        writes.records = writes.inserts.map {
            AuditRecord(
                actor: actor, action: .create, entityType: "activity", entityID: $0.id,
                changes: FieldChange.diff([:], $0.auditFields))
        }
        for (after, before) in writes.updates {
            let changes = FieldChange.diff(before.auditFields, after.auditFields)
            writes.records.append(
                AuditRecord(actor: actor, action: .update, entityType: "activity", entityID: after.id, changes: changes)
            )
            if after.draft.releasability != before.draft.releasability {
                writes.records.append(
                    AuditRecord(
                        actor: actor, action: .markingChange, entityType: "activity", entityID: after.id,
                        changes: changes.filter { $0.field.hasPrefix("releasability") }))
            }
        }
        return writes
    }

    /// Counts what a batch's writing did.
    func take(_ written: Written) {
        report.created += written.created
        report.updated += written.updated
        report.skipped += written.conflicts.count
        report.add(written.conflictIdentifiers.map { ImportProblem(.conflict, identifier: $0) })
        changed += written.changed
    }

    private enum Decision {
        case skipped([ImportProblem])
        case unchanged
        case create(Activity)
        case update(Activity, before: Activity)
    }

    private func decide(_ imported: ImportedActivity) throws -> Decision {
        let line = imported.line
        let identifier = imported.identifier
        func problem(
            _ code: ImportProblem.Code, field: String? = nil, error: FieldError? = nil,
            _ parameters: [String: String] = [:]
        ) -> ImportProblem {
            ImportProblem(
                code, line: line, column: field.flatMap(imported.column(of:)), identifier: identifier, field: field,
                fieldError: error, parameters: parameters)
        }
        var problems = imported.problems
        var silentlyInvalid = false
        // Organisations to create are created only for an activity that passes every check, and at most
        // ``maxOrganizationsCreated`` in one import.
        var toCreate: [ImportedOrganization] = []
        for organization in imported.organizations where organizations[organization.ref] == nil {
            if options.createOrganizations, ActivityInput.isOrganizationCode(organization.ref),
                report.organizationsCreated.count + toCreate.count < Self.maxOrganizationsCreated
            {
                toCreate.append(organization)
            } else if unknown.insert(organization.ref).inserted {
                if report.unknownOrganizations.count < ImportReport.maxUnknownOrganizations {
                    report.unknownOrganizations.append(organization)
                }
                problems.append(problem(.unknownOrganization, ["ref": organization.ref, "name": organization.name]))
            } else {
                silentlyInvalid = true
            }
        }
        guard let owner = options.owner ?? imported.reportingOrganization?.ref else {
            return .skipped(
                problems + [
                    problem(.invalidField, field: "reporting-org", error: FieldError("reporting-org", .required))
                ])
        }
        if let viewer, organizations[owner] != nil, !ImportPolicy.canImport(viewer, ownerLineage: lineage(owner)) {
            problems.append(problem(.forbidden, ["owner": owner]))
        }
        if !identifier.isEmpty {
            let key = Self.key(owner, identifier)
            if let first = seen[key] {
                problems.append(problem(.duplicateIdentifier, ["first": String(first)]))
            } else {
                seen[key] = line
            }
        }
        guard problems.isEmpty, !silentlyInvalid else { return .skipped(problems) }
        if quickUnchanged.contains(Self.key(owner, identifier)) { return .unchanged }

        let stored =
            storedByIdentifier[Self.key(owner, identifier)]
            ?? imported.enlaceID.flatMap { id in storedByID[id].flatMap { $0.owner == owner ? $0 : nil } }
        // Two entries of a file (an identifier and an export's `<ref>-<id>`) must not both replace one activity.
        if let stored, !matched.insert(stored.id).inserted {
            return .skipped([problem(.duplicateIdentifier, ["first": "?"])])
        }
        // An importer changes only what they may read: a stored activity hidden from them is not theirs to replace.
        if let stored, let viewer, !stored.draft.releasability.allows(viewer, owner: stored.owner) {
            return .skipped([problem(.forbidden, ["owner": owner])])
        }
        var base = ActivityInput()
        if let stored {
            base = ActivityInput(stored.draft)
        } else {
            base.kind = ActivityImportDefaults.kind.rawValue
            base.modality = ActivityImportDefaults.modality.rawValue
            base.releasability = ActivityInput.ReleasabilityInput(marking: Marking.members.rawValue, releasableTo: [])
        }
        var input = base.overlaid(with: imported.input, carrying: imported.carries)
        if let marking = options.marking {
            input.releasability = ActivityInput.ReleasabilityInput(marking: marking.rawValue, releasableTo: [])
        }
        var draft: ActivityDraft
        do {
            draft = try input.validated(against: catalog)
        } catch .invalid(let errors) {
            return .skipped(errors.map { problem(.invalidField, field: $0.field, error: $0) })
        } catch {
            throw error
        }
        if let stored {
            draft.transactions = Self.keepingNarrowerMarkings(draft.transactions, stored.draft.transactions)
            // A transaction marked narrower than its activity that the file no longer carries as it was would lose
            // its marking: that is a marking change, the owner's to make.
            let narrower = stored.draft.transactions.filter { transaction in
                transaction.releasability != nil
                    && (viewer.map { transaction.allows($0, owner: stored.owner) } ?? true)
            }
            if let viewer, !ActivityPolicy.canChangeMarking(viewer, owner: stored.owner),
                narrower.contains(where: { !draft.transactions.contains($0) })
            {
                return .skipped([problem(.forbidden, field: "transactions")])
            }
            // The transactions the importer may not read were not theirs to send: they stay, as on an edit.
            if let viewer {
                draft.transactions += stored.draft.transactions.filter { !$0.allows(viewer, owner: stored.owner) }
            }
            if Self.isTotalBudget(draft.budgetLines, of: stored.draft, over: draft) { draft.budgetLines = [] }
            if draft.releasability != stored.draft.releasability, let viewer,
                !ActivityPolicy.canChangeMarking(viewer, owner: stored.owner)
            {
                return .skipped([problem(.forbidden, field: "releasability")])
            }
        }
        let blocked = draft.vettingErrors(movingFrom: stored?.draft.status)
        if !blocked.isEmpty { return .skipped(blocked.map { problem(.invalidField, field: $0.field, error: $0) }) }
        for organization in toCreate where organizations[organization.ref] == nil { create(organization) }
        guard let stored else {
            let created = Activity(
                id: ids.next(), owner: owner, draft: draft, version: 1, createdAt: now, updatedAt: now,
                iatiIdentifier: identifier.isEmpty ? nil : identifier)
            if created.iatiIdentifier != nil, let print = fingerprint(of: imported) {
                fingerprints.append((created.id, print, 1))
            }
            return .create(created)
        }
        let same = draft == stored.draft
        if stored.iatiIdentifier == identifier, let print = fingerprint(of: imported) {
            fingerprints.append((stored.id, print, same ? stored.version : stored.version + 1))
        }
        if same { return .unchanged }
        let after = Activity(
            id: stored.id, owner: stored.owner, draft: draft, version: stored.version + 1, createdAt: stored.createdAt,
            updatedAt: now, iatiIdentifier: stored.iatiIdentifier)
        return .update(after, before: stored)
    }

    /// `transactions` with the narrower marking and the not-ODA flag of each stored transaction they repeat, which
    /// IATI does not carry.
    static func keepingNarrowerMarkings(
        _ transactions: [FundingTransaction], _ stored: [FundingTransaction]
    ) -> [FundingTransaction] {
        transactions.map { transaction in
            var matched = transaction
            if let same = stored.first(where: {
                $0.type == transaction.type && $0.date == transaction.date && $0.value == transaction.value
                    && $0.provider == transaction.provider && $0.receiver == transaction.receiver
                    && $0.description == transaction.description
            }) {
                matched.releasability = same.releasability
                matched.notODA = same.notODA
            }
            return matched
        }
    }

    /// Whether `lines` is the stored activity's total budget over its planned period, which an export writes as its
    /// one budget when it has no budget lines: then it stays a total, not a line.
    static func isTotalBudget(_ lines: [BudgetLine], of stored: ActivityDraft, over draft: ActivityDraft) -> Bool {
        guard stored.budgetLines.isEmpty, lines.count == 1, let total = stored.budget else { return false }
        return lines[0].value == total && lines[0].periodStart == draft.plannedStart
            && lines[0].periodEnd == draft.plannedEnd
    }

    /// Takes `imported` as an organisation this import creates (for `createOrganizations`); the batch's writing
    /// writes it.
    private func create(_ imported: ImportedOrganization) {
        let prefix = String(imported.ref.prefix(2))
        let name = imported.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let organization = Organization(
            code: imported.ref, name: String((name.isEmpty ? imported.ref : name).prefix(200)), kind: imported.kind,
            country: catalog.country(prefix) != nil && imported.ref.dropFirst(2).hasPrefix("-") ? prefix : nil,
            parent: nil, isMember: false)
        organizationsToCreate.append(organization)
        organizations[organization.code] = organization
        report.organizationsCreated.append(imported)
    }
}
