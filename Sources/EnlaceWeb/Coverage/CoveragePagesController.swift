import EnlaceCore
import EnlaceStore
import Hummingbird

/// The coverage page: `GET /coverage`, for `year` (default: this year) or `from`/`to`, under the
/// releasability rule like every read. Each cell links to its activities; the matrix downloads as CSV.
struct CoveragePagesController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations
    let clock: WallClock

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.coverage, use: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try CoverageQuery.parse(
            request.uri.queryParameters, today: CalendarDate.today(clock), strict: false)
        let matrix = try await store.coverage(window: query.window, thresholds: query.thresholds, for: context.viewer)
        let presenter = try await ActivityPresenter.load(store: store, translations: translations, context: context)
        return pages.render(
            CoveragePage(matrix: matrix, query: query, presenter: presenter),
            title: translations.text("coverage.title", context.language), section: .coverage, request: request,
            context: context)
    }
}
