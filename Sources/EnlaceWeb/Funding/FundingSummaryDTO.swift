import EnlaceCore
import EnlaceInterop

/// A funding summary as JSON and as CSV.
enum FundingSummaryDTO {
    static func encode(_ totals: FundingSummary.Totals) -> JSONValue {
        .object(
            FundingStage.allCases.map { ($0.rawValue, .string(totals[$0].description)) } + [
                (
                    "notODA",
                    .object(
                        FundingStage.allCases.map { stage in
                            (stage.rawValue, .string(totals.notODA(stage).description))
                        })
                ),
                ("transactions", .integer(totals.transactions)),
            ])
    }

    static func encode(_ summary: FundingSummary, query: FundingQuery) -> JSONValue {
        func years(_ byYear: [Int: FundingSummary.Totals]) -> JSONValue {
            .array(
                byYear.keys.sorted().map { year in
                    .object([("year", .integer(year)), ("totals", encode(byYear[year] ?? FundingSummary.Totals()))])
                })
        }
        return .object([
            ("by", .string(summary.dimension.rawValue)), ("currency", .string(summary.currency)),
            (
                "filter",
                .object([
                    ("provider", .string(query.filter.provider)), ("country", .string(query.filter.country)),
                    ("area", .string(query.filter.area)),
                    ("from", .integer(query.filter.years?.lowerBound)),
                    ("to", .integer(query.filter.years?.upperBound)),
                ])
            ),
            ("complete", .bool(!summary.isIncomplete)),
            (
                "missingRates",
                .array(
                    summary.missingRates.map { missing in
                        .object([
                            ("currency", .string(missing.currency)), ("transactions", .integer(missing.transactions)),
                            ("amount", .string(missing.amount.description)),
                            ("firstDate", .string(missing.dates.lowerBound.iso)),
                            ("lastDate", .string(missing.dates.upperBound.iso)),
                        ])
                    })
            ),
            ("total", encode(summary.total)), ("years", years(summary.totalByYear)),
            (
                "rows",
                .array(
                    summary.rows.map { row in
                        .object([
                            ("key", .string(row.key)), ("total", encode(row.total)), ("years", years(row.years)),
                            ("missingRates", .integer(row.missingRates)),
                        ])
                    })
            ),
        ])
    }

    /// One CSV row per (row, year), then the totals; amounts in the reporting currency.
    static func csv(_ summary: FundingSummary) throws -> String {
        var rows: [[String]] = [
            [summary.dimension.rawValue, "year", "currency"] + FundingStage.allCases.map(\.rawValue)
                + FundingStage.allCases.map { "\($0.rawValue)_not_oda" } + ["transactions", "missing_rates"]
        ]
        func line(_ key: String, _ year: String, _ totals: FundingSummary.Totals, missing: Int) -> [String] {
            [key, year, summary.currency] + FundingStage.allCases.map { totals[$0].description }
                + totals.notODA.map(\.description) + [String(totals.transactions), String(missing)]
        }
        for row in summary.rows {
            for year in row.years.keys.sorted() {
                rows.append(line(row.key, String(year), row.years[year] ?? FundingSummary.Totals(), missing: 0))
            }
            rows.append(line(row.key, "all", row.total, missing: row.missingRates))
        }
        rows.append(
            line("total", "all", summary.total, missing: summary.missingRates.reduce(0) { $0 + $1.transactions }))
        for missing in summary.missingRates {
            rows.append([
                "missing rate", "\(missing.dates.lowerBound.iso)..\(missing.dates.upperBound.iso)", missing.currency,
                missing.amount.description, "", "", "", "", "", "", "", String(missing.transactions), "",
            ])
        }
        return try CSVText.write(rows)
    }
}
