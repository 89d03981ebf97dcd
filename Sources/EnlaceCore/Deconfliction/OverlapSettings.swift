/// The factors an overlap score is made of.
public enum OverlapFactor: String, Sendable, CaseIterable, Codable {
    /// How much the two date windows share, or how close they come.
    case time
    /// The same topic, above merely the same key area.
    case topic
    /// The same beneficiary institution, its names folded and translated.
    case beneficiary
    /// How near the two places are.
    case location
    /// The same kind of support for the same audience.
    case kind
    /// How alike titles and descriptions read, across the four languages.
    case text
}

/// A reason to trust the sum of the factors less: evidence that two activities, however alike,
/// are separate efforts.
public enum OverlapReduction: String, Sendable, CaseIterable, Codable {
    /// The kinds of support are unrelated: a course and an equipment delivery to the same unit
    /// complement each other more often than they duplicate.
    case unrelatedKinds = "unrelated-kinds"
    /// Both name a beneficiary and the names share nothing: other people are served.
    case differentBeneficiaries = "different-beneficiaries"
}

/// How overlap detection decides: the margin around date windows, each factor's weight, the threshold.
public struct DeconflictionSettings: Sendable, Hashable {
    /// Two windows this many days apart or less still make a candidate pair.
    public var marginDays: Int
    /// A pair scoring this or more (0…1) is an overlap.
    public var threshold: Double
    /// Each factor's weight; they add up to 1.
    public var weights: [OverlapFactor: Double]
    /// What the score is multiplied by for each reduction that applies.
    public var reductions: [OverlapReduction: Double]

    /// Creates settings; weights and reductions left out keep their standard values.
    public init(
        marginDays: Int = 30, threshold: Double = 0.65, weights: [OverlapFactor: Double] = [:],
        reductions: [OverlapReduction: Double] = [:]
    ) {
        self.marginDays = marginDays
        self.threshold = threshold
        self.weights = Self.standardWeights.merging(weights) { _, new in new }
        self.reductions = Self.standardReductions.merging(reductions) { _, new in new }
    }

    /// The defaults: a 30-day margin and a 0.65 threshold.
    public static let standard = DeconflictionSettings()

    /// The standard weights: who is served and on what weigh most, then when and in which words.
    public static let standardWeights: [OverlapFactor: Double] = [
        .time: 0.20, .topic: 0.25, .beneficiary: 0.25, .location: 0.05, .kind: 0.10, .text: 0.15,
    ]

    /// The standard reductions.
    public static let standardReductions: [OverlapReduction: Double] = [
        .unrelatedKinds: 0.7, .differentBeneficiaries: 0.8,
    ]

    /// The factor `reduction` multiplies the score by.
    public func factor(_ reduction: OverlapReduction) -> Double { reductions[reduction] ?? 1 }

    /// The weight of `factor`.
    public func weight(_ factor: OverlapFactor) -> Double { weights[factor] ?? 0 }
}

/// How much two activities look like the same effort, and why.
public struct OverlapAssessment: Sendable, Hashable {
    /// The final score, 0…1.
    public var score: Double
    /// Each factor's value, 0…1, in ``OverlapFactor/allCases`` order.
    public var values: [Double]
    /// The reductions that applied.
    public var reductions: [OverlapReduction]
    /// Whether the two share a provider organisation or owner.
    public var sameProvider: Bool

    /// Creates the assessment.
    public init(score: Double, values: [Double], reductions: [OverlapReduction], sameProvider: Bool) {
        self.score = score
        self.values = values
        self.reductions = reductions
        self.sameProvider = sameProvider
    }

    /// The value of `factor`, 0…1.
    public func value(_ factor: OverlapFactor) -> Double {
        values[OverlapFactor.allCases.firstIndex(of: factor)!]
    }

    /// What `factor` added to the score before any reduction: its value times its weight.
    public func contribution(_ factor: OverlapFactor, settings: DeconflictionSettings) -> Double {
        value(factor) * settings.weight(factor)
    }
}
