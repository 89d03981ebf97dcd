import Foundation

/// The limits result indicators keep.
public enum ResultLimits {
    /// Indicators per activity.
    public static let indicators = 50
    /// Periods per indicator.
    public static let periods = 100
    /// The wording of an activity's own indicator, in characters.
    public static let title = 300
    /// The years a baseline may be of.
    public static let years = 1990...2100
    /// The largest percentage.
    public static let percentage = FixedDecimal(units: 100 * FixedDecimal.scale)
}

extension ActivityInput {
    /// A result indicator as sent.
    public struct IndicatorInput: Sendable, Hashable {
        /// The code of a predefined indicator, or nil for the activity's own.
        public var code: String?
        /// The wording of the activity's own indicator.
        public var title: String?
        /// `output` or `outcome`; a predefined indicator brings its own.
        public var type: String?
        /// `unit` or `percentage`; a predefined indicator brings its own.
        public var measure: String?
        /// A decimal.
        public var baseline: String?
        /// A year.
        public var baselineYear: Int?
        /// A decimal.
        public var target: String?
        /// The actuals.
        public var periods: [PeriodInput]?

        /// Creates the indicator.
        public init(
            code: String? = nil, title: String? = nil, type: String? = nil, measure: String? = nil,
            baseline: String? = nil, baselineYear: Int? = nil, target: String? = nil, periods: [PeriodInput]? = nil
        ) {
            self.code = code
            self.title = title
            self.type = type
            self.measure = measure
            self.baseline = baseline
            self.baselineYear = baselineYear
            self.target = target
            self.periods = periods
        }
    }

    /// An indicator's actual over one period, as sent.
    public struct PeriodInput: Sendable, Hashable {
        /// An ISO date.
        public var start: String?
        /// An ISO date.
        public var end: String?
        /// A decimal.
        public var actual: String?

        /// Creates the period.
        public init(start: String?, end: String?, actual: String?) {
            self.start = start
            self.end = end
            self.actual = actual
        }
    }

    /// The inputs that describe `indicators` exactly.
    static func inputs(_ indicators: [ResultIndicator]) -> [IndicatorInput] {
        indicators.map { indicator in
            IndicatorInput(
                code: indicator.code, title: indicator.title.isEmpty ? nil : indicator.title,
                type: indicator.type.name, measure: indicator.measure.name, baseline: indicator.baseline?.description,
                baselineYear: indicator.baselineYear, target: indicator.target?.description,
                periods: indicator.periods.map {
                    PeriodInput(start: $0.start.iso, end: $0.end.iso, actual: $0.actual.description)
                })
        }
    }

    /// The indicators this input describes, for an activity in `keyAreas`, with an error for each
    /// misfit in `errors`.
    func resultParts(
        keyAreas: [String], against catalog: ReferenceCatalog, _ errors: inout [FieldError]
    ) -> [ResultIndicator] {
        guard let indicators else { return [] }
        if indicators.count > ResultLimits.indicators {
            errors.append(FieldError("indicators", .tooMany, ["max": "\(ResultLimits.indicators)"]))
        }
        var seen: Set<String> = []
        return indicators.prefix(ResultLimits.indicators).enumerated().compactMap { index, input in
            let field = "indicators[\(index)]"
            if let code = Self.clean(input.code), !seen.insert(code).inserted {
                errors.append(FieldError(field + ".code", .duplicate))
            }
            return Self.indicator(field, input, keyAreas: keyAreas, catalog: catalog, &errors)
        }
    }

