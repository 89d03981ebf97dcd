import EnlaceCore
import EnlaceDemo
import EnlaceStore
import EnlaceTestSupport
import Testing

@Suite("Demo dataset")
struct DemoDatasetTests {
    @Test("it is deterministic, valid and as large and varied as promised")
    func shape() throws {
        let dataset = DemoDataset.generate()
        let again = DemoDataset.generate()
        #expect(dataset.activities == again.activities)
        #expect(dataset.activities.count >= 2_000)
        let catalog = try Fixtures.catalog()
        let organizations = Set(dataset.organizations.map(\.code))
        for activity in dataset.activities {
            #expect(try ActivityInput(activity.draft).validated(against: catalog) == activity.draft)
            #expect(activity.draft.providers.allSatisfy { organizations.contains($0.organization) })
        }
        let providers = Set(dataset.activities.flatMap { $0.draft.providers.map(\.organization) })
        #expect(providers.count >= 15)
        let recipients = Set(dataset.activities.flatMap(\.draft.recipientCountries))
        #expect(recipients.count >= 20)
        let years = dataset.activities.map(\.draft.plannedStart.year)
        #expect(years.min() == 2012 && years.max() == 2027)
        #expect(Set(dataset.activities.map(\.draft.language)).isSuperset(of: [.en, .es]))
        #expect(Set(dataset.activities.compactMap(\.draft.budget?.currency)).isSuperset(of: ["USD", "COP", "EUR"]))
        #expect(Set(dataset.activities.map(\.id)).count == dataset.activities.count)
        // Results: agreed indicators of every key area with actuals, some percentages, some of their own.
        let indicators = dataset.activities.flatMap(\.draft.indicators)
        let reported = indicators.filter { !$0.periods.isEmpty }
        #expect(Set(reported.compactMap(\.code).map { String($0.prefix(2)) }) == ["NT", "CC", "SI", "RC"])
        #expect(reported.count >= 500)
        #expect(reported.contains { $0.measure == .percentage })
        #expect(indicators.contains { $0.code == nil })
    }

    @Test("labelled pairs name real activities, and include cross-language duplicates and look-alikes")
    func labelledPairs() {
        let dataset = DemoDataset.generate()
        let byID = Dictionary(uniqueKeysWithValues: dataset.activities.map { ($0.id, $0) })
        #expect(dataset.labelledPairs.count >= 50)
        for pair in dataset.labelledPairs {
            guard let first = byID[pair.first], let second = byID[pair.second] else {
                Issue.record("pair names an unknown activity")
                continue
            }
            #expect(first.draft.recipientCountries == second.draft.recipientCountries)
            if pair.isOverlap {
                #expect(first.draft.beneficiary == second.draft.beneficiary)
                #expect(abs(first.draft.plannedStart.dayNumber - second.draft.plannedStart.dayNumber) <= 14)
            }
        }
        let crossLanguage = dataset.labelledPairs.filter { pair in
            pair.isOverlap && byID[pair.first]?.draft.language != byID[pair.second]?.draft.language
        }
        #expect(crossLanguage.count >= 10)
        #expect(dataset.labelledPairs.filter { !$0.isOverlap }.count >= 10)
    }

    @Test(
        "the overlap detector finds the labelled near-duplicates and leaves the look-alikes (precision and recall ≥ 0.9)"
    )
    func detectionQuality() {
        let evaluation = DemoDataset.generate().evaluateOverlapDetection()
        #expect(evaluation.precision >= 0.9, "\(evaluation.mistakes)")
        #expect(evaluation.recall >= 0.9, "\(evaluation.mistakes)")
        #expect(evaluation.truePositives + evaluation.falseNegatives >= 40)
        #expect(evaluation.trueNegatives + evaluation.falsePositives >= 10)
    }

    @Test("loading the demo records its overlaps in the store", arguments: TestDatabase.engines)
    func loadRecordsOverlaps(engine: DatabaseEngine) async throws {
        try await TestDatabase.withDatabase(engine) { database, _ in
            let store = try await Store.open(
                database: database, clock: Fixtures.tickingClock(), ids: Fixtures.sequentialIDs(),
                secret: Fixtures.secret, security: Fixtures.fastSecurity)
            let dataset = DemoDataset.generate(count: 600)
            #expect(try await DemoDataset.load(into: store, count: 600) == dataset.activities.count)
            let expected = ActivityIndex(dataset.activities).overlaps().overlaps.count
            let account = try #require(try await store.users.find(email: "secretariat@demo.enlace.example"))
            let secretariat = try await store.users.principal(for: account)
            let listed = try await store.overlaps.list(
                OverlapFilter(), limit: 1, cursor: nil, for: .person(secretariat))
            #expect(expected > 0 && listed.page.total == expected)
            // Proposals at every stage; rounds with positions; a conference that adopted one, which spawned.
            let proposals = try await store.proposals.list(for: .person(secretariat))
            #expect(Set(proposals.map(\.status)) == Set(ProposalStatus.allCases))
            var rounds = 0
            for proposal in proposals {
                for round in try await store.proposals.rounds(proposal: proposal.id, for: .person(secretariat)) {
                    let positions = try await store.proposals.positions(
                        proposal: proposal.id, round: round.number, for: .person(secretariat))
                    rounds += positions.isEmpty ? 0 : 1
                }
            }
            #expect(rounds >= 2)
            let conference = try #require(try await store.conferences.list(for: .person(secretariat)).first)
            let adopted = try #require(proposals.first { $0.status == .adopted })
            #expect(conference.draft.outcomes[adopted.id]?.adopts == true && conference.draft.sessions.count >= 2)
            #expect(try await store.proposals.spawned(id: adopted.id, for: .person(secretariat)).count == 2)
            // A second load leaves the database alone.
            #expect(try await DemoDataset.load(into: store, count: 600) == nil)
        }
    }
}
