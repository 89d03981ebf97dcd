import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import EnlaceWeb

/// The proof that nothing leaks: unique markers planted in every kind of record a reader may be refused,
/// then every `GET` route the router knows, crawled as four readers who may not read them. No answer may
/// carry a marker, nor the id of a record the reader may not see.
///
/// The routes come from the router itself, so a route added tomorrow is crawled without anyone
/// remembering it; ids are those the setup planted and those found in every answer on the way.
@Suite("Canary crawl")
struct CanaryCrawlTests {
    /// Who crawls: nobody, a member of another government, a viewer, a partner of another country.
    enum Reader: String, CaseIterable, Sendable {
        case anonymous, colombia, viewer, partner

        var key: String? { self == .anonymous ? nil : rawValue }
    }

    /// One planted marker and the readers it must never reach.
    struct Canary: Sendable {
        let marker: String
        let hiddenFrom: Set<Reader>
    }

    /// What the setup planted: the markers, and the ids of records every reader is refused.
    struct Planted: Sendable {
        var canaries: [Canary] = []
        var hiddenIDs: [String] = []
        var seriesID = ""
    }

    static let everyone = Set(Reader.allCases)

    @Test("no marker and no hidden id reaches a reader the record's marking excludes", arguments: TestDatabase.engines)
    func crawl(engine: DatabaseEngine) async throws {
        let planted = Mutex(Planted())
        let answers = try await TestApp.run(engine: engine, clock: Fixtures.tickingClock(step: 0.01)) {
            store, world in
            planted.withLock { $0 = Planted() }
            let result = try await Self.plant(store, world)
            planted.withLock { $0 = result }
        } _: { client, world in
            let planted = planted.withLock { $0 }
            let routes = try await AuthorizationMatrixTests.registeredRoutes().filter { $0.hasPrefix("GET ") }
                .map { String($0.dropFirst(4)) }.sorted()
            // Those who see everything read first, so that any cache holds their view when the others come.
            for path in ["/api/v1/activities?limit=200", "/api/v1/needs", "/api/v1/meetings", "/api/v1/proposals"] {
                _ = try await client.execute(uri: path, method: .get, headers: world.auth("secretariat")) { $0.status }
            }
            var crawled = 0
            for reader in Reader.allCases {
                crawled += try await Crawler(
                    client: client, world: world, reader: reader, planted: planted, routes: routes
                ).run()
            }
            return crawled
        }
        print("canary crawl on \(engine): \(answers) answers crawled as \(Reader.allCases.count) readers")
        #expect(answers > 1_000)
    }

    // MARK: - Planting

