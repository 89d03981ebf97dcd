/// The predefined indicators of the activities a reader may see, rolled up per key area or per
/// recipient country.
///
/// Only predefined indicators roll up: they mean the same thing in every activity. A unit measure
/// adds up across activities; a percentage does not, so its row gives the range instead of a total.
/// An activity in several countries counts in each of them, as people trained in a regional course
/// are trained for each country that sent them; the all-countries row counts it once.
public struct ResultsRollup: Sendable, Hashable {
    /// How the rows are cut.
    public enum Dimension: String, CaseIterable, Sendable {
        /// One row per indicator, all countries together.
        case area
        /// One row per recipient country and indicator.
        case country
    }

    /// Which activities and periods count.
    public struct Filter: Sendable, Hashable {
        /// Only activities for this recipient country.
        public var country: String?
        /// Only indicators of this key area.
        public var keyArea: String?
        /// Only periods that ended by the end of this year; nil for all.
        public var throughYear: Int?

        /// Creates the filter.
        public init(country: String? = nil, keyArea: String? = nil, throughYear: Int? = nil) {
            self.country = country
            self.keyArea = keyArea
            self.throughYear = throughYear
        }
    }

    /// One indicator, in one country or in all.
    public struct Row: Sendable, Hashable {
        /// The recipient country, or nil for all countries together.
        public let country: String?
        /// The predefined indicator.
        public let code: String
        /// Its key area.
        public let keyArea: String
        /// Output or outcome.
        public let type: IndicatorType
        /// Unit or percentage.
        public let measure: IndicatorMeasure
        /// Activities that measure it.
        public internal(set) var activities = 0
        /// Of those, the activities with at least one actual in the periods counted.
        public internal(set) var reporting = 0
        /// The sum of the baselines given (unit measures only).
        public internal(set) var baseline: FixedDecimal?
        /// The sum of the targets given (unit measures only).
        public internal(set) var target: FixedDecimal?
        /// The sum of what was achieved (unit measures only).
        public internal(set) var achieved: FixedDecimal?
        /// What the activities with a target achieved, to set against ``target``.
        public internal(set) var achievedOfTargeted: FixedDecimal?
        /// The lowest and highest latest value (percentages only).
        public internal(set) var range: ClosedRange<FixedDecimal>?

        /// The share of the target reached, in whole per cent, when both are known; may exceed 100.
        public var progress: Int? { ResultIndicator.progress(achievedOfTargeted, of: target) }

        init(country: String?, definition: IndicatorDefinition) {
            self.country = country
            code = definition.code
            keyArea = definition.keyArea
            type = definition.type
            measure = definition.measure
        }

        mutating func add(_ indicator: ResultIndicator, throughYear: Int?) {
            activities += 1
            let achieved = indicator.achieved(through: throughYear)
            if achieved != nil { reporting += 1 }
            switch measure {
            case .unit:
                func plus(_ total: FixedDecimal?, _ value: FixedDecimal?) -> FixedDecimal? {
                    guard let value else { return total }
                    return (total ?? .zero) + value
                }
                baseline = plus(baseline, indicator.baseline)
                target = plus(target, indicator.target)
                self.achieved = plus(self.achieved, achieved)
                if indicator.target != nil { achievedOfTargeted = plus(achievedOfTargeted, achieved ?? .zero) }
            case .percentage:
                guard let achieved else { return }
                range = range.map { min($0.lowerBound, achieved)...max($0.upperBound, achieved) } ?? achieved...achieved
            }
        }
    }

    /// The rows: by key area and indicator in catalogue order, then by country code.
    public let rows: [Row]
    /// The activities' own indicators in the activities counted, which do not roll up.
    public let customIndicators: Int

    /// Rolls up the predefined indicators of `activities` (already those the reader may see).
    public init(
        activities: some Sequence<Activity>, by dimension: Dimension, filter: Filter = Filter(),
        catalog: ReferenceCatalog
    ) {
        var rows: [String: Row] = [:]
        var custom = 0
        for activity in activities {
            let draft = activity.draft
            if let country = filter.country, !draft.recipientCountries.contains(country) { continue }
            for indicator in draft.indicators {
                guard let code = indicator.code else {
                    if filter.keyArea.map(draft.keyAreas.contains) ?? true { custom += 1 }
                    continue
                }
                guard let definition = catalog.indicator(code), filter.keyArea.map({ $0 == definition.keyArea }) ?? true
                else { continue }
                let countries: [String?] =
                    switch dimension {
                    case .area: [nil]
                    case .country: filter.country.map { [$0] } ?? draft.recipientCountries
                    }
                for country in countries {
                    let key = "\(country ?? "")|\(code)"
                    rows[key, default: Row(country: country, definition: definition)].add(
                        indicator, throughYear: filter.throughYear)
                }
            }
        }
        let order = Dictionary(
            catalog.indicators.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
        self.rows = rows.values.sorted {
            (order[$0.code] ?? 0, $0.country ?? "") < (order[$1.code] ?? 0, $1.country ?? "")
        }
        customIndicators = custom
    }
}
