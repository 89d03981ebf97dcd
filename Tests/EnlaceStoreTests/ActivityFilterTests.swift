import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import Foundation
import Testing

/// Every filter the store runs must agree with the core's specification, `ActivityFilter.matches`.
@Suite("Activity filters agree with brute force")
struct ActivityFilterTests {
    @Test(
        "generated filters, sorts and page sizes give the brute-force result, page by page",
        arguments: TestDatabase.engines)
    func filtersAgree(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let catalog = store.catalog
            let clock = Fixtures.tickingClock()
            let activities = Fixtures.randomDrafts(count: 400, seed: 42, catalog: catalog).enumerated().map {
                Activity(
                    id: SeededRandomID.make($0.offset), owner: "US-INL", draft: $0.element, version: 1,
                    createdAt: clock.now(),
                    updatedAt: clock.now())
            }
            try await store.activities.insert(activities)
            // Archived activities must never match.
            try await store.activities.archive(id: activities[0].id, expectedVersion: 1, by: people.contributor)
            try await store.activities.archive(id: activities[1].id, expectedVersion: 1, by: people.contributor)
            let live = Array(activities.dropFirst(2))

            var random = SeededRandom(seed: 99)
            for _ in 0..<60 {
                let filter = Self.randomFilter(&random, catalog: catalog, sample: live)
                let sort = ActivitySort(
                    ActivitySort.Field.allCases.randomElement(using: &random)!, descending: Bool.random(using: &random))
                let pageSize = [1, 7, 50, 200].randomElement(using: &random)!
                let expected = live.filter(filter.matches).sorted { sort.precedes($0, $1) }
                let (items, totals) = try await store.activities.all(
                    filter, sort: sort, pageSize: pageSize, for: people.everyone)
                #expect(items.map(\.id) == expected.map(\.id), "filter \(filter) sort \(sort)")
                #expect(totals == [expected.count])
            }
        }
    }

    @Test("text search ignores case and accents", arguments: TestDatabase.engines)
    func accentInsensitive(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let policia = try await store.activities.create(
                Fixtures.input(title: "Formación de la Policía Nacional"), by: people.contributor)
            _ = try await store.activities.create(Fixtures.input(title: "Maritime course"), by: people.contributor)
            for query in ["policia", "POLICÍA", "formacion  policia", "Policía nacional"] {
                var filter = ActivityFilter()
                filter.text = query
                let page = try await store.activities.list(
                    filter, sort: .default, limit: 10, cursor: nil, for: people.everyone)
                #expect(page.items.map(\.id) == [policia.id], "query \(query)")
            }
            var wildcard = ActivityFilter()
            wildcard.text = "%"
            #expect(
                try await store.activities.list(wildcard, sort: .default, limit: 10, cursor: nil, for: people.everyone)
                    .total == 0)
        }
    }

    @Test("a cursor from another sort or a forged one is refused", arguments: TestDatabase.engines)
    func badCursor(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            for _ in 0..<3 { _ = try await store.activities.create(Fixtures.input(), by: people.contributor) }
            let page = try await store.activities.list(
                ActivityFilter(), sort: .default, limit: 1, cursor: nil, for: people.everyone)
            let cursor = try #require(page.nextCursor)
            let other = ActivitySort(.title, descending: false)
            for bad in [cursor, "garbage", ""] {
                await #expect(throws: EnlaceError.invalid("cursor", .invalidCursor)) {
                    try await store.activities.list(
                        ActivityFilter(), sort: bad == cursor ? other : .default, limit: 1, cursor: bad,
                        for: people.everyone)
                }
            }
        }
    }

    @Test("counts per key area and per country agree with brute force", arguments: TestDatabase.engines)
    func counts(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let clock = Fixtures.tickingClock()
            let activities = Fixtures.randomDrafts(count: 120, seed: 5, catalog: store.catalog).enumerated().map {
                Activity(
                    id: "c-\($0.offset)", owner: "US-INL", draft: $0.element, version: 1, createdAt: clock.now(),
                    updatedAt: clock.now())
            }
            try await store.activities.insert(activities)
            var filter = ActivityFilter()
            filter.kinds = [.course, .advisory]
            let matching = activities.filter(filter.matches)
            let byArea = try await store.activities.countsByKeyArea(filter, for: people.everyone)
            for count in byArea {
                #expect(count.count == matching.filter { $0.draft.keyAreas.contains(count.key) }.count)
            }
            #expect(byArea.map(\.count).reduce(0, +) == matching.map(\.draft.keyAreas.count).reduce(0, +))
            let byCountry = try await store.activities.countsByCountry(filter, for: people.everyone)
            for count in byCountry {
                #expect(count.count == matching.filter { $0.draft.recipientCountries.contains(count.key) }.count)
            }
        }
    }

    static func randomFilter(
        _ random: inout SeededRandom, catalog: ReferenceCatalog, sample: [Activity]
    ) -> ActivityFilter {
        var filter = ActivityFilter()
        func maybe(_ probability: Double = 0.3) -> Bool { Double.random(in: 0..<1, using: &random) < probability }
        func some<T: Hashable>(_ values: [T], upTo: Int = 2) -> Set<T> {
            Set(values.shuffled(using: &random).prefix(Int.random(in: 1...upTo, using: &random)))
        }
        if maybe() { filter.providers = some(Fixtures.organizations.map(\.code)) }
        if maybe() { filter.countries = some(["HN", "GT", "SV", "CO", "JM", "GH", "MX"]) }
        if maybe() { filter.keyAreas = some(catalog.keyAreas.map(\.slug)) }
        if maybe() { filter.topics = some(catalog.topics.map(\.slug), upTo: 3) }
        if maybe(0.2) { filter.kinds = some(ActivityKind.allCases) }
        if maybe(0.2) { filter.statuses = some(ActivityStatus.allCases, upTo: 3) }
        if maybe() {
            let from = CalendarDate(year: 2012, month: 1, day: 1)!.adding(
                days: Int.random(in: 0...5800, using: &random))
            filter.from = from
            if maybe(0.7) { filter.to = from.adding(days: Int.random(in: 0...900, using: &random)) }
        } else if maybe(0.2) {
            filter.to = CalendarDate(year: 2016, month: 6, day: 30)
        }
        if maybe(0.15) {
            let day = CalendarDate(year: 2012, month: 1, day: 1)!.adding(days: Int.random(in: 0...5800, using: &random))
            if maybe(0.5) { filter.startFrom = day }
            if maybe(0.7) { filter.startTo = day.adding(days: Int.random(in: 0...700, using: &random)) }
        }
        if maybe(0.2), let pick = sample.randomElement(using: &random) { filter.updatedSince = pick.updatedAt }
        if maybe(0.3) {
            filter.text = ["policia", "CURSO maritime", "investigacion", "navy", "jóvenes aduanas", "zzz"]
                .randomElement(using: &random)
        }
        return filter
    }
}

/// Ids whose order differs from insertion order, so that the id tie-break is really exercised.
enum SeededRandomID {
    static func make(_ index: Int) -> String {
        var random = SeededRandom(seed: UInt64(index) &* 31 &+ 17)
        return random.uuid()
    }
}
