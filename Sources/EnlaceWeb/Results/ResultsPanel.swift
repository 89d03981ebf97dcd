import EnlaceCore

/// An activity's result indicators, written out for its pages.
struct ResultsPanel {
    struct PeriodRow {
        let index: Int
        let indicator: Int
        let period: String
        let actual: String
    }

    struct IndicatorRow {
        let index: Int
        let name: String
        let code: String?
        let type: String
        let measure: String
        let baseline: String
        let target: String
        let achieved: String
        /// Achieved against target, in whole per cent, capped at 100 for the bar.
        let progress: Int?
        let progressBar: Int
        let periods: [PeriodRow]
        let hasPeriods: Bool
    }

    let indicators: [IndicatorRow]
    let hasIndicators: Bool
    /// The page where editors change them; nil for readers.
    let manageHref: String?

    init(_ activity: Activity, presenter: ActivityPresenter, canEdit: Bool) {
        let format = presenter.format
        func text(_ key: String) -> String { presenter.translations.text(key, presenter.language) }
        indicators = activity.draft.indicators.enumerated().map { index, indicator in
            let percentage = indicator.measure == .percentage
            func value(_ value: FixedDecimal?) -> String {
                value.map { format.decimal($0, percentage: percentage) } ?? "—"
            }
            let achieved = indicator.achieved
            let progress = indicator.progress
            return IndicatorRow(
                index: index, name: indicator.name(in: presenter.language, catalog: presenter.catalog),
                code: indicator.code, type: text("results.types.\(indicator.type.name)"),
                measure: text("results.measures.\(indicator.measure.name)"),
                baseline: value(indicator.baseline)
                    + (indicator.baselineYear.map { " (\($0))" } ?? ""),
                target: value(indicator.target), achieved: value(achieved), progress: progress,
                progressBar: min(100, max(0, progress ?? 0)),
                periods: indicator.periods.enumerated().map { position, period in
                    PeriodRow(
                        index: position, indicator: index, period: presenter.range(period.start, period.end),
                        actual: format.decimal(period.actual, percentage: percentage))
                }, hasPeriods: !indicator.periods.isEmpty)
        }
        hasIndicators = !indicators.isEmpty
        manageHref = canEdit ? SitePaths.activityResults(activity.id) : nil
    }
}
