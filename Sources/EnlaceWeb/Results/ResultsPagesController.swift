import EnlaceCore
import EnlaceStore
import Hummingbird

/// The results view:
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /results | predefined indicators rolled up per key area or per country, with the CSV |
struct ResultsPagesController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.results, use: rollup)
    }

    @Sendable func rollup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try ResultsQuery.parse(request.uri.queryParameters, strict: false)
        let rollup = try await store.resultsRollup(by: query.dimension, filter: query.filter, for: context.viewer)
        let presenter = try await ActivityPresenter.load(store: store, translations: translations, context: context)
        return pages.render(
            ResultsRollupPage(rollup: rollup, query: query, presenter: presenter),
            title: translations.text("results.title", context.language), section: .results, request: request,
            context: context)
    }
}
