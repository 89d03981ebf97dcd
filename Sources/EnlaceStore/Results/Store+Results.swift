public import EnlaceCore

extension Store {
    /// The predefined result indicators of the activities `viewer` may see, rolled up by `dimension`.
    public func resultsRollup(
        by dimension: ResultsRollup.Dimension, filter: ResultsRollup.Filter = ResultsRollup.Filter(),
        for viewer: Viewer
    ) async throws -> ResultsRollup {
        let index = try await activities.readModel.index(database)
        var measured: [Activity] = []
        index.forEach(in: index.visible(to: viewer)) { activity in
            if !activity.draft.indicators.isEmpty { measured.append(activity) }
        }
        return ResultsRollup(activities: measured, by: dimension, filter: filter, catalog: catalog)
    }
}
