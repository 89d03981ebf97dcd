import EnlaceCore

/// The model of the page where an activity's funding and vetting are recorded.
struct ActivityFundingPage {
    let title: String
    let activityHref: String
    let funding: FundingPanel
    /// The panel's rows carry their own small forms here.
    let removable = true
    let editable = true
    let manageAction: String
    let version: Int
    let notice: String?
    let hasErrors: Bool
    let errorSummary: [ErrorLink]

    // The transaction form.
    let types: [Option]
    let date: Field
    let amount: Field
    let currency: Field
    let providers: [Option]
    let receivers: [Option]
    let notODA: Bool
    let description: Field
    let markings: [Option]
    let releasableTo: Field
    let typeError: String?
    let providerError: String?
    let receiverError: String?
    let markingError: String?

    // The budget line form.
    let budgetKinds: [Option]
    let periodStart: Field
    let periodEnd: Field
    let budgetAmount: Field
    let budgetCurrency: Field
    let kindError: String?

    // The vetting forms.
    let requiredOptions: [Option]
    let unit: Field
    let people: Field
    let statuses: [Option]
    let authority: Field
    let submitted: Field
    let decided: Field
    let reference: Field
    let statusError: String?
    let indexError: String?

    init(
        activity: Activity, presenter: ActivityPresenter, form: FormData, messages: FormMessages, notice: String?,
        organizations: [Organization]
    ) {
        func text(_ key: String) -> String { presenter.translations.text(key, presenter.language) }
        let action = form.value("action") ?? ""
        /// The value sent for `name`, when the form sent was the one with `action`.
        func sent(_ name: String, _ actions: Set<String>) -> String? {
            actions.contains(action) ? form.value(name) : nil
        }
        let transaction: Set<String> = ["add-transaction"]
        let budget: Set<String> = ["add-budget-line"]
        let unit: Set<String> = ["add-unit"]
        title = activity.draft.title
        activityHref = SitePaths.activity(activity.id)
        funding = FundingPanel(activity, presenter: presenter, canEdit: false)
        manageAction = SitePaths.activityFunding(activity.id)
        version = activity.version
        self.notice = notice
        hasErrors = messages.hasErrors
        errorSummary = messages.summary

        types = .make(
            TransactionType.allCases.map { ("\($0.rawValue)", text("funding.types.\($0.rawValue)")) },
            selected: [sent("type", transaction) ?? "2"])
        date = messages.field("date", sent("date", transaction))
        amount = messages.field("amount", sent("amount", transaction))
        currency = messages.field("currency", sent("currency", transaction) ?? "USD")
        let organizationChoices =
            [("", "—")]
            + organizations.sorted { $0.code < $1.code }.map {
                ($0.code, "\($0.name) (\($0.code))")
            }
        let owner = activity.draft.providers.first { $0.role == .funding }?.organization ?? activity.owner
        providers = .make(organizationChoices, selected: [sent("provider", transaction) ?? owner])
        receivers = .make(organizationChoices, selected: [sent("receiver", transaction) ?? ""])
        notODA = sent("notODA", transaction) == "on"
        description = messages.field("description", sent("description", transaction))
        markings = .make(
            [("", text("funding.asActivity")), ("restricted", text("markings.restricted.label"))],
            selected: [sent("marking", transaction) ?? ""])
        releasableTo = messages.field("releasableTo", sent("releasableTo", transaction))
        typeError = messages.message("type")
        providerError = messages.message("provider")
        receiverError = messages.message("receiver")
        markingError = messages.message("marking")

        budgetKinds = .make(
            BudgetKind.allCases.map { ("\($0.rawValue)", text("funding.budgetKinds.\($0.rawValue)")) },
            selected: [sent("kind", budget) ?? "1"])
        periodStart = messages.field("periodStart", sent("periodStart", budget))
        periodEnd = messages.field("periodEnd", sent("periodEnd", budget))
        budgetAmount = messages.field("budgetAmount", sent("budgetAmount", budget))
        budgetCurrency = messages.field("budgetCurrency", sent("budgetCurrency", budget) ?? "USD")
        kindError = messages.message("kind")

        let required = activity.draft.vetting.required.map { $0 ? "yes" : "no" } ?? ""
        requiredOptions = .make(
            [
                ("", text("vetting.requiredDefault")), ("yes", text("vetting.requiredYes")),
                ("no", text("vetting.requiredNo")),
            ],
            selected: [required])
        self.unit = messages.field("unit", sent("unit", unit) ?? activity.draft.beneficiary)
        people = messages.field("people", sent("people", unit))
        statuses = .make(
            VettingStatus.allCases.map { ($0.rawValue, text("vetting.statuses.\($0.rawValue)")) },
            selected: [sent("status", unit) ?? "pending"])
        authority = messages.field("authority", sent("authority", unit))
        submitted = messages.field("submitted", sent("submitted", unit))
        decided = messages.field("decided", sent("decided", unit))
        reference = messages.field("reference", sent("reference", unit))
        statusError = messages.message("status")
        indexError = messages.message("index") ?? messages.message("required") ?? messages.message("action")
    }
}

extension ActivityFundingPage: PageModel {
    static let template = PageTemplate.activityFunding
}
