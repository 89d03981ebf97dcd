import Foundation

/// Scores a pair of profiles: each factor's value from 0 to 1, weighted and added up.
enum OverlapScoring {
    /// The assessment of `a` and `b`, or nil when `cutoff` is set and the pair cannot reach it:
    /// the cheap factors are scored first and the text is compared only when it could still matter.
    static func assess(
        _ a: OverlapProfile, _ b: OverlapProfile, settings: DeconflictionSettings, cutoff: Double? = nil
    ) -> OverlapAssessment? {
        let time = timeValue(a, b, margin: settings.marginDays)
        let topic = topicValue(a, b)
        let beneficiary = beneficiaryValue(a, b)
        let location = locationValue(a, b)
        let (kind, unrelated) = kindValue(a, b)
        var reductions: [OverlapReduction] = []
        if unrelated { reductions.append(.unrelatedKinds) }
        if beneficiary == 0 { reductions.append(.differentBeneficiaries) }
        let reduction = reductions.reduce(1) { $0 * settings.factor($1) }
        let cheap =
            settings.weight(.time) * time + settings.weight(.topic) * topic
            + settings.weight(.beneficiary) * beneficiary + settings.weight(.location) * location
            + settings.weight(.kind) * kind
        if let cutoff, (cheap + settings.weight(.text)) * reduction < cutoff { return nil }
        let text = textValue(a, b)
        let score = (cheap + settings.weight(.text) * text) * reduction
        if let cutoff, score < cutoff { return nil }
        return OverlapAssessment(
            score: score, values: [time, topic, beneficiary, location, kind, text], reductions: reductions,
            sameProvider: shared(a.providers, b.providers) > 0)
    }

    /// Full when the windows share days in proportion to the shorter one (never less than a half);
    /// when they only come near, from a half down to nothing at the margin.
    static func timeValue(_ a: OverlapProfile, _ b: OverlapProfile, margin: Int) -> Double {
        let shared = Int(min(a.end, b.end)) - Int(max(a.start, b.start)) + 1
        if shared > 0 {
            let shorter = min(Int(a.end - a.start), Int(b.end - b.start)) + 1
            return 0.5 + 0.5 * Double(shared) / Double(shorter)
        }
        let gap = Double(1 - shared)
        return max(0, 0.5 * (1 - gap / Double(margin + 1)))
    }

    /// Full for a shared topic; nothing for different topics in the same area; 0.4 when either names none.
    static func topicValue(_ a: OverlapProfile, _ b: OverlapProfile) -> Double {
        guard !a.topics.isEmpty, !b.topics.isEmpty else { return 0.4 }
        let common = shared(a.topics, b.topics)
        guard common > 0 else { return 0 }
        return 0.6 + 0.4 * Double(common) / Double(min(a.topics.count, b.topics.count))
    }

    /// How much of the shorter name's terms the other shares, or full when one goes by an acronym
    /// of the other; 0.4 when either names no beneficiary.
    static func beneficiaryValue(_ a: OverlapProfile, _ b: OverlapProfile) -> Double {
        guard a.hasBeneficiary, b.hasBeneficiary else { return 0.4 }
        if shared(a.acronyms, b.acronyms) > 0 { return 1 }
        guard !a.beneficiary.isEmpty, !b.beneficiary.isEmpty else {
            // Names made of country words alone ("Honduras"): the same when both are.
            return a.beneficiary.isEmpty && b.beneficiary.isEmpty ? 1 : 0
        }
        return Double(shared(a.beneficiary, b.beneficiary)) / Double(min(a.beneficiary.count, b.beneficiary.count))
    }

    /// Full within 10 km, nothing beyond 150 km; by name when there are no coordinates; 0.5 when unknown.
    static func locationValue(_ a: OverlapProfile, _ b: OverlapProfile) -> Double {
        if !a.latitude.isNaN, !b.latitude.isNaN, !a.longitude.isNaN, !b.longitude.isNaN {
            let kilometres = distance(a.latitude, a.longitude, b.latitude, b.longitude)
            return min(1, max(0, (150 - kilometres) / 140))
        }
        if a.place >= 0, b.place >= 0 { return a.place == b.place ? 1 : 0.25 }
        return 0.5
    }

    /// Full for the same kind, a half for related kinds, nothing (and a reduction) for unrelated ones.
    static func kindValue(_ a: OverlapProfile, _ b: OverlapProfile) -> (Double, unrelated: Bool) {
        guard a.kind >= 0, b.kind >= 0 else { return (0.5, false) }
        if a.kind == b.kind { return (1, false) }
        let pair = relatedKinds[Int(a.kind) * ActivityKind.allCases.count + Int(b.kind)]
        return pair ? (0.5, false) : (0, true)
    }

    /// Whether two kinds (by index) serve the same audience in related ways.
    static let relatedKinds: [Bool] = {
        let kinds = ActivityKind.allCases
        let related: [(ActivityKind, ActivityKind)] = [
            (.course, .exchangeVisit), (.course, .conference), (.exchangeVisit, .conference), (.course, .advisory),
            (.advisory, .operationalSupport), (.advisory, .exchangeVisit),
        ]
        var table = [Bool](repeating: false, count: kinds.count * kinds.count)
        for (x, y) in related {
            let i = kinds.firstIndex(of: x)!
            let j = kinds.firstIndex(of: y)!
            table[i * kinds.count + j] = true
            table[j * kinds.count + i] = true
        }
        return table
    }()

    /// The better of the titles' word overlap and the whole texts' word and trigram overlap.
    static func textValue(_ a: OverlapProfile, _ b: OverlapProfile) -> Double {
        let titles = dice(a.titleTerms, b.titleTerms)
        let whole = 0.5 * dice(a.terms, b.terms) + 0.5 * dice(a.grams, b.grams)
        return max(titles, whole)
    }

    /// 2|A∩B| / (|A| + |B|) of two ascending sets.
    static func dice(_ a: [Int32], _ b: [Int32]) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 0 }
        return 2 * Double(shared(a, b)) / Double(a.count + b.count)
    }

    /// How many elements two ascending arrays without repeats have in common.
    static func shared(_ a: [Int32], _ b: [Int32]) -> Int {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var i = 0
                var j = 0
                var count = 0
                while i < a.count && j < b.count {
                    let x = a[i]
                    let y = b[j]
                    if x == y {
                        count += 1
                        i += 1
                        j += 1
                    } else if x < y {
                        i += 1
                    } else {
                        j += 1
                    }
                }
                return count
            }
        }
    }

    /// The great-circle distance in kilometres.
    static func distance(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
        let radians = Double.pi / 180
        let dLat = (lat2 - lat1) * radians
        let dLon = (lon2 - lon1) * radians
        let h =
            sin(dLat / 2) * sin(dLat / 2) + cos(lat1 * radians) * cos(lat2 * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 6371 * 2 * atan2(h.squareRoot(), (1 - h).squareRoot())
    }
}
