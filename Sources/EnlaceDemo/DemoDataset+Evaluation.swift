public import EnlaceCore

extension DemoDataset {
    /// How overlap detection fares on the labelled pairs.
    public struct Evaluation: Sendable {
        /// Labelled overlaps found.
        public var truePositives = 0
        /// Labelled look-alikes reported as overlaps.
        public var falsePositives = 0
        /// Labelled overlaps not reported.
        public var falseNegatives = 0
        /// Labelled look-alikes not reported.
        public var trueNegatives = 0
        /// Each mistake, in words.
        public var mistakes: [String] = []

        /// Of the pairs reported, the share that are labelled overlaps.
        public var precision: Double {
            Double(truePositives) / Double(max(1, truePositives + falsePositives))
        }
        /// Of the labelled overlaps, the share reported.
        public var recall: Double { Double(truePositives) / Double(max(1, truePositives + falseNegatives)) }
    }

    /// Runs the full pass over every demo activity and holds its result against the labelled pairs.
    public func evaluateOverlapDetection(settings: DeconflictionSettings = .standard) -> Evaluation {
        let index = ActivityIndex(activities, deconfliction: settings)
        let found = Set(index.overlaps().overlaps.map { [$0.first.id, $0.second.id] })
        var evaluation = Evaluation()
        for pair in labelledPairs {
            let reported = found.contains([pair.first, pair.second].sorted())
            switch (reported, pair.isOverlap) {
            case (true, true): evaluation.truePositives += 1
            case (false, false): evaluation.trueNegatives += 1
            case (true, false):
                evaluation.falsePositives += 1
                evaluation.mistakes.append("reported, but labelled not an overlap: \(pair.note)")
            case (false, true):
                evaluation.falseNegatives += 1
                evaluation.mistakes.append("missed: \(pair.note)")
            }
        }
        return evaluation
    }
}
