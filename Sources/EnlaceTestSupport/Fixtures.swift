public import EnlaceCore
public import EnlaceStore
public import Foundation
import Synchronization

/// Known values for tests: a fixed clock, organisations, and generated activities.
public enum Fixtures {
    /// The instant every test clock starts at.
    public static let epoch = Date(timeIntervalSince1970: 1_780_000_000)

    /// A few organisations of different kinds.
    public static let organizations: [Organization] = [
        Organization(
            code: "HCE", name: "Hemispheric Coordinating Entity", kind: .regionalMechanism, country: nil, parent: nil,
            isMember: true),
        Organization(code: "US", name: "United States", kind: .government, country: "US", parent: nil, isMember: true),
        Organization(
            code: "US-INL", name: "Bureau of International Narcotics and Law Enforcement Affairs", kind: .agency,
            country: "US", parent: "US", isMember: true),
        Organization(
            code: "US-DEA", name: "Drug Enforcement Administration", kind: .agency, country: "US", parent: "US",
            isMember: true),
        Organization(code: "CO", name: "Colombia", kind: .government, country: "CO", parent: nil, isMember: true),
        Organization(
            code: "CO-PONAL", name: "Policía Nacional de Colombia", kind: .agency, country: "CO", parent: "CO",
            isMember: true),
        Organization(
            code: "CO-ARC", name: "Armada de Colombia", kind: .agency, country: "CO", parent: "CO", isMember: true),
        Organization(
            code: "ES", name: "Reino de España", kind: .government, country: "ES", parent: nil, isMember: true),
        Organization(code: "ES-GC", name: "Guardia Civil", kind: .agency, country: "ES", parent: "ES", isMember: true),
        Organization(code: "HN", name: "Honduras", kind: .government, country: "HN", parent: nil, isMember: false),
    ]

    /// A sequence of ids `prefix-0001`, `prefix-0002`… that is the same on every run.
    public static func sequentialIDs(_ prefix: String = "act") -> IDGenerator {
        let counter = Counter()
        return IDGenerator { "\(prefix)-\(String(format: "%06d", counter.next()))" }
    }

    /// A clock that advances one second each time it is read, from ``epoch``.
    public static func tickingClock() -> WallClock { tickingClock(step: 1) }

    /// A clock that advances `step` seconds each time it is read, from ``epoch``.
    public static func tickingClock(step: Double) -> WallClock {
        let counter = Counter()
        return WallClock { epoch.addingTimeInterval(Double(counter.next()) * step) }
    }

    /// A clock that stands at ``epoch`` plus what `move` was last given, for tests that let time pass.
    public static func movableClock() -> (clock: WallClock, move: @Sendable (TimeInterval) -> Void) {
        let offset = Offset()
        return (WallClock { epoch.addingTimeInterval(offset.seconds) }, { offset.seconds = $0 })
    }

    /// The reference catalogue from the shipped resources, without a database.
    public static func catalog() throws -> ReferenceCatalog {
        try ReferenceResources.load().catalog
    }

    /// A valid activity input for a maritime course in Honduras; change what a test needs.
    public static func input(title: String = "Maritime interdiction course for the Honduran Navy") -> ActivityInput {
        var input = ActivityInput()
        input.title = title
        input.description = "Two-week course on boarding procedures and evidence handling."
        input.language = "en"
        input.providers = [
            .init(organization: "US-INL", role: "funding"), .init(organization: "CO-ARC", role: "implementing"),
        ]
        input.recipientCountries = ["HN"]
        input.beneficiary = "Honduran Navy"
        input.keyAreas = ["narco-trafficking"]
        input.topics = ["maritime-interdiction"]
        input.kind = "course"
        input.modality = "in-country"
        input.plannedStart = "2026-03-02"
        input.plannedEnd = "2026-03-13"
        input.status = 2
        input.participantsPlanned = 30
        input.budget = .init(amount: "125000.50", currency: "USD")
        input.location = .init(name: "Puerto Cortés", lat: 15.85, lon: -87.94)
        // A course in implementation: its unit is vetted and cleared, as it must be.
        input.vetting = .init(
            required: nil,
            units: [
                .init(
                    unit: "Honduran Navy, Special Boat Unit", people: 30, status: "cleared",
                    authority: "U.S. Embassy Tegucigalpa", submitted: "2026-01-12", decided: "2026-02-02",
                    reference: "HN-2026-014")
            ])
        return input
    }

