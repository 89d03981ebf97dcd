public import EnlaceCore
import Foundation

/// The demo dataset: realistic, deterministic (seeded), and with a documented set of labelled pairs.
///
/// See `docs/demo-data.md` for what it contains and how the labelled pairs are built.
public struct DemoDataset: Sendable {
    /// Two demo activities and whether they are the same effort recorded twice.
    public struct LabelledPair: Sendable, Hashable {
        /// The first activity's id.
        public let first: String
        /// The second activity's id.
        public let second: String
        /// True for a near-duplicate (an overlap a coordinator must see); false for a look-alike that is not one.
        public let isOverlap: Bool
        /// How the pair was built, in words.
        public let note: String
    }

    /// Every organisation, parents first.
    public let organizations: [Organization]
    /// Every activity, in generation order.
    public let activities: [Activity]
    /// The deliberate near-duplicates and look-alikes.
    public let labelledPairs: [LabelledPair]

    /// The day statuses and actual dates are computed against, so that the data never depends on the clock.
    public static let referenceDate = CalendarDate(year: 2026, month: 11, day: 1)!
    /// The seed of the published demo.
    public static let defaultSeed: UInt64 = 20_260_301

    /// Generates the dataset; the same seed and count always give the same data.
    public static func generate(seed: UInt64 = defaultSeed, count: Int = 2_400) -> DemoDataset {
        var generator = DemoGenerator(seed: seed)
        let base = generator.portfolio(count: count)
        let (extra, pairs) = generator.labelledPairs(from: base)
        return DemoDataset(
            organizations: DemoOrganizations.all,
            activities: DemoResults.measure(
                DemoFunding.fund(base + extra, seed: seed, today: referenceDate), seed: seed, today: referenceDate),
            labelledPairs: pairs)
    }
}

/// The seeded machinery behind ``DemoDataset``.
struct DemoGenerator {
    var random: SeededRandom

    init(seed: UInt64) {
        random = SeededRandom(seed: seed)
    }

    /// Activities per year, rising over the period as the dialogue matures.
    static let yearWeights: [(Int, Int)] = [
        (2012, 40), (2013, 50), (2014, 60), (2015, 70), (2016, 80), (2017, 85), (2018, 90), (2019, 95),
        (2020, 60), (2021, 85), (2022, 100), (2023, 110), (2024, 120), (2025, 125), (2026, 120), (2027, 70),
    ]

    mutating func pick<T>(_ items: [(T, Int)]) -> T {
        let total = items.reduce(0) { $0 + $1.1 }
        var roll = Int.random(in: 0..<total, using: &random)
        for (item, weight) in items {
            if roll < weight { return item }
            roll -= weight
        }
        return items[items.count - 1].0
    }

