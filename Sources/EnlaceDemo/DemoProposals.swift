import EnlaceCore
import EnlaceStore

/// The demo's proposals, one at every stage of the workflow, carried there through the store as people
/// would: a draft, one withdrawn, one open for consultation with positions coming in, one revised, one
/// endorsed, one presented and deferred, and one adopted after two rounds and the conference.
enum DemoProposals {
    /// The member government's coordinator who records its positions.
    static func coordinator(_ government: String) -> Principal {
        Principal(
            userID: "demo-loader", email: "coordinator@\(government.lowercased()).demo.enlace.example",
            organization: government, lineage: [government], descendants: [], country: government, isMember: true,
            roles: [.coordinator], scope: .readWrite)
    }

    static let secretariat = DemoMeetings.chair
    static let members = ["US", "CO", "CA", "ES", "GB"]

    struct Plan {
        let title: String
        let leads: [String]
        let areas: [String]
        let topics: [String]
        let fora: [String]
        let sections: [ProposalSection: String]
    }

    static func input(_ plan: Plan, note: String? = nil) -> ProposalInput {
        var input = ProposalInput()
        input.title = plan.title
        input.leads = plan.leads
        input.keyAreas = plan.areas
        input.topics = plan.topics
        input.fora = plan.fora
        input.sections = Dictionary(uniqueKeysWithValues: plan.sections.map { ($0.key.rawValue, $0.value) })
        input.note = note
        return input
    }

    static let maritime = Plan(
        title: "Regional maritime interdiction coordination cell",
        leads: ["US", "CO"], areas: ["narco-trafficking"], topics: [], fora: ["oas-cicad", "ameripol"],
        sections: [
            .objectives: """
            Cut the time between the first sighting of a suspect vessel and its interdiction in the Caribbean \
            and Eastern Pacific corridors, by sharing tracks and boarding requests among member navies and \
            coast guards in real time.
            """,
            .mandate: """
            The cell coordinates, it does not command. Each state keeps its own rules of engagement; the cell \
            passes tracks and requests to the competent national authority.
            """,
            .scope: "Maritime drug trafficking in the Caribbean Sea and the Eastern Pacific.",
            .funding: """
            Host-nation premises in Cartagena; liaison officers paid by their sending states; a common fund \
            of **USD 1.2 million** a year for communications.
            """,
            .mechanisms: """
            - A watch floor staffed around the clock by liaison officers.
            - A monthly technical meeting of the participating services.
            - A yearly report to the conference.
            """,
        ])

    static let maritimeRevised: [ProposalSection: String] = [
        .funding: """
        Host-nation premises in Cartagena; liaison officers paid by their sending states; a common fund of \
        **USD 1.5 million** a year for communications and training, reviewed after two years.
        """,
        .mandate: """
        The cell coordinates, it does not command. Each state keeps its own rules of engagement and its \
        own data-protection law; the cell passes tracks and requests only to the competent national authority.
        """,
    ]

