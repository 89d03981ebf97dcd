public import EnlaceCore

/// The store as the web layer and the command line see it: one database and the repositories over it.
public struct Store: Sendable {
    /// The database handle.
    public let database: Database
    /// The reference data, read once at opening.
    public let catalog: ReferenceCatalog
    /// The activity registry.
    public let activities: ActivityRepository
    /// Overlaps between activities, and their review.
    public let overlaps: OverlapRepository
    /// Coordination meetings and what is recorded at them.
    public let meetings: MeetingRepository
    /// Partner nations' needs.
    public let needs: NeedRepository
    /// The directory of fora and mechanisms, and their focal points.
    public let fora: ForumRepository
    /// Which fora activities and meeting series concern, and what links to each forum.
    public let forumLinks: ForumLinkRepository
    /// Proposals, their versions and consultation rounds.
    public let proposals: ProposalRepository
    /// The international conferences proposals go to.
    public let conferences: ConferenceRepository
    /// Dated exchange rates.
    public let rates: ExchangeRateStore
    /// The currency totals are reported in (ISO 4217).
    public let reportingCurrency: String
    /// The keys of calendar feed addresses.
    public let feedKeys: FeedKeyStore
    /// Organisations.
    public let organizations: OrganizationRepository
    /// People and their credentials.
    public let users: UserRepository
    /// Browser sessions.
    public let sessions: SessionStore
    /// API tokens.
    public let tokens: TokenStore
    /// Password sign-in, throttled and audited.
    public let authenticator: Authenticator
    /// The audit trail.
    public let audit: AuditLog
    /// The password rules, with the shipped list of common passwords.
    public let passwords: PasswordPolicy
    /// When each background job is next due, shared by the instances on the database.
    public let jobs: JobSchedule
    /// The imports started from the upload page, with their progress and reports.
    public let importJobs: ImportJobStore

    /// Opens the store on an already-migrated database, with the installation's `secret`.
    ///
    /// Fails with a clear message when the schema is behind the code, rather than failing on first use, and
    /// when `secret` is not the one the database was first opened with (two instances that do not share
    /// their secret file would hand out calendar addresses that work on one of them only).
    public static func open(
        database: Database, clock: WallClock, ids: IDGenerator, secret: ServerSecret,
        security: SecurityPolicy = .standard, deconfliction: DeconflictionSettings = .standard,
        reportingCurrency: String = "USD", warm: Bool = true
    ) async throws -> Store {
        let migrator = Migrator(database: database)
        let version = try await migrator.currentVersion()
        guard version >= migrator.latestVersion else {
            throw ConfigurationError(
                "the database schema is at version \(version) but this build needs \(migrator.latestVersion); run `enlace migrate`"
            )
        }
        try await secret.check(database)
        let catalog = try await ReferenceRepository(database: database).catalog()
        guard catalog.currency(reportingCurrency) != nil else {
            throw ConfigurationError("the reporting currency \(reportingCurrency) is not an ISO 4217 code")
        }
        let counters = ChangeCounters()
        let directory = OrganizationDirectory(counters: counters)
        let passwords = PasswordPolicy(common: try ReferenceResources.commonPasswords())
        let audit = AuditLog(database: database, clock: clock)
        let hasher = PasswordHasher(cost: security.bcryptCost)
        let users = UserRepository(
            database: database, clock: clock, ids: ids, security: security, passwords: passwords, directory: directory,
            hasher: hasher)
        let readModel = ActivityReadModel(settings: deconfliction, counters: counters)
        let overlaps = OverlapRepository(
            database: database, clock: clock, ids: ids, activities: readModel,
            book: ReadModel(OverlapBook(), counters: counters), directory: directory)
        let activities = ActivityRepository(
            database: database, catalog: catalog, clock: clock, ids: ids, readModel: readModel, overlaps: overlaps,
            directory: directory)
        // Load the read models now, so that the first request does not pay for them; a command that may not need
        // them (an import) leaves them to load when first read.
        if warm {
            _ = try await readModel.current(database)
            _ = try await overlaps.book.current(database)
        }
        let meetings = MeetingRepository(
            database: database, catalog: catalog, clock: clock, ids: ids, directory: directory,
            activities: readModel, overlaps: overlaps, users: users)
        let needs = NeedRepository(
            database: database, catalog: catalog, clock: clock, ids: ids, directory: directory, activities: readModel)
        let fora = ForumRepository(database: database, catalog: catalog, clock: clock, ids: ids)
        let proposals = ProposalRepository(
            database: database, catalog: catalog, clock: clock, ids: ids, directory: directory, activities: readModel,
            needs: needs, meetings: meetings)
        return Store(
            database: database, catalog: catalog, activities: activities, overlaps: overlaps, meetings: meetings,
            needs: needs, fora: fora,
            forumLinks: ForumLinkRepository(
                database: database, clock: clock, fora: fora, activities: activities, meetings: meetings,
                proposals: proposals),
            proposals: proposals,
            conferences: ConferenceRepository(database: database, clock: clock, ids: ids),
            rates: ExchangeRateStore(
                database: database, clock: clock, model: ReadModel(RateState(), counters: counters)),
            reportingCurrency: reportingCurrency,
            feedKeys: FeedKeyStore(database: database, clock: clock, users: users, secret: secret),
            organizations: OrganizationRepository(
                database: database, clock: clock, catalog: catalog, directory: directory),
            users: users, sessions: SessionStore(database: database, clock: clock, security: security, users: users),
            tokens: TokenStore(database: database, clock: clock, ids: ids, users: users),
            authenticator: Authenticator(
                users: users, throttle: LoginThrottle(database: database, clock: clock, security: security),
                audit: audit, hasher: hasher, secret: secret),
            audit: audit, passwords: passwords, jobs: JobSchedule(database: database, clock: clock),
            importJobs: ImportJobStore(database: database, clock: clock))
    }
}
