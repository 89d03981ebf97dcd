import EnlaceCore
import EnlaceInterop
public import EnlaceStore
import Foundation
public import Hummingbird
import Logging
import NIOCore
public import Prometheus
import ServiceLifecycle

/// Builds the whole Enlace application: database, migrations, routes, middleware, services.
///
/// `enlace serve` and every web test call this same function.
public func buildApplication(
    configuration: AppConfiguration, metricsRegistry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    prepare: @Sendable (Store) async throws -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "enlace")
    logger.logLevel = configuration.logLevel
    let database = try await Database.open(configuration.database, logger: logger)
    do {
        if configuration.migrateOnStart {
            try await Migrator(database: database).migrate(now: configuration.clock.now(), logger: logger)
        }
        let store = try await Store.open(
            database: database, clock: configuration.clock, ids: configuration.ids, secret: configuration.secret,
            security: configuration.security,
            deconfliction: configuration.deconfliction, reportingCurrency: configuration.reportingCurrency)
        try await prepare(store)
        // Overlap checks a stopped server left pending run before this one answers.
        let pending = try await store.overlaps.reconcilePending { id, error in
            logger.error(
                "a pending overlap check failed; it stays pending",
                metadata: ["activity": "\(id)", "error": "\(error)"])
        }
        if pending > 0 {
            logger.notice("overlap checks left pending by a stop, now run", metadata: ["count": "\(pending)"])
        }
        let translations = try Translations.load()
        let pages = try await PageRenderer.load(translations: translations)
        let metrics = EnlaceMetrics(registry: metricsRegistry)
        let jobs = ImportJobs(records: store.importJobs)
        let router = try buildRouter(
            store: store, configuration: configuration, translations: translations, pages: pages, metrics: metrics,
            jobs: jobs)
        var app = Application(
            router: router,
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "Enlace"),
            logger: logger)
        // Services stop in the reverse of this order, each once the one after it has returned (the HTTP server,
        // which Hummingbird adds last, first of all): the database closes last, after every background job.
        app.addServices(
            DatabaseService(database: database, store: store, jobs: jobs), ImportJobsService(jobs: jobs))
        // This instance, as the schedule of background jobs names it.
        let instance = UUID().uuidString
        if let interval = configuration.overlapScanInterval {
            app.addServices(
                PeriodicService(
                    name: "overlap full pass", interval: interval, schedule: store.jobs, instance: instance,
                    logger: logger
                ) {
                    let summary = try await store.overlaps.scan()
                    return [
                        "overlaps": "\(summary.overlaps)", "new": "\(summary.inserted)",
                        "reopened": "\(summary.reopened)", "gone": "\(summary.deactivated)",
                    ]
                })
        }
        // Meetings are in the calendar a fixed time ahead: each day the horizon moves on.
        app.addServices(
            PeriodicService(
                name: "meeting schedule", interval: .seconds(86_400), schedule: store.jobs, instance: instance,
                logger: logger
            ) {
                try await store.meetings.scheduleAll()
                return [:]
            })
        if let address = configuration.metricsAddress {
            app.addServices(
                MetricsListener.application(metrics: metrics, host: address.host, port: address.port, logger: logger))
        }
        logger.info(
            "Enlace ready",
            metadata: [
                "database": "\(configuration.database)", "address": "\(configuration.host):\(configuration.port)",
            ])
        return app
    } catch {
        await database.close()
        throw error
    }
}