    /// A weekly technical series chaired by U.S.-INL with Colombia's police and Honduras, marked `marking`.
    public static func series(
        marking: String = "members", releasableTo: [String]? = nil, rhythm: String = "FREQ=WEEKLY;BYDAY=TU;COUNT=4"
    ) -> SeriesInput {
        var input = SeriesInput()
        input.name = "Maritime interdiction working group"
        input.level = "technical"
        input.keyAreas = ["narco-trafficking"]
        input.chairs = ["US-INL"]
        input.members = ["CO-PONAL", "HN"]
        input.timeZone = "America/New_York"
        input.firstDate = "2027-03-01"
        input.startTime = "10:00"
        input.durationMinutes = 90
        input.rhythm = rhythm
        input.releasability = .init(marking: marking, releasableTo: releasableTo)
        return input
    }

    /// The installation secret of every test store: one per test process, so a reopened store accepts it.
    public static let secret = ServerSecret.random()

    /// A security policy for tests: bcrypt at its lowest cost, so that tests that create people stay fast.
    public static let fastSecurity = SecurityPolicy(bcryptCost: 4)

    /// The people every test world has: one per role, in different organisations.
    public static let people: [(key: String, organization: String, roles: Set<Role>)] = [
        ("admin", "HCE", [.admin]),
        ("secretariat", "HCE", [.secretariat]),
        ("coordinator", "US", [.coordinator]),
        ("contributor", "US-INL", [.contributor]),
        // A coordinator in a sibling agency: edits US-INL's activities as a coordinator of their
        // government, without seeing what is released to US-INL alone.
        ("agency", "US-DEA", [.coordinator]),
        ("colombia", "CO-PONAL", [.contributor]),
        ("partner", "HN", [.partner]),
        ("viewer", "ES-GC", [.viewer]),
        ("spare", "ES-GC", [.viewer]),
    ]

    /// The password every test person has.
    public static let password = "correct horse battery staple 1"

    /// The email of test person `key`.
    public static func email(_ key: String) -> String { "\(key)@test.enlace.example" }

    /// Creates the test people in `store` and returns their principals by key.
    public static func createPeople(_ store: Store) async throws -> [String: Principal] {
        var principals: [String: Principal] = [:]
        for person in people {
            let account = try await store.users.create(
                email: email(person.key), name: person.key.capitalized, organization: person.organization,
                roles: person.roles, password: password, actor: nil)
            principals[person.key] = try await store.users.principal(for: account)
        }
        return principals
    }

    /// A principal made without a store, for core-level and quick checks.
    public static func principal(
        _ organization: String, roles: Set<Role>, lineage: [String]? = nil, country: String? = nil, member: Bool = true
    ) -> Principal {
        Principal(
            userID: "user-" + organization, email: organization.lowercased() + "@example.org",
            organization: organization,
            lineage: lineage ?? [organization], descendants: [organization], country: country, isMember: member,
            roles: roles)
    }

