import EnlaceCore
import Foundation
import Testing

/// The index must answer exactly what the filter and sort specifications say, however it got its contents.
@Suite("Activity index agrees with brute force")
struct ActivityIndexTests {
    static let providers = ["US-INL", "CO-PONAL", "ES-GC", "CA-GAC", "EU-INTPA"]
    static let words = ["curso", "Policía", "maritime", "navy", "aduanas", "justice", "jóvenes", "evidence"]

    static func randomActivity(_ random: inout SeededRandom, id: String, version: Int = 1) -> Activity {
        let start = CalendarDate(year: 2015, month: 1, day: 1)!.adding(days: Int.random(in: 0...3000, using: &random))
        let areas = Array(testCatalog.keyAreas.shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random)))
        let topics = testCatalog.topics.filter { topic in areas.contains { $0.slug == topic.keyArea } }
            .filter { _ in Bool.random(using: &random) }
        let actualStart: CalendarDate? =
            Bool.random(using: &random) ? start.adding(days: Int.random(in: -3...9, using: &random)) : nil
        let draft = ActivityDraft(
            title: (0..<Int.random(in: 2...5, using: &random)).map { _ in words.randomElement(using: &random)! }.joined(
                separator: " "),
            description: words.shuffled(using: &random).prefix(3).joined(separator: " "),
            language: .es,
            providers: Array(providers.shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random))).map {
                Provider(organization: $0, role: .funding)
            },
            recipientCountries: Array(
                ["HN", "GT", "CO"].shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random))),
            keyAreas: areas.map(\.slug), topics: topics.map(\.slug),
            kind: ActivityKind.allCases.randomElement(using: &random)!, modality: .virtual, plannedStart: start,
            plannedEnd: start.adding(days: Int.random(in: 0...120, using: &random)), actualStart: actualStart,
            actualEnd: actualStart.flatMap { s in
                Bool.random(using: &random) ? s.adding(days: Int.random(in: 0...90, using: &random)) : nil
            },
            status: ActivityStatus.allCases.randomElement(using: &random)!)
        let created = Date(timeIntervalSince1970: Double(Int.random(in: 1_500_000_000...1_800_000_000, using: &random)))
        // Equal sort keys are common on purpose, so that the id tie-break is exercised.
        let updated =
            Bool.random(using: &random)
            ? created : created.addingTimeInterval(Double(Int.random(in: 0...5, using: &random)) * 86_400)
        let owner = ["US-INL", "CO-PONAL", "ES-GC"][Int.random(in: 0..<3, using: &random)]
        return Activity(id: id, owner: owner, draft: draft, version: version, createdAt: created, updatedAt: updated)
    }

    static func randomFilter(_ random: inout SeededRandom) -> ActivityFilter {
        var filter = ActivityFilter()
        func maybe(_ p: Double = 0.3) -> Bool { Double.random(in: 0..<1, using: &random) < p }
        if maybe() {
            filter.providers = Set(providers.shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random)))
        }
        if maybe() {
            filter.countries = Set(
                ["HN", "GT", "CO", "MX"].shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random)))
        }
        if maybe() { filter.keyAreas = [testCatalog.keyAreas.randomElement(using: &random)!.slug] }
        if maybe(0.2) { filter.topics = [testCatalog.topics.randomElement(using: &random)!.slug] }
        if maybe(0.2) { filter.kinds = [ActivityKind.allCases.randomElement(using: &random)!] }
        if maybe(0.2) { filter.statuses = Set(ActivityStatus.allCases.shuffled(using: &random).prefix(2)) }
        let day = CalendarDate(year: 2015, month: 1, day: 1)!.adding(days: Int.random(in: 0...3000, using: &random))
        if maybe(0.25) { filter.from = day }
        if maybe(0.25) { filter.to = day.adding(days: Int.random(in: 0...400, using: &random)) }
        if maybe(0.1) { filter.startFrom = day }
        if maybe(0.1) { filter.startTo = day.adding(days: Int.random(in: 0...400, using: &random)) }
        if maybe(0.1) {
            filter.updatedSince = Date(
                timeIntervalSince1970: Double(Int.random(in: 1_500_000_000...1_800_000_000, using: &random)))
        }
        if maybe(0.25) {
            filter.text = ["policia", "CURSO navy", "jovenes", "zzz", "maritime evidence"].randomElement(using: &random)
        }
        return filter
    }

    @Test("after random inserts, updates and removals, every query matches brute force, page by page")
    func queriesAgree() throws {
        var random = SeededRandom(seed: 77)
        var index = ActivityIndex()
        var model: [String: Activity] = [:]
        for step in 0..<800 {
            let roll = Int.random(in: 0..<10, using: &random)
            if roll < 6 || model.isEmpty {
                let activity = Self.randomActivity(&random, id: random.uuid())
                index.upsert(activity)
                model[activity.id] = activity
            } else if roll < 9 {
                let id = model.keys.sorted().randomElement(using: &random)!
                let activity = Self.randomActivity(&random, id: id, version: model[id]!.version + 1)
                index.upsert(activity)
                model[id] = activity
            } else {
                let id = model.keys.sorted().randomElement(using: &random)!
                index.remove(id: id)
                model[id] = nil
            }
            if step % 100 == 99 { try check(index, model, &random, queries: 15) }
        }
        #expect(index.count == model.count)
        // A bulk-built index answers the same as one built step by step.
        try check(ActivityIndex(Array(model.values)), model, &random, queries: 60)
    }

    func check(_ index: ActivityIndex, _ model: [String: Activity], _ random: inout SeededRandom, queries: Int) throws {
        for _ in 0..<queries {
            let filter = Self.randomFilter(&random)
            let sort = ActivitySort(
                ActivitySort.Field.allCases.randomElement(using: &random)!, descending: Bool.random(using: &random))
            let pageSize = [1, 3, 20, 500].randomElement(using: &random)!
            let expected = model.values.filter(filter.matches).sorted { sort.precedes($0, $1) }
            var seen: [Activity] = []
            var cursor: String?
            repeat {
                let page = try index.query(filter, sort: sort, limit: pageSize, cursor: cursor)
                #expect(page.total == expected.count)
                seen += page.items
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen.map(\.id) == expected.map(\.id), "filter \(filter) sort \(sort)")
            let byCountry = index.counts(filter, by: .country)
            for (value, count) in byCountry {
                #expect(count == expected.filter { $0.draft.recipientCountries.contains(value) }.count)
            }
        }
        for activity in model.values.prefix(20) {
            #expect(index.activity(id: activity.id) == activity)
        }
    }

    @Test("a mask limits every answer to the slots it allows")
    func mask() throws {
        var random = SeededRandom(seed: 5)
        let activities = (0..<200).map { Self.randomActivity(&random, id: String(format: "a%03d", $0)) }
        let index = ActivityIndex(activities)
        var nothing = SlotSet()
        nothing.insert(100_000)
        let page = try index.query(ActivityFilter(), sort: .default, limit: 50, cursor: nil, mask: nothing)
        #expect(page.total == 0 && page.items.isEmpty)
        #expect(index.counts(ActivityFilter(), by: .keyArea, mask: nothing).isEmpty)
    }
}
