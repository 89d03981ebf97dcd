extension ActivityIndex {
    /// An overlap between two held activities.
    public struct Overlap: Sendable {
        /// The activity whose id sorts first.
        public var first: Activity
        /// The other.
        public var second: Activity
        /// The score and its factors.
        public var assessment: OverlapAssessment

        init(_ a: Activity, _ b: Activity, _ assessment: OverlapAssessment) {
            (first, second) = a.id < b.id ? (a, b) : (b, a)
            self.assessment = assessment
        }
    }

    /// Every overlap among the held activities, and how many candidate pairs were scored.
    public func overlaps(stop: (@Sendable () -> Bool)? = nil) -> (candidates: Int, overlaps: [Overlap]) {
        let pass = deconfliction.fullPass(stop: stop)
        return (
            pass.candidates,
            pass.overlaps.compactMap { found in
                guard let a = activity(atSlot: found.first), let b = activity(atSlot: found.second) else { return nil }
                return Overlap(a, b, found.assessment)
            }
        )
    }

    /// The held activities that overlap `activity` (its own held version left out), best first.
    public func overlaps(with activity: Activity) -> [Overlap] {
        deconfliction.overlaps(with: OverlapSubject(activity), excluding: slot(of: activity.id)).compactMap { found in
            self.activity(atSlot: found.slot).map { Overlap(activity, $0, found.assessment) }
        }
    }

    /// Calls `body` with each live activity `mask` admits (every live one when nil), in no particular order.
    public func forEach(in mask: SlotSet?, _ body: (Activity) -> Void) {
        var set = live
        if let mask { set.formIntersection(mask) }
        set.forEach { slot in
            if let activity = activity(atSlot: slot) { body(activity) }
        }
    }

    /// The live slots in `mask` (all when nil) within part `part` of `parts` equal ranges of slots, for
    /// reading the read models filed at the same slots (``funding``).
    public func forEachSlot(in mask: SlotSet?, part: Int, of parts: Int, _ body: (Int) -> Void) {
        var set = live
        if let mask { set.formIntersection(mask) }
        let size = (capacity + parts - 1) / max(1, parts)
        let range = (part * size)..<min(capacity, (part + 1) * size)
        set.forEach { slot in
            if range.contains(slot) { body(slot) }
        }
    }
}
