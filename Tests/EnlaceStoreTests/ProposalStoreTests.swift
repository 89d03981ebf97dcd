import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import Foundation
import Synchronization
import Testing

/// A clock the test moves forward by whole days.
final class DayClock: Sendable {
    private let offset = Mutex(0.0)

    var clock: WallClock { WallClock { Fixtures.epoch.addingTimeInterval(self.offset.withLock { $0 }) } }

    func advance(days: Int) { offset.withLock { $0 += Double(days) * 86_400 } }
}

@Suite("Proposals in the store: versions, the workflow, consultation rounds, the conference")
struct ProposalStoreTests {
    static func input(lead: String = "US") -> ProposalInput {
        var input = ProposalInput()
        input.title = "Regional maritime interdiction coordination cell"
        input.leads = [lead]
        input.keyAreas = ["narco-trafficking"]
        input.fora = ["oas-cicad"]
        input.sections = [
            "objectives": "Cut the time from sighting to interdiction.",
            "mandate": "The cell coordinates, it does not command.",
            "funding": "A common fund of USD 1.2 million a year.",
        ]
        return input
    }

    static func round(_ today: CalendarDate, days: Int = 10) -> RoundInput {
        var input = RoundInput()
        input.closesOn = today.adding(days: days).iso
        input.invited = ["US", "CO", "ES"]
        return input
    }

    static func position(_ stance: Stance, _ comments: [String: String] = [:]) -> PositionInput {
        var input = PositionInput()
        input.stance = stance.rawValue
        input.comments = comments
        return input
    }

