import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import Foundation
import Testing

@Suite("Meetings in the store: scheduling, records, releasability, suggestions, feeds")
struct MeetingStoreTests {
    /// A weekly series on Tuesdays at 10:00 New York time, crossing the change to summer time on 14 March 2027.
    static func series(
        marking: String = "members", releasableTo: [String]? = nil, rhythm: String = "FREQ=WEEKLY;BYDAY=TU;COUNT=4"
    ) -> SeriesInput {
        Fixtures.series(marking: marking, releasableTo: releasableTo, rhythm: rhythm)
    }

    static func instant(_ text: String) -> Date { Timestamp.parse(text)! }

    static func seriesMeetings(_ store: Store, _ id: String, _ viewer: Viewer) async throws -> [Meeting] {
        var filter = MeetingFilter()
        filter.seriesID = id
        return try await store.meetings.meetings(filter, for: viewer)
    }

    @Test(
        "a series schedules its meetings at the same wall time on both sides of a DST change",
        arguments: TestDatabase.engines)
    func scheduling(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let series = try await store.meetings.createSeries(Self.series(), by: people.contributor)
            let meetings = try await Self.seriesMeetings(store, series.id, people.everyone)
            #expect(
                meetings.map(\.start) == [
                    Self.instant("2027-03-02T15:00:00Z"), Self.instant("2027-03-09T15:00:00Z"),
                    Self.instant("2027-03-16T14:00:00Z"), Self.instant("2027-03-23T14:00:00Z"),
                ])
            #expect(meetings.allSatisfy { $0.end.timeIntervalSince($0.start) == 90 * 60 })
            #expect(meetings.allSatisfy { $0.status == .planned && $0.sequence == 0 })
            #expect(meetings.first?.participants.map(\.organization) == ["US-INL", "CO-PONAL", "HN"])
            #expect(meetings.first?.participants.first?.role == .chair)

            // Moving the series to 11:00 and dropping to three meetings moves three and cancels the fourth.
            var input = Self.series(rhythm: "FREQ=WEEKLY;BYDAY=TU;COUNT=3")
            input.startTime = "11:00"
            _ = try await store.meetings.updateSeries(id: series.id, input, expectedVersion: 1, by: people.contributor)
            let after = try await Self.seriesMeetings(store, series.id, people.everyone)
            #expect(after.map(\.status) == [.planned, .planned, .planned, .cancelled])
            #expect(after[2].start == Self.instant("2027-03-16T15:00:00Z"))
            #expect(after.allSatisfy { $0.sequence == 1 })

