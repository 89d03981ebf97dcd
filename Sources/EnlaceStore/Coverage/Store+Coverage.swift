public import EnlaceCore

extension Store {
    /// The coverage matrix over `window` of the activities `viewer` may see, with the open overlaps
    /// they see in full.
    ///
    /// The rows are the partner countries of the directory and every country a visible activity
    /// names, whether or not it has activities in the window: a row of gaps is the point.
    public func coverage(
        window: ClosedRange<CalendarDate>, thresholds: CoverageThresholds = CoverageThresholds(), for viewer: Viewer
    ) async throws -> CoverageMatrix {
        let index = try await activities.readModel.index(database)
        let organizations = try await activities.directory.current(database)
        var countries = Set(organizations.byCode.values.filter { !$0.isMember }.compactMap(\.country))
        var inWindow: [Activity] = []
        index.forEach(in: index.visible(to: viewer)) { activity in
            countries.formUnion(activity.draft.recipientCountries)
            if activity.draft.window.overlaps(window) { inWindow.append(activity) }
        }
        return CoverageMatrix(
            activities: inWindow, countries: countries.filter { catalog.country($0) != nil }.sorted(),
            areas: catalog.keyAreas.map(\.slug), window: window,
            topicAreas: Dictionary(catalog.topics.map { ($0.slug, $0.keyArea) }, uniquingKeysWith: { a, _ in a }),
            openOverlaps: try await overlaps.openCounts(in: window, for: viewer), thresholds: thresholds,
            rates: try await rates.table(), currency: reportingCurrency,
            openNeeds: try await needs.openCounts(in: window, for: viewer))
    }
}
