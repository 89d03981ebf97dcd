public import EnlaceCore

/// The store as the web layer and the CLI see it: one database and the repositories over it.
public struct Store: Sendable {
    /// The database handle.
    public let database: Database
    /// The reference data, read once at opening.
    public let catalog: ReferenceCatalog
    /// The activity registry.
    public let activities: ActivityRepository
    /// Organisations.
    public let organizations: OrganizationRepository

    /// Opens the store on an already-migrated database.
    ///
    /// Fails with a clear message when the schema is behind the code, rather than failing on first use.
    public static func open(database: Database, clock: WallClock, ids: IDGenerator) async throws -> Store {
        let migrator = Migrator(database: database)
        let version = try await migrator.currentVersion()
        guard version >= migrator.latestVersion else {
            throw ConfigurationError(
                "the database schema is at version \(version) but this build needs \(migrator.latestVersion); run `enlace migrate`"
            )
        }
        let catalog = try await ReferenceRepository(database: database).catalog()
        let activities = ActivityRepository(
            database: database, catalog: catalog, clock: clock, ids: ids, readModel: ActivityReadModel())
        // Load the read model now, so that the first request does not pay for it.
        _ = try await activities.readModel.current(database)
        return Store(
            database: database, catalog: catalog, activities: activities,
            organizations: OrganizationRepository(database: database, clock: clock))
    }
}