    /// Earlier entries of a preference list are likelier: weights n, n-1, …, 1.
    mutating func preferring<T>(_ items: [T]) -> T {
        pick(items.enumerated().map { ($0.element, items.count - $0.offset) })
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &random) < probability
    }

    mutating func portfolio(count: Int) -> [Activity] {
        (0..<count).map { _ in activity() }
    }

    /// One activity drawn from the providers' profiles.
    mutating func activity() -> Activity {
        let profile = pick(DemoOrganizations.providers.map { ($0, $0.weight) })
        let recipient = pick(
            DemoPlaces.recipients.filter { $0.code != profile.organization.country }.map { ($0, $0.weight) })
        var countries = [recipient.code]
        if chance(0.12) {
            let neighbours = DemoPlaces.recipients.filter { $0.region == recipient.region && $0.code != recipient.code }
            countries += neighbours.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)).map(\.code)
        }
        let area = preferring(profile.areas)
        var areas = [area]
        if chance(0.1), let second = profile.areas.filter({ $0 != area }).randomElement(using: &random) {
            areas.append(second)
        }
        let military: Set<String> = ["US-SOUTHCOM", "CO-EJC", "CO-ARC", "US-USCG"]
        let topicChoices = DemoGenerator.topics(in: area).filter {
            $0 != "defence-support-civil-authorities" || military.contains(profile.organization.code)
        }
        var topics = [topicChoices.randomElement(using: &random)!]
        if chance(0.25), let another = topicChoices.filter({ !topics.contains($0) }).randomElement(using: &random) {
            topics.append(another)
        }
        let institutions = recipient.institutions.filter { $0.areas.contains(area) }
        let institution = (institutions.isEmpty ? recipient.institutions : institutions).randomElement(using: &random)!
        let kind = preferring(profile.kinds)
        let year = pick(Self.yearWeights)
        let start = CalendarDate(year: year, month: 1, day: 1)!.adding(days: Int.random(in: 0...360, using: &random))
        let language = chance(0.85) ? profile.language : (profile.language == .en ? .es : .en)
        return make(
            profile: profile, providers: providers(for: profile), countries: countries, recipient: recipient,
            areas: areas, topics: topics, institution: institution, kind: kind, start: start,
            days: duration(kind), language: language, titleVariant: nil)
    }

    /// Who funds and who implements: mostly the provider alone, sometimes triangular.
    mutating func providers(for profile: DemoOrganizations.ProviderProfile) -> [Provider] {
        let code = profile.organization.code
        if profile.organization.country == "CO" && chance(0.3) {
            let funder = pick([("US-INL", 6), ("CA-GAC", 2), ("EU-INTPA", 2), ("US-DEA", 1)])
            return [Provider(organization: funder, role: .funding), Provider(organization: code, role: .implementing)]
        }
        if chance(0.08) {
            let partner = DemoOrganizations.providers.filter {
                $0.organization.country != profile.organization.country
            }.randomElement(using: &random)!.organization.code
            return [
                Provider(organization: code, role: .funding), Provider(organization: code, role: .implementing),
                Provider(organization: partner, role: .implementing),
            ]
        }
        return [Provider(organization: code, role: .funding), Provider(organization: code, role: .implementing)]
    }

    mutating func duration(_ kind: ActivityKind) -> Int {
        switch kind {
        case .course: Int.random(in: 4...20, using: &random)
        case .equipment: Int.random(in: 1...60, using: &random)
        case .advisory: Int.random(in: 30...300, using: &random)
        case .exchangeVisit: Int.random(in: 3...9, using: &random)
        case .operationalSupport: Int.random(in: 20...180, using: &random)
        case .conference: Int.random(in: 2...4, using: &random)
        }
    }

    static func topics(in area: String) -> [String] {
        let byArea: [String: [String]] = [
            "narco-trafficking": [
                "maritime-interdiction", "air-interdiction", "land-interdiction", "precursor-chemicals",
                "eradication-alternative-development", "counter-drug-intelligence",
            ],
            "combating-crime": [
                "anti-money-laundering", "anti-kidnapping-extortion", "homicide-gang-investigation", "cybercrime",
                "human-trafficking-smuggling", "arms-trafficking",
            ],
            "strengthening-institutions": [
                "police-professionalisation", "justice-prosecution", "prison-management",
                "anti-corruption-internal-affairs", "border-customs", "defence-support-civil-authorities",
            ],
            "resilient-communities": [
                "crime-prevention", "community-policing", "youth-at-risk", "victims-assistance",
                "demand-reduction-treatment",
            ],
        ]
        return byArea[area] ?? []
    }

    // swiftlint:disable:next function_parameter_count
    mutating func make(
        profile: DemoOrganizations.ProviderProfile, providers: [Provider], countries: [String],
        recipient: DemoPlaces.Recipient, areas: [String], topics: [String], institution: DemoPlaces.Institution,
        kind: ActivityKind, start: CalendarDate, days: Int, language: Language, titleVariant: DemoPhrases.Bilingual?
    ) -> Activity {
        let end = start.adding(days: days - 1)
        let reference = DemoDataset.referenceDate
        let participants: Int? =
            switch kind {
            case .course: Int.random(in: 12...40, using: &random)
            case .exchangeVisit: Int.random(in: 4...12, using: &random)
            case .conference: Int.random(in: 40...180, using: &random)
            case .advisory: Int.random(in: 10...60, using: &random)
            case .equipment, .operationalSupport: nil
            }
        var status = ActivityStatus.pipeline
        var actualStart: CalendarDate?
        var actualEnd: CalendarDate?
        var trained: Int?
        if start <= reference {
            if chance(0.04) {
                status = .cancelled
            } else {
                actualStart = start.adding(days: Int.random(in: -3...10, using: &random))
                if let actual = actualStart, actual.adding(days: days - 1) < reference {
                    actualEnd = actual.adding(days: days - 1 + Int.random(in: -1...5, using: &random))
                    status = chance(0.85) ? .closed : .finalisation
                    trained = participants.map { Int(Double($0) * Double.random(in: 0.75...1.0, using: &random)) }
                } else {
                    status = chance(0.05) ? .suspended : .implementation
                }
                if let s = actualStart, let e = actualEnd, e < s { actualEnd = s }
            }
        }
        let topic = DemoPhrases.topics[topics[0]]!
        let institutionName = language == .es ? institution.spanish : institution.english
        let pattern = titleVariant ?? DemoPhrases.titles[kind]!.randomElement(using: &random)!
        let title = DemoPhrases.fill(
            pattern.text(language), ["topic": topic.text(language), "institution": institutionName], language: language)
        let funder = providers.first { $0.role == .funding }?.organization ?? profile.organization.code
        let implementer = providers.last { $0.role == .implementing }?.organization ?? profile.organization.code
        let names = Dictionary(uniqueKeysWithValues: DemoOrganizations.all.map { ($0.code, $0.name) })
        let description = [
            DemoPhrases.fill(
                DemoPhrases.openings[kind]!.text(language),
                [
                    "days": String(days), "participants": String(participants ?? 10), "institution": institutionName,
                    "topic": topic.text(language),
                ], language: language),
            DemoPhrases.fill(
                (funder == implementer ? DemoPhrases.selfFunded : DemoPhrases.delivery).text(language),
                ["implementer": names[implementer] ?? implementer, "funder": names[funder] ?? funder],
                language: language),
        ].joined(separator: " ")

        let modality: Modality =
            switch kind {
            case .course: pick([(.inCountry, 60), (.inProviderCountry, 25), (.thirdCountry, 10), (.virtual, 5)])
            case .equipment, .operationalSupport: .inCountry
            case .advisory: pick([(.inCountry, 80), (.virtual, 20)])
            case .exchangeVisit: pick([(.inProviderCountry, 70), (.thirdCountry, 30)])
            case .conference: pick([(.thirdCountry, 50), (.inCountry, 30), (.virtual, 20)])
            }
        let city: DemoPlaces.City? =
            switch modality {
            case .inCountry: recipient.cities.randomElement(using: &random)
            case .inProviderCountry: profile.homeCity
            case .thirdCountry: profile.organization.country == "CO" ? DemoPlaces.panama : DemoPlaces.bogota
            case .virtual: nil
            }
        let scale: Decimal =
            switch kind {
            case .course: Decimal(Int.random(in: 25...180, using: &random)) * 1000
            case .equipment: Decimal(Int.random(in: 80...2_500, using: &random)) * 1000
            case .advisory: Decimal(Int.random(in: 60...900, using: &random)) * 1000
            case .exchangeVisit: Decimal(Int.random(in: 15...90, using: &random)) * 1000
            case .operationalSupport: Decimal(Int.random(in: 150...4_000, using: &random)) * 1000
            case .conference: Decimal(Int.random(in: 30...250, using: &random)) * 1000
            }
        let rate: Decimal =
            profile.currency == "COP"
            ? 4_000
            : profile.currency == "CAD"
                ? Decimal(string: "1.35")! : profile.currency == "EUR" ? Decimal(string: "0.92")! : 1
        let cents = Decimal(Int.random(in: 0...99, using: &random)) / 100
        let budget =
            chance(0.9)
            ? Money(amount: scale * rate + (profile.currency == "COP" ? 0 : cents), currency: profile.currency) : nil

        let id = random.uuid()
        let createdDay = min(start.adding(days: -Int.random(in: 20...90, using: &random)), reference)
        let createdAt = Date(timeIntervalSince1970: Double(createdDay.dayNumber) * 86_400 + 14 * 3_600)
        let updatedDay = min(createdDay.adding(days: Int.random(in: 0...60, using: &random)), reference)
        let updatedAt = Date(timeIntervalSince1970: Double(updatedDay.dayNumber) * 86_400 + 16 * 3_600)
        let draft = ActivityDraft(
            title: title, description: description, language: language, providers: providers,
            recipientCountries: countries,
            beneficiary: kind == .conference && countries.count > 1
                ? nil : DemoPlaces.officialName(institution, in: recipient),
            keyAreas: areas, topics: topics, kind: kind, modality: modality, plannedStart: start, plannedEnd: end,
            actualStart: actualStart, actualEnd: actualEnd, status: status, participantsPlanned: participants,
            participantsTrained: trained, budget: budget,
            location: city.map { Location(name: $0.name, lat: $0.lat, lon: $0.lon) })
        var marked = draft
        marked.releasability = releasability(for: profile, recipients: countries)
        let owner = providers.last { $0.role == .implementing }?.organization ?? profile.organization.code
        return Activity(
            id: id, owner: owner, draft: marked, version: 1, createdAt: createdAt, updatedAt: max(updatedAt, createdAt))
    }

    /// A realistic mix: many public, most for members, some restricted to named governments, some
    /// released to the recipient countries.
    mutating func releasability(
        for profile: DemoOrganizations.ProviderProfile, recipients: [String]
    ) -> Releasability {
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<25: return Releasability(marking: .public)
        case 25..<78: return Releasability(marking: .members)
        case 78..<89:
            let home = profile.organization.country ?? "US"
            let partner = ["US", "CO", "ES", "CA"].filter { $0 != home }.randomElement(using: &random) ?? "US"
            return Releasability(marking: .restricted, releasableTo: [home, partner].sorted())
        default: return Releasability(marking: .restricted, releasableTo: recipients)
        }
    }
}