            await #expect(throws: EnlaceError.staleVersion(entity: "meeting series", id: series.id, current: 2)) {
                try await store.meetings.updateSeries(id: series.id, input, expectedVersion: 1, by: people.contributor)
            }
        }
    }

    @Test("bad input is refused with every reason and writes nothing", arguments: TestDatabase.engines)
    func validation(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            var input = Self.series(rhythm: "FREQ=YEARLY")
            input.timeZone = "Mars/Olympus_Mons"
            input.chairs = ["NOPE-ORG"]
            input.startTime = "25:00"
            do {
                _ = try await store.meetings.createSeries(input, by: people.contributor)
                Issue.record("accepted")
            } catch EnlaceError.invalid(let errors) {
                #expect(Set(errors.map(\.field)) == ["rhythm", "timeZone", "startTime"])
                #expect(errors.first { $0.field == "rhythm" }?.code == .invalidRule)
            }
            // Organisations are checked in the transaction: an unknown chair leaves no series behind.
            var unknownChair = Self.series()
            unknownChair.chairs = ["NOPE-ORG"]
            await #expect(throws: EnlaceError.invalid("chairs[0]", .unknownCode, ["value": "NOPE-ORG"])) {
                try await store.meetings.createSeries(unknownChair, by: people.contributor)
            }
            #expect(try await store.meetings.seriesList(for: people.everyone).isEmpty)
            #expect(try await store.meetings.meetings(MeetingFilter(), for: people.everyone).isEmpty)
            // People who may not set up series are refused.
            await #expect(throws: EnlaceError.forbidden(field: nil)) {
                try await store.meetings.createSeries(Self.series(), by: people.all["partner"]!)
            }
        }
    }

    @Test(
        "decisions are numbered per meeting; action items go overdue; owners may only set the status",
        arguments: TestDatabase.engines)
    func records(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let series = try await store.meetings.createSeries(Self.series(), by: people.contributor)
            let meetings = try await Self.seriesMeetings(store, series.id, people.everyone)
            let first = meetings[0].id
            let second = meetings[1].id
            let one = try await store.meetings.addDecision(meetingID: first, text: "One", by: people.contributor)
            let two = try await store.meetings.addDecision(meetingID: first, text: "Two", by: people.contributor)
            let other = try await store.meetings.addDecision(meetingID: second, text: "Other", by: people.secretariat)
            #expect([one.number, two.number, other.number] as [Int] == [1, 2, 1])
            await #expect(throws: EnlaceError.invalid("text", .required)) {
                try await store.meetings.addDecision(meetingID: first, text: "  ", by: people.contributor)
            }
            await #expect(throws: EnlaceError.forbidden(field: nil)) {
                try await store.meetings.addDecision(meetingID: first, text: "Not a chair", by: people.all["colombia"]!)
            }

            var input = ActionItemInput()
            input.text = "Send the course calendar"
            input.owner = "CO-PONAL"
            input.assignee = Fixtures.email("colombia")
            input.due = "2026-05-01"
            input.decision = two.id
            let item = try await store.meetings.addActionItem(meetingID: first, input, by: people.contributor)
            // The name says the address has an account: Colombia reads it, the U.S. chair does not.
            #expect(item.assigneeName == nil)
            #expect(
                try await store.meetings.actionItem(id: item.id, for: .person(people.all["colombia"]!)).assigneeName
                    == "Colombia")
            // A decision of another meeting cannot be named.
            input.decision = other.id
            await #expect(throws: EnlaceError.invalid("decision", .unknownCode, ["value": other.id])) {
                try await store.meetings.addActionItem(meetingID: first, input, by: people.contributor)
            }

            var overdue = ActionItemFilter()
            overdue.overdueOn = CalendarDate(iso: "2026-05-28")
            #expect(try await store.meetings.actionItems(overdue, for: people.everyone).map(\.id) == [item.id])
            overdue.overdueOn = CalendarDate(iso: "2026-05-01")
            #expect(try await store.meetings.actionItems(overdue, for: people.everyone).isEmpty)

            // The assignee (Colombia) may close it but not rewrite it; someone unrelated may do neither.
            var rewrite = ActionItemInput()
            rewrite.text = "Something else"
            await #expect(throws: EnlaceError.forbidden(field: "text")) {
                try await store.meetings.updateActionItem(
                    id: item.id, rewrite, expectedVersion: 1, by: people.all["colombia"]!)
            }
            var done = ActionItemInput()
            done.status = "done"
            await #expect(throws: EnlaceError.forbidden(field: nil)) {
                try await store.meetings.updateActionItem(
                    id: item.id, done, expectedVersion: 1, by: people.all["viewer"]!)
            }
            let closed = try await store.meetings.updateActionItem(
                id: item.id, done, expectedVersion: 1, by: people.all["colombia"]!)
            #expect(closed.status == .done && closed.version == 2 && closed.sequence == 1)
            await #expect(throws: EnlaceError.staleVersion(entity: "action item", id: item.id, current: 2)) {
                try await store.meetings.updateActionItem(
                    id: item.id, done, expectedVersion: 1, by: people.all["colombia"]!)
            }
        }
    }

    @Test(
        "a restricted meeting and its records are absent for those it is not released to",
        arguments: TestDatabase.engines)
    func releasability(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let series = try await store.meetings.createSeries(
                Self.series(marking: "restricted", releasableTo: ["CO"]), by: people.contributor)
            let meeting = try await Self.seriesMeetings(store, series.id, people.everyone)[0]
            _ = try await store.meetings.addDecision(meetingID: meeting.id, text: "Restricted", by: people.contributor)
            var input = ActionItemInput()
            input.text = "Restricted action"
            input.owner = "HN"
            input.due = "2026-01-01"
            _ = try await store.meetings.addActionItem(meetingID: meeting.id, input, by: people.contributor)

            let colombia = Viewer.person(people.all["colombia"]!)
            let honduras = Viewer.person(people.all["partner"]!)
            let spain = Viewer.person(people.all["viewer"]!)
            #expect(try await store.meetings.series(id: series.id, for: colombia).id == series.id)
            #expect(try await store.meetings.decisions(meetingID: meeting.id, for: colombia).count == 1)
            for viewer in [honduras, spain, Viewer.anonymous] {
                await #expect(throws: EnlaceError.notFound(entity: "meeting", id: meeting.id)) {
                    try await store.meetings.meeting(id: meeting.id, for: viewer)
                }
                await #expect(throws: EnlaceError.notFound(entity: "meeting", id: meeting.id)) {
                    try await store.meetings.decisions(meetingID: meeting.id, for: viewer)
                }
                #expect(try await store.meetings.seriesList(for: viewer).isEmpty)
                #expect(try await store.meetings.meetings(MeetingFilter(), for: viewer).isEmpty)
                // Even the action item Honduras owns stays hidden with its meeting.
                #expect(try await store.meetings.actionItems(ActionItemFilter(), for: viewer).isEmpty)
                #expect(try await store.meetings.feed(.organization("HN"), for: viewer).actions.isEmpty)
            }
            // Honduras is a participant, yet the meeting is not released to it: its calendar stays empty.
            let feed = try await store.meetings.feed(.organization("HN"), for: honduras)
            #expect(feed.meetings.isEmpty)
            #expect(try await store.meetings.feed(.organization("HN"), for: people.everyone).meetings.count == 4)
        }
    }

    @Test(
        "open overlaps of the track are suggested for the next meeting; the chair accepts or dismisses",
        arguments: TestDatabase.engines)
    func suggestions(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            var english = Fixtures.input()
            english.releasability = .init(marking: "members", releasableTo: nil)
            _ = try await store.activities.create(english, by: people.contributor)
            _ = try await store.activities.create(OverlapStoreTests.spanishTwin(), by: people.all["colombia"]!)
            // The same pair again in September: a second overlap, far from the first.
            var later = Fixtures.input()
            later.plannedStart = "2026-09-07"
            later.plannedEnd = "2026-09-18"
            _ = try await store.activities.create(later, by: people.contributor)
            var twin = OverlapStoreTests.spanishTwin()
            twin.plannedStart = "2026-09-14"
            twin.plannedEnd = "2026-09-25"
            _ = try await store.activities.create(twin, by: people.all["colombia"]!)
            let open = try await store.overlaps.list(
                OverlapFilter(keyArea: "narco-trafficking", status: .open), limit: 50, cursor: nil, for: people.everyone
            )
            #expect(open.page.total == 2)

            let series = try await store.meetings.createSeries(Self.series(marking: "public"), by: people.contributor)
            let meetings = try await Self.seriesMeetings(store, series.id, people.everyone)
            let next = meetings[0].id
            let suggested = try await store.meetings.suggestions(meetingID: next, for: people.everyone)
            #expect(suggested.count == 2)
            #expect(try await store.meetings.suggestions(meetingID: meetings[1].id, for: people.everyone).isEmpty)
            // Honduras sees the public meeting but not the members' activities: it is offered nothing about them.
            #expect(try await store.meetings.suggestions(meetingID: next, for: .person(people.all["partner"]!)).isEmpty)

            await #expect(throws: EnlaceError.forbidden(field: nil)) {
                try await store.meetings.answerSuggestion(
                    meetingID: next, overlapID: suggested[0].record.id, accept: true, by: people.all["colombia"]!)
            }
            let item = try await store.meetings.answerSuggestion(
                meetingID: next, overlapID: suggested[0].record.id, accept: true, by: people.contributor)
            #expect(item?.links.map(\.kind) == [.overlap, .activity, .activity])
            _ = try await store.meetings.answerSuggestion(
                meetingID: next, overlapID: suggested[1].record.id, accept: false, by: people.contributor)
            #expect(try await store.meetings.suggestions(meetingID: next, for: people.everyone).isEmpty)
            let agenda = try await store.meetings.agenda(meetingID: next, for: people.everyone)
            #expect(agenda.map(\.position) == [1])
            // Answering twice finds nothing to answer.
            await #expect(throws: EnlaceError.notFound(entity: "suggestion", id: suggested[1].record.id)) {
                try await store.meetings.answerSuggestion(
                    meetingID: next, overlapID: suggested[1].record.id, accept: true, by: people.contributor)
            }
        }
    }

    @Test("meeting changes bump the calendar sequence; minutes are kept as written", arguments: TestDatabase.engines)
    func meetingUpdates(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let series = try await store.meetings.createSeries(Self.series(), by: people.contributor)
            let meeting = try await Self.seriesMeetings(store, series.id, people.everyone)[0]
            var minutes = MeetingInput()
            minutes.minutes = "<script>alert(1)</script> **agreed**"
            let written = try await store.meetings.updateMeeting(
                id: meeting.id, minutes, expectedVersion: 1, by: people.contributor)
            #expect(written.minutes == "<script>alert(1)</script> **agreed**")
            #expect(written.sequence == 0 && written.version == 2)
            var cancel = MeetingInput()
            cancel.status = "cancelled"
            let cancelled = try await store.meetings.updateMeeting(
                id: meeting.id, cancel, expectedVersion: 2, by: people.contributor)
            #expect(cancelled.sequence == 1 && cancelled.status == .cancelled)

            // A person of the chair's own government is found by address; anyone else, known or not, is
            // taken as written and needs the organisation they take part for: the answer is the same for both.
            var people2 = MeetingInput()
            people2.participants = [
                .init(organization: "US-INL", role: "chair"), .init(person: Fixtures.email("coordinator")),
                .init(person: Fixtures.email("colombia")), .init(person: "nobody@example.org"),
            ]
            await #expect(
                throws: EnlaceError.invalid([
                    FieldError("participants[2].organization", .required),
                    FieldError("participants[3].organization", .required),
                ])
            ) {
                try await store.meetings.updateMeeting(
                    id: meeting.id, people2, expectedVersion: 3, by: people.contributor)
            }
            people2.participants?.removeLast()
            people2.participants?[2] = .init(organization: "CO-PONAL", person: Fixtures.email("colombia"))
            let withPerson = try await store.meetings.updateMeeting(
                id: meeting.id, people2, expectedVersion: 3, by: people.contributor)
            #expect(withPerson.participants[1].organization == "US" && withPerson.participants[1].name == "Coordinator")
            #expect(withPerson.participants[2].organization == "CO-PONAL" && withPerson.participants[2].name == nil)
            // Saving attendance again, as the page does, names nobody anew: names and organisations stay.
            var attendance = MeetingInput()
            attendance.participants = withPerson.participants.map {
                .init(organization: nil, person: $0.person, role: $0.role.rawValue, attendance: "present")
            }
            attendance.participants?[0] = .init(organization: "US-INL", role: "chair", attendance: "present")
            let saved = try await store.meetings.updateMeeting(
                id: meeting.id, attendance, expectedVersion: 4, by: people.contributor)
            #expect(saved.participants[1].name == "Coordinator" && saved.participants[1].organization == "US")
            #expect(saved.participants[2].organization == "CO-PONAL")
            var mine = MeetingFilter()
            mine.person = Fixtures.email("colombia")
            #expect(try await store.meetings.meetings(mine, for: people.everyone).map(\.id) == [meeting.id])
            let history = try await store.audit.history(entityType: "meeting", entityID: meeting.id)
            #expect(history.count == 4)
        }
    }

    @Test(
        "the briefing pack gathers the track's activities around the meeting, overdue actions and past decisions",
        arguments: TestDatabase.engines)
    func brief(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            func record(
                _ title: String, _ start: String, _ end: String, area: String = "narco-trafficking"
            ) async throws
                -> String
            {
                var input = Fixtures.input(title: title)
                input.plannedStart = start
                input.plannedEnd = end
                input.keyAreas = [area]
                input.topics = []
                return try await store.activities.create(input, by: people.contributor).id
            }
            let both = try await record("Radar maintenance for the coast guard", "2027-01-10", "2027-01-20")
            let running = try await record("Port security mentoring programme", "2027-02-20", "2027-04-10")
            let coming = try await record("Canine unit equipment delivery", "2027-04-01", "2027-04-05")
            _ = try await record("Old seminar on precursors", "2025-01-01", "2025-01-10")
            _ = try await record("Anti-money-laundering course", "2027-02-01", "2027-02-10", area: "combating-crime")

            let series = try await store.meetings.createSeries(Self.series(), by: people.contributor)
            let meetings = try await Self.seriesMeetings(store, series.id, people.everyone)
            _ = try await store.meetings.addDecision(
                meetingID: meetings[0].id, text: "Share calendars", by: people.contributor)
            for owner in ["CO-PONAL", "ES-GC"] {
                var action = ActionItemInput()
                action.text = "Late task of \(owner)"
                action.owner = owner
                action.due = "2026-01-01"
                _ = try await store.meetings.addActionItem(meetingID: meetings[0].id, action, by: people.contributor)
            }

            let brief = try await store.brief(meetingID: meetings[1].id, for: people.everyone, now: Fixtures.epoch)
            #expect(brief.window == CalendarDate(iso: "2026-12-09")!...CalendarDate(iso: "2027-06-07")!)
            #expect(brief.started.map(\.id) == [both, running])
            #expect(brief.ended.map(\.id) == [both])
            #expect(brief.planned.map(\.id) == [coming])
            #expect(brief.overdueActions.map(\.owner) == ["CO-PONAL"])
            #expect(brief.previousMeeting?.id == meetings[0].id)
            #expect(brief.previousDecisions.map(\.text) == ["Share calendars"])
            #expect(brief.coverage.allSatisfy { $0.area == "narco-trafficking" })
            #expect(brief.coverage.map(\.activities).reduce(0, +) == 3)

            // A visitor may not see the members' meeting, and so gets no pack for it.
            await #expect(throws: EnlaceError.notFound(entity: "meeting", id: meetings[1].id)) {
                try await store.brief(meetingID: meetings[1].id, for: .anonymous, now: Fixtures.epoch)
            }
        }
    }

    @Test("a feed key stands for its owner until it is replaced", arguments: TestDatabase.engines)
    func feedKeys(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let id = people.contributor.userID
            let key = try await store.feedKeys.key(for: id)
            #expect(try await store.feedKeys.key(for: id) == key)
            #expect(try await store.feedKeys.resolve(key)?.principal.organization == "US-INL")
            #expect(try await store.feedKeys.resolve(key)?.principal.scope == .read)
            let account = try await store.users.find(id: id)
            let replaced = try await store.feedKeys.replace(for: account, actor: people.contributor)
            #expect(replaced != key)
            #expect(try await store.feedKeys.resolve(key) == nil)
            #expect(try await store.feedKeys.resolve(replaced)?.account.id == id)
        }
    }
}
