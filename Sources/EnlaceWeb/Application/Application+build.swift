import EnlaceCore
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
        let translations = try Translations.load()
        let pages = try await PageRenderer.load(translations: translations)
        let metrics = EnlaceMetrics(registry: metricsRegistry)
        let router = try buildRouter(
            store: store, configuration: configuration, translations: translations, pages: pages, metrics: metrics)
        var app = Application(
            router: router,
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "Enlace"),
            logger: logger)
        if let interval = configuration.overlapScanInterval {
            app.addServices(
                PeriodicService(name: "overlap full pass", interval: interval, logger: logger) {
                    let summary = try await store.overlaps.scan()
                    return [
                        "overlaps": "\(summary.overlaps)", "new": "\(summary.inserted)",
                        "reopened": "\(summary.reopened)", "gone": "\(summary.deactivated)",
                    ]
                })
        }
        // Meetings are in the calendar a fixed time ahead: each day the horizon moves on.
        app.addServices(
            PeriodicService(name: "meeting schedule", interval: .seconds(86_400), logger: logger) {
                try await store.meetings.scheduleAll()
                return [:]
            })
        app.addServices(DatabaseService(database: database))
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
    metrics: EnlaceMetrics
) throws -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.middlewares.add(RequestLogMiddleware(metrics: metrics))
    router.middlewares.add(SecurityHeadersMiddleware(overTLS: configuration.web.secureCookies))
    if configuration.web.trustedProxies != .none {
        router.middlewares.add(ForwardedClient(proxies: configuration.web.trustedProxies))
    }
    router.middlewares.add(LanguageMiddleware())
    router.middlewares.add(ErrorMiddleware(translations: translations, pages: pages))
    router.middlewares.add(Authentication(store: store, settings: configuration.web))
    router.middlewares.add(CSRFProtection())
    if let staticFolder = Bundle.module.url(forResource: "static", withExtension: nil) {
        router.middlewares.add(
            FileMiddleware(
                staticFolder.path, urlBasePath: "/static",
                cacheControl: .init([(MediaType(type: .any), [.maxAge(3600)])])))
    }

    HealthController(store: store, openAPI: try HealthController.loadOpenAPI()).addRoutes(to: router)
    let api = router.group("api/v1").add(middleware: WriteScope())
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
    FeedController(store: store).addRoutes(to: router, api: api)
    HomeController(
        store: store, pages: pages, translations: translations, clock: configuration.clock, settings: configuration.web
    )
    .addRoutes(to: router)
    ActivityPagesController(store: store, pages: pages, translations: translations).addRoutes(to: router)
    ActivityFundingController(store: store, pages: pages, translations: translations, clock: configuration.clock)
        .addRoutes(to: router)
    FundingPagesController(store: store, pages: pages, translations: translations, clock: configuration.clock)
        .addRoutes(to: router)
    ActivityResultsController(store: store, pages: pages, translations: translations).addRoutes(to: router)
    ResultsPagesController(store: store, pages: pages, translations: translations).addRoutes(to: router)
    ForaPagesController(store: store, pages: pages, translations: translations).addRoutes(to: router)
    ForumEditingController(store: store, pages: pages, translations: translations).addRoutes(to: router)
    let proposalPages = ProposalPagesController(
        store: store, pages: pages, translations: translations, clock: configuration.clock)
    proposalPages.addRoutes(to: router)
    RoundPagesController(
        store: store, pages: pages, translations: translations, clock: configuration.clock, proposals: proposalPages
    ).addRoutes(to: router)
    ConferencePagesController(store: store, pages: pages, translations: translations).addRoutes(to: router)
    NeedPagesController(store: store, pages: pages, translations: translations, clock: configuration.clock)
        .addRoutes(to: router)
    OverlapPagesController(store: store, pages: pages, translations: translations).addRoutes(to: router)
    CoveragePagesController(store: store, pages: pages, translations: translations, clock: configuration.clock)
        .addRoutes(to: router)
    SeriesPagesController(store: store, pages: pages, translations: translations, clock: configuration.clock)
        .addRoutes(to: router)
    MeetingPagesController(store: store, pages: pages, translations: translations, clock: configuration.clock)
        .addRoutes(to: router)
    MeetingViewsController(store: store, pages: pages, translations: translations, clock: configuration.clock)
        .addRoutes(to: router)
    ActionPagesController(store: store, pages: pages, translations: translations, clock: configuration.clock)
        .addRoutes(to: router)
    SignInController(
        store: store, pages: pages, translations: translations, settings: configuration.web, clock: configuration.clock
    ).addRoutes(to: router)
    AccountController(
        store: store, pages: pages, translations: translations, clock: configuration.clock, settings: configuration.web
    )
    .addRoutes(to: router)
    AdminController(store: store, pages: pages, translations: translations).addRoutes(to: router)
    if configuration.benchmarkCeiling {
        BenchmarkCeiling.addRoutes(to: router, store: store)
    }
    return router
}

/// Runs `work` at start and then every `interval`, until the server stops, logging what it reports.
struct PeriodicService: Service {
    let name: String
    let interval: Duration
    let logger: Logger
    let work: @Sendable () async throws -> Logger.Metadata

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let report = try await work()
                    logger.info("\(name)", metadata: report)
                } catch  where Task.isCancelled {
                    return
                } catch {
                    logger.error("\(name) failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}

/// Closes the database after the server has drained its requests.
struct DatabaseService: Service {
    let database: Database

    func run() async throws {
        try? await gracefulShutdown()
        await database.close()
    }
}
