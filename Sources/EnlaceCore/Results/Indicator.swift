/// Whether an indicator counts what an activity delivers or what changed because of it (IATI ResultType).
public enum IndicatorType: Int, CaseIterable, Sendable, Codable {
    case output = 1
    case outcome = 2

    /// The stable name the API and forms use.
    public var name: String {
        switch self {
        case .output: "output"
        case .outcome: "outcome"
        }
    }

    /// The type named `name`, if any.
    public init?(name: String) {
        guard let type = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = type
    }
}

/// How an indicator is measured (IATI IndicatorMeasure).
///
/// A unit counts what happened in each period, so the periods of one activity add up, and so do
/// activities. A percentage is a state at the end of a period: the latest period stands, and
/// percentages of different activities are not added.
public enum IndicatorMeasure: Int, CaseIterable, Sendable, Codable {
    case unit = 1
    case percentage = 2

    /// The stable name the API and forms use.
    public var name: String {
        switch self {
        case .unit: "unit"
        case .percentage: "percentage"
        }
    }

    /// The measure named `name`, if any.
    public init?(name: String) {
        guard let measure = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = measure
    }

    /// Whether values of several activities may be added into one total.
    public var addsUp: Bool { self == .unit }
}

/// An indicator the dialogue agreed for one key area, so that activities measured by it roll up.
public struct IndicatorDefinition: Sendable, Hashable {
    /// The stable code, for example `NT-02`.
    public let code: String
    /// The slug of the key area it belongs to.
    public let keyArea: String
    /// Output or outcome.
    public let type: IndicatorType
    /// Unit or percentage.
    public let measure: IndicatorMeasure
    /// The name in each language.
    public let names: LocalizedText

    /// Creates the definition.
    public init(code: String, keyArea: String, type: IndicatorType, measure: IndicatorMeasure, names: LocalizedText) {
        self.code = code
        self.keyArea = keyArea
        self.type = type
        self.measure = measure
        self.names = names
    }
}

/// What an indicator reached over one period.
public struct IndicatorPeriod: Sendable, Hashable {
    /// The first day of the period.
    public var start: CalendarDate
    /// The last day of the period; not before the start.
    public var end: CalendarDate
    /// The value reached, exact.
    public var actual: FixedDecimal

    /// Creates the period.
    public init(start: CalendarDate, end: CalendarDate, actual: FixedDecimal) {
        self.start = start
        self.end = end
        self.actual = actual
    }
}

/// A result an activity measures: predefined (a ``code``) or its own.
public struct ResultIndicator: Sendable, Hashable {
    /// The code of the predefined indicator, or nil for one of the activity's own.
    public var code: String?
    /// The activity's own wording; empty for a predefined indicator, which is named in each language.
    public var title: String
    /// Output or outcome.
    public var type: IndicatorType
    /// Unit or percentage.
    public var measure: IndicatorMeasure
    /// The value before the activity, if known.
    public var baseline: FixedDecimal?
    /// The year of the baseline, if known.
    public var baselineYear: Int?
    /// The value the activity aims at, if set.
    public var target: FixedDecimal?
    /// The actuals, period by period, in the order recorded.
    public var periods: [IndicatorPeriod]

    /// Creates the indicator.
    public init(
        code: String? = nil, title: String = "", type: IndicatorType, measure: IndicatorMeasure,
        baseline: FixedDecimal? = nil, baselineYear: Int? = nil, target: FixedDecimal? = nil,
        periods: [IndicatorPeriod] = []
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

    /// What the activity has reached: the sum of the periods for a unit, the latest period for a
    /// percentage; nil before any period is recorded.
    public var achieved: FixedDecimal? { achieved(through: nil) }

    /// What the activity had reached by the end of `year` (all periods when nil), counting the
    /// periods that ended by then.
    public func achieved(through year: Int?) -> FixedDecimal? {
        let counted = periods.filter { period in year.map { period.end.year <= $0 } ?? true }
        guard !counted.isEmpty else { return nil }
        switch measure {
        case .unit: return counted.reduce(.zero) { $0 + $1.actual }
        case .percentage: return counted.max { ($0.end, $0.start) < ($1.end, $1.start) }?.actual
        }
    }

    /// What it reached as a share of its target, in whole per cent (may exceed 100); nil without a
    /// positive target.
    public var progress: Int? { Self.progress(achieved, of: target) }

    /// `achieved` as a share of `target`, in whole per cent, rounded half to even; nil without a
    /// positive target.
    public static func progress(_ achieved: FixedDecimal?, of target: FixedDecimal?) -> Int? {
        guard let target, target.units > 0 else { return nil }
        return Int((achieved ?? .zero).scaled(by: 100 * FixedDecimal.scale, over: target.units).wholeUnits)
    }

    /// Its name in `language`: the activity's own wording, or the predefined name.
    public func name(in language: Language, catalog: ReferenceCatalog) -> String {
        guard let code, title.isEmpty else { return title }
        return catalog.indicator(code)?.names[language] ?? code
    }
}
