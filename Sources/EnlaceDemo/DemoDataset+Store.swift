import EnlaceCore
public import EnlaceStore

extension DemoDataset {
    /// Fills `store` with the demo when it holds no activity yet; returns how many activities it loaded,
    /// or nil when it left the database alone.
    ///
    /// A database that already holds activities is left alone, so a restart with `--demo` never duplicates data.
    @discardableResult
    public static func load(into store: Store, seed: UInt64 = defaultSeed, count: Int = 2_400) async throws -> Int? {
        let existing = try await store.activities.list(ActivityFilter(), sort: .default, limit: 1, cursor: nil)
        guard existing.total == 0 else { return nil }
        let dataset = generate(seed: seed, count: count)
        try await store.organizations.save(dataset.organizations)
        try await store.activities.insert(dataset.activities)
        return dataset.activities.count
    }
}
