public import EnlaceCore
import Foundation

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
        let mask = index.visible(to: viewer)
        let currency = reportingCurrency
        let group: @Sendable (String) -> String = { organizations.lineage(of: $0).last ?? $0 }
        // The activities in parts, one per core, each summed apart and then merged.
        let parts = max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))
        let builders = await withTaskGroup(of: FundingSummary.Builder.self) { tasks in
            for part in 0..<parts {
                tasks.addTask {
                    var builder = FundingSummary.Builder(
                        ledger: index.funding, viewer: viewer, rates: table, currency: currency,
                        dimension: dimension, filter: filter, group: group)
                    builder.add { body in index.forEachSlot(in: mask, part: part, of: parts, body) }
                    return builder
                }
            }
            var all: [FundingSummary.Builder] = []
            for await builder in tasks { all.append(builder) }
            return all
        }
        var merged = builders[0]
        for builder in builders.dropFirst() { merged.merge(builder) }
        return merged.summary()
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
