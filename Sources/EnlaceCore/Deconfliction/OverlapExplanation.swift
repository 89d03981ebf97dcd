/// Why two activities were found to overlap, factor by factor, in terms a coordinator can check:
/// the days they share, the topic, the two names of the beneficiary, the words in common.
///
/// The web layer turns each finding into a sentence in the reader's language.
public struct OverlapExplanation: Sendable {
    /// One factor's part.
    public struct Line: Sendable, Hashable {
        /// The factor.
        public var factor: OverlapFactor
        /// Its value, 0…1.
        public var value: Double
        /// Its weight.
        public var weight: Double
        /// value × weight: what it added to the score.
        public var contribution: Double
        /// What was found.
        public var finding: Finding
    }

    /// What a factor found.
    public enum Finding: Sendable, Hashable {
        /// The windows share `shared` days; the shorter is `shorter` days long.
        case sharedDays(shared: Int, shorter: Int)
        /// The windows do not meet; the later starts `days` after the earlier ends.
        case daysApart(Int)
        /// Both name these topics.
        case sameTopics([String])
        /// Each names other topics within the same key area.
        case differentTopics([String], [String])
        /// One or both name no topic; they share these key areas.
        case sameAreaOnly([String])
        /// The beneficiaries are the same institution (or one is part of the other).
        case sameBeneficiary(String, String)
        /// The beneficiaries' names share some terms.
        case relatedBeneficiaries(String, String)
        /// The beneficiaries differ.
        case differentBeneficiaries(String, String)
        /// One or both name no beneficiary.
        case beneficiaryUnknown
        /// The places are `kilometres` apart.
        case distance(kilometres: Int)
        /// Both take place at this place.
        case samePlace(String)
        /// The places differ.
        case differentPlaces(String, String)
        /// One or both give no place.
        case placeUnknown
        /// Both are this kind of support.
        case sameKind(ActivityKind)
        /// The kinds differ but serve the same audience in related ways.
        case relatedKinds(ActivityKind, ActivityKind)
        /// The kinds differ and usually complement each other.
        case unrelatedKinds(ActivityKind, ActivityKind)
        /// One or both give no kind.
        case kindUnknown
        /// The texts are this alike (0…100) and share these words.
        case text(percent: Int, sharedWords: [String])
    }

    /// The factors, in ``OverlapFactor/allCases`` order.
    public var lines: [Line]
    /// The final score.
    public var score: Double
    /// The threshold it was held against.
    public var threshold: Double
    /// The reductions that applied, each with the factor it multiplied the score by.
    public var reductions: [(OverlapReduction, Double)]
    /// Whether the two share a provider organisation or owner.
    public var sameProvider: Bool

    /// Explains the pair `a`, `b`.
    public init(_ a: OverlapSubject, _ b: OverlapSubject, settings: DeconflictionSettings = .standard) {
        let index = DeconflictionIndex([a, b], settings: settings)
        let assessment = index.assess(0, 1)!
        score = assessment.score
        threshold = settings.threshold
        reductions = assessment.reductions.map { ($0, settings.factor($0)) }
        sameProvider = assessment.sameProvider
        lines = OverlapFactor.allCases.map { factor in
            let value = assessment.value(factor)
            return Line(
                factor: factor, value: value, weight: settings.weight(factor),
                contribution: value * settings.weight(factor), finding: Self.finding(factor, a, b, value: value))
        }
    }

    /// Whether the score reaches the threshold.
    public var isOverlap: Bool { score >= threshold }

    static func finding(_ factor: OverlapFactor, _ a: OverlapSubject, _ b: OverlapSubject, value: Double) -> Finding {
        switch factor {
        case .time:
            let shared =
                min(a.window.upperBound, b.window.upperBound).dayNumber
                - max(a.window.lowerBound, b.window.lowerBound).dayNumber + 1
            if shared > 0 {
                let shorter = min(Self.length(a.window), Self.length(b.window))
                return .sharedDays(shared: shared, shorter: shorter)
            }
            return .daysApart(1 - shared)
        case .topic:
            let common = a.topics.filter(b.topics.contains)
            if !common.isEmpty { return .sameTopics(common) }
            if a.topics.isEmpty || b.topics.isEmpty { return .sameAreaOnly(a.keyAreas.filter(b.keyAreas.contains)) }
            return .differentTopics(a.topics, b.topics)
        case .beneficiary:
            guard let first = a.beneficiary, let second = b.beneficiary, !first.isEmpty, !second.isEmpty else {
                return .beneficiaryUnknown
            }
            if value >= 0.99 { return .sameBeneficiary(first, second) }
            return value > 0 ? .relatedBeneficiaries(first, second) : .differentBeneficiaries(first, second)
        case .location:
            if let first = a.location, let second = b.location {
                if let lat1 = first.lat, let lon1 = first.lon, let lat2 = second.lat, let lon2 = second.lon {
                    return .distance(kilometres: Int(OverlapScoring.distance(lat1, lon1, lat2, lon2).rounded()))
                }
                return TextFolding.fold(first.name) == TextFolding.fold(second.name)
                    ? .samePlace(first.name) : .differentPlaces(first.name, second.name)
            }
            return .placeUnknown
        case .kind:
            guard let first = a.kind, let second = b.kind else { return .kindUnknown }
            if first == second { return .sameKind(first) }
            return value > 0 ? .relatedKinds(first, second) : .unrelatedKinds(first, second)
        case .text:
            return .text(percent: Int((value * 100).rounded()), sharedWords: Self.sharedWords(a, b))
        }
    }

    static func length(_ window: ClosedRange<CalendarDate>) -> Int {
        window.upperBound.dayNumber - window.lowerBound.dayNumber + 1
    }

    /// Up to six words of `a`'s title and description whose terms `b` shares, as `a` writes them.
    static func sharedWords(_ a: OverlapSubject, _ b: OverlapSubject) -> [String] {
        let theirs = Set(TextAnalysis.terms(b.title + " " + b.description))
        var seen = Set<String>()
        var words: [String] = []
        for word in (a.title + " " + a.description).split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
            guard let term = TextAnalysis.term(TextFolding.fold(String(word))), theirs.contains(term),
                seen.insert(term).inserted
            else { continue }
            words.append(String(word))
            if words.count == 6 { break }
        }
        return words
    }
}