    /// Plants a marker in every kind of record a reader might be refused, each with a marking that keeps it
    /// from some or all of the crawling readers.
    static func plant(_ store: Store, _ world: TestWorld) async throws -> Planted {
        let contributor = try #require(world.principals["contributor"])
        let coordinator = try #require(world.principals["coordinator"])
        let secretariat = try #require(world.principals["secretariat"])
        var planted = Planted()
        func marker(_ kind: String, hiddenFrom: Set<Reader> = everyone) -> String {
            let marker = "kanari\(kind)"
            planted.canaries.append(Canary(marker: marker, hiddenFrom: hiddenFrom))
            return marker
        }
        let usOnly = ActivityInput.ReleasabilityInput(marking: "restricted", releasableTo: ["US"])

        // An activity released to the United States alone: title and description.
        var secret = Fixtures.input(title: "Operation \(marker("activitytitle")) maritime course")
        secret.description = "Boarding drills \(marker("activitydescription"))."
        secret.releasability = usOnly
        let hidden = try await store.activities.create(secret, by: contributor)
        planted.hiddenIDs.append(hidden.id)

        // A members' activity every member reads, with a transaction released to the United States alone.
        var visible = Fixtures.input(title: "Maritime interdiction course, open to members")
        visible.releasability = .init(marking: "members", releasableTo: nil)
        visible.transactions = [
            .init(
                type: 3, date: "2026-03-05", value: .init(amount: "1000", currency: "USD"),
                description: "Disbursement \(marker("transactionnote"))", releasability: usOnly)
        ]
        let open = try await store.activities.create(visible, by: contributor)

        // A record that was restricted, then released: what it said before is not for its new readers.
        var before = Fixtures.input(title: "Draft \(marker("historytitle")) plan")
        before.plannedStart = "2026-08-03"
        before.plannedEnd = "2026-08-14"
        before.releasability = usOnly
        let released = try await store.activities.create(before, by: contributor)
        var after = before
        after.title = "Regional plan, now public"
        after.releasability = .init(marking: "public", releasableTo: nil)
        _ = try await store.activities.update(id: released.id, with: after, expectedVersion: 1, by: contributor)

        // A public activity whose implementing-partner contact is for members only, changed once so that its
        // history holds the contact too.
        let membersOnly: Set<Reader> = [.anonymous, .partner]
        var withContact = Fixtures.input(title: "Community policing course, public")
        withContact.releasability = .init(marking: "public", releasableTo: nil)
        withContact.partnerContact = .init(
            name: "Ana \(marker("partnercontact", hiddenFrom: membersOnly))",
            email: "\(marker("partneremail", hiddenFrom: membersOnly))@example.org")
        let contactActivity = try await store.activities.create(withContact, by: contributor)
        var moved = withContact
        moved.partnerContact?.position = "Officer \(marker("partnerposition", hiddenFrom: membersOnly))"
        _ = try await store.activities.update(
            id: contactActivity.id, with: moved, expectedVersion: 1, by: contributor)

        // A need of Guatemala's released to the United States alone.
        var need = NeedInput()
        need.title = "Port security \(marker("needtitle"))"
        need.country = "GT"
        need.institution = "Policía Nacional Civil"
        need.keyAreas = ["narco-trafficking"]
        need.priority = 1
        need.windowStart = "2026-01-01"
        need.windowEnd = "2026-12-31"
        need.description = "Scanners \(marker("needdescription"))."
        need.releasability = usOnly
        planted.hiddenIDs.append(try await store.needs.create(need, by: secretariat).need.id)

        // A series released to the United States alone: its meetings' minutes and agenda.
        var series = Fixtures.series(marking: "restricted", releasableTo: ["US"])
        series.name = "Restricted working group"
        let restricted = try await store.meetings.createSeries(series, by: contributor)
        var filter = MeetingFilter()
        filter.seriesID = restricted.id
        let hiddenMeeting = try #require(try await store.meetings.meetings(filter, for: .person(secretariat)).first)
        var minutes = MeetingInput()
        minutes.minutes = "Agreed: \(marker("minutes"))."
        _ = try await store.meetings.updateMeeting(id: hiddenMeeting.id, minutes, expectedVersion: nil, by: contributor)
        var item = AgendaItemInput()
        item.title = "Item \(marker("agendatitle"))"
        _ = try await store.meetings.addAgendaItem(meetingID: hiddenMeeting.id, item, by: contributor)
        planted.hiddenIDs += [restricted.id, hiddenMeeting.id]

        // A members' series whose next meeting takes an overlap with the hidden activity onto its agenda:
        // its title is the hidden activity's, which must not reach the meeting's other readers.
        var twin = Fixtures.input(title: "Curso de interdicción marítima para la Armada de Honduras")
        twin.language = "es"
        twin.beneficiary = "Armada de Honduras"
        twin.plannedStart = "2026-03-09"
        twin.plannedEnd = "2026-03-20"
        twin.releasability = .init(marking: "members", releasableTo: nil)
        _ = try await store.activities.create(twin, by: contributor)
        var track = Fixtures.series(marking: "public")
        track.name = "Public working group"
        let publicSeries = try await store.meetings.createSeries(track, by: contributor)
        planted.seriesID = publicSeries.id
        filter.seriesID = publicSeries.id
        let next = try #require(try await store.meetings.meetings(filter, for: .person(secretariat)).first)
        for suggestion in try await store.meetings.suggestions(meetingID: next.id, for: .person(contributor)) {
            _ = try await store.meetings.answerSuggestion(
                meetingID: next.id, overlapID: suggestion.record.id, accept: true, by: contributor)
        }
        // A person named on a public meeting and its action item: visitors read no address.
        let person = marker("person", hiddenFrom: [.anonymous]) + "@example.org"
        let account = try await store.users.create(
            email: person, name: "Focal Person", organization: "US-INL", roles: [.viewer],
            password: Fixtures.password, actor: nil)
        var named = MeetingInput()
        named.participants =
            next.participants.map {
                .init(organization: $0.organization, role: $0.role.rawValue, attendance: $0.attendance.rawValue)
            } + [.init(person: account.email)]
        _ = try await store.meetings.updateMeeting(id: next.id, named, expectedVersion: nil, by: contributor)
        var action = ActionItemInput()
        action.text = "Send the list"
        action.owner = "US-INL"
        action.assignee = account.email
        action.due = "2027-02-01"
        _ = try await store.meetings.addActionItem(meetingID: next.id, action, by: contributor)

        // A draft proposal, read by its leads alone, linking the hidden activity.
        var draft = Self.proposal()
        draft.sections?["objectives"] = "Objectives \(marker("proposalsection"))."
        draft.activities = [hidden.id, open.id]
        planted.hiddenIDs.append(try await store.proposals.create(draft, by: coordinator).id)

        // A proposal in consultation, which members read: a member's comment reaches members only.
        var consulted = Self.proposal()
        consulted.title = "Regional cell in consultation"
        consulted.activities = [hidden.id, open.id]
        let proposal = try await store.proposals.create(consulted, by: coordinator)
        let today = CalendarDate.today(Fixtures.tickingClock())
        _ = try await store.proposals.openRound(
            proposal: proposal.id, Self.round(closing: today.adding(days: 10)), by: secretariat)
        _ = try await store.proposals.recordPosition(
            proposal: proposal.id, round: 1, member: "US",
            Self.position("Comment \(marker("position", hiddenFrom: [.anonymous, .partner]))"),
            by: coordinator)

        // A focal point of a forum, read by members only.
        var contact = ContactInput()
        contact.name = "Focal \(marker("contact", hiddenFrom: [.anonymous, .partner]))"
        contact.organization = "CICAD Executive Secretariat"
        contact.email = "focal@example.org"
        _ = try await store.fora.addContact(to: "oas-cicad", contact, by: secretariat)
        return planted
    }