func buildRouter(
    store: Store, configuration: AppConfiguration, translations: Translations, pages: PageRenderer,
    metrics: EnlaceMetrics, jobs: ImportJobs? = nil
) throws -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.middlewares.add(RequestLogMiddleware(metrics: metrics))
    router.middlewares.add(SecurityHeadersMiddleware(overTLS: configuration.web.secureCookies))
    if configuration.web.trustedProxies != .none {
        router.middlewares.add(ForwardedClient(proxies: configuration.web.trustedProxies))
    }
    router.middlewares.add(LanguageMiddleware())
    HealthController(store: store, openAPI: try HealthController.loadOpenAPI()).addRoutes(to: router)
    let apiErrors = ErrorMiddleware(audience: .api, translations: translations, pages: pages)
    let pageErrors = ErrorMiddleware(audience: .pages, translations: translations, pages: pages)
    var table = RouteTable()
    table.add(router.routes, audience: .api)

    // The API: bearer tokens, problem+json, no cookies and so no CSRF.
    var known = Set(router.routes.map(\.description))
    let api = router.group("api/v1")
        .add(middleware: apiErrors)
        .add(middleware: RefuseNUL())
        .add(middleware: TokenAuthentication(store: store, settings: configuration.web))
        .add(middleware: WriteScope())
    ActivitiesAPIController(
        store: store, representations: RepresentationCache(encode: ActivityDTO.encode)
    ).addRoutes(to: api)
    ReferenceAPIController(store: store).addRoutes(to: api)
    IdentityAPIController(store: store).addRoutes(to: api)
    OverlapsAPIController(store: store, translations: translations).addRoutes(to: api)
    CoverageAPIController(store: store, clock: configuration.clock).addRoutes(to: api)
    FundingAPIController(store: store, clock: configuration.clock).addRoutes(to: api)
    ResultsAPIController(store: store).addRoutes(to: api)
    ForaAPIController(store: store).addRoutes(to: api)
    ProposalsAPIController(store: store, clock: configuration.clock).addRoutes(to: api)
    ConferencesAPIController(store: store).addRoutes(to: api)
    NeedsAPIController(store: store).addRoutes(to: api)
    MeetingsAPIController(store: store, clock: configuration.clock).addRoutes(to: api)
    ActionItemsAPIController(store: store, clock: configuration.clock).addRoutes(to: api)
    FeedController(store: store).addAPIRoutes(to: api)
    ActivityExportsController(
        store: store, clock: configuration.clock,
        sectors: try JSONDecoder().decode(DACSectorMapping.self, from: ReferenceResources.file("dac-sectors")),
        centroids: try JSONDecoder().decode(
            ActivityGeoJSON.Centroids.self, from: ReferenceResources.file("country-centroids"))
    ).addRoutes(to: api)
    let imports = try ActivityImports(store: store)
    ActivityImportsAPIController(imports: imports, translations: translations).addRoutes(to: api)
    table.add(router.routes.filter { !known.contains($0.description) }, audience: .api)
    table.claim("api/v1/**", for: .api)

    // The pages: sessions, anti-forgery tokens, HTML errors.
    known = Set(router.routes.map(\.description))
    let site = SiteRouter(
        group: router.group()
            .add(middleware: pageErrors)
            .add(middleware: RefuseNUL())
            .add(middleware: FormQuery())
            .add(middleware: SessionAuthentication(store: store, settings: configuration.web))
            .add(middleware: CSRFProtection()))
    FeedController(store: store).addFeedRoutes(to: site)
    HomeController(
        store: store, pages: pages, translations: translations, clock: configuration.clock, settings: configuration.web
    )
    .addRoutes(to: site)
    ActivityPagesController(store: store, pages: pages, translations: translations).addRoutes(to: site)
    ActivityImportPagesController(
        imports: imports, jobs: jobs ?? ImportJobs(records: store.importJobs), pages: pages, translations: translations
    ).addRoutes(to: site)
    ActivityFundingController(store: store, pages: pages, translations: translations, clock: configuration.clock)
        .addRoutes(to: site)
    FundingPagesController(store: store, pages: pages, translations: translations, clock: configuration.clock)
        .addRoutes(to: site)
    ActivityResultsController(store: store, pages: pages, translations: translations).addRoutes(to: site)
    ResultsPagesController(store: store, pages: pages, translations: translations).addRoutes(to: site)
    ForaPagesController(store: store, pages: pages, translations: translations).addRoutes(to: site)
    ForumEditingController(store: store, pages: pages, translations: translations).addRoutes(to: site)
    let proposalPages = ProposalPagesController(
        store: store, pages: pages, translations: translations, clock: configuration.clock)
    proposalPages.addRoutes(to: site)
    RoundPagesController(
        store: store, pages: pages, translations: translations, clock: configuration.clock, proposals: proposalPages
    ).addRoutes(to: site)
    ConferencePagesController(store: store, pages: pages, translations: translations).addRoutes(to: site)
    NeedPagesController(store: store, pages: pages, translations: translations, clock: configuration.clock)
        .addRoutes(to: site)
    OverlapPagesController(store: store, pages: pages, translations: translations).addRoutes(to: site)
    CoveragePagesController(store: store, pages: pages, translations: translations, clock: configuration.clock)
        .addRoutes(to: site)
    SeriesPagesController(store: store, pages: pages, translations: translations, clock: configuration.clock)
        .addRoutes(to: site)
    MeetingPagesController(store: store, pages: pages, translations: translations, clock: configuration.clock)
        .addRoutes(to: site)
    MeetingViewsController(store: store, pages: pages, translations: translations, clock: configuration.clock)
        .addRoutes(to: site)
    ActionPagesController(store: store, pages: pages, translations: translations, clock: configuration.clock)
        .addRoutes(to: site)
    SignInController(
        store: store, pages: pages, translations: translations, settings: configuration.web, clock: configuration.clock
    ).addRoutes(to: site)
    AccountController(
        store: store, pages: pages, translations: translations, clock: configuration.clock, settings: configuration.web
    )
    .addRoutes(to: site)
    AdminController(store: store, pages: pages, translations: translations).addRoutes(to: site)
    if configuration.benchmarkCeiling {
        BenchmarkCeiling.addRoutes(to: site, store: store)
    }
    table.add(router.routes.filter { !known.contains($0.description) }, audience: .pages)
    // The files under /static: no session, no cookie; a file that is not there is a page's 404.
    known = Set(router.routes.map(\.description))
    if let folder = Bundle.module.url(forResource: "static", withExtension: nil) {
        router.group("static")
            .add(middleware: pageErrors)
            .add(
                middleware: FileMiddleware(
                    folder.path, urlBasePath: "/static", cacheControl: .init([(MediaType(type: .any), [.maxAge(3600)])])
                )
            )
            .get("**") { _, _ -> Response in throw HTTPError(.notFound) }
    }
    table.add(router.routes.filter { !known.contains($0.description) }, audience: .pages)

    // What no route answers: the router's own "not found", which alone this last middleware wraps.
    router.middlewares.add(
        UnmatchedRoutes(
            table: table, api: apiErrors, pages: pageErrors,
            session: SessionAuthentication(store: store, settings: configuration.web)))
    return router
}

