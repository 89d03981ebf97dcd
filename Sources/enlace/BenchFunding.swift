import ArgumentParser
import EnlaceCore
import EnlaceDemo
import EnlaceStore
import EnlaceWeb
import Foundation
import Logging

/// `enlace bench funding`: the funding summary over N activities with M transactions each, through
/// the store's read path (releasability mask, per-transaction markings, conversion at dated rates).
///
/// Seeds a fresh SQLite (or the given PostgreSQL), opens the store as `enlace serve` does, warms
/// it with one summary, then times each cut as the secretariat (everything) and as a member
/// government's viewer (what is released to them).
struct BenchFunding: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "funding", abstract: "Benchmark the funding summary.")

    @Option(help: "Activities to seed.") var activities = 100_000
    @Option(help: "Transactions per activity.") var transactions = 5
    @Option(help: "Timed runs per cut.") var runs = 21
    @Option(
        name: .customLong("database-url"),
        help: "Benchmark on this database instead of a fresh SQLite file (it must be empty).")
    var databaseURL: String?

    func run() async throws {
        let logger = ProcessLogging.bootstrap(level: .warning)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("enlace-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let secret = ServerSecret.random()
        let location =
            try databaseURL.map { try DatabaseLocation(url: $0) }
            ?? .sqlite(path: folder.appendingPathComponent("enlace.sqlite").path)

        let seeded = Self.funded(SyntheticActivities.generate(count: activities), perActivity: transactions)
        let total = seeded.reduce(0) { $0 + $1.draft.transactions.count }
        print("seeding \(activities) activities with \(total) transactions into \(location) …")
        let seedStart = ContinuousClock.now
        try await Database.using(location, logger: logger) { db in
            try await Migrator(database: db).migrate(logger: logger)
            let store = try await Store.open(database: db, clock: .system, ids: .random, secret: secret)
            try await store.organizations.save(DemoDataset.generate(count: 1).organizations)
            try await store.rates.save(DemoFunding.rates(), source: "bench", by: nil)
            try await store.activities.insert(seeded)
        }
        print("seeded in \(ContinuousClock.now - seedStart)")

        try await Database.using(location, logger: logger) { db in
            let store = try await Store.open(database: db, clock: .system, ids: .random, secret: secret)
            let secretariat = Viewer.person(
                Principal(
                    userID: "bench", email: "bench@example.org", organization: "HCE", lineage: ["HCE"],
                    descendants: [], country: nil, isMember: true, roles: [.secretariat]))
            let member = Viewer.person(
                Principal(
                    userID: "bench-es", email: "viewer@example.org", organization: "ES-GC", lineage: ["ES-GC", "ES"],
                    descendants: [], country: "ES", isMember: true, roles: [.viewer]))
            let warm = ContinuousClock.now
            let first = try await store.fundingSummary(by: .provider, for: secretariat)
            print("first summary (loads the read models): \(ContinuousClock.now - warm)")
            print(
                "summary counts \(first.total.transactions) funnel transactions; missing rates in \(first.missingRates.map(\.currency))"
            )
            let cuts: [(String, FundingSummary.Dimension, FundingSummary.Filter, Viewer)] = [
                ("by provider, secretariat", .provider, FundingSummary.Filter(), secretariat),
                ("by country, member viewer", .country, FundingSummary.Filter(), member),
                ("by area, 2020-2024, HN", .area, FundingSummary.Filter(country: "HN", years: 2020...2024), member),
            ]
            for (name, dimension, filter, viewer) in cuts {
                var times: [Double] = []
                for _ in 0..<runs {
                    let start = ContinuousClock.now
                    let summary = try await store.fundingSummary(by: dimension, filter: filter, for: viewer)
                    let elapsed = ContinuousClock.now - start
                    precondition(summary.rows.count >= 0)
                    times.append(
                        Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
                }
                times.sort()
                print(
                    String(
                        format: "%-28@ median %7.1f ms   p95 %7.1f ms   max %7.1f ms  (target ≤ 200 ms)",
                        name as NSString, times[times.count / 2], times[min(times.count - 1, times.count * 95 / 100)],
                        times[times.count - 1]))
            }
        }
    }

    /// `activities` with `perActivity` transactions each, in the currencies of the demo (and now
    /// and then one without a rate), some marked narrower than their activity.
    static func funded(_ activities: [Activity], perActivity: Int) -> [Activity] {
        var random = SeededRandom(seed: 99)
        let currencies = ["USD", "USD", "EUR", "COP", "CAD", "XOF"]
        return activities.map { activity in
            var activity = activity
            let window = activity.draft.window
            activity.draft.transactions = (0..<perActivity).map { _ in
                let type = TransactionType.allCases.randomElement(using: &random)!
                let currency = currencies.randomElement(using: &random)!
                let day = window.lowerBound.adding(
                    days: Int.random(
                        in: -90...(window.upperBound.dayNumber - window.lowerBound.dayNumber), using: &random))
                return FundingTransaction(
                    type: type, date: day,
                    value: Money(
                        amount: Decimal(Int.random(in: 1_000...5_000_000, using: &random)), currency: currency),
                    provider: activity.draft.providers.first?.organization,
                    notODA: Int.random(in: 0..<10, using: &random) == 0,
                    releasability: Int.random(in: 0..<20, using: &random) == 0
                        ? Releasability(marking: .restricted, releasableTo: ["US"]) : nil)
            }
            return activity
        }
    }
}
