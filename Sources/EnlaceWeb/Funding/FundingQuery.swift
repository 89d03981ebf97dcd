import EnlaceCore
import Hummingbird

/// The query string of a funding summary, shared by the API, the CSV and the page:
/// `by` (provider, country or area), `provider`, `country`, `area`, and the years `from`…`to`.
struct FundingQuery: Sendable, Hashable {
    var dimension = FundingSummary.Dimension.provider
    var filter = FundingSummary.Filter()

    static let parameters: Set<String> = ["by", "provider", "country", "area", "from", "to"]

    /// Parses `parameters`; problems are reported together when `strict` (the API) and skipped
    /// otherwise (the page).
    static func parse(_ parameters: Parameters, strict: Bool) throws(RequestError) -> FundingQuery {
        var reader = QueryReader(parameters, allowed: Self.parameters)
        var query = FundingQuery()
        query.dimension =
            reader.code("by", expected: "provider, country or area") { FundingSummary.Dimension(rawValue: $0) }
            ?? .provider
        query.filter.provider = reader.value("provider").flatMap { $0.isEmpty ? nil : $0 }
        query.filter.country = reader.value("country").flatMap { $0.isEmpty ? nil : $0 }
        query.filter.area = reader.value("area").flatMap { $0.isEmpty ? nil : $0 }
        let from = reader.number("from", in: 1990...2100)
        let to = reader.number("to", in: 1990...2100)
        if from != nil || to != nil {
            let first = from ?? 1990
            let last = to ?? 2100
            if last < first {
                reader.errors.append(FieldError("to", .endBeforeStart, ["start": String(first)]))
            } else {
                query.filter.years = first...last
            }
        }
        try reader.finish(strict: strict)
        return query
    }

    /// The query string that gives this summary again.
    var queryString: String {
        var parameters: [(String, String)] = [("by", dimension.rawValue)]
        for (name, value) in [("provider", filter.provider), ("country", filter.country), ("area", filter.area)] {
            if let value { parameters.append((name, value)) }
        }
        if let years = filter.years {
            parameters.append(("from", String(years.lowerBound)))
            parameters.append(("to", String(years.upperBound)))
        }
        return SitePaths.query(parameters)
    }
}
