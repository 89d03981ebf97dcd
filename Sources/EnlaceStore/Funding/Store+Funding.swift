public import EnlaceCore

extension Store {
    /// The funding funnel of the activities and transactions `viewer` may see, cut by `dimension`,
    /// in the reporting currency; a hidden transaction moves no sum.
    ///
    /// Agencies report under their government, so that a provider row is a government.
    public func fundingSummary(
        by dimension: FundingSummary.Dimension, filter: FundingSummary.Filter = FundingSummary.Filter(),
        for viewer: Viewer
    ) async throws -> FundingSummary {
        let index = try await activities.readModel.index(database)
        let organizations = try await activities.directory.current(database)
        let table = try await rates.table()
        var builder = FundingSummary.Builder(
            viewer: viewer, rates: table, currency: reportingCurrency, dimension: dimension, filter: filter,
            group: { organizations.lineage(of: $0).last ?? $0 })
        index.forEach(in: index.visible(to: viewer)) { builder.add($0) }
        return builder.summary()
    }

    /// The open vetting of the activities `viewer` may see for `country`, aged to `today`.
    public func vettingReport(country: String, today: CalendarDate, for viewer: Viewer) async throws -> VettingReport {
        let index = try await activities.readModel.index(database)
        var inCountry: [Activity] = []
        index.forEach(in: index.visible(to: viewer)) { activity in
            if activity.draft.recipientCountries.contains(country) { inCountry.append(activity) }
        }
        return VettingReport(country: country, today: today, activities: inCountry)
    }
}