    // MARK: - Inputs

    static func proposal() -> ProposalInput {
        var input = ProposalInput()
        input.title = "Regional maritime interdiction coordination cell"
        input.leads = ["US"]
        input.keyAreas = ["narco-trafficking"]
        input.sections = ["objectives": "Cut the time from sighting to interdiction."]
        return input
    }

    static func round(closing: CalendarDate) -> RoundInput {
        var input = RoundInput()
        input.closesOn = closing.iso
        input.invited = ["US", "CO", "ES"]
        return input
    }

    static func position(_ comment: String) -> PositionInput {
        var input = PositionInput()
        input.stance = Stance.supportWithAmendments.rawValue
        input.comments = ["mandate": comment]
        return input
    }
}

/// One reader's walk over every `GET` route, with every id it finds.
struct Crawler {
    let client: any TestClientProtocol
    let world: TestWorld
    let reader: CanaryCrawlTests.Reader
    let planted: CanaryCrawlTests.Planted
    let routes: [String]

    /// Query strings tried on every list: filters, and a text search for each marker. The search asks for all
    /// of a marker but its last letter, so that an answer echoing the question does not look like a leak, and
    /// one that finds the record shows the whole marker.
    var listQueries: [String] {
        ["", "?limit=200", "?country=GT", "?country=HN", "?status=open", "?keyArea=narco-trafficking", "?year=2026"]
            + planted.canaries.map { "?q=\($0.marker.dropLast())" }
    }

    /// The strings this reader must never receive.
    var forbidden: [String] {
        planted.canaries.filter { $0.hiddenFrom.contains(reader) }.map(\.marker) + planted.hiddenIDs
    }

