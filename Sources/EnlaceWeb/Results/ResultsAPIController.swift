import EnlaceCore
import EnlaceStore
import Hummingbird

/// Results over JSON (and CSV), under the releasability rule: a roll-up counts only the activities
/// the caller may see.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /api/v1/results/summary | predefined indicators rolled up per `by` (area or country) |
/// | GET | /api/v1/results/summary.csv | the same as CSV |
/// | GET | /api/v1/indicators | the predefined indicators, per key area; `keyArea` filters |
///
/// An activity's own indicators are read and written with the activity (`indicators`).
struct ResultsAPIController {
    let store: Store

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("results/summary", use: summary)
        group.get("results/summary.csv", use: summaryCSV)
        group.get("indicators", use: indicators)
    }

    @Sendable func summary(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try ResultsQuery.parse(request.uri.queryParameters, strict: true)
        let rollup = try await store.resultsRollup(by: query.dimension, filter: query.filter, for: context.viewer)
        return JSONResponse.make(ResultDTO.encode(rollup, query: query))
    }

    @Sendable func summaryCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try ResultsQuery.parse(request.uri.queryParameters, strict: true)
        let rollup = try await store.resultsRollup(by: query.dimension, filter: query.filter, for: context.viewer)
        return CSVResponse.make(try ResultDTO.csv(rollup), name: "enlace-results-\(query.dimension.rawValue).csv")
    }

    @Sendable func indicators(_ request: Request, context: AppRequestContext) async throws -> Response {
        let catalog = store.catalog
        let area = request.uri.queryParameters.get("keyArea")
        if let area, catalog.keyArea(area) == nil {
            throw RequestError.invalidQuery([FieldError("keyArea", .unknownCode, ["value": area])])
        }
        let definitions = catalog.indicators.filter { area == nil || $0.keyArea == area }
        return try MemoryPaging.response(
            request, definitions, key: \.code, ordered: false, allowed: ["keyArea"], ResultDTO.encode)
    }
}
