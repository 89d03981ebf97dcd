import EnlaceCore

/// The results view: per key area, each predefined indicator with what the activities measuring it
/// planned and reached, in all countries or per country; and the CSV.
struct ResultsRollupPage {
    struct Row {
        let name: String
        let code: String
        let country: String?
        let type: String
        let activities: String
        let baseline: String
        let target: String
        let achieved: String
        let progress: Int?
        let progressBar: Int
    }

    struct AreaGroup {
        let name: String
        let rows: [Row]
    }

    let dimensions: [Option]
    let countries: [Option]
    let areas: [Option]
    let through: String
    let byCountry: Bool
    let groups: [AreaGroup]
    let hasRows: Bool
    let customNote: String?
    let csvHref: String
    let apiHref: String

    init(rollup: ResultsRollup, query: ResultsQuery, presenter: ActivityPresenter) {
        let format = presenter.format
        let catalog = presenter.catalog
        func text(_ key: String, _ parameters: [String: String] = [:]) -> String {
            presenter.translations.text(key, presenter.language, parameters)
        }
        dimensions = .make(
            ResultsRollup.Dimension.allCases.map { ($0.rawValue, text("results.by.\($0.rawValue)")) },
            selected: [query.dimension.rawValue])
        countries = .make(
            [("", text("funding.all"))]
                + presenter.countryChoices(),
            selected: [query.filter.country ?? ""])
        areas = .make(
            [("", text("funding.all"))] + presenter.keyAreaChoices,
            selected: [query.filter.keyArea ?? ""])
        through = query.filter.throughYear.map(String.init) ?? ""
        byCountry = query.dimension == .country
        func row(_ row: ResultsRollup.Row) -> Row {
            let percentage = row.measure == .percentage
            func value(_ value: FixedDecimal?) -> String {
                value.map { format.decimal($0, percentage: percentage) } ?? "—"
            }
            return Row(
                name: catalog.indicator(row.code)?.names[presenter.language] ?? row.code, code: row.code,
                country: row.country.map(presenter.countryName), type: text("results.types.\(row.type.name)"),
                activities: text(
                    "results.reporting",
                    ["reporting": format.integer(row.reporting), "activities": format.integer(row.activities)]),
                baseline: value(row.baseline), target: value(row.target),
                // Percentages are not added: their row gives the lowest and highest latest value.
                achieved: row.range.map { range in
                    text(
                        "results.range",
                        [
                            "lowest": format.decimal(range.lowerBound, percentage: true),
                            "highest": format.decimal(range.upperBound, percentage: true),
                        ])
                } ?? value(row.achieved), progress: row.progress, progressBar: min(100, max(0, row.progress ?? 0)))
        }
        groups = catalog.keyAreas.compactMap { area in
            let rows = rollup.rows.filter { $0.keyArea == area.slug }.map(row)
            return rows.isEmpty ? nil : AreaGroup(name: area.names[presenter.language], rows: rows)
        }
        hasRows = !rollup.rows.isEmpty
        customNote =
            rollup.customIndicators == 0
            ? nil : text("results.customNote", ["count": format.integer(rollup.customIndicators)])
        csvHref = "/api/v1/results/summary.csv" + query.queryString
        apiHref = "/api/v1/results/summary" + query.queryString
    }
}

extension ResultsRollupPage: PageModel {
    static let template = PageTemplate.results
}
