public import EnlaceCore

/// Activities for benchmarks at scale: the demo's providers, phrases and institutions, spread
/// evenly over 25 recipient countries, the 4 key areas and 2012–2027, each 4 to 180 days long.
public enum SyntheticActivities {
    /// `count` activities, the same for the same seed.
    public static func generate(count: Int, seed: UInt64 = 7) -> [Activity] {
        var generator = DemoGenerator(seed: seed)
        let countries = Array(DemoPlaces.recipients.map(\.code).prefix(25))
        let areas = ["narco-trafficking", "combating-crime", "strengthening-institutions", "resilient-communities"]
        let first = CalendarDate(year: 2012, month: 1, day: 1)!.dayNumber
        let last = CalendarDate(year: 2027, month: 12, day: 31)!.dayNumber
        return (0..<count).map { _ in
            var activity = generator.activity()
            let area = areas[Int.random(in: 0..<areas.count, using: &generator.random)]
            let days = Int.random(in: 4...180, using: &generator.random)
            let start = CalendarDate(dayNumber: Int.random(in: first...(last - days + 1), using: &generator.random))
            activity.draft.recipientCountries = [
                countries[Int.random(in: 0..<countries.count, using: &generator.random)]
            ]
            activity.draft.keyAreas = [area]
            activity.draft.topics = [DemoGenerator.topics(in: area).randomElement(using: &generator.random)!]
            activity.draft.plannedStart = start
            activity.draft.plannedEnd = start.adding(days: days - 1)
            activity.draft.actualStart = nil
            activity.draft.actualEnd = nil
            return activity
        }
    }
}

extension SyntheticActivities {
    /// `count` activities as ``generate(count:seed:)`` makes them, with the demo's budgets, transactions and
    /// vetting as of `today`, and every organisation they may name: the content of the import benchmark's file.
    public static func funded(
        count: Int, seed: UInt64 = 7, today: CalendarDate
    ) -> (activities: [Activity], organizations: [Organization]) {
        (DemoFunding.fund(generate(count: count, seed: seed), seed: seed, today: today), DemoOrganizations.all)
    }
}
