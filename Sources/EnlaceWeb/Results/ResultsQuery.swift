import EnlaceCore
import Hummingbird

/// The query string of a results roll-up, shared by the API, the CSV and the page: `by` (area or
/// country), `country`, `area`, and `through` (a year: periods that ended by then).
struct ResultsQuery: Sendable, Hashable {
    var dimension = ResultsRollup.Dimension.area
    var filter = ResultsRollup.Filter()

    static let parameters: Set<String> = ["by", "country", "area", "through"]

    /// Parses `parameters`; problems are reported together when `strict` (the API) and skipped
    /// otherwise (the page).
    static func parse(_ parameters: Parameters, strict: Bool) throws(RequestError) -> ResultsQuery {
        var reader = QueryReader(parameters, allowed: Self.parameters)
        var query = ResultsQuery()
        query.dimension =
            reader.code("by", expected: "area or country") { ResultsRollup.Dimension(rawValue: $0) } ?? .area
        query.filter.country = reader.value("country").flatMap { $0.isEmpty ? nil : $0 }
        query.filter.keyArea = reader.value("area").flatMap { $0.isEmpty ? nil : $0 }
        query.filter.throughYear = reader.number("through", in: 1990...2100)
        try reader.finish(strict: strict)
        return query
    }

    /// The query string that gives this roll-up again.
    var queryString: String {
        var parameters: [(String, String)] = [("by", dimension.rawValue)]
        for (name, value) in [("country", filter.country), ("area", filter.keyArea)] {
            if let value { parameters.append((name, value)) }
        }
        if let year = filter.throughYear { parameters.append(("through", String(year))) }
        return SitePaths.query(parameters)
    }
}
