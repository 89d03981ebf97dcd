import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import Testing

@Suite("Migrations and reference data")
struct MigrationTests {
    @Test(
        "migrations bring an empty database to the current version, and a second run changes nothing",
        arguments: TestDatabase.engines)
    func migrateTwice(engine: DatabaseEngine) async throws {
        try await TestDatabase.withDatabase(engine) { database, _ in
            let migrator = Migrator(database: database)
            #expect(try await migrator.isCurrent())
            #expect(try await migrator.currentVersion() == migrator.latestVersion)
            let again = try await migrator.migrate(logger: TestDatabase.logger)
            #expect(again.isEmpty)
        }
    }

    @Test("the seeded reference data reads back as the shipped resources", arguments: TestDatabase.engines)
    func referenceData(engine: DatabaseEngine) async throws {
        try await TestDatabase.withDatabase(engine) { database, _ in
            let catalog = try await ReferenceRepository(database: database).catalog()
            let resources = try ReferenceResources.load()
            #expect(catalog.countries == resources.countries)
            #expect(catalog.currencies == resources.currencies)
            #expect(catalog.keyAreas == resources.keyAreas)
            #expect(catalog.topics == resources.topics)
            #expect(catalog.kinds == resources.kinds)
            #expect(catalog.indicators == resources.indicators)
            #expect(Set(catalog.indicators.map(\.keyArea)) == Set(catalog.keyAreas.map(\.slug)))
            #expect(catalog.statuses.map(\.code) == ActivityStatus.allCases)
            #expect(catalog.country("HN")?.names[.es] == "Honduras")
            #expect(catalog.countries.count >= 249)
            #expect(catalog.currency("COP") != nil)
        }
    }

    @Test("opening a store on a database that is behind the code fails with a clear message")
    func behindSchema() async throws {
        let (location, cleanup) = try await TestDatabase.makeLocation(.sqlite)
        let database = try await Database.open(location, logger: TestDatabase.logger)
        let error = await #expect(throws: ConfigurationError.self) {
            try await Store.open(
                database: database, clock: .system, ids: .random, secret: Fixtures.secret,
                security: Fixtures.fastSecurity)
        }
        #expect(error?.message.contains("enlace migrate") == true)
        await database.close()
        try await cleanup()
    }

    /// A server that cannot listen cancels its services, the one that closes the database among them; a
    /// connection left open then traps when it is released, and the operator sees a crash instead of the
    /// reason.
    @Test("a database closed from a cancelled task closes every connection", arguments: TestDatabase.engines)
    func closeWhenCancelled(engine: DatabaseEngine) async throws {
        let (location, cleanup) = try await TestDatabase.makeLocation(engine)
        var database: Database? = try await Database.open(location, logger: TestDatabase.logger)
        try await database?.execute("SELECT 1")
        let closing = Task { [database] in
            try? await Task.sleep(for: .seconds(600))
            await database?.close()
        }
        closing.cancel()
        await closing.value
        database = nil
        try await cleanup()
    }
}