    private static func indicator(
        _ field: String, _ input: IndicatorInput, keyAreas: [String], catalog: ReferenceCatalog,
        _ errors: inout [FieldError]
    ) -> ResultIndicator? {
        let before = errors.count
        let code = clean(input.code)
        let title = clean(input.title) ?? ""
        func named<T>(_ member: String, _ text: String?, _ parse: (String) -> T?) -> T? {
            guard let text = clean(text) else { return nil }
            if let value = parse(text) { return value }
            errors.append(FieldError("\(field).\(member)", .unknownCode, ["value": text]))
            return nil
        }
        var type = named("type", input.type, IndicatorType.init(name:))
        var measure = named("measure", input.measure, IndicatorMeasure.init(name:))
        if let code {
            if let definition = catalog.indicator(code) {
                if !keyAreas.contains(definition.keyArea) {
                    errors.append(
                        FieldError(
                            field + ".code", .indicatorOutsideAreas, ["value": code, "area": definition.keyArea]))
                }
                type = definition.type
                measure = definition.measure
            } else {
                errors.append(FieldError(field + ".code", .unknownCode, ["value": code]))
            }
        } else {
            if title.isEmpty { errors.append(FieldError(field + ".title", .required)) }
            if clean(input.type) == nil { errors.append(FieldError(field + ".type", .required)) }
            if clean(input.measure) == nil { errors.append(FieldError(field + ".measure", .required)) }
        }
        if title.count > ResultLimits.title {
            errors.append(FieldError(field + ".title", .tooLong, ["max": "\(ResultLimits.title)"]))
        }
        let baseline = value(field + ".baseline", input.baseline, measure: measure, &errors)
        let target = value(field + ".target", input.target, measure: measure, &errors)
        if let year = input.baselineYear, !ResultLimits.years.contains(year) {
            errors.append(
                FieldError(
                    field + ".baselineYear", .outOfRange,
                    ["min": "\(ResultLimits.years.lowerBound)", "max": "\(ResultLimits.years.upperBound)"]))
        }
        let inputs = input.periods ?? []
        if inputs.count > ResultLimits.periods {
            errors.append(FieldError(field + ".periods", .tooMany, ["max": "\(ResultLimits.periods)"]))
        }
        let periods = inputs.prefix(ResultLimits.periods).enumerated().compactMap { index, period in
            self.period("\(field).periods[\(index)]", period, measure: measure, &errors)
        }
        guard errors.count == before, let type, let measure else { return nil }
        // A predefined indicator is named by its definition, in every language: a title sent with it is ignored.
        return ResultIndicator(
            code: code, title: code == nil ? title : "", type: type, measure: measure, baseline: baseline,
            baselineYear: input.baselineYear, target: target, periods: periods)
    }

    private static func period(
        _ field: String, _ input: PeriodInput, measure: IndicatorMeasure?, _ errors: inout [FieldError]
    ) -> IndicatorPeriod? {
        let before = errors.count
        let start = date(field + ".start", input.start, required: true, &errors)
        let end = date(field + ".end", input.end, required: true, &errors)
        if let start, let end, end < start {
            errors.append(FieldError(field + ".end", .endBeforeStart, ["start": start.iso]))
        }
        let actual = value(field + ".actual", input.actual, measure: measure, &errors)
        if clean(input.actual) == nil { errors.append(FieldError(field + ".actual", .required)) }
        guard errors.count == before, let start, let end, let actual else { return nil }
        return IndicatorPeriod(start: start, end: end, actual: actual)
    }

    /// A non-negative decimal, at most 100 for a percentage; nil when absent or wrong.
    private static func value(
        _ field: String, _ text: String?, measure: IndicatorMeasure?, _ errors: inout [FieldError]
    ) -> FixedDecimal? {
        guard let text = clean(text), let decimal = decimal(field, text, &errors) else { return nil }
        let value = FixedDecimal(decimal)
        if measure == .percentage, value > ResultLimits.percentage {
            errors.append(FieldError(field, .outOfRange, ["min": "0", "max": "100"]))
            return nil
        }
        return value
    }
}

extension ActivityDraft {
    /// The predefined indicators kept from before whose key area the activity no longer serves,
    /// reported under `keyAreas`: an edit that drops an area must drop its indicators too.
    public func indicatorAreaErrors(catalog: ReferenceCatalog) -> [FieldError] {
        indicators.compactMap { indicator in
            guard let code = indicator.code, let definition = catalog.indicator(code),
                !keyAreas.contains(definition.keyArea)
            else { return nil }
            return FieldError("keyAreas", .indicatorOutsideAreas, ["value": code, "area": definition.keyArea])
        }
    }
}