    /// The field errors an action throws; fails the test when it throws none or another error.
    static func fieldErrors(_ action: () async throws -> some Any) async -> [FieldError] {
        do {
            _ = try await action()
            Issue.record("the action was accepted")
        } catch .invalid(let errors) as EnlaceError {
            return errors
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return []
    }

    @Test(
        "a proposal goes from draft through two rounds to adoption at the conference", arguments: TestDatabase.engines)
    func lifecycle(engine: DatabaseEngine) async throws {
        let days = DayClock()
        try await withStore(engine, clock: days.clock) { store, people in
            let proposals = store.proposals
            let coordinator = people.all["coordinator"]!
            let secretariat = people.secretariat
            let viewer = Viewer.person(people.all["viewer"]!)
            let today = CalendarDate.today(days.clock)

            // A draft: its leads and the secretariat read it; other members, partners and the public do not.
            let draft = try await proposals.create(Self.input(), by: coordinator)
            #expect(draft.status == .draft && draft.textVersion == 1 && draft.version == 1)
            #expect(try await proposals.find(id: draft.id, for: .person(people.contributor)).id == draft.id)
            for outsider in [viewer, .person(people.all["partner"]!), .anonymous] {
                await #expect(throws: EnlaceError.notFound(entity: "proposal", id: draft.id)) {
                    _ = try await proposals.find(id: draft.id, for: outsider)
                }
                #expect(try await proposals.list(for: outsider).isEmpty)
            }
            // A member who is not a lead may not put one forward in another's name.
            #expect(
                await Self.fieldErrors { try await proposals.create(Self.input(), by: people.all["colombia"]!) }.map(
                    \.field) == ["leads"])

            // Forbidden moves write nothing.
            await #expect(throws: EnlaceError.forbidden(field: "status")) {
                _ = try await proposals.move(id: draft.id, to: .inConsultation, expectedVersion: 1, by: coordinator)
            }
            #expect(
                await Self.fieldErrors {
                    try await proposals.move(id: draft.id, to: .adopted, expectedVersion: 1, by: secretariat)
                } == [FieldError("status", .invalidTransition, ["from": "draft", "to": "adopted"])])
            #expect(try await proposals.find(id: draft.id, for: .person(secretariat)).version == 1)
            #expect(try await proposals.transitions(id: draft.id, for: .person(secretariat)).isEmpty)
            // A draft withdrawn before it went out stays with its leads.
            let dropped = try await proposals.create(Self.input(), by: coordinator)
            _ = try await proposals.move(id: dropped.id, to: .withdrawn, expectedVersion: nil, by: secretariat)
            await #expect(throws: EnlaceError.notFound(entity: "proposal", id: dropped.id)) {
                _ = try await proposals.find(id: dropped.id, for: viewer)
            }
            #expect(try await proposals.find(id: dropped.id, for: .person(coordinator)).status == .withdrawn)

            // Round 1 puts the draft into consultation; members now read it.
            let first = try await proposals.openRound(proposal: draft.id, Self.round(today), by: secretariat)
            #expect(first.number == 1 && first.textVersion == 1)
            #expect(try await proposals.find(id: draft.id, for: viewer).status == .inConsultation)
            #expect(
                await Self.fieldErrors {
                    try await proposals.openRound(proposal: draft.id, Self.round(today), by: secretariat)
                }
                .map(\.code) == [.roundOpen])
            #expect(
                await Self.fieldErrors {
                    var edit = Self.input()
                    edit.title = "Changed during the round"
                    return try await proposals.update(id: draft.id, with: edit, expectedVersion: nil, by: coordinator)
                }.map(\.code) == [.notEditable])

            // Positions: the US coordinator answers for the US; Spain changes its position; no one else answers.
            _ = try await proposals.recordPosition(
                proposal: draft.id, round: 1, member: "US", Self.position(.support), by: coordinator)
            await #expect(throws: EnlaceError.forbidden(field: "member")) {
                _ = try await proposals.recordPosition(
                    proposal: draft.id, round: 1, member: "ES", Self.position(.support), by: people.all["viewer"]!)
            }
            await #expect(throws: EnlaceError.forbidden(field: "member")) {
                _ = try await proposals.recordPosition(
                    proposal: draft.id, round: 1, member: "CO", Self.position(.support), by: coordinator)
            }
            #expect(
                await Self.fieldErrors {
                    try await proposals.recordPosition(
                        proposal: draft.id, round: 1, member: "HN", Self.position(.support), by: secretariat)
                }.map(\.code) == [.notInvited])
            _ = try await proposals.recordPosition(
                proposal: draft.id, round: 1, member: "ES",
                Self.position(.object, ["mandate": "Name national data-protection law."]), by: secretariat)
            let changed = try await proposals.recordPosition(
                proposal: draft.id, round: 1, member: "ES",
                Self.position(.supportWithAmendments, ["mandate": "Name national data-protection law."]),
                by: secretariat)
            #expect(changed.revision == 2)
            let positions = try await proposals.positions(proposal: draft.id, round: 1, for: viewer)
            #expect(positions.map(\.member) == ["US", "ES"])
            #expect(positions.map(\.stance) == [.support, .supportWithAmendments])

            // Revised: round 1 closes, its positions are final; the text gets a second version.
            let revised = try await proposals.move(id: draft.id, to: .revised, expectedVersion: nil, by: secretariat)
            #expect(try await proposals.rounds(proposal: draft.id, for: viewer).first?.closedAt != nil)
            #expect(
                await Self.fieldErrors {
                    try await proposals.recordPosition(
                        proposal: draft.id, round: 1, member: "US", Self.position(.abstain), by: coordinator)
                }.map(\.code) == [.roundClosed])
            var edit = Self.input()
            edit.sections?["mandate"] = "The cell coordinates, it does not command, under national data-protection law."
            edit.note = "Spain's amendment"
            await #expect(throws: EnlaceError.staleVersion(entity: "proposal", id: draft.id, current: revised.version))
            {
                _ = try await proposals.update(id: draft.id, with: edit, expectedVersion: 1, by: coordinator)
            }
            let second = try await proposals.update(
                id: draft.id, with: edit, expectedVersion: revised.version, by: coordinator)
            #expect(second.textVersion == 2)
            let versions = try await proposals.versions(id: draft.id, for: viewer)
            #expect(versions.map(\.number) == [1, 2] && versions[1].note == "Spain's amendment")
            let mandate = versions[1].text.comparison(from: versions[0].text).first { $0.part == "mandate" }!
            #expect(
                mandate.runs == [
                    .same("The cell coordinates, it does not"), .removed("command."),
                    .added("command, under national data-protection law."),
                ])
            // A change of links alone keeps the text version.
            edit.fora = ["oas-cicad", "ameripol"]
            let relinked = try await proposals.update(id: draft.id, with: edit, expectedVersion: nil, by: coordinator)
            #expect(relinked.textVersion == 2 && relinked.draft.fora == ["oas-cicad", "ameripol"])
            #expect(try await proposals.linking(forum: "ameripol", for: viewer).map(\.id) == [draft.id])

            // Round 2 on version 2; a position after its closing date is refused.
            let second2 = try await proposals.openRound(proposal: draft.id, Self.round(today, days: 3), by: secretariat)
            #expect(second2.number == 2 && second2.textVersion == 2)
            _ = try await proposals.recordPosition(
                proposal: draft.id, round: 2, member: "US", Self.position(.support), by: coordinator)
            days.advance(days: 4)
            #expect(
                await Self.fieldErrors {
                    try await proposals.recordPosition(
                        proposal: draft.id, round: 2, member: "CO", Self.position(.support), by: secretariat)
                }.map(\.code) == [.roundClosed])

            // The conference: an outcome only for a presented proposal; adopting moves it to adopted.
            for status in [ProposalStatus.endorsed] {
                _ = try await proposals.move(id: draft.id, to: status, expectedVersion: nil, by: secretariat)
            }
            let other = try await proposals.create(Self.input(), by: coordinator)
            var conference = ConferenceInput()
            conference.name = "First Hemispheric Conference"
            conference.startsOn = "2026-09-01"
            conference.endsOn = "2026-09-02"
            conference.venue = "Cartagena de Indias"
            conference.sessions = [
                .init(title: "Interdiction", date: "2026-09-01", start: "11:00", end: "13:00", proposals: [draft.id])
            ]
            conference.outcomes = [draft.id: "adopted"]
            #expect(
                await Self.fieldErrors { try await store.conferences.create(conference, by: secretariat) }.map(\.code)
                    == [.notPresented])
            conference.sessions?[0].proposals = [draft.id, other.id]
            conference.outcomes = [:]
            #expect(
                await Self.fieldErrors { try await store.conferences.create(conference, by: secretariat) }.map(\.field)
                    == ["sessions[0].proposals[1]"])
            conference.sessions?[0].proposals = [draft.id]
            let created = try await store.conferences.create(conference, by: secretariat)
            _ = try await proposals.move(id: draft.id, to: .presented, expectedVersion: nil, by: secretariat)
            conference.outcomes = [draft.id: "adopted-with-amendments"]
            await #expect(throws: EnlaceError.forbidden(field: nil)) {
                _ = try await store.conferences.update(
                    id: created.id, with: conference, expectedVersion: 1, by: coordinator)
            }
            let decided = try await store.conferences.update(
                id: created.id, with: conference, expectedVersion: 1, by: secretariat)
            #expect(decided.version == 2 && decided.draft.outcomes == [draft.id: .adoptedWithAmendments])
            let adopted = try await proposals.find(id: draft.id, for: viewer)
            #expect(adopted.status == .adopted)
            // An adoption once recorded stands.
            conference.outcomes = [draft.id: "rejected"]
            #expect(
                await Self.fieldErrors {
                    try await store.conferences.update(
                        id: created.id, with: conference, expectedVersion: 2, by: secretariat)
                }.map(\.code) == [.notEditable])
            #expect(
                try await proposals.transitions(id: draft.id, for: viewer).map(\.to) == [
                    .inConsultation, .revised, .inConsultation, .endorsed, .presented, .adopted,
                ])
            await #expect(throws: EnlaceError.forbidden(field: nil)) {
                _ = try await store.conferences.list(for: .person(people.all["partner"]!))
            }
            #expect(try await store.conferences.presenting(proposal: draft.id, for: viewer).map(\.id) == [created.id])
        }
    }

    @Test(
        "links to needs and activities the reader may not see are absent, and kept on their edits",
        arguments: TestDatabase.engines)
    func hiddenLinks(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            var restricted = Fixtures.input(title: "Restricted to Colombia")
            restricted.releasability = .init(marking: "restricted", releasableTo: ["CO"])
            let hidden = try await store.activities.create(restricted, by: people.contributor)
            var open = Fixtures.input(title: "Members only")
            open.releasability = .init(marking: "members", releasableTo: [])
            open.plannedStart = "2026-09-01"
            open.plannedEnd = "2026-09-12"
            let seen = try await store.activities.create(open, by: people.contributor)
            var input = Self.input()
            input.activities = [hidden.id, seen.id]
            let proposal = try await store.proposals.create(input, by: people.all["coordinator"]!)
            _ = try await store.proposals.move(
                id: proposal.id, to: .inConsultation, expectedVersion: nil, by: people.secretariat)
            let viewer = people.all["viewer"]!
            #expect(try await store.proposals.find(id: proposal.id, for: .person(viewer)).draft.activities == [seen.id])
            // The US coordinator sees both; Spain's viewer could not have linked the hidden one.
            var unknown = Self.input()
            unknown.activities = ["act-999999"]
            #expect(
                await Self.fieldErrors { try await store.proposals.create(unknown, by: people.all["coordinator"]!) }
                    .map(\.field) == ["activities[0]"])
            let full = try await store.proposals.find(id: proposal.id, for: .person(people.secretariat))
            #expect(Set(full.draft.activities) == [hidden.id, seen.id])
        }
    }

    @Test(
        "an agenda item links to a proposal its readers may read, and only they see the link",
        arguments: TestDatabase.engines)
    func agendaLinks(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let series = try await store.meetings.createSeries(MeetingStoreTests.series(), by: people.contributor)
            let meeting = try #require(
                try await MeetingStoreTests.seriesMeetings(store, series.id, people.everyone).first)
            let colombian = try await store.proposals.create(Self.input(lead: "CO"), by: people.all["colombia"]!)
            let ours = try await store.proposals.create(Self.input(), by: people.all["coordinator"]!)
            func item(_ proposal: String) -> AgendaItemInput {
                var input = AgendaItemInput()
                input.title = "Technical consultation on the maritime cell"
                input.links = [.init(kind: "proposal", reference: proposal)]
                return input
            }
            // US-INL chairs: it may not link a Colombian draft it cannot read.
            #expect(
                await Self.fieldErrors {
                    try await store.meetings.addAgendaItem(
                        meetingID: meeting.id, item(colombian.id), by: people.contributor)
                }.map(\.field) == ["links[0].reference"])
            _ = try await store.meetings.addAgendaItem(meetingID: meeting.id, item(ours.id), by: people.contributor)
            let viewer = Viewer.person(people.all["viewer"]!)
            #expect(try await store.meetings.agenda(meetingID: meeting.id, for: viewer).first?.links.isEmpty == true)
            _ = try await store.proposals.move(
                id: ours.id, to: .inConsultation, expectedVersion: nil, by: people.secretariat)
            #expect(
                try await store.meetings.agenda(meetingID: meeting.id, for: viewer).first?.links == [
                    AgendaLink(kind: .proposal, reference: ours.id)
                ])
            // A round held at the meeting: the meeting knows it, for those who read the proposal.
            var round = Self.round(CalendarDate(iso: "2026-06-01")!)
            round.meetingID = meeting.id
            _ = try await store.proposals.openRound(proposal: ours.id, round, by: people.secretariat)
            #expect(try await store.proposals.rounds(atMeeting: meeting.id, for: viewer).map(\.1.number) == [1])
            #expect(
                try await store.proposals.rounds(atMeeting: meeting.id, for: .person(people.all["partner"]!)).isEmpty)
        }
    }
}
