import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// The dashboard and the language switcher.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | / | the dashboard |
/// | GET | /language/{code} | sets the language cookie and returns to `back` |
struct HomeController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations
    let clock: WallClock
    let settings: WebSecuritySettings

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.home, use: home)
        router.get(SitePaths.language, use: switchLanguage)
    }

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        let presenter = try await ActivityPresenter.load(store: store, translations: translations, context: context)
        let today = CalendarDate.today(clock)
        let all = ActivityFilter()
        let viewer = context.viewer
        async let byArea = store.activities.countsByKeyArea(all, for: viewer)
        async let byCountry = store.activities.countsByCountry(all, for: viewer)
        var soon = ActivityFilter()
        soon.startFrom = today
        soon.startTo = today.adding(days: 90)
        async let upcoming = store.activities.list(
            soon, sort: ActivitySort(.plannedStart, descending: false), limit: 8, cursor: nil, for: viewer)
        async let recent = store.activities.list(
            all, sort: ActivitySort(.updatedAt, descending: true), limit: 6, cursor: nil, for: viewer)

        let format = presenter.format
        let language = context.language
        let areaCounts = Dictionary(try await byArea.map { ($0.key, $0.count) }, uniquingKeysWith: +)
        let (upcomingPage, recentPage) = try (await upcoming, await recent)
        let model = HomePage(
            totalText: translations.plural("activities.count", count: recentPage.total, format),
            byKeyArea: HomePage.Chart(
                title: translations.text("home.byKeyArea", language),
                entries: store.catalog.keyAreas.map {
                    ($0.names[language], areaCounts[$0.slug] ?? 0, SitePaths.activities.with([("keyArea", $0.slug)]))
                }, format: format),
            byCountry: HomePage.Chart(
                title: translations.text("home.byCountry", language),
                entries: try await byCountry.prefix(15).map {
                    (presenter.countryName($0.key), $0.count, SitePaths.activities.with([("country", $0.key)]))
                }, format: format),
            upcoming: upcomingPage.items.map(presenter.summary), recent: recentPage.items.map(presenter.summary),
            hasUpcoming: !upcomingPage.items.isEmpty, hasRecent: !recentPage.items.isEmpty,
            upcomingHref: SitePaths.activities.with(
                [("startFrom", today.iso), ("startTo", today.adding(days: 90).iso), ("sort", "plannedStart")]))
        return pages.render(
            model, title: translations.text("home.title", language), section: .home, request: request,
            context: context)
    }

    @Sendable func switchLanguage(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let language = Language(rawValue: try context.parameters.require("code")) else {
            throw RequestError.notFound
        }
        var back = request.uri.queryParameters.get("back") ?? "/"
        if !SitePaths.isLocal(back) { back = "/" }
        var response = Response.redirect(to: back, type: .normal)
        response.setCookie(
            Cookie(
                name: LanguageMiddleware.cookieName, value: language.rawValue, maxAge: 365 * 86_400, path: "/",
                secure: settings.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }
}
