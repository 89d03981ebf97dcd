import EnlaceCore
import EnlaceStore
import EnlaceTestSupport

/// Runs `body` with a store on a fresh database of `engine`, seeded with the fixture organisations.
func withStore<T: Sendable>(
    _ engine: DatabaseEngine, clock: WallClock = Fixtures.tickingClock(), _ body: (Store) async throws -> T
) async throws -> T {
    try await TestDatabase.withDatabase(engine) { database, _ in
        let store = try await Store.open(database: database, clock: clock, ids: Fixtures.sequentialIDs())
        try await store.organizations.save(Fixtures.organizations)
        return try await body(store)
    }
}

extension ActivityRepository {
    /// Every page of a list, walked with its cursors.
    func all(
        _ filter: ActivityFilter, sort: ActivitySort, pageSize: Int
    ) async throws -> (items: [Activity], totals: Set<Int>) {
        var items: [Activity] = []
        var totals: Set<Int> = []
        var cursor: String?
        repeat {
            let page = try await list(filter, sort: sort, limit: pageSize, cursor: cursor)
            items += page.items
            totals.insert(page.total)
            cursor = page.nextCursor
        } while cursor != nil
        return (items, totals)
    }
}
