public import EnlaceCore
public import EnlaceStore
public import Foundation

extension DemoDataset {
    /// The demo's people, one per role, with passwords that exist only in demo mode (see the README).
    public static let people: [(email: String, name: String, organization: String, role: Role, password: String)] = [
        ("admin@demo.enlace.example", "Ana Administradora", "HCE", .admin, "demo admin passphrase 2026"),
        (
            "secretariat@demo.enlace.example", "Samuel Secretaría", "HCE", .secretariat,
            "demo secretariat passphrase 2026"
        ),
        (
            "coordinator@demo.enlace.example", "Carla Coordinator", "US", .coordinator,
            "demo coordinator passphrase 2026"
        ),
        (
            "contributor@demo.enlace.example", "Camilo Contribuyente", "CO-PONAL", .contributor,
            "demo contributor passphrase 2026"
        ),
        ("partner@demo.enlace.example", "Paola Punto Focal", "HN", .partner, "demo partner passphrase 2026"),
        ("viewer@demo.enlace.example", "Víctor Viewer", "ES", .viewer, "demo viewer passphrase 2026"),
    ]

    /// Fills `store` with the demo when it holds no activity yet, and records the overlaps among its
    /// activities; returns how many activities it loaded,
    /// or nil when it left the database alone.
    ///
    /// A database that already holds activities is left alone, so a restart with `--demo` never duplicates data.
    /// `progress` hears how the activities and the overlap pass advance.
    @discardableResult
    public static func load(
        into store: Store, seed: UInt64 = defaultSeed, count: Int = 2_400, now: Date = Date(),
        progress: ProgressHandler? = nil
    ) async throws -> Int? {
        let existing = try await store.activities.list(
            ActivityFilter(), sort: .default, limit: 1, cursor: nil, for: .person(operatorPrincipal))
        guard existing.total == 0 else { return nil }
        let dataset = generate(seed: seed, count: count)
        try await store.organizations.save(dataset.organizations)
        try await store.rates.save(DemoFunding.rates(), source: "demo", by: nil)
        try await store.activities.insert(dataset.activities, progress: progress)
        _ = try await store.overlaps.scan(progress: progress)
        try await store.needs.insert(DemoNeeds.generate(activities: dataset.activities, seed: seed))
        try await store.fora.insert(DemoFora.contacts)
        for person in people where try await store.users.find(email: person.email) == nil {
            _ = try await store.users.create(
                email: person.email, name: person.name, organization: person.organization, roles: [person.role],
                password: person.password, actor: nil)
        }
        try await DemoMeetings.load(into: store, now: now)
        try await DemoProposals.load(into: store)
        return dataset.activities.count
    }

    /// Whoever runs the loader: it must see every activity to know whether the database is empty.
    static let operatorPrincipal = Principal(
        userID: "demo-loader", email: "", organization: "HCE", lineage: ["HCE"], descendants: [], country: nil,
        isMember: true, roles: [.secretariat], scope: .read)
}
