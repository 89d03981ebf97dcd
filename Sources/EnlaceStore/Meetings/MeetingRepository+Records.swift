public import EnlaceCore
import Foundation
import SQLKit

extension MeetingRepository {
    // MARK: - Agenda

    /// The agenda of meeting `meetingID`, in order, as `viewer` may read it: links to records they may not
    /// see are left out, and an item accepted from an overlap they may not see is withheld.
    public func agenda(meetingID: String, for viewer: Viewer) async throws -> [AgendaItem] {
        _ = try await meeting(id: meetingID, for: viewer)
        let items = try await database.read { db in
            try await db.raw(
                "SELECT * FROM agenda_items WHERE meeting_id = \(bind: meetingID) ORDER BY position, id"
            ).all().map(MeetingColumns.agendaItem)
        }
        var result: [AgendaItem] = []
        for item in items { result.append(try await readable(item, for: viewer)) }
        return result
    }

    /// `item` as `viewer` reads it: the title of an item accepted from an overlap is put together from the
    /// two activities' titles as they read them, or, when they may not see the overlap, withheld.
    func readable(_ item: AgendaItem, for viewer: Viewer) async throws -> AgendaItem {
        var item = item
        if let overlapID = item.fromOverlap {
            guard let view = try? await overlaps.find(id: overlapID, for: viewer) else {
                item.title = ""
                item.links = []
                item.withheld = true
                return item
            }
            item.title = Self.overlapTitle(view)
        }
        var links: [AgendaLink] = []
        for link in item.links where try await linkVisible(link, to: viewer) { links.append(link) }
        item.links = links
        return item
    }

    /// The title of an item accepted from `view`: the two activities' titles, as its reader sees them.
    static func overlapTitle(_ view: OverlapView) -> String {
        String("\(view.first.draft.title) / \(view.second.draft.title)".prefix(MeetingLimits.name.upperBound))
    }

