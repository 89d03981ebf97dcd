import EnlaceCore
import EnlaceInterop
import Foundation
import Hummingbird

/// The query string of the coverage matrix, shared by the API, the CSV and the page:
/// `year` or `from`/`to`, and the thresholds of the flags.
struct CoverageQuery: Sendable {
    var window: ClosedRange<CalendarDate>
    var year: Int?
    var thresholds = CoverageThresholds()

    static let parameters: Set<String> = ["year", "from", "to", "saturation", "gap"]

    /// Parses `parameters`, defaulting to the year of `today`; problems are reported together when
    /// `strict` (the API) and skipped otherwise (the page).
    static func parse(
        _ parameters: Parameters, today: CalendarDate, strict: Bool
    ) throws(RequestError) -> CoverageQuery {
        var reader = QueryReader(parameters, allowed: Self.parameters)
        let year = reader.number("year", in: 1900...2100)
        let from = reader.date("from")
        let to = reader.date("to")
        var query = CoverageQuery(window: CalendarDate.year(today.year), year: today.year)
        if let year {
            query.window = CalendarDate.year(year)
            query.year = year
        }
        if from != nil || to != nil {
            if year != nil {
                reader.errors.append(FieldError("year", .invalidFormat, ["expected": "a year, or from and to"]))
            }
            let start = from ?? query.window.lowerBound
            let end = to ?? query.window.upperBound
            if end < start {
                reader.errors.append(FieldError("to", .endBeforeStart, ["start": start.iso]))
            } else {
                query.window = start...end
                query.year = nil
            }
        }
        if let saturation = reader.number("saturation", in: 2...50) {
            query.thresholds.saturationProviders = saturation
        }
        if let gap = reader.number("gap", in: 0...1000) { query.thresholds.gapActivities = gap }
        try reader.finish(strict: strict)
        return query
    }

    /// The query string that gives this matrix again.
    var queryString: String {
        var parameters: [(String, String)] =
            year.map { [("year", String($0))] } ?? [("from", window.lowerBound.iso), ("to", window.upperBound.iso)]
        if thresholds.saturationProviders != CoverageThresholds().saturationProviders {
            parameters.append(("saturation", String(thresholds.saturationProviders)))
        }
        if thresholds.gapActivities != CoverageThresholds().gapActivities {
            parameters.append(("gap", String(thresholds.gapActivities)))
        }
        return SitePaths.query(parameters)
    }
}

/// The coverage matrix as JSON and as CSV.
enum CoverageDTO {
    static func encode(_ matrix: CoverageMatrix) -> JSONValue {
        .object([
            ("from", .string(matrix.window.lowerBound.iso)),
            ("to", .string(matrix.window.upperBound.iso)),
            ("reportingCurrency", .string(matrix.currency)),
            (
                "currencyNote",
                .string(
                    "Budgets are converted at the rate of each budget line's first day (or the planned start); budget.notConverted counts the activities with an amount that had no rate and is left out."
                )
            ),
            (
                "thresholds",
                .object([
                    ("saturationProviders", .integer(matrix.thresholds.saturationProviders)),
                    ("gapActivities", .integer(matrix.thresholds.gapActivities)),
                ])
            ),
            ("countries", .strings(matrix.countries)),
            ("keyAreas", .strings(matrix.areas)),
            (
                "cells",
                .array(
                    matrix.cells.map { cell in
                        .object([
                            ("country", .string(cell.country)), ("keyArea", .string(cell.area)),
                            ("activities", .integer(cell.activities)),
                            ("participantsTrained", .integer(cell.participantsTrained)),
                            (
                                "budget",
                                .object([
                                    ("amount", .string(Self.amount(cell.budget))),
                                    ("currency", .string(matrix.currency)),
                                    ("notConverted", .integer(cell.budgetsNotConverted)),
                                ])
                            ),
                            ("providers", .integer(cell.providers)),
                            ("concentration", .number(cell.concentration.map(OverlapWords.rounded))),
                            ("openOverlaps", .integer(cell.openOverlaps)),
                            ("vettingOpen", .integer(cell.vettingOpen)),
                            ("openNeeds", .integer(cell.openNeeds)),
                            ("saturated", .bool(cell.isSaturated)),
                            ("saturatedTopics", .strings(cell.saturatedTopics)),
                            ("gap", .bool(cell.isGap)),
                            (
                                "activitiesHref",
                                .string("/api/v1/activities?" + Self.activitiesQuery(cell, matrix.window))
                            ),
                        ])
                    })
            ),
        ])
    }

    /// The matrix as spreadsheet rows, one per cell.
    static func csv(_ matrix: CoverageMatrix) throws -> String {
        var rows = [
            [
                "country", "key_area", "from", "to", "activities", "participants_trained", "budget", "currency",
                "budgets_not_converted", "providers", "concentration_hhi", "open_overlaps", "vetting_open",
                "open_needs", "saturated",
                "saturated_topics", "gap",
            ]
        ]
        for cell in matrix.cells {
            rows.append([
                cell.country, cell.area, matrix.window.lowerBound.iso, matrix.window.upperBound.iso,
                String(cell.activities), String(cell.participantsTrained), amount(cell.budget),
                matrix.currency, String(cell.budgetsNotConverted), String(cell.providers),
                cell.concentration.map { String(OverlapWords.rounded($0)) } ?? "", String(cell.openOverlaps),
                String(cell.vettingOpen), String(cell.openNeeds),
                cell.isSaturated ? "yes" : "no", cell.saturatedTopics.joined(separator: " "), cell.isGap ? "yes" : "no",
            ])
        }
        return try CSVText.write(rows)
    }

    /// The activity list's query for the activities of `cell` in `window`.
    static func activitiesQuery(_ cell: CoverageCell, _ window: ClosedRange<CalendarDate>) -> String {
        SitePaths.query([
            ("country", cell.country), ("keyArea", cell.area), ("from", window.lowerBound.iso),
            ("to", window.upperBound.iso),
        ])
    }

    static func amount(_ value: Decimal) -> String {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .plain)
        return "\(rounded)"
    }
}