    /// Crawls; returns how many answers were read.
    func run() async throws -> Int {
        let browser = reader == .anonymous ? nil : try await signIn(client, as: reader.rawValue)
        let feedKey = try await feedKey()
        var ids = Set(planted.hiddenIDs).union([planted.seriesID])
        var visited: Set<String> = []
        var count = 0
        // Two rounds: the second tries the ids the first found in answers.
        for _ in 0..<2 {
            for route in routes {
                for uri in uris(route, ids: ids, feedKey: feedKey) where visited.insert(uri).inserted {
                    let body = try await fetch(uri, browser: browser)
                    count += 1
                    for secret in forbidden where body.contains(secret) {
                        Issue.record("\(reader) received “\(secret)” from GET \(uri)")
                    }
                    // A search for what the reader may not read finds nothing, not even a count.
                    if uri.hasPrefix("/api/"), forbidden.contains(where: { uri.hasSuffix("?q=\($0.dropLast())") }),
                        body.range(of: #""total":[1-9]"#, options: .regularExpression) != nil
                    {
                        Issue.record("\(reader) counted a record it may not read at GET \(uri)")
                    }
                    ids.formUnion(Self.ids(in: body))
                }
            }
        }
        return count
    }

    /// The addresses to ask for `route`: its parameters filled with every candidate.
    func uris(_ route: String, ids: Set<String>, feedKey: String) -> [String] {
        var uris = [""]
        for segment in route.split(separator: "/").map(String.init) {
            let values: [String]
            switch segment {
            case "{id}", "{item}", "{overlap}": values = ids.sorted()
            case "{code}": values = ["US", "CO", "HN", "GT", "es"]
            case "{key}": values = [feedKey]
            case "{number}": values = ["1", "2"]
            case "{member}": values = ["US", "CO"]
            case "{token}": values = ["not-a-token"]
            case "{file}": values = ["me.ics", "organization.ics"] + ids.sorted().map { "\($0).ics" }
            default: values = [segment]
            }
            uris = uris.flatMap { prefix in values.map { prefix + "/" + $0 } }
        }
        if !route.contains("{") { return uris.flatMap { uri in listQueries.map { uri + $0 } } }
        if route == "/meetings/{id}" {
            return uris.flatMap { uri in ["", "?tab=participants", "?tab=minutes", "?tab=actions"].map { uri + $0 } }
        }
        return uris
    }

    /// The body of the answer to `uri`, as text, for this reader.
    func fetch(_ uri: String, browser: BrowserSession?) async throws -> String {
        let headers: HTTPFields =
            uri.hasPrefix("/api/") ? world.auth(reader.key) : browser?.page ?? [.accept: "text/html"]
        return try await client.execute(uri: uri, method: .get, headers: headers) { response async throws in
            #expect(response.status.code < 500, "GET \(uri) as \(reader): \(response.status)")
            // Headers count too: a location, a filename, an ETag must not carry a marker either. The address
            // asked for, which a problem echoes as its `instance`, is the reader's own words, not a leak.
            let path = String(uri.prefix { $0 != "?" })
            return (response.text + response.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n"))
                .replacingOccurrences(of: path, with: "")
        }
    }

    /// The reader's own calendar feed key, or a made-up one for a visitor.
    func feedKey() async throws -> String {
        guard reader != .anonymous else { return "enf_not-a-key" }
        return try await client.execute(uri: "/api/v1/me", method: .get, headers: world.auth(reader.key)) {
            response async throws in
            let url = try #require(try json(response)["feedUrl"] as? String)
            let path = try #require(url.range(of: "/feeds/"))
            return String(url[path.upperBound...].prefix { $0 != "/" })
        }
    }

    /// The record ids in `text` (every id the test store makes looks like `act-000123`).
    static func ids(in text: String) -> Set<String> {
        var found: Set<String> = []
        var rest = text[...]
        while let range = rest.range(of: "act-") {
            let digits = rest[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
            if digits.count == 6 { found.insert("act-" + digits) }
            rest = rest[range.upperBound...]
        }
        return found
    }
}