    static let plans: [Plan] = [
        Plan(
            title: "Hemispheric early-warning network on precursor chemicals",
            leads: ["CA"], areas: ["narco-trafficking"], topics: [], fora: ["oas-cicad", "unodc"],
            sections: [
                .objectives: "Warn member states within 48 hours of a suspicious shipment of precursor chemicals.",
                .mandate: "National drug-control authorities exchange pre-export notifications and seizure alerts.",
                .scope: "Chemicals in Tables I and II of the 1988 Convention, and non-scheduled substitutes.",
                .funding: "Each authority bears its own costs; CICAD hosts the contact list.",
                .mechanisms: "A contact point per state, a quarterly call, an annual review of substitutes.",
            ]),
        Plan(
            title: "Common training standard for financial intelligence units",
            leads: ["ES", "GB"], areas: ["combating-crime", "strengthening-institutions"], topics: [], fora: [],
            sections: [
                .objectives: "A shared curriculum so that an analyst trained in one state is recognised in another.",
                .mandate: "The units agree the curriculum; each accredits its own courses against it.",
                .scope: "Financial intelligence analysts and their supervisors.",
                .funding: "Courses paid by the hosting unit; curriculum work by voluntary contributions.",
                .mechanisms: "A curriculum board meeting twice a year.",
            ]),
        Plan(
            title: "Resilience fund for border municipalities",
            leads: ["CO"], areas: ["resilient-communities"], topics: [], fora: ["sica"],
            sections: [
                .objectives: "Support prevention programmes in municipalities on trafficking routes.",
                .mandate: "A board of donors and recipient municipalities selects projects.",
                .scope: "Municipalities within 50 km of a land border on a known trafficking route.",
                .funding: "Pledges of member states, pooled in a trust fund.",
                .mechanisms: "Calls for projects twice a year; results reported to the policy dialogue.",
            ]),
        Plan(
            title: "Police career and integrity framework",
            leads: ["ES"], areas: ["strengthening-institutions"], topics: [], fora: [],
            sections: [
                .objectives: "Merit-based careers and integrity controls in partner police forces.",
                .mandate: "",
                .scope: "",
                .funding: "",
                .mechanisms: "",
            ]),
        Plan(
            title: "Single regional firearms registry",
            leads: ["US"], areas: ["combating-crime"], topics: [], fora: ["interpol"],
            sections: [
                .objectives: "One registry of civilian firearms for the region.",
                .mandate: "A regional authority keeps the registry.",
                .scope: "Every civilian firearm.",
                .funding: "Member states in proportion to their population.",
                .mechanisms: "National registries feed the regional one.",
            ]),
        Plan(
            title: "Witness protection cooperation arrangement",
            leads: ["CA", "US"], areas: ["combating-crime"], topics: [], fora: ["unodc"],
            sections: [
                .objectives: "Relocate protected witnesses across borders when one state cannot keep them safe.",
                .mandate: "Witness protection programmes agree case by case, under a common arrangement.",
                .scope: "Witnesses in organised-crime cases and their close family.",
                .funding: "The requesting state pays the costs of the relocation.",
                .mechanisms: "A liaison officer per programme; a yearly review of cases.",
            ]),
    ]

    static func position(_ stance: Stance, _ comments: [String: String] = [:]) -> PositionInput {
        var input = PositionInput()
        input.stance = stance.rawValue
        input.comments = comments
        return input
    }

    static func round(closing today: CalendarDate, days: Int, meeting: String? = nil) -> RoundInput {
        var input = RoundInput()
        input.closesOn = today.adding(days: days).iso
        input.invited = members
        input.meetingID = meeting
        return input
    }

