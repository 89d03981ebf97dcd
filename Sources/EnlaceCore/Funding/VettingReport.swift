/// The vetting that is still open for one recipient country: every unit not yet cleared, oldest
/// submission first, with its age in days.
public struct VettingReport: Sendable {
    /// One open unit of one activity.
    public struct Entry: Sendable, Hashable {
        /// The activity's id.
        public var activityID: String
        /// The activity's title.
        public var title: String
        /// The activity's owner.
        public var owner: String
        /// The activity's status.
        public var activityStatus: ActivityStatus
        /// The unit.
        public var unit: VettedUnit
        /// Days since submission on the report's day; nil when not submitted.
        public var age: Int?
    }

    /// The country.
    public var country: String
    /// The day the ages count to.
    public var today: CalendarDate
    /// Open units: pending, suspended, denied and not submitted, oldest first (the never submitted last).
    public var entries: [Entry]
    /// Activities whose vetting is required and has no unit recorded at all.
    public var missing: [Activity]

    /// The report over `activities` (already limited to what the reader may see).
    public init(country: String, today: CalendarDate, activities: some Sequence<Activity>) {
        self.country = country
        self.today = today
        var entries: [Entry] = []
        var missing: [Activity] = []
        for activity in activities where activity.draft.recipientCountries.contains(country) {
            let draft = activity.draft
            guard draft.vetting.isRequired(for: draft.kind) else { continue }
            if draft.vetting.units.isEmpty && [.pipeline, .implementation].contains(draft.status) {
                missing.append(activity)
            }
            for unit in draft.vetting.units where unit.status != .cleared {
                entries.append(
                    Entry(
                        activityID: activity.id, title: draft.title, owner: activity.owner,
                        activityStatus: draft.status, unit: unit,
                        age: unit.submitted.map { today.dayNumber - $0.dayNumber }))
            }
        }
        self.entries = entries.sorted {
            switch ($0.age, $1.age) {
            case (let left?, let right?):
                left != right ? left > right : ($0.activityID, $0.unit.unit) < ($1.activityID, $1.unit.unit)
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): ($0.activityID, $0.unit.unit) < ($1.activityID, $1.unit.unit)
            }
        }
        self.missing = missing.sorted { $0.draft.plannedStart < $1.draft.plannedStart }
    }
}
