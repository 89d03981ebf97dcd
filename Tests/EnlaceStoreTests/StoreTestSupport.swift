import EnlaceCore
import EnlaceStore
import EnlaceTestSupport

/// The people of a store test, by what they do.
struct People: Sendable {
    let all: [String: Principal]

    /// A contributor of US-INL, who records and edits US-INL's activities.
    var contributor: Principal { all["contributor"]! }
    /// The secretariat, who sees every record.
    var secretariat: Principal { all["secretariat"]! }
    /// Someone who sees every record, for checks that are not about visibility.
    var everyone: Viewer { .person(secretariat) }
}

/// Runs `body` with a store on a fresh database of `engine`, seeded with the fixture organisations and people.
func withStore<T: Sendable>(
    _ engine: DatabaseEngine, clock: WallClock = Fixtures.tickingClock(), _ body: (Store, People) async throws -> T
) async throws -> T {
    try await TestDatabase.withDatabase(engine) { database, _ in
        let store = try await Store.open(
            database: database, clock: clock, ids: Fixtures.sequentialIDs(), secret: Fixtures.secret,
            security: Fixtures.fastSecurity)
        try await store.organizations.save(Fixtures.organizations)
        let people = People(all: try await Fixtures.createPeople(store))
        return try await body(store, people)
    }
}

extension ActivityRepository {
    /// Every page of a list, walked with its cursors.
    func all(
        _ filter: ActivityFilter, sort: ActivitySort, pageSize: Int, for viewer: Viewer
    ) async throws
        -> (items: [Activity], totals: Set<Int>)
    {
        var items: [Activity] = []
        var totals: Set<Int> = []
        var cursor: String?
        repeat {
            let page = try await list(filter, sort: sort, limit: pageSize, cursor: cursor, for: viewer)
            items += page.items
            totals.insert(page.total)
            cursor = page.nextCursor
        } while cursor != nil
        return (items, totals)
    }
}