    /// Loads the proposals, their rounds and the conference.
    static func load(into store: Store) async throws {
        // The store's day, not the loader's: rounds must close on or after the day the store lives in.
        let today = store.proposals.today
        let proposals = store.proposals
        // The adopted proposal: two rounds, a revision between them, then the conference.
        let adopted = try await proposals.create(input(maritime), by: coordinator("US"))
        _ = try await proposals.openRound(proposal: adopted.id, round(closing: today, days: 14), by: secretariat)
        for (member, answer) in [
            ("US", position(.support)), ("CO", position(.support)),
            (
                "CA",
                position(
                    .supportWithAmendments,
                    ["funding": "The common fund should also pay for training of boarding teams."])
            ),
            (
                "ES",
                position(
                    .object,
                    [
                        "mandate":
                            "Tracks of vessels carry personal data: the mandate must respect national data-protection law."
                    ])
            ),
            ("GB", position(.abstain, ["general": "Awaiting the views of our Overseas Territories."])),
            (
                "ES",
                position(
                    .supportWithAmendments,
                    ["mandate": "We can support if the mandate names national data-protection law."])
            ),
        ] {
            _ = try await proposals.recordPosition(
                proposal: adopted.id, round: 1, member: member, answer, by: coordinator(member))
        }
        var current = try await proposals.move(id: adopted.id, to: .revised, expectedVersion: nil, by: secretariat)
        var revision = input(maritime, note: "Takes in the amendments of Canada and Spain from round 1.")
        for (section, text) in maritimeRevised { revision.sections?[section.rawValue] = text }
        current = try await proposals.update(
            id: adopted.id, with: revision, expectedVersion: current.version, by: coordinator("CO"))
        let meeting = try await store.meetings.meetings(MeetingFilter(), for: .person(secretariat)).last
        _ = try await proposals.openRound(
            proposal: adopted.id, round(closing: today, days: 10, meeting: meeting?.id), by: secretariat)
        for member in members {
            let answer =
                member == "GB"
                ? position(.supportWithAmendments, ["scope": "Include the waters of the Overseas Territories."])
                : position(.support)
            _ = try await proposals.recordPosition(
                proposal: adopted.id, round: 2, member: member, answer, by: coordinator(member))
        }
        for status in [ProposalStatus.endorsed, .presented] {
            _ = try await proposals.move(id: adopted.id, to: status, expectedVersion: nil, by: secretariat)
        }
        // The others, each taken to its stage.
        var ids: [String] = []
        for (index, plan) in plans.enumerated() {
            let lead = coordinator(plan.leads[0])
            let proposal = try await proposals.create(input(plan), by: lead)
            ids.append(proposal.id)
            switch index {
            case 0, 1, 5:
                // Precursors: presented (and deferred); the FIU standard: revised; witness protection: endorsed.
                _ = try await proposals.openRound(
                    proposal: proposal.id, round(closing: today, days: 7), by: secretariat)
                for member in members.prefix(3) {
                    _ = try await proposals.recordPosition(
                        proposal: proposal.id, round: 1, member: member, position(.support), by: coordinator(member))
                }
                let stages: [ProposalStatus] = [0: [.endorsed, .presented], 1: [.revised]][index] ?? [.endorsed]
                for status in stages {
                    _ = try await proposals.move(id: proposal.id, to: status, expectedVersion: nil, by: secretariat)
                }
            case 2:
                // The resilience fund: in consultation, answers still coming in.
                _ = try await proposals.openRound(
                    proposal: proposal.id, round(closing: today, days: 21), by: secretariat)
                _ = try await proposals.recordPosition(
                    proposal: proposal.id, round: 1, member: "CO", position(.support), by: coordinator("CO"))
                _ = try await proposals.recordPosition(
                    proposal: proposal.id, round: 1, member: "CA",
                    position(.supportWithAmendments, ["scope": "Fifty kilometres leaves out inland transit hubs."]),
                    by: coordinator("CA"))
            case 4:
                _ = try await proposals.move(id: proposal.id, to: .withdrawn, expectedVersion: nil, by: secretariat)
            default:
                break
            }
        }
        var conference = ConferenceInput()
        conference.name = "First Hemispheric Conference on Security Cooperation"
        conference.startsOn = today.adding(days: -2).iso
        conference.endsOn = today.adding(days: -1).iso
        conference.venue = "Cartagena de Indias, Colombia"
        conference.sessions = [
            .init(
                title: "Opening session", date: today.adding(days: -2).iso, start: "09:00", end: "10:30",
                chair: "Hemispheric Coordinating Entity", proposals: []),
            .init(
                title: "Narco-trafficking: interdiction and precursors", date: today.adding(days: -2).iso,
                start: "11:00", end: "13:00", chair: "República de Colombia", proposals: [adopted.id, ids[0]]),
            .init(
                title: "Closing session and declaration", date: today.adding(days: -1).iso, start: "15:00",
                end: "16:30", chair: "Hemispheric Coordinating Entity", proposals: []),
        ]
        conference.outcomes = [
            adopted.id: ConferenceOutcome.adoptedWithAmendments.rawValue, ids[0]: ConferenceOutcome.deferred.rawValue,
        ]
        _ = try await store.conferences.create(conference, by: secretariat)
        // The adopted cell spawns its monthly technical series and a first U.S. activity.
        var series = SpawnInput()
        series.kind = SpawnKind.series.rawValue
        let spawnedSeries = try await store.spawn(from: adopted.id, series, by: secretariat)
        var activity = SpawnInput()
        activity.kind = SpawnKind.activity.rawValue
        activity.recipientCountries = ["HN", "GT", "PA"]
        activity.plannedStart = today.adding(days: 60).iso
        activity.plannedEnd = today.adding(days: 64).iso
        let spawnedActivity = try await store.spawn(from: adopted.id, activity, by: coordinator("US"))
        // Both concern the fora the cell works with.
        _ = try await store.forumLinks.setFora(ofSeries: spawnedSeries.id, ["oas-cicad", "ameripol"], by: secretariat)
        _ = try await store.forumLinks.setFora(ofActivity: spawnedActivity.id, ["oas-cicad"], by: coordinator("US"))
    }
}
