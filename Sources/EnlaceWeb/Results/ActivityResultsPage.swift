import EnlaceCore

/// The model of the page where an activity's result indicators and their actuals are recorded.
struct ActivityResultsPage {
    let title: String
    let activityHref: String
    let results: ResultsPanel
    /// The panel's rows carry their own small forms here.
    let removable = true
    let manageAction: String
    let version: Int
    let notice: String?
    let hasErrors: Bool
    let errorSummary: [ErrorLink]
    let indexError: String?

    // The indicator form.
    let codes: [Option]
    let indicatorTitle: Field
    let types: [Option]
    let measures: [Option]
    let baseline: Field
    let baselineYear: Field
    let target: Field
    let codeError: String?
    let typeError: String?
    let measureError: String?

    // The actual form.
    let indicatorChoices: [Option]
    let hasIndicators: Bool
    let start: Field
    let end: Field
    let actual: Field

    init(activity: Activity, presenter: ActivityPresenter, form: FormData, messages: FormMessages, notice: String?) {
        func text(_ key: String) -> String { presenter.translations.text(key, presenter.language) }
        let action = form.value("action") ?? ""
        /// The value sent for `name`, when the form sent was the one with `action`.
        func sent(_ name: String, _ expected: String) -> String? { action == expected ? form.value(name) : nil }
        let draft = activity.draft
        title = draft.title
        activityHref = SitePaths.activity(activity.id)
        results = ResultsPanel(activity, presenter: presenter, canEdit: false)
        manageAction = SitePaths.activityResults(activity.id)
        version = activity.version
        self.notice = notice
        hasErrors = messages.hasErrors
        errorSummary = messages.summary
        indexError =
            messages.message("index") ?? messages.message("indicator") ?? messages.message("period")
            ?? messages.message("action")

        let used = Set(draft.indicators.compactMap(\.code))
        let offered = presenter.catalog.indicators.filter {
            draft.keyAreas.contains($0.keyArea) && !used.contains($0.code)
        }
        codes = .make(
            [("", text("results.ownIndicator"))]
                + offered.map { ($0.code, "\($0.names[presenter.language]) (\($0.code))") },
            selected: [sent("code", "add-indicator") ?? ""])
        indicatorTitle = messages.field("title", sent("title", "add-indicator"))
        types = .make(
            IndicatorType.allCases.map { ($0.name, text("results.types.\($0.name)")) },
            selected: [sent("type", "add-indicator") ?? "output"])
        measures = .make(
            IndicatorMeasure.allCases.map { ($0.name, text("results.measures.\($0.name)")) },
            selected: [sent("measure", "add-indicator") ?? "unit"])
        baseline = messages.field("baseline", sent("baseline", "add-indicator"))
        baselineYear = messages.field("baselineYear", sent("baselineYear", "add-indicator"))
        target = messages.field("target", sent("target", "add-indicator"))
        codeError = messages.message("code")
        typeError = messages.message("type")
        measureError = messages.message("measure")

        indicatorChoices = .make(
            draft.indicators.enumerated().map { index, indicator in
                ("\(index)", indicator.name(in: presenter.language, catalog: presenter.catalog))
            },
            selected: [sent("indicator", "add-actual") ?? "0"])
        hasIndicators = !draft.indicators.isEmpty
        start = messages.field("start", sent("start", "add-actual"))
        end = messages.field("end", sent("end", "add-actual"))
        actual = messages.field("actual", sent("actual", "add-actual"))
    }
}

extension ActivityResultsPage: PageModel {
    static let template = PageTemplate.activityResults
}
