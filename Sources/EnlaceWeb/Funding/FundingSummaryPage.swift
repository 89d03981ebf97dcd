import EnlaceCore
import Foundation

/// The funding view: the pledged → committed → disbursed → spent funnel by year, one SVG chart per
/// provider, country or key area (drawn on the server), the same figures as a table, and the CSV.
struct FundingSummaryPage {
    enum Geometry {
        static let width = 640
        static let height = 200
        static let left = 70
        static let bottom = 24
        static let top = 10
        static let barWidth = 9
        static let barGap = 2
    }

    struct Bar {
        let x: Int
        let y: Int
        let height: Int
        let stage: String
        let title: String
    }

    struct Label {
        let x: Int
        let text: String
    }

    struct Chart {
        let id: String
        let title: String
        let bars: [Bar]
        let years: [Label]
        let maximum: String
        let width: Int
        let height = Geometry.height
        let axisY = Geometry.height - Geometry.bottom
        let axisLeft = Geometry.left
        let yearY = Geometry.height - 6
        let topY = Geometry.top + 10
    }

    struct TableRow {
        let name: String
        let href: String?
        let amounts: [String]
        let notODA: String
        let missing: String?
    }

    struct Missing {
        let text: String
    }

    let dimensions: [Option]
    let providers: [Option]
    let countries: [Option]
    let areas: [Option]
    let from: String
    let to: String
    let stages: [String]
    let currency: String
    let charts: [Chart]
    let table: [TableRow]
    let total: TableRow
    let missing: [Missing]
    let isIncomplete: Bool
    let hasRows: Bool
    let csvHref: String
    let apiHref: String
    let moreRows: String?

    static let chartedRows = 12

    init(summary: FundingSummary, query: FundingQuery, presenter: ActivityPresenter, governments: [Organization]) {
        let format = presenter.format
        func text(_ key: String, _ parameters: [String: String] = [:]) -> String {
            presenter.translations.text(key, presenter.language, parameters)
        }
        func name(_ key: String) -> String {
            switch summary.dimension {
            case .provider: presenter.organizations[key]?.name ?? key
            case .country: presenter.countryName(key)
            case .area: presenter.areaName(key)
            }
        }
        func amount(_ value: FixedDecimal) -> String {
            format.money(Money(amount: Decimal(Int(truncatingIfNeeded: value.wholeUnits)), currency: summary.currency))
        }
        dimensions = .make(
            FundingSummary.Dimension.allCases.map { ($0.rawValue, text("funding.by.\($0.rawValue)")) },
            selected: [query.dimension.rawValue])
        providers = .make(
            [("", text("funding.all"))] + governments.map { ($0.code, $0.name) },
            selected: [query.filter.provider ?? ""])
        countries = .make(
            [("", text("funding.all"))]
                + presenter.countryChoices(), selected: [query.filter.country ?? ""])
        areas = .make(
            [("", text("funding.all"))]
                + presenter.keyAreaChoices,
            selected: [query.filter.area ?? ""])
        from = query.filter.years.map { String($0.lowerBound) } ?? ""
        to = query.filter.years.map { String($0.upperBound) } ?? ""
        stages = FundingStage.allCases.map { text("funding.stages.\($0.rawValue)") }
        currency = summary.currency
        let years = summary.years
        var charts = [
            Self.chart(
                id: "funding-total", title: text("funding.allRows"), byYear: summary.totalByYear, years: years,
                amount: amount, text: text)
        ]
        for (index, row) in summary.rows.prefix(Self.chartedRows).enumerated() {
            charts.append(
                Self.chart(
                    id: "funding-row-\(index)", title: name(row.key), byYear: row.years, years: years, amount: amount,
                    text: text))
        }
        self.charts = charts
        func tableRow(_ label: String, _ totals: FundingSummary.Totals, missing: Int, href: String?) -> TableRow {
            TableRow(
                name: label, href: href, amounts: FundingStage.allCases.map { amount(totals[$0]) },
                notODA: amount(totals.notODA(.disbursed)),
                missing: missing > 0 ? text("funding.rowMissing", ["count": format.integer(missing)]) : nil)
        }
        table = summary.rows.map { row in
            var href: String?
            if summary.dimension == .country { href = SitePaths.activities.with([("country", row.key)]) }
            if summary.dimension == .area { href = SitePaths.activities.with([("keyArea", row.key)]) }
            return tableRow(name(row.key), row.total, missing: row.missingRates, href: href)
        }
        total = tableRow(
            text("funding.total"), summary.total, missing: summary.missingRates.reduce(0) { $0 + $1.transactions },
            href: nil)
        missing = summary.missingRates.map { missing in
            Missing(
                text: text(
                    "funding.missingRate",
                    [
                        "currency": missing.currency, "count": format.integer(missing.transactions),
                        "amount": format.money(Money(amount: missing.amount.decimal, currency: missing.currency)),
                        "from": format.date(missing.dates.lowerBound), "to": format.date(missing.dates.upperBound),
                    ]))
        }
        isIncomplete = summary.isIncomplete
        hasRows = !summary.rows.isEmpty
        csvHref = "/api/v1/funding/summary.csv?" + query.queryString
        apiHref = "/api/v1/funding/summary?" + query.queryString
        moreRows =
            summary.rows.count > Self.chartedRows
            ? text("funding.moreRows", ["count": format.integer(summary.rows.count - Self.chartedRows)]) : nil
    }

    /// Four bars a year, scaled to the largest amount of the chart.
    static func chart(
        id: String, title: String, byYear: [Int: FundingSummary.Totals], years: [Int],
        amount: (FixedDecimal) -> String, text: (String, [String: String]) -> String
    ) -> Chart {
        let maximum = byYear.values.flatMap(\.amounts).max() ?? .zero
        let plotHeight = Double(Geometry.height - Geometry.bottom - Geometry.top - 10)
        let group = FundingStage.allCases.count * (Geometry.barWidth + Geometry.barGap) + 8
        let step = years.isEmpty ? group : max(group, (Geometry.width - Geometry.left - 16) / years.count)
        var bars: [Bar] = []
        var labels: [Label] = []
        for (column, year) in years.enumerated() {
            let x0 = Geometry.left + 6 + column * step
            labels.append(Label(x: x0 + group / 2 - 4, text: String(year)))
            let totals = byYear[year] ?? FundingSummary.Totals()
            for (position, stage) in FundingStage.allCases.enumerated() {
                let value = totals[stage]
                let height =
                    maximum.units > 0
                    ? Int((Double(value.units) / Double(maximum.units) * plotHeight).rounded()) : 0
                bars.append(
                    Bar(
                        x: x0 + position * (Geometry.barWidth + Geometry.barGap),
                        y: Geometry.height - Geometry.bottom - height, height: height, stage: stage.rawValue,
                        title: "\(year) · " + text("funding.stages.\(stage.rawValue)", [:]) + ": " + amount(value)))
            }
        }
        return Chart(
            id: id, title: title, bars: bars, years: labels, maximum: amount(maximum),
            width: max(Geometry.width, Geometry.left + 16 + years.count * step))
    }
}

extension FundingSummaryPage: PageModel {
    static let template = PageTemplate.fundingSummary
}