    /// Adds an item to the agenda of meeting `meetingID`, at `input.position` or at the end.
    public func addAgendaItem(
        meetingID: String, _ input: AgendaItemInput, by actor: Principal
    ) async throws
        -> AgendaItem
    {
        _ = try await chairedMeeting(meetingID, by: actor)
        let (title, presenter, notes, links) = try input.validated()
        var errors: [FieldError] = []
        for (index, link) in links.enumerated() where try await !linkVisible(link, to: .person(actor)) {
            errors.append(FieldError("links[\(index)].reference", .unknownCode, ["value": link.reference]))
        }
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
        let now = clock.now()
        let id = ids.next()
        return try await database.write { db in
            let item = try await Self.insertAgendaItem(
                id: id, meetingID: meetingID, title: title, presenter: presenter, notes: notes, links: links,
                position: input.position, db)
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .create, entityType: "agenda-item", entityID: id,
                        changes: [
                            FieldChange(field: "meeting", before: nil, after: meetingID),
                            FieldChange(field: "title", before: nil, after: title),
                        ])
                ], at: now, db)
            return item
        }
    }

    /// Moves agenda item `itemID` of meeting `meetingID` to `position` (from 1), or removes it when nil.
    public func moveAgendaItem(meetingID: String, itemID: String, to position: Int?, by actor: Principal) async throws {
        _ = try await chairedMeeting(meetingID, by: actor)
        let now = clock.now()
        try await database.write { db in
            var ids = try await db.raw(
                "SELECT id FROM agenda_items WHERE meeting_id = \(bind: meetingID) ORDER BY position, id"
            ).all().map { try $0.decode(column: "id", as: String.self) }
            guard let index = ids.firstIndex(of: itemID) else {
                throw EnlaceError.notFound(entity: "agenda item", id: itemID)
            }
            ids.remove(at: index)
            if let position {
                ids.insert(itemID, at: min(max(position, 1), ids.count + 1) - 1)
            } else {
                try await db.raw("DELETE FROM agenda_items WHERE id = \(bind: itemID)").run()
            }
            for (offset, id) in ids.enumerated() {
                try await db.update("agenda_items").set("position", to: offset + 1).where("id", .equal, id).run()
            }
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: position == nil ? .archive : .update, entityType: "agenda-item",
                        entityID: itemID,
                        changes: [
                            FieldChange(field: "position", before: String(index + 1), after: position.map(String.init))
                        ])
                ], at: now, db)
        }
    }

    // MARK: - Decisions

    /// The decisions of meeting `meetingID`, by number.
    public func decisions(meetingID: String, for viewer: Viewer) async throws -> [Decision] {
        _ = try await meeting(id: meetingID, for: viewer)
        return try await database.read { db in
            try await db.raw("SELECT * FROM decisions WHERE meeting_id = \(bind: meetingID) ORDER BY number").all()
                .map(MeetingColumns.decision)
        }
    }

    /// Records a decision of meeting `meetingID`, numbered after the last.
    public func addDecision(meetingID: String, text: String?, by actor: Principal) async throws -> Decision {
        _ = try await chairedMeeting(meetingID, by: actor)
        var errors: [FieldError] = []
        let checked = MeetingLimits.checkedText("text", text, &errors)
        guard errors.isEmpty, let checked else { throw EnlaceError.invalid(errors) }
        let now = clock.now()
        let id = ids.next()
        return try await database.write { db in
            let last = try await db.raw(
                "SELECT MAX(number) AS last FROM decisions WHERE meeting_id = \(bind: meetingID)"
            ).first()?.decode(column: "last", as: Int?.self)
            let decision = Decision(
                id: id, meetingID: meetingID, number: (last ?? 0) + 1, text: checked, createdAt: now)
            try await db.insert(into: "decisions").columns("id", "meeting_id", "number", "text", "created_at")
                .values(id, meetingID, decision.number, checked, Timestamp.format(now)).run()
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .create, entityType: "decision", entityID: id,
                        changes: [
                            FieldChange(field: "meeting", before: nil, after: meetingID),
                            FieldChange(field: "number", before: nil, after: String(decision.number)),
                            FieldChange(field: "text", before: nil, after: checked),
                        ])
                ], at: now, db)
            return decision
        }
    }

    // MARK: - Action items

    /// The action items `filter` matches, of the meetings `viewer` may see, by due date.
    public func actionItems(_ filter: ActionItemFilter, for viewer: Viewer) async throws -> [ActionItem] {
        let organizations = try await directory.current(database)
        return try await actionRows(filter.meetingID).filter { row in
            Self.visible(row.meetingReleasability, owner: row.meetingOwner, to: viewer)
        }.map { Self.readable($0.item, assigneeOrganization: $0.assigneeOrganization, for: viewer, organizations) }
            .filter(filter.matches)
    }

    /// The action item `id`, if `viewer` may see its meeting, as they may read it.
    public func actionItem(id: String, for viewer: Viewer) async throws -> ActionItem {
        guard let row = try await actionRow(id), (try? await meeting(id: row.item.meetingID, for: viewer)) != nil
        else {
            throw EnlaceError.notFound(entity: "action item", id: id)
        }
        return Self.readable(
            row.item, assigneeOrganization: row.assigneeOrganization, for: viewer,
            try await directory.current(database))
    }

    /// `item` as `viewer` reads it: a visitor reads no person; the assignee's name (which says that an
    /// account exists) only for readers of the assignee's own government and those who see everything.
    static func readable(
        _ item: ActionItem, assigneeOrganization: String?, for viewer: Viewer,
        _ organizations: OrganizationDirectory.Snapshot
    ) -> ActionItem {
        var item = item.redacted(for: viewer)
        let government = assigneeOrganization.map { organizations.lineage(of: $0).last ?? $0 }
        if !viewer.seesEverything, government == nil || viewer.principal?.government != government {
            item.assigneeName = nil
        }
        return item
    }

    /// Whether `viewer` may change `item` (its status at least).
    public func canUpdate(_ item: ActionItem, viewer: Viewer) async throws -> Bool {
        guard let meeting = try await meetingRow(item.meetingID), let series = try await seriesRow(meeting.seriesID)
        else { return false }
        return MeetingPolicy.canUpdateAction(viewer, owner: item.owner, assignee: item.assignee, chairs: series.chairs)
    }

    /// Records an action item of meeting `meetingID`.
    public func addActionItem(
        meetingID: String, _ input: ActionItemInput, by actor: Principal
    ) async throws
        -> ActionItem
    {
        _ = try await chairedMeeting(meetingID, by: actor)
        let now = clock.now()
        let blank = ActionItem(
            id: ids.next(), meetingID: meetingID, decisionID: nil, text: "", owner: "", assignee: nil,
            assigneeName: nil, due: CalendarDate(dayNumber: 0), status: .open, sequence: 0, version: 1,
            createdAt: now, updatedAt: now)
        let item = try await resolveAssignee(try input.applied(to: blank, creating: true), before: nil, by: actor)
        try await database.write { db in
            try await Self.checkAction(item, db)
            try await db.insert(into: "action_items").columns(MeetingColumns.actionNames)
                .values(MeetingColumns.values(of: item)).run()
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .create, entityType: "action-item", entityID: item.id,
                        changes: FieldChange.diff([:], Self.auditFields(item)))
                ], at: now, db)
        }
        return try await actionItem(id: item.id, for: .person(actor))
    }

    /// Applies `input` to action item `id`, provided it is still at `expectedVersion`.
    ///
    /// Those who chair may change anything; the assignee and the owning organisation's people only the status.
    public func updateActionItem(
        id: String, _ input: ActionItemInput, expectedVersion: Int?, by actor: Principal
    ) async throws -> ActionItem {
        let current = try await actionItem(id: id, for: .person(actor))
        guard try await canUpdate(current, viewer: .person(actor)) else { throw EnlaceError.forbidden(field: nil) }
        let chairs = try await chairs(ofMeeting: current.meetingID)
        if !MeetingPolicy.canChair(.person(actor), chairs: chairs) {
            let others: [(String, Bool)] = [
                ("text", input.text != nil), ("owner", input.owner != nil), ("assignee", input.assignee != nil),
                ("due", input.due != nil), ("decision", input.decision != nil),
            ]
            if let field = others.first(where: \.1)?.0 { throw EnlaceError.forbidden(field: field) }
        }
        var changed = try await resolveAssignee(
            try input.applied(to: current, creating: false), before: current, by: actor)
        let now = clock.now()
        changed.updatedAt = now
        if changed != current { changed.sequence = current.sequence + 1 }
        let updated = changed
        try await database.write { db in
            let version = try await VersionClaim.claim(
                "action_items", entity: "action item", id: id, expected: expectedVersion, db
            ).version
            var saved = updated
            saved.version = version + 1
            try await Self.checkAction(saved, db)
            var update = db.update("action_items").where("id", .equal, id)
            for (column, value) in zip(MeetingColumns.actionNames, MeetingColumns.values(of: saved))
            where column != "id" {
                update = update.set(column, to: value)
            }
            try await update.run()
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .update, entityType: "action-item", entityID: id,
                        changes: FieldChange.diff(Self.auditFields(current), Self.auditFields(saved)))
                ], at: now, db)
        }
        return try await actionItem(id: id, for: .person(actor))
    }

    // MARK: - Suggested agenda items

    /// The open overlaps in the tracks of meeting `meetingID`'s series that `viewer` sees in full, offered for
    /// its agenda while it is the series' next planned meeting, less those the chair has already answered.
    public func suggestions(meetingID: String, for viewer: Viewer) async throws -> [OverlapView] {
        let (meeting, series) = try await meetingWithSeries(id: meetingID, for: viewer)
        var coming = MeetingFilter()
        coming.seriesID = series.id
        coming.status = .planned
        coming.from = clock.now()
        let next = try await meetingRows(coming).first
        guard next?.id == meeting.id else { return [] }
        let answered = Set(
            try await database.read { db in
                try await db.raw("SELECT overlap_id FROM agenda_suggestions WHERE meeting_id = \(bind: meetingID)")
                    .all()
                    .map { try $0.decode(column: "overlap_id", as: String.self) }
            })
        var found: [String: OverlapView] = [:]
        for area in series.keyAreas {
            let list = try await overlaps.list(
                OverlapFilter(keyArea: area, status: .open), limit: 500, cursor: nil, for: viewer)
            for view in list.page.items where !answered.contains(view.record.id) { found[view.record.id] = view }
        }
        return found.values.sorted {
            ($0.record.assessment.score, $1.record.id) > ($1.record.assessment.score, $0.record.id)
        }
    }

    /// The chair's answer to a suggested item: accepting puts the overlap on the agenda, linked to it and to
    /// its two activities; dismissing only records the answer. Either way it is no longer suggested.
    public func answerSuggestion(
        meetingID: String, overlapID: String, accept: Bool, by actor: Principal
    ) async throws -> AgendaItem? {
        _ = try await chairedMeeting(meetingID, by: actor)
        guard
            let view = try await suggestions(meetingID: meetingID, for: .person(actor))
                .first(where: { $0.record.id == overlapID })
        else { throw EnlaceError.notFound(entity: "suggestion", id: overlapID) }
        let now = clock.now()
        let id = ids.next()
        return try await database.write { db in
            try await db.insert(into: "agenda_suggestions")
                .columns("meeting_id", "overlap_id", "answer", "answered_by", "answered_at")
                .values(meetingID, overlapID, accept ? "accepted" : "dismissed", actor.userID, Timestamp.format(now))
                .run()
            var item: AgendaItem?
            if accept {
                // The reference is stored, not the titles: each reader gets them as they may read them.
                item = try await Self.insertAgendaItem(
                    id: id, meetingID: meetingID, title: "", presenter: nil, notes: nil,
                    links: [
                        AgendaLink(kind: .overlap, reference: overlapID),
                        AgendaLink(kind: .activity, reference: view.first.id),
                        AgendaLink(kind: .activity, reference: view.second.id),
                    ], fromOverlap: overlapID, position: nil, db)
                item?.title = Self.overlapTitle(view)
            }
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .decide, entityType: "agenda-suggestion", entityID: meetingID,
                        changes: [FieldChange(field: overlapID, before: nil, after: accept ? "accepted" : "dismissed")])
                ], at: now, db)
            return item
        }
    }

    // MARK: - Calendar feeds

    /// What a calendar feed carries: meetings with their series, and action items.
    public struct Feed: Sendable {
        public var meetings: [(meeting: Meeting, series: MeetingSeries)]
        public var actions: [ActionItem]
    }

    /// What a feed shows.
    public enum FeedScope: Sendable, Hashable {
        /// One series: its meetings and their action items.
        case series(String)
        /// An organisation: the meetings it takes part in and the action items it owns.
        case organization(String)
        /// A person: the meetings that name them and the action items assigned to them.
        case person(email: String)
    }

    /// The feed `scope` shows, as `viewer` (the feed key's owner) may see it.
    public func feed(_ scope: FeedScope, for viewer: Viewer) async throws -> Feed {
        var filter = MeetingFilter()
        var actions = ActionItemFilter()
        switch scope {
        case .series(let id):
            _ = try await series(id: id, for: viewer)
            filter.seriesID = id
        case .organization(let code):
            filter.organization = code
            actions.owners = [code]
        case .person(let email):
            filter.person = email
            actions.assignee = email
        }
        let series = Dictionary(uniqueKeysWithValues: try await allSeries().map { ($0.id, $0) })
        let meetings = try await meetings(filter, for: viewer).compactMap { meeting in
            series[meeting.seriesID].map { (meeting, $0) }
        }
        var items = try await actionItems(actions, for: viewer)
        if case .series = scope {
            let ids = Set(meetings.map(\.0.id))
            items = items.filter { ids.contains($0.meetingID) }
        }
        return Feed(meetings: meetings, actions: items)
    }

    // MARK: - Helpers

    /// The meeting, after checking `actor` may see it and chairs its series.
    func chairedMeeting(_ id: String, by actor: Principal) async throws -> Meeting {
        let (meeting, series) = try await meetingWithSeries(id: id, for: .person(actor))
        guard canChair(series, viewer: .person(actor)) else { throw EnlaceError.forbidden(field: nil) }
        return meeting
    }

    func chairs(ofMeeting id: String) async throws -> [String] {
        guard let meeting = try await meetingRow(id), let series = try await seriesRow(meeting.seriesID) else {
            return []
        }
        return series.chairs
    }

    func linkVisible(_ link: AgendaLink, to viewer: Viewer) async throws -> Bool {
        switch link.kind {
        case .activity:
            return try await activities.index(database).activity(id: link.reference, for: viewer) != nil
        case .overlap:
            return (try? await overlaps.find(id: link.reference, for: viewer)) != nil
        case .proposal:
            let proposal = try await database.read { db in try await ProposalRepository.rows(link.reference, db).first }
            return proposal.map { ProposalRepository.canRead($0, viewer) } ?? false
        case .coverage:
            let parts = link.reference.split(separator: "/")
            return parts.count == 2 && catalog.country(String(parts[0])) != nil
                && catalog.keyArea(String(parts[1])) != nil
        }
    }

    static func insertAgendaItem(
        id: String, meetingID: String, title: String, presenter: String?, notes: String?, links: [AgendaLink],
        fromOverlap: String? = nil, position: Int?, _ db: any SQLDatabase
    ) async throws -> AgendaItem {
        let count =
            try await db.raw("SELECT COUNT(*) AS n FROM agenda_items WHERE meeting_id = \(bind: meetingID)").first()?
            .decode(column: "n", as: Int.self) ?? 0
        let place = min(max(position ?? count + 1, 1), count + 1)
        try await db.raw(
            "UPDATE agenda_items SET position = position + 1 WHERE meeting_id = \(bind: meetingID) AND position >= \(bind: place)"
        ).run()
        let item = AgendaItem(
            id: id, meetingID: meetingID, position: place, title: title, presenter: presenter, notes: notes,
            links: links, fromOverlap: fromOverlap)
        try await db.insert(into: "agenda_items")
            .columns("id", "meeting_id", "position", "title", "presenter", "notes", "links", "from_overlap")
            .values(id, meetingID, place, title, presenter, notes, try MeetingColumns.json(links), fromOverlap).run()
        return item
    }

    /// The assignee as written: any address is taken, whether or not it has an account, so that naming
    /// a person never tells whether one exists. (Who reads the name is ``readable(_:assigneeOrganization:for:_:)``'s
    /// business; the person's own feeds and lists find the item by the address.)
    func resolveAssignee(_ item: ActionItem, before: ActionItem?, by actor: Principal) async throws -> ActionItem {
        var result = item
        if item.assignee != before?.assignee { result.assigneeName = nil }
        return result
    }

    static func checkAction(_ item: ActionItem, _ db: any SQLDatabase) async throws {
        var errors = try await unknown([item.owner], field: "owner", db).map {
            FieldError("owner", $0.code, $0.parameters)
        }
        if let decision = item.decisionID {
            let found = try await db.raw(
                "SELECT id FROM decisions WHERE id = \(bind: decision) AND meeting_id = \(bind: item.meetingID)"
            ).first()
            if found == nil { errors.append(FieldError("decision", .unknownCode, ["value": decision])) }
        }
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
    }

    /// Action items (of one meeting, or all) with the owner and marking of their meeting, by due date.
    func actionRows(
        _ meetingID: String?
    ) async throws -> [(
        item: ActionItem, meetingOwner: String, meetingReleasability: Releasability, assigneeOrganization: String?
    )] {
        try await database.read { db in
            let base: SQLQueryString = """
                SELECT a.*, u.name AS assignee_name, u.organization_code AS assignee_org, m.owner_org AS meeting_owner,
                m.marking AS marking, m.releasable_to AS releasable_to
                FROM action_items a JOIN meetings m ON m.id = a.meeting_id
                LEFT JOIN users u ON u.email = a.assignee AND u.active = 1
                """
            let query: SQLQueryString =
                meetingID.map { base + " WHERE a.meeting_id = \(bind: $0) ORDER BY a.due, a.id" }
                ?? base + " ORDER BY a.due, a.id"
            return try await db.raw(query).all().map { row in
                let read = MeetingColumns.Reader(row: row, table: "action_items")
                return (
                    try MeetingColumns.actionItem(row), try read.text("meeting_owner"), try read.releasability(),
                    try read.optionalText("assignee_org")
                )
            }
        }
    }

    func actionRow(_ id: String) async throws -> (item: ActionItem, assigneeOrganization: String?)? {
        try await database.read { db in
            try await db.raw(
                """
                SELECT a.*, u.name AS assignee_name, u.organization_code AS assignee_org FROM action_items a
                LEFT JOIN users u ON u.email = a.assignee AND u.active = 1 WHERE a.id = \(bind: id)
                """
            ).first().map { row in
                (
                    try MeetingColumns.actionItem(row),
                    try MeetingColumns.Reader(row: row, table: "action_items").optionalText("assignee_org")
                )
            }
        }
    }

    static func auditFields(_ item: ActionItem) -> [String: String] {
        [
            "meeting": item.meetingID, "decision": item.decisionID ?? "", "text": item.text, "owner": item.owner,
            "assignee": item.assignee ?? "", "due": item.due.iso, "status": item.status.rawValue,
        ].filter { !$0.value.isEmpty }
    }
}
