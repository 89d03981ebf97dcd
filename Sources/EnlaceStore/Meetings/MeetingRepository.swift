public import EnlaceCore
public import Foundation
import SQLKit

/// Coordination meetings: series, their meetings and everything recorded at them.
///
/// Every read takes a ``Viewer``; a series or meeting the viewer may not see is absent, and so are its
/// agenda, decisions and action items, which carry the meeting's marking. Writes are checked against
/// ``MeetingPolicy``, validated, audited and run in one transaction each.
public struct MeetingRepository: Sendable {
    let database: Database
    let catalog: ReferenceCatalog
    let clock: WallClock
    let ids: IDGenerator
    let directory: OrganizationDirectory
    let activities: ActivityReadModel
    let overlaps: OverlapRepository
    let users: UserRepository

    /// How far ahead a series' meetings are put in the calendar, in days.
    public static let horizonDays = 400
    /// At most this many meetings of a series are put ahead.
    static let aheadLimit = 60

    // MARK: - Series

    /// The series `viewer` may see, by name.
    public func seriesList(for viewer: Viewer) async throws -> [MeetingSeries] {
        try await allSeries().filter { Self.visible($0.releasability, owner: $0.owner, to: viewer) }
    }

    /// The series `id`, if `viewer` may see it.
    public func series(id: String, for viewer: Viewer) async throws -> MeetingSeries {
        guard let series = try await seriesRow(id), Self.visible(series.releasability, owner: series.owner, to: viewer)
        else { throw EnlaceError.notFound(entity: "meeting series", id: id) }
        return series
    }

    /// Whether `viewer` runs the meetings of `series`.
    public func canChair(_ series: MeetingSeries, viewer: Viewer) -> Bool {
        MeetingPolicy.canChair(viewer, chairs: series.chairs)
    }

    /// Validates `input` and stores it as a new series of `actor`'s organisation, with its coming meetings.
    public func createSeries(_ input: SeriesInput, by actor: Principal) async throws -> MeetingSeries {
        try await createSeries(input, by: actor, alongside: { _, _ in })
    }

