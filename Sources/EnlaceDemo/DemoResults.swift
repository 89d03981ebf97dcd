public import EnlaceCore

/// Result indicators for the demo's activities, with targets and actuals that follow their stage.
///
/// Each activity measures the agreed indicator that fits its first key area and its kind: people
/// trained for courses, operations or seizures for equipment and operational support, cases and
/// procedures for advisory work, people reached for community work. Trained officers still in post
/// after a year (a percentage) is reported a year after a course ends. Work not yet under way has
/// targets only. About one activity in eight adds an indicator of its own wording.
public enum DemoResults {
    /// The agreed indicator codes the demo uses, per key area and kind (see `indicators.json`).
    static func code(area: String, kind: ActivityKind) -> (code: String, measure: IndicatorMeasure)? {
        switch (area, kind) {
        case ("narco-trafficking", .course), ("narco-trafficking", .exchangeVisit): ("NT-01", .unit)
        case ("narco-trafficking", .operationalSupport): ("NT-02", .unit)
        case ("narco-trafficking", .equipment): ("NT-03", .unit)
        case ("combating-crime", .course), ("combating-crime", .exchangeVisit): ("CC-01", .unit)
        case ("combating-crime", .advisory), ("combating-crime", .operationalSupport): ("CC-02", .unit)
        case ("combating-crime", .equipment): ("CC-03", .unit)
        case ("strengthening-institutions", .course), ("strengthening-institutions", .exchangeVisit): ("SI-01", .unit)
        case ("strengthening-institutions", .advisory): ("SI-03", .unit)
        case ("resilient-communities", .course), ("resilient-communities", .conference): ("RC-02", .unit)
        case ("resilient-communities", _): ("RC-01", .unit)
        default: nil
        }
    }

    /// `activities` with result indicators, decided by `seed` and `today`.
    public static func measure(_ activities: [Activity], seed: UInt64, today: CalendarDate) -> [Activity] {
        var random = SeededRandom(seed: seed &+ 0x52_45_53)
        return activities.map { activity in
            var activity = activity
            measure(&activity.draft, today: today, random: &random)
            return activity
        }
    }

    private static func measure(_ draft: inout ActivityDraft, today: CalendarDate, random: inout SeededRandom) {
        guard draft.status != .cancelled, let area = draft.keyAreas.first,
            let (code, measure) = code(area: area, kind: draft.kind)
        else { return }
        let window = draft.window
        let started = draft.status != .pipeline && window.lowerBound <= today
        let finished = [.finalisation, .closed].contains(draft.status) && window.upperBound <= today
        func whole(_ value: Int) -> FixedDecimal { FixedDecimal(units: Int128(value) * FixedDecimal.scale) }
        let planned = draft.participantsPlanned ?? Int.random(in: 12...40, using: &random)
        let target: Int =
            switch code {
            case "NT-01", "CC-01", "SI-01", "RC-02": planned
            case "NT-02": Int.random(in: 4...24, using: &random)
            case "NT-03": Int.random(in: 5...80, using: &random) * 100
            case "CC-02", "CC-03": Int.random(in: 3...30, using: &random)
            case "SI-03": Int.random(in: 1...4, using: &random)
            default: Int.random(in: 200...3000, using: &random)
            }
        var indicator = ResultIndicator(
            code: code, type: code.hasSuffix("01") || code == "NT-02" || code == "RC-02" ? .output : .outcome,
            measure: measure, baseline: .zero, baselineYear: window.lowerBound.year - 1, target: whole(target))
        if started {
            // Outputs are counted over the activity's window; outcomes year by year after it starts.
            if indicator.type == .output {
                let reached =
                    draft.participantsTrained
                    ?? Int((Double(target) * Double.random(in: 0.6...1.05, using: &random)).rounded())
                if finished || draft.participantsTrained != nil {
                    indicator.periods = [
                        IndicatorPeriod(start: window.lowerBound, end: window.upperBound, actual: whole(reached))
                    ]
                }
            } else {
                var year = window.lowerBound.year
                while year < today.year, year <= window.upperBound.year + 2 {
                    let share = Int((Double(target) * Double.random(in: 0.15...0.5, using: &random)).rounded())
                    indicator.periods.append(
                        IndicatorPeriod(
                            start: CalendarDate(year: year, month: 1, day: 1)!,
                            end: CalendarDate(year: year, month: 12, day: 31)!, actual: whole(share)))
                    year += 1
                }
            }
        }
        draft.indicators = [indicator]
        // A year after a course ends, the institution reports how many of those trained are still in post.
        if area == "strengthening-institutions", draft.kind == .course, finished,
            window.upperBound.adding(days: 365) <= today
        {
            let after = window.upperBound.adding(days: 365)
            draft.indicators.append(
                ResultIndicator(
                    code: "SI-02", type: .outcome, measure: .percentage, target: whole(80),
                    periods: [
                        IndicatorPeriod(
                            start: after.adding(days: -30), end: after,
                            actual: whole(Int.random(in: 55...97, using: &random)))
                    ]))
        }
        if Int.random(in: 0..<8, using: &random) == 0 {
            draft.indicators.append(
                ResultIndicator(
                    title: "Standard operating procedures drafted with the beneficiary", type: .output,
                    measure: .unit, target: whole(Int.random(in: 1...3, using: &random)),
                    periods: finished
                        ? [IndicatorPeriod(start: window.lowerBound, end: window.upperBound, actual: whole(1))] : []))
        }
    }
}
