import EnlaceCore
import EnlaceInterop

/// Result indicators as the API writes and reads them, and the roll-up as JSON and CSV.
enum ResultDTO {
    static func encode(_ indicator: ResultIndicator) -> JSONValue {
        .object([
            ("code", .string(indicator.code)), ("title", .string(indicator.title)),
            ("type", .string(indicator.type.name)), ("measure", .string(indicator.measure.name)),
            ("baseline", .string(indicator.baseline?.description)), ("baselineYear", .integer(indicator.baselineYear)),
            ("target", .string(indicator.target?.description)),
            ("achieved", .string(indicator.achieved?.description)),
            (
                "periods",
                .array(
                    indicator.periods.map { period in
                        .object([
                            ("start", .string(period.start.iso)), ("end", .string(period.end.iso)),
                            ("actual", .string(period.actual.description)),
                        ])
                    })
            ),
        ])
    }

    /// Reads `indicators` into `input`.
    static func decode(_ reader: inout FieldReader, into input: inout ActivityInput) {
        input.indicators = reader.objects("indicators") { indicator in
            _ = indicator.value("achieved")
            return ActivityInput.IndicatorInput(
                code: indicator.string("code"), title: indicator.string("title"), type: indicator.string("type"),
                measure: indicator.string("measure"), baseline: indicator.string("baseline"),
                baselineYear: indicator.integer("baselineYear"), target: indicator.string("target"),
                periods: indicator.objects("periods") { period in
                    ActivityInput.PeriodInput(
                        start: period.string("start"), end: period.string("end"), actual: period.string("actual"))
                })
        }
    }

    static func encode(_ definition: IndicatorDefinition) -> JSONValue {
        .object([
            ("code", .string(definition.code)), ("keyArea", .string(definition.keyArea)),
            ("type", .string(definition.type.name)), ("measure", .string(definition.measure.name)),
            ("names", JSONValue.names(definition.names)),
        ])
    }

    static func encode(_ rollup: ResultsRollup, query: ResultsQuery) -> JSONValue {
        .object([
            ("by", .string(query.dimension.rawValue)),
            (
                "filter",
                .object([
                    ("country", .string(query.filter.country)), ("area", .string(query.filter.keyArea)),
                    ("through", .integer(query.filter.throughYear)),
                ])
            ),
            ("customIndicators", .integer(rollup.customIndicators)),
            (
                "rows",
                .array(
                    rollup.rows.map { row in
                        .object([
                            ("country", .string(row.country)), ("code", .string(row.code)),
                            ("keyArea", .string(row.keyArea)), ("type", .string(row.type.name)),
                            ("measure", .string(row.measure.name)), ("activities", .integer(row.activities)),
                            ("reporting", .integer(row.reporting)), ("baseline", .string(row.baseline?.description)),
                            ("target", .string(row.target?.description)),
                            ("achieved", .string(row.achieved?.description)), ("progress", .integer(row.progress)),
                            ("lowest", .string(row.range?.lowerBound.description)),
                            ("highest", .string(row.range?.upperBound.description)),
                        ])
                    })
            ),
        ])
    }

    static func csv(_ rollup: ResultsRollup) throws -> String {
        var rows = [
            [
                "country", "indicator", "key_area", "type", "measure", "activities", "reporting", "baseline",
                "target", "achieved", "progress_percent", "lowest", "highest",
            ]
        ]
        for row in rollup.rows {
            rows.append([
                row.country ?? "all", row.code, row.keyArea, row.type.name, row.measure.name, String(row.activities),
                String(row.reporting), row.baseline?.description ?? "", row.target?.description ?? "",
                row.achieved?.description ?? "", row.progress.map(String.init) ?? "",
                row.range?.lowerBound.description ?? "", row.range?.upperBound.description ?? "",
            ])
        }
        return try CSVText.write(rows)
    }
}
