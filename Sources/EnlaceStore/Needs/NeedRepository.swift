public import EnlaceCore
public import Foundation
import SQLKit

/// What a list of needs is narrowed to.
public struct NeedFilter: Sendable, Hashable {
    /// Only this partner country.
    public var country: String?
    /// Only needs in this key area.
    public var area: String?
    /// Only needs whose window meets these days.
    public var window: ClosedRange<CalendarDate>?
    /// Only needs in these statuses (as the reader sees them).
    public var statuses: Set<NeedStatus> = []

    /// Every need.
    public init(
        country: String? = nil, area: String? = nil, window: ClosedRange<CalendarDate>? = nil,
        statuses: Set<NeedStatus> = []
    ) {
        self.country = country
        self.area = area
        self.window = window
        self.statuses = statuses
    }
}

/// A need as a reader sees it: its status follows the linked activities they may see.
public struct NeedView: Sendable, Hashable {
    /// The need, with only the links to activities the reader may see.
    public var need: Need
    /// The activities it is linked to that the reader may see, in link order.
    public var answers: [Activity]
    /// Its status for this reader.
    public var status: NeedStatus
}

/// Partner nations' needs and the activities that answer them.
///
/// Every read takes a ``Viewer``: a need the viewer may not see is absent, and so is a link to an
/// activity they may not see (it neither shows nor moves the status they see).
public struct NeedRepository: Sendable {
    let database: Database
    let catalog: ReferenceCatalog
    let clock: WallClock
    let ids: IDGenerator
    let directory: OrganizationDirectory
    let activities: ActivityReadModel

    /// The needs `filter` matches that `viewer` may see, by priority, then window.
    public func list(_ filter: NeedFilter = NeedFilter(), for viewer: Viewer) async throws -> [NeedView] {
        let index = try await activities.index(database)
        return try await rows(filter).filter { $0.draft.releasability.allows(viewer, owner: $0.owner) }
            .map { view($0, index: index, for: viewer) }
            .filter { filter.statuses.isEmpty || filter.statuses.contains($0.status) }
            .sorted {
                ($0.need.draft.priority, $0.need.draft.windowStart, $0.need.id)
                    < ($1.need.draft.priority, $1.need.draft.windowStart, $1.need.id)
            }
    }

    /// Need `id`, if `viewer` may see it.
    public func find(id: String, for viewer: Viewer) async throws -> NeedView {
        let (need, index) = try await readable(id, for: viewer)
        return view(need, index: index, for: viewer)
    }

    /// Need `id` with every link, and the activity index, when `viewer` may read the need.
    private func readable(_ id: String, for viewer: Viewer) async throws -> (Need, ActivityIndex) {
        let index = try await activities.index(database)
        guard let need = try await row(id), need.draft.releasability.allows(viewer, owner: need.owner) else {
            throw EnlaceError.notFound(entity: "need", id: id)
        }
        return (need, index)
    }

    /// The activities `viewer` may see that could answer need `id`, best first.
    public func matches(id: String, limit: Int = 20, for viewer: Viewer) async throws -> [NeedMatching.Match] {
        // Every link, even to what the viewer may not see: a linked activity is never suggested again.
        let (need, index) = try await readable(id, for: viewer)
        var candidates: [Activity] = []
        index.forEach(in: index.visible(to: viewer)) { activity in
            if activity.draft.recipientCountries.contains(need.draft.country) {
                candidates.append(activity.redacted(for: viewer))
            }
        }
        return NeedMatching.matches(for: need, among: candidates, limit: limit)
    }

    /// Whether `viewer` may change need `need`.
    public func canEdit(_ need: Need, viewer: Viewer) async throws -> Bool {
        NeedPolicy.canEdit(viewer, ownerLineage: try await directory.current(database).lineage(of: need.owner))
    }

    /// Open needs without an answer the reader sees, per (country, key area), among those whose
    /// window meets `window`: what the coverage matrix counts as unanswered.
    public func openCounts(in window: ClosedRange<CalendarDate>, for viewer: Viewer) async throws -> [CoverageKey: Int]
    {
        var counts: [CoverageKey: Int] = [:]
        for view in try await list(NeedFilter(window: window, statuses: [.open]), for: viewer) {
            for area in view.need.draft.keyAreas {
                counts[CoverageKey(country: view.need.draft.country, area: area), default: 0] += 1
            }
        }
        return counts
    }