    /// `count` random valid drafts over `catalog` and ``organizations``, fixed by `seed`.
    public static func randomDrafts(count: Int, seed: UInt64, catalog: ReferenceCatalog) -> [ActivityDraft] {
        var random = SeededRandom(seed: seed)
        let countries = ["HN", "GT", "SV", "CR", "PA", "CO", "PE", "JM", "GH", "SN", "TT", "DO"]
        let words = [
            "curso", "Policía", "interdicción", "maritime", "investigación", "cyber", "fronteras", "justice",
            "prisons", "comunidad", "jóvenes", "aduanas", "Armada", "Navy", "evidence", "lavado",
        ]
        let drafts = (0..<count).map { _ in
            let areas = Array(catalog.keyAreas.shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random)))
            let areaTopics = catalog.topics.filter { topic in areas.contains { $0.slug == topic.keyArea } }
            let topics = Array(areaTopics.shuffled(using: &random).prefix(Int.random(in: 0...2, using: &random)))
            let start = CalendarDate(year: 2012, month: 1, day: 1)!.adding(
                days: Int.random(in: 0...5800, using: &random))
            let end = start.adding(days: Int.random(in: 0...180, using: &random))
            let actualStart: CalendarDate? =
                Bool.random(using: &random) ? start.adding(days: Int.random(in: -5...20, using: &random)) : nil
            let actualEnd = actualStart.flatMap { s in
                Bool.random(using: &random) ? s.adding(days: Int.random(in: 0...200, using: &random)) : nil
            }
            let providers = Array(organizations.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)))
            let title = (0..<Int.random(in: 3...7, using: &random)).map { _ in words.randomElement(using: &random)! }
                .joined(separator: " ")
            return ActivityDraft(
                title: title,
                description: words.shuffled(using: &random).prefix(5).joined(separator: " "),
                language: Language.allCases.randomElement(using: &random)!,
                providers: providers.map {
                    Provider(organization: $0.code, role: ProviderRole.allCases.randomElement(using: &random)!)
                },
                recipientCountries: Array(
                    countries.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random))),
                beneficiary: Bool.random(using: &random) ? "Policía Nacional" : nil,
                keyAreas: areas.map(\.slug),
                topics: topics.map(\.slug),
                kind: ActivityKind.allCases.randomElement(using: &random)!,
                modality: Modality.allCases.randomElement(using: &random)!,
                plannedStart: start, plannedEnd: end, actualStart: actualStart, actualEnd: actualEnd,
                status: ActivityStatus.allCases.randomElement(using: &random)!,
                participantsPlanned: Bool.random(using: &random) ? Int.random(in: 5...200, using: &random) : nil,
                participantsTrained: Bool.random(using: &random) ? Int.random(in: 0...200, using: &random) : nil,
                budget: Bool.random(using: &random)
                    ? Money(
                        amount: Decimal(Int.random(in: 1000...9_000_000, using: &random)) / 100,
                        currency: ["USD", "COP", "EUR"].randomElement(using: &random)!)
                    : nil,
                location: Bool.random(using: &random)
                    ? Location(
                        name: "Tegucigalpa", lat: Double(Int.random(in: -9000...9000, using: &random)) / 100, lon: -87.2
                    )
                    : nil,
                releasability: [
                    Releasability(marking: .public), Releasability(marking: .members),
                    Releasability(marking: .restricted, releasableTo: ["HN", "CO"]),
                    Releasability(marking: .restricted, releasableTo: ["US-INL"]),
                ].randomElement(using: &random)!)
        }
        // Courses and equipment in implementation were vetted and cleared, as they must be.
        return drafts.map { draft in
            var draft = draft
            // One in three names its implementing partner's contact (from the title, so no draw is added).
            if draft.title.count % 3 == 0 {
                draft.partnerContact = PartnerContact(
                    name: "Ana Pérez", position: "Programme officer", email: "ana.perez@example.org",
                    phone: "+504 2222 0000")
            }
            if draft.status == .implementation && draft.vetting.isRequired(for: draft.kind) {
                draft.vetting.units = [
                    VettedUnit(
                        unit: "Trained unit", people: 20, status: .cleared,
                        submitted: draft.plannedStart.adding(days: -60))
                ]
            }
            return draft
        }
    }
}

/// A thread-safe counter for id and clock sequences.
final class Counter: Sendable {
    private let state = Mutex(0)

    func next() -> Int {
        state.withLock { value in
            value += 1
            return value
        }
    }
}

/// How far a ``Fixtures/movableClock()`` has been moved.
final class Offset: Sendable {
    private let state = Mutex(0.0)

    var seconds: TimeInterval {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