    /// Creates the series as ``createSeries(_:by:)`` does, and runs `alongside` in the same transaction.
    func createSeries(
        _ input: SeriesInput, by actor: Principal,
        alongside: @Sendable (MeetingSeries, any SQLDatabase) async throws -> Void
    ) async throws -> MeetingSeries {
        guard MeetingPolicy.canCreateSeries(.person(actor)) else { throw EnlaceError.forbidden(field: nil) }
        let draft = try input.validated(against: catalog)
        let now = clock.now()
        let series = MeetingSeries(
            id: ids.next(), owner: actor.organization, draft: draft, version: 1, createdAt: now, updatedAt: now)
        try await database.write { db in
            try await Self.checkOrganizations(series, catalog: catalog, db)
            try await db.insert(into: "meeting_series").columns(MeetingColumns.seriesNames)
                .values(try MeetingColumns.values(of: series)).run()
            try await schedule(series, previous: nil, now: now, db)
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .create, entityType: "meeting-series", entityID: series.id,
                        changes: FieldChange.diff([:], Self.auditFields(series)))
                ], at: now, db)
            try await alongside(series, db)
        }
        return series
    }

    /// Replaces series `id` with `input`, provided it is still at `expectedVersion`; its coming meetings follow.
    public func updateSeries(
        id: String, _ input: SeriesInput, expectedVersion: Int?, by actor: Principal
    ) async throws -> MeetingSeries {
        let current = try await series(id: id, for: .person(actor))
        guard canChair(current, viewer: .person(actor)) else { throw EnlaceError.forbidden(field: nil) }
        var draft = try input.validated(against: catalog)
        if input.releasability == nil { draft.releasability = current.releasability }
        let now = clock.now()
        var series = current
        series.draft = draft
        series.updatedAt = now
        let updated = series
        return try await database.write { db in
            let version = try await VersionClaim.claim(
                "meeting_series", entity: "meeting series", id: id, expected: expectedVersion, db
            ).version
            var saved = updated
            saved.version = version + 1
            try await Self.checkOrganizations(saved, catalog: catalog, db)
            var update = db.update("meeting_series").where("id", .equal, id)
            for (column, value) in zip(MeetingColumns.seriesNames, try MeetingColumns.values(of: saved))
            where column != "id" {
                update = update.set(column, to: value)
            }
            try await update.run()
            try await schedule(saved, previous: current, now: now, db)
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .update, entityType: "meeting-series", entityID: id,
                        changes: FieldChange.diff(Self.auditFields(current), Self.auditFields(saved)))
                ], at: now, db)
            return saved
        }
    }

    /// Puts the coming meetings of every series in the calendar, up to ``horizonDays`` ahead.
    public func scheduleAll() async throws {
        let now = clock.now()
        for series in try await allSeries() {
            try await database.write { db in try await schedule(series, previous: series, now: now, db) }
        }
    }

    /// The next occurrences of `series` from now, whether or not they are in the calendar yet.
    public func upcomingOccurrences(of series: MeetingSeries, limit: Int) -> [RecurrenceSchedule.Occurrence] {
        let now = clock.now()
        return series.schedule.occurrences(
            from: now, through: now.addingTimeInterval(Double(Self.horizonDays) * 86_400 * 3), limit: limit)
    }

    /// Brings the series' generated meetings in line with its rhythm: coming occurrences without a meeting get
    /// one; coming planned meetings follow a changed time, place or membership; those no longer in the rhythm
    /// are cancelled (so that calendars hear of it). Held and past meetings are never touched.
    private func schedule(
        _ series: MeetingSeries, previous: MeetingSeries?, now: Date, _ db: any SQLDatabase
    ) async throws {
        let occurrences = series.schedule.occurrences(
            from: now, through: now.addingTimeInterval(Double(Self.horizonDays) * 86_400), limit: Self.aheadLimit)
        let existing = try await db.raw("SELECT * FROM meetings WHERE series_id = \(bind: series.id)").all()
            .map(MeetingColumns.meeting)
        var byOccurrence: [CalendarDate: Meeting] = [:]
        for meeting in existing { if let day = meeting.occurrence { byOccurrence[day] = meeting } }
        let wanted = Set(occurrences.map(\.date))
        var inserts: [Meeting] = []
        var changes: [Meeting] = []
        for occurrence in occurrences {
            guard var meeting = byOccurrence[occurrence.date] else {
                inserts.append(
                    Meeting(
                        id: ids.next(), seriesID: series.id, owner: series.owner, title: series.name,
                        start: occurrence.start, end: occurrence.end, timeZone: series.timeZone,
                        occurrence: occurrence.date, venue: series.venue, virtualLink: series.virtualLink,
                        status: .planned, participants: Self.participants(of: series), minutes: "",
                        releasability: series.releasability, sequence: 0, version: 1, createdAt: now, updatedAt: now))
                continue
            }
            guard meeting.status == .planned, let previous else { continue }
            let before = meeting
            meeting.start = occurrence.start
            meeting.end = occurrence.end
            meeting.timeZone = series.timeZone
            if meeting.venue == previous.venue { meeting.venue = series.venue }
            if meeting.virtualLink == previous.virtualLink { meeting.virtualLink = series.virtualLink }
            if meeting.title == previous.name { meeting.title = series.name }
            if meeting.releasability == previous.releasability { meeting.releasability = series.releasability }
            if meeting.participants == Self.participants(of: previous) {
                meeting.participants = Self.participants(of: series)
            }
            if meeting != before { changes.append(Self.revised(meeting, from: before, now: now)) }
        }
        for meeting in existing
        where meeting.status == .planned && meeting.start > now
            && meeting.occurrence.map({ !wanted.contains($0) }) == true
        {
            var cancelled = meeting
            cancelled.status = .cancelled
            changes.append(Self.revised(cancelled, from: meeting, now: now))
        }
        if !inserts.isEmpty {
            var builder = db.insert(into: "meetings").columns(MeetingColumns.meetingNames)
            for meeting in inserts { builder = builder.values(try MeetingColumns.values(of: meeting)) }
            try await builder.run()
        }
        for meeting in changes { try await Self.write(meeting, db) }
    }

    // MARK: - Meetings

    /// The meetings `filter` matches that `viewer` may see, by start, as they may read them (the filter
    /// reads what they read: a visitor cannot find a meeting by a person it does not name to them).
    public func meetings(_ filter: MeetingFilter, for viewer: Viewer) async throws -> [Meeting] {
        try await meetingRows(filter).filter { Self.visible($0.releasability, owner: $0.owner, to: viewer) }
            .map { $0.redacted(for: viewer) }.filter(filter.matches)
    }

    /// The meeting `id`, if `viewer` may see it, as they may read it.
    public func meeting(id: String, for viewer: Viewer) async throws -> Meeting {
        guard let meeting = try await meetingRow(id),
            Self.visible(meeting.releasability, owner: meeting.owner, to: viewer)
        else { throw EnlaceError.notFound(entity: "meeting", id: id) }
        return meeting.redacted(for: viewer)
    }

    /// The meeting `id` with its series, if `viewer` may see the meeting.
    ///
    /// A meeting may be released more widely than its series; the series then still names the track and chairs.
    public func meetingWithSeries(id: String, for viewer: Viewer) async throws -> (Meeting, MeetingSeries) {
        let meeting = try await meeting(id: id, for: viewer)
        guard let series = try await seriesRow(meeting.seriesID) else {
            throw EnlaceError.notFound(entity: "meeting", id: id)
        }
        return (meeting, series)
    }

    /// Adds a meeting to series `seriesID` outside its rhythm, from `input` (which must give `start`).
    public func createMeeting(seriesID: String, _ input: MeetingInput, by actor: Principal) async throws -> Meeting {
        let series = try await series(id: seriesID, for: .person(actor))
        guard canChair(series, viewer: .person(actor)) else { throw EnlaceError.forbidden(field: nil) }
        guard input.start != nil else { throw EnlaceError.invalid("start", .required) }
        let now = clock.now()
        let base = Meeting(
            id: ids.next(), seriesID: series.id, owner: series.owner, title: series.name, start: now,
            end: now.addingTimeInterval(Double(series.durationMinutes) * 60), timeZone: series.timeZone,
            occurrence: nil, venue: series.venue, virtualLink: series.virtualLink, status: .planned,
            participants: Self.participants(of: series), minutes: "", releasability: series.releasability,
            sequence: 0, version: 1, createdAt: now, updatedAt: now)
        let meeting = try await resolvePeople(try input.applied(to: base, catalog: catalog), before: nil, by: actor)
        try await database.write { db in
            try await Self.checkOrganizations(meeting, catalog: catalog, db)
            try await db.insert(into: "meetings").columns(MeetingColumns.meetingNames)
                .values(try MeetingColumns.values(of: meeting)).run()
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .create, entityType: "meeting", entityID: meeting.id,
                        changes: FieldChange.diff([:], Self.auditFields(meeting)))
                ], at: now, db)
        }
        return meeting
    }

    /// Applies `input` to meeting `id`, provided it is still at `expectedVersion` and `actor` chairs it.
    public func updateMeeting(
        id: String, _ input: MeetingInput, expectedVersion: Int?, by actor: Principal
    ) async throws -> Meeting {
        let (current, series) = try await meetingWithSeries(id: id, for: .person(actor))
        guard canChair(series, viewer: .person(actor)) else { throw EnlaceError.forbidden(field: nil) }
        let changed = try await resolvePeople(
            try input.applied(to: current, catalog: catalog), before: current, by: actor)
        let now = clock.now()
        return try await database.write { db in
            let version = try await VersionClaim.claim(
                "meetings", entity: "meeting", id: id, expected: expectedVersion, db
            ).version
            var saved = Self.revised(changed, from: current, now: now)
            saved.version = version + 1
            try await Self.checkOrganizations(saved, catalog: catalog, db)
            try await Self.write(saved, db)
            var records = [
                AuditRecord(
                    actor: actor, action: .update, entityType: "meeting", entityID: id,
                    changes: FieldChange.diff(Self.auditFields(current), Self.auditFields(saved)))
            ]
            if saved.releasability != current.releasability {
                records.append(
                    AuditRecord(
                        actor: actor, action: .markingChange, entityType: "meeting", entityID: id,
                        changes: records[0].changes.filter { $0.field.hasPrefix("releasability") }))
            }
            try await AuditLog.append(records, at: now, db)
            return saved
        }
    }

    // MARK: - Shared

    static func visible(_ releasability: Releasability, owner: String, to viewer: Viewer) -> Bool {
        releasability.allows(viewer, owner: owner)
    }

    static func participants(of series: MeetingSeries) -> [Participant] {
        series.chairs.map { Participant(organization: $0, role: .chair) }
            + series.members.filter { !series.chairs.contains($0) }.map { Participant(organization: $0) }
    }

    /// `meeting` as changed from `before`: the sequence grows when calendars must hear of it.
    static func revised(_ meeting: Meeting, from before: Meeting, now: Date) -> Meeting {
        var result = meeting
        if meeting.differsForCalendars(from: before) { result.sequence = before.sequence + 1 }
        result.updatedAt = now
        if result.version == before.version { result.version = before.version + 1 }
        return result
    }

    static func write(_ meeting: Meeting, _ db: any SQLDatabase) async throws {
        var update = db.update("meetings").where("id", .equal, meeting.id)
        for (column, value) in zip(MeetingColumns.meetingNames, try MeetingColumns.values(of: meeting))
        where column != "id" {
            update = update.set(column, to: value)
        }
        try await update.run()
    }

    /// Fills in the people `meeting` names: those `before` named keep the organisation and name they had;
    /// a person newly named whom `actor` may know gets their organisation and name from their account;
    /// anyone else is taken as written, and must then come with the organisation they take part for.
    /// Whether an address has an account is never the answer: an unknown address and a stranger's are
    /// treated alike.
    func resolvePeople(_ meeting: Meeting, before: Meeting?, by actor: Principal) async throws -> Meeting {
        var named: [String: Participant] = [:]
        for participant in before?.participants ?? [] {
            if let email = participant.person { named[email] = participant }
        }
        var result = meeting
        var errors: [FieldError] = []
        for (index, participant) in meeting.participants.enumerated() {
            guard let email = participant.person else { continue }
            if let earlier = named[email] {
                result.participants[index].organization = earlier.organization
                result.participants[index].name = earlier.name
                continue
            }
            if let account = try await users.knownAccount(email: email, to: actor) {
                result.participants[index].organization = account.organization
                result.participants[index].name = account.name
            } else if participant.organization.isEmpty {
                errors.append(FieldError("participants[\(index)].organization", .required))
            } else {
                result.participants[index].name = nil
            }
        }
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
        return result
    }

    /// Checks that the organisations a series names exist.
    static func checkOrganizations(
        _ series: MeetingSeries, catalog: ReferenceCatalog, _ db: any SQLDatabase
    ) async throws {
        var errors = try await unknown(series.chairs, field: "chairs", db)
        errors += try await unknown(series.members, field: "members", db)
        errors += try await unknownReleases(series.releasability, catalog: catalog, db)
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
    }

    /// Checks that the organisations a meeting names exist.
    static func checkOrganizations(_ meeting: Meeting, catalog: ReferenceCatalog, _ db: any SQLDatabase) async throws {
        var errors = try await unknown(meeting.participants.map(\.organization), field: "participants", db)
            .map { FieldError($0.field.replacingOccurrences(of: "]", with: "].organization"), $0.code, $0.parameters) }
        errors += try await unknownReleases(meeting.releasability, catalog: catalog, db)
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
    }

    static func unknown(_ codes: [String], field: String, _ db: any SQLDatabase) async throws -> [FieldError] {
        let unknown = try await OrganizationRepository.unknownCodes(codes, db)
        return codes.enumerated().compactMap { index, code in
            unknown.contains(code) ? FieldError("\(field)[\(index)]", .unknownCode, ["value": code]) : nil
        }
    }

    private static func unknownReleases(
        _ releasability: Releasability, catalog: ReferenceCatalog, _ db: any SQLDatabase
    ) async throws
        -> [FieldError]
    {
        // Country codes were checked against the catalogue; what is not a country must be an organisation.
        let entries = releasability.releasableTo.filter { catalog.country($0) == nil }
        return try await unknown(entries, field: "releasability.releasableTo", db)
    }

    func allSeries() async throws -> [MeetingSeries] {
        try await database.read { db in
            try await db.raw("SELECT * FROM meeting_series ORDER BY name, id").all().map(MeetingColumns.series)
        }
    }

    func seriesRow(_ id: String) async throws -> MeetingSeries? {
        try await database.read { db in
            try await db.raw("SELECT * FROM meeting_series WHERE id = \(bind: id)").first().map(MeetingColumns.series)
        }
    }

    /// The meetings the indexed parts of `filter` (series, dates, status) let through, by start; the caller
    /// applies the rest of the filter and the releasability rule.
    func meetingRows(_ filter: MeetingFilter) async throws -> [Meeting] {
        try await database.read { db in
            var query = db.select().column("*").from("meetings")
            if let series = filter.seriesID { query = query.where("series_id", .equal, series) }
            // Timestamps are stored in one fixed-width UTC form, so text order is time order.
            if let from = filter.from { query = query.where("ends_at", .greaterThanOrEqual, Timestamp.format(from)) }
            if let to = filter.to { query = query.where("starts_at", .lessThan, Timestamp.format(to)) }
            if let status = filter.status { query = query.where("status", .equal, status.rawValue) }
            return try await query.orderBy("starts_at").orderBy("id").all().map(MeetingColumns.meeting)
        }
    }

    func meetingRow(_ id: String) async throws -> Meeting? {
        try await database.read { db in
            try await db.raw("SELECT * FROM meetings WHERE id = \(bind: id)").first().map(MeetingColumns.meeting)
        }
    }

    static func auditFields(_ series: MeetingSeries) -> [String: String] {
        [
            "name": series.name, "level": series.level.rawValue, "keyAreas": series.keyAreas.joined(separator: ","),
            "chairs": series.chairs.joined(separator: ","), "members": series.members.joined(separator: ","),
            "timeZone": series.timeZone, "firstDate": series.firstDate.iso, "startTime": series.startTime,
            "durationMinutes": String(series.durationMinutes), "rhythm": series.rhythm.text,
            "venue": series.venue ?? "", "virtualLink": series.virtualLink ?? "",
            "releasability.marking": series.releasability.marking.rawValue,
            "releasability.releasableTo": series.releasability.releasableTo.joined(separator: ","),
        ].filter { !$0.value.isEmpty }
    }

    static func auditFields(_ meeting: Meeting) -> [String: String] {
        [
            "title": meeting.title, "start": Timestamp.format(meeting.start), "end": Timestamp.format(meeting.end),
            "timeZone": meeting.timeZone, "venue": meeting.venue ?? "", "virtualLink": meeting.virtualLink ?? "",
            "status": meeting.status.rawValue,
            "participants": meeting.participants.map { $0.person ?? $0.organization }.joined(separator: ","),
            "attendance": meeting.participants.map { $0.attendance.rawValue }.joined(separator: ","),
            "minutes": meeting.minutes.isEmpty ? "" : "\(meeting.minutes.count) characters",
            "releasability.marking": meeting.releasability.marking.rawValue,
            "releasability.releasableTo": meeting.releasability.releasableTo.joined(separator: ","),
        ].filter { !$0.value.isEmpty }
    }
}