/// Runs `work` at start and then every `interval`, until the server stops, logging what it reports: one turn in
/// each interval among all the instances on the database, which take turns through ``JobSchedule``.
///
/// On a stop (SIGTERM, SIGINT) its task is cancelled: `work` stops at its next batch boundary and throws
/// `CancellationError`, which is logged as a cancellation, not as a failure. A turn its server stopped is given
/// back, so that the next instance to ask, or this one's restart, takes it at once; a turn that failed is due again
/// after ``retryAfterFailure`` (or its interval, if shorter).
struct PeriodicService: Service, CustomStringConvertible {
    let name: String
    let interval: Duration
    let schedule: JobSchedule
    /// This instance, as the schedule names the holder of a turn.
    let instance: String
    let logger: Logger
    let work: @Sendable () async throws -> Logger.Metadata

    // Short names in the service lifecycle's log: its default would describe the whole store, on every start.
    var description: String { name }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    if try await schedule.claim(name, every: interval, holder: instance) {
                        guard await turn() else { return }
                    } else {
                        logger.debug("\(name): another instance has this turn")
                    }
                    // Until the next turn is due, whoever took this one; never busier than once a second.
                    try await Task.sleep(for: min(max(try await schedule.untilDue(name), .seconds(1)), interval))
                } catch  where Task.isCancelled || error is CancellationError {
                    return
                } catch {
                    logger.error("\(name): its schedule could not be read", metadata: ["error": "\(error)"])
                    try await Task.sleep(for: .seconds(60))
                }
            }
        }
    }

    /// Runs one turn; answers false when the server is stopping.
    private func turn() async -> Bool {
        do {
            logger.info("\(name) started")
            let report = try await work()
            logger.info("\(name)", metadata: report)
            return true
        } catch  where Task.isCancelled || error is CancellationError {
            logger.info("\(name) cancelled: the server is stopping")
            await giveBack()
            return false
        } catch {
            logger.error("\(name) failed; it is tried again later", metadata: ["error": "\(error)"])
            await giveBack(after: min(interval, Self.retryAfterFailure))
            return true
        }
    }

    /// How soon a failed job is tried again, at most.
    static let retryAfterFailure: Duration = .seconds(300)

    /// Gives the turn back, due again `after` from now, from a task of its own: this one may have been cancelled.
    private func giveBack(after: Duration = .zero) async {
        let (schedule, name, instance, logger) = (schedule, name, instance, logger)
        await Task.detached {
            do {
                try await schedule.release(name, holder: instance, after: after)
            } catch {
                logger.warning("\(name): the turn could not be given back", metadata: ["error": "\(error)"])
            }
        }.value
    }
}

/// Closes the database after the server has drained its requests and every background job has ended.
struct DatabaseService: Service, CustomStringConvertible {
    let database: Database
    let store: Store
    let jobs: ImportJobs

    var description: String { "database" }

    func run() async throws {
        try? await gracefulShutdown()
        // On an orderly stop every job has ended by now (this service stops last). When the services are cancelled
        // all at once instead (one of them failed), the jobs are cancelled with it: they end at their next batch
        // boundary, which this waits for (at most 10 s) rather than close the database under them.
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, await jobs.isRunning || store.overlaps.isPassRunning {
            // A sleep of its own: this task may be cancelled, and a cancelled sleep does not wait.
            await Task.detached { try? await Task.sleep(for: .milliseconds(50)) }.value
        }
        await database.close()
    }
}
