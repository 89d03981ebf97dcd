import SQLKit

/// One numbered change to the schema or its seeded data; applied once, in order, never edited after it lands.
protocol Migration: Sendable {
    /// The number that orders it; unique and gap-free from 1.
    var version: Int { get }
    /// A short description, recorded with it.
    var name: String { get }
    /// Makes the change. It runs inside a transaction with the record of its application.
    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws
}

/// Every migration, in order. A new one goes at the end.
enum Migrations {
    static let all: [any Migration] = [
        M0001ReferenceTables(),
        M0002SeedReferenceData(),
        M0003Organizations(),
        M0004Activities(),
        M0005Identity(),
        M0006Overlaps(),
        M0007Meetings(),
        M0008Funding(),
        M0009Needs(),
        M0010Results(),
        M0011Fora(),
        M0012Proposals(),
        M0013ForumLinks(),
        M0014CredentialsAtRest(),
        M0015AgendaItemSources(),
        M0016OverlapNotices(),
        M0017LoginThrottlePurge(),
        M0018PartnerContact(),
        M0019IATIIdentifier(),
        M0020ImportFingerprint(),
        M0021TargetGroup(),
        M0022JobSchedule(),
        M0023OverlapPending(),
        M0024ImportJobs(),
    ]
}
