import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// The coverage matrix over JSON and CSV, under the releasability rule: each caller's matrix counts
/// the activities they may see (anonymous callers: public ones, without overlaps).
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /api/v1/coverage | the matrix for `year` (default: this year) or `from`/`to` |
/// | GET | /api/v1/coverage.csv | the same matrix as CSV, one row per cell |
struct CoverageAPIController {
    let store: Store
    let clock: WallClock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("coverage", use: matrix)
        group.get("coverage.csv", use: csv)
    }

    @Sendable func matrix(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.make(CoverageDTO.encode(try await Self.matrix(request, store: store, clock: clock, context)))
    }

    @Sendable func csv(_ request: Request, context: AppRequestContext) async throws -> Response {
        let matrix = try await Self.matrix(request, store: store, clock: clock, context)
        let name = "enlace-coverage-\(matrix.window.lowerBound.iso)-\(matrix.window.upperBound.iso).csv"
        return CSVResponse.make(try CoverageDTO.csv(matrix), name: name)
    }

    /// The matrix the request asks for; a page passes `strict: false` to show something for a bad link.
    static func matrix(
        _ request: Request, store: Store, clock: WallClock, _ context: AppRequestContext, strict: Bool = true
    ) async throws -> CoverageMatrix {
        let query = try CoverageQuery.parse(
            request.uri.queryParameters, today: CalendarDate.today(clock), strict: strict)
        return try await store.coverage(window: query.window, thresholds: query.thresholds, for: context.viewer)
    }
}
