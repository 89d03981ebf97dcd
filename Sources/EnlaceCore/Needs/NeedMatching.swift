/// Suggests the activities that could answer a need: in its country, in its key areas or topics, in
/// or near its window; ranked, with the reasons.
public enum NeedMatching {
    /// Why an activity is suggested.
    public enum Reason: Sendable, Hashable {
        /// It works on these of the need's topics.
        case topics([String])
        /// It serves these of the need's key areas.
        case areas([String])
        /// Its dates meet the need's window by this many days.
        case window(overlapDays: Int)
        /// Its dates come within this many days of the need's window.
        case nearWindow(days: Int)
        /// Its beneficiary is the need's institution.
        case institution
        /// It is still planned or under way, so it can be shaped.
        case open
    }

    /// One suggestion.
    public struct Match: Sendable, Hashable {
        public var activity: Activity
        /// 0…1.
        public var score: Double
        public var reasons: [Reason]
    }

    /// How far outside the window an activity may lie and still be suggested, in days.
    public static let nearDays = 120

    /// The best `limit` activities of `activities` (those the reader may see) for `need`, best first,
    /// leaving out those already linked.
    public static func matches(for need: Need, among activities: some Sequence<Activity>, limit: Int = 20) -> [Match] {
        let draft = need.draft
        let linked = Set(need.links)
        let institution = TextFolding.fold(draft.institution)
        var matches: [Match] = []
        for activity in activities where !linked.contains(activity.id) {
            let candidate = activity.draft
            guard candidate.recipientCountries.contains(draft.country), candidate.status != .cancelled else { continue }
            let topics = draft.topics.filter(candidate.topics.contains)
            let areas = draft.keyAreas.filter(candidate.keyAreas.contains)
            guard !topics.isEmpty || !areas.isEmpty else { continue }
            var reasons: [Reason] = []
            var score = 0.0
            if !topics.isEmpty {
                reasons.append(.topics(topics))
                score += 0.4 * Double(topics.count) / Double(max(1, draft.topics.count))
            }
            if !areas.isEmpty {
                reasons.append(.areas(areas))
                score += 0.2 * Double(areas.count) / Double(draft.keyAreas.count)
            }
            let window = candidate.window
            let overlap =
                min(window.upperBound.dayNumber, draft.window.upperBound.dayNumber)
                - max(window.lowerBound.dayNumber, draft.window.lowerBound.dayNumber) + 1
            if overlap > 0 {
                reasons.append(.window(overlapDays: overlap))
                score += 0.2
            } else if -overlap + 1 <= nearDays {
                reasons.append(.nearWindow(days: -overlap + 1))
                score += 0.2 * (1 - Double(-overlap + 1) / Double(nearDays + 1))
            } else {
                continue
            }
            let beneficiary = TextFolding.fold(candidate.beneficiary ?? "")
            if !institution.isEmpty, !beneficiary.isEmpty,
                beneficiary.contains(institution) || institution.contains(beneficiary)
            {
                reasons.append(.institution)
                score += 0.15
            }
            if [.pipeline, .implementation].contains(candidate.status) {
                reasons.append(.open)
                score += 0.05
            }
            matches.append(Match(activity: activity, score: min(1, score), reasons: reasons))
        }
        return Array(
            matches.sorted {
                $0.score != $1.score
                    ? $0.score > $1.score : $0.activity.draft.plannedStart < $1.activity.draft.plannedStart
            }.prefix(limit))
    }
}