    // MARK: - Writes

    /// Validates `input` and stores it as a new need of `actor`'s organisation.
    ///
    /// A partner focal point records needs of their own country only.
    public func create(_ input: NeedInput, by actor: Principal) async throws -> NeedView {
        guard NeedPolicy.canCreate(.person(actor)) else { throw EnlaceError.forbidden(field: nil) }
        let draft = try input.validated(against: catalog)
        try Self.checkCountry(draft, actor)
        let now = clock.now()
        let need = Need(
            id: ids.next(), owner: actor.organization, draft: draft, version: 1, createdAt: now, updatedAt: now)
        try await database.write { db in
            try await checkReleaseList(draft, db)
            try await db.insert(into: "needs").columns(Self.columns).values(Self.values(of: need)).run()
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .create, entityType: "need", entityID: need.id,
                        changes: FieldChange.diff([:], Self.auditFields(need)))
                ], at: now, db)
        }
        return try await find(id: need.id, for: .person(actor))
    }

    /// Replaces need `id` with `input`, provided it is still at `expectedVersion`.
    public func update(
        id: String, with input: NeedInput, expectedVersion: Int?, by actor: Principal
    ) async throws -> NeedView {
        let current = try await find(id: id, for: .person(actor)).need
        guard try await canEdit(current, viewer: .person(actor)) else { throw EnlaceError.forbidden(field: nil) }
        var validated = try input.validated(against: catalog)
        if input.releasability == nil { validated.releasability = current.draft.releasability }
        let draft = validated
        try Self.checkCountry(draft, actor)
        let now = clock.now()
        try await database.write { db in
            let (version, _) = try await VersionClaim.claim(
                "needs", entity: "need", id: id, expected: expectedVersion, db)
            try await checkReleaseList(draft, db)
            var updated = current
            updated.draft = draft
            updated.version = version + 1
            updated.updatedAt = now
            var builder = db.update("needs").where("id", .equal, id)
            for (column, value) in zip(Self.columns, Self.values(of: updated)) where column != "id" {
                builder = builder.set(column, to: value)
            }
            try await builder.run()
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .update, entityType: "need", entityID: id,
                        changes: FieldChange.diff(Self.auditFields(current), Self.auditFields(updated)))
                ], at: now, db)
        }
        return try await find(id: id, for: .person(actor))
    }

    /// Links activity `activityID` to need `id` as answering it: by someone who may see the need and
    /// change the activity (its provider). Linking twice changes nothing.
    public func link(id: String, activity activityID: String, by actor: Principal) async throws -> NeedView {
        try await changeLink(id: id, activity: activityID, linking: true, by: actor)
    }

    /// Removes the link between need `id` and activity `activityID`.
    public func unlink(id: String, activity activityID: String, by actor: Principal) async throws -> NeedView {
        try await changeLink(id: id, activity: activityID, linking: false, by: actor)
    }

    private func changeLink(
        id: String, activity activityID: String, linking: Bool, by actor: Principal
    ) async throws
        -> NeedView
    {
        let viewer = Viewer.person(actor)
        let found = try await find(id: id, for: viewer)
        let index = try await activities.index(database)
        guard let activity = index.activity(id: activityID, for: viewer) else {
            throw EnlaceError.notFound(entity: "activity", id: activityID)
        }
        let lineage = try await directory.current(database).lineage(of: activity.owner)
        let editsNeed = try await canEdit(found.need, viewer: viewer)
        let mayLink = ActivityPolicy.canEdit(viewer, ownerLineage: lineage) || (editsNeed && !linking)
        guard mayLink else { throw EnlaceError.forbidden(field: "activity") }
        let now = clock.now()
        try await database.write { db in
            let (version, _) = try await VersionClaim.claim("needs", entity: "need", id: id, expected: nil, db)
            let existing = try await db.raw(
                "SELECT 1 AS one FROM need_links WHERE need_id = \(bind: id) AND activity_id = \(bind: activityID)"
            ).first()
            guard (existing == nil) == linking else { return }
            if linking {
                try await db.insert(into: "need_links").columns("need_id", "activity_id", "linked_by", "linked_at")
                    .values(id, activityID, actor.organization, Timestamp.format(now)).run()
            } else {
                try await db.raw(
                    "DELETE FROM need_links WHERE need_id = \(bind: id) AND activity_id = \(bind: activityID)"
                ).run()
            }
            try await db.raw(
                """
                UPDATE needs SET version = \(bind: version + 1), updated_at = \(bind: Timestamp.format(now))
                WHERE id = \(bind: id)
                """
            ).run()
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .update, entityType: "need", entityID: id,
                        changes: [
                            FieldChange(
                                field: "links[\(activityID)]", before: linking ? nil : "linked",
                                after: linking ? "linked" : nil)
                        ])
                ], at: now, db)
        }
        return try await find(id: id, for: viewer)
    }

    /// Stores already-validated needs with their links in bulk (the demo), audited as recorded by the system.
    public func insert(_ needs: [Need]) async throws {
        let now = clock.now()
        try await database.write { db in
            for need in needs {
                try await db.insert(into: "needs").columns(Self.columns).values(Self.values(of: need)).run()
                for (position, activity) in need.links.enumerated() {
                    try await db.insert(into: "need_links").columns("need_id", "activity_id", "linked_by", "linked_at")
                        .values(
                            need.id, activity, need.owner, Timestamp.format(now.addingTimeInterval(Double(position)))
                        )
                        .run()
                }
            }
            try await AuditLog.append(
                needs.map {
                    AuditRecord(
                        actor: nil, action: .create, entityType: "need", entityID: $0.id,
                        changes: FieldChange.diff([:], Self.auditFields($0)))
                }, at: now, db)
        }
    }

    // MARK: - Rows

    private func view(_ need: Need, index: ActivityIndex, for viewer: Viewer) -> NeedView {
        let answers = need.links.compactMap { index.activity(id: $0, for: viewer) }
        var visible = need
        visible.links = answers.map(\.id)
        return NeedView(need: visible, answers: answers, status: need.status(linked: answers))
    }

    private static func checkCountry(_ draft: NeedDraft, _ actor: Principal) throws {
        if !actor.has(.admin) && !actor.has(.secretariat) && actor.country != draft.country {
            throw EnlaceError.invalid([FieldError("country", .forbidden, ["value": draft.country])])
        }
    }

    private func checkReleaseList(_ draft: NeedDraft, _ db: any SQLDatabase) async throws {
        let organizations = draft.releasability.releasableTo.enumerated().filter { catalog.country($0.element) == nil }
        let unknown = try await OrganizationRepository.unknownCodes(organizations.map(\.element), db)
        let errors = organizations.compactMap { index, code in
            unknown.contains(code)
                ? FieldError("releasability.releasableTo[\(index)]", .unknownCode, ["value": code]) : nil
        }
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
    }

    static let columns = [
        "id", "owner_org", "title", "country", "institution", "key_areas", "topics", "description", "priority",
        "window_start", "window_end", "people", "budget_amount", "budget_currency", "status_override", "marking",
        "releasable_to", "version", "created_at", "updated_at",
    ]

    static func values(of need: Need) -> [any Encodable & Sendable] {
        let draft = need.draft
        return [
            need.id, need.owner, draft.title, draft.country, draft.institution, draft.keyAreas.joined(separator: ","),
            draft.topics.joined(separator: ","), draft.description, draft.priority, draft.windowStart.iso,
            draft.windowEnd.iso, draft.people, draft.budget?.amountText, draft.budget?.currency,
            draft.statusOverride?.rawValue, draft.releasability.marking.rawValue,
            draft.releasability.releasableTo.joined(separator: ","), need.version,
            Timestamp.format(need.createdAt), Timestamp.format(need.updatedAt),
        ]
    }

    static func auditFields(_ need: Need) -> [String: String] {
        let draft = need.draft
        var fields = [
            "owner": need.owner, "title": draft.title, "country": draft.country, "institution": draft.institution,
            "keyAreas": draft.keyAreas.joined(separator: ","), "topics": draft.topics.joined(separator: ","),
            "description": draft.description, "priority": String(draft.priority), "windowStart": draft.windowStart.iso,
            "windowEnd": draft.windowEnd.iso, "releasability.marking": draft.releasability.marking.rawValue,
        ]
        if let people = draft.people { fields["people"] = String(people) }
        if let budget = draft.budget { fields["budget"] = "\(budget.amountText) \(budget.currency)" }
        if let status = draft.statusOverride { fields["status"] = status.rawValue }
        if !draft.releasability.releasableTo.isEmpty {
            fields["releasability.releasableTo"] = draft.releasability.releasableTo.joined(separator: ",")
        }
        return fields
    }

    private func row(_ id: String) async throws -> Need? {
        try await database.read { db in
            guard let row = try await db.raw("SELECT * FROM needs WHERE id = \(bind: id)").first() else { return nil }
            var need = try Self.decode(row)
            need.links = try await db.raw(
                "SELECT activity_id FROM need_links WHERE need_id = \(bind: id) ORDER BY linked_at, activity_id"
            ).all().map { try $0.decode(column: "activity_id", as: String.self) }
            return need
        }
    }

    private func rows(_ filter: NeedFilter) async throws -> [Need] {
        try await database.read { db in
            var query: SQLQueryString = "SELECT * FROM needs WHERE 1 = 1"
            if let country = filter.country { query = query + " AND country = \(bind: country)" }
            if let window = filter.window {
                query =
                    query
                    + " AND window_start <= \(bind: window.upperBound.iso) AND window_end >= \(bind: window.lowerBound.iso)"
            }
            var needs = try await db.raw(query).all().map(Self.decode)
            if let area = filter.area { needs = needs.filter { $0.draft.keyAreas.contains(area) } }
            var links: [String: [String]] = [:]
            for row in try await db.raw("SELECT need_id, activity_id FROM need_links ORDER BY linked_at, activity_id")
                .all()
            {
                links[try row.decode(column: "need_id", as: String.self), default: []].append(
                    try row.decode(column: "activity_id", as: String.self))
            }
            return needs.map { need in
                var need = need
                need.links = links[need.id] ?? []
                return need
            }
        }
    }

    static func decode(_ row: any SQLRow) throws -> Need {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func list(_ column: String) throws -> [String] { try text(column).split(separator: ",").map(String.init) }
        func corrupt(_ column: String) -> StoreError { .corruptRow(table: "needs", column: column) }
        guard let start = CalendarDate(iso: try text("window_start")) else { throw corrupt("window_start") }
        guard let end = CalendarDate(iso: try text("window_end")) else { throw corrupt("window_end") }
        guard let marking = Marking(rawValue: try text("marking")) else { throw corrupt("marking") }
        var budget: Money?
        if let amount = try row.decode(column: "budget_amount", as: String?.self),
            let currency = try row.decode(column: "budget_currency", as: String?.self)
        {
            guard let value = Decimal(string: amount, locale: Locale(identifier: "en_US_POSIX")) else {
                throw corrupt("budget_amount")
            }
            budget = Money(amount: value, currency: currency)
        }
        let draft = NeedDraft(
            title: try text("title"), country: try text("country"), institution: try text("institution"),
            keyAreas: try list("key_areas"), topics: try list("topics"), description: try text("description"),
            priority: try row.decode(column: "priority", as: Int.self), windowStart: start, windowEnd: end,
            people: try row.decode(column: "people", as: Int?.self), budget: budget,
            statusOverride: try row.decode(column: "status_override", as: String?.self).flatMap(
                NeedStatus.init(rawValue:)),
            releasability: Releasability(marking: marking, releasableTo: try list("releasable_to")))
        guard let created = Timestamp.parse(try text("created_at")),
            let updated = Timestamp.parse(try text("updated_at"))
        else { throw corrupt("created_at") }
        return Need(
            id: try text("id"), owner: try text("owner_org"), draft: draft,
            version: try row.decode(column: "version", as: Int.self), createdAt: created, updatedAt: updated)
    }
}
