import EnlaceCore

/// An activity's budget lines, transactions and vetting, written out for its pages.
struct FundingPanel {
    struct BudgetRow {
        let index: Int
        let kind: String
        let period: String
        let amount: String
    }

    struct TransactionRow {
        let index: Int
        let type: String
        let date: String
        let amount: String
        let flow: String
        let notODA: Bool
        let marking: String?
        let description: String
    }

    struct UnitRow {
        let index: Int
        let unit: String
        let people: String
        let status: String
        let statusCode: String
        let authority: String
        let submitted: String
        let decided: String
        let reference: String
        let statusOptions: [Option]
    }

    let budgetLines: [BudgetRow]
    let hasBudgetLines: Bool
    let transactions: [TransactionRow]
    let hasTransactions: Bool
    let vettingState: String
    let vettingStateCode: String
    let vettingRequired: String
    let vettingBlocksImplementation: Bool
    let units: [UnitRow]
    let hasUnits: Bool
    /// The page where editors change all this; nil for readers.
    let manageHref: String?

    init(_ activity: Activity, presenter: ActivityPresenter, canEdit: Bool) {
        let draft = activity.draft
        let format = presenter.format
        func text(_ key: String) -> String { presenter.translations.text(key, presenter.language) }
        func organization(_ code: String?) -> String {
            guard let code else { return "—" }
            return presenter.organizations[code]?.name ?? code
        }
        budgetLines = draft.budgetLines.enumerated().map { index, line in
            BudgetRow(
                index: index, kind: text("funding.budgetKinds.\(line.kind.rawValue)"),
                period: presenter.range(line.periodStart, line.periodEnd), amount: format.money(line.value))
        }
        hasBudgetLines = !budgetLines.isEmpty
        transactions = draft.transactions.enumerated().map { index, transaction in
            TransactionRow(
                index: index, type: text("funding.types.\(transaction.type.rawValue)"),
                date: format.date(transaction.date), amount: format.money(transaction.value),
                flow: organization(transaction.provider) + " → " + organization(transaction.receiver),
                notODA: transaction.notODA,
                marking: transaction.releasability.map { releasability in
                    text("markings.\(releasability.marking.rawValue).label")
                        + (releasability.releasableTo.isEmpty
                            ? "" : ": " + releasability.releasableTo.joined(separator: ", "))
                }, description: transaction.description)
        }
        hasTransactions = !transactions.isEmpty
        let state = draft.vetting.state(for: draft.kind)
        vettingState = text("vetting.states.\(state.rawValue)")
        vettingStateCode = state.rawValue
        vettingRequired =
            draft.vetting.required.map { text($0 ? "vetting.requiredYes" : "vetting.requiredNo") }
            ?? text(
                draft.vetting.isRequired(for: draft.kind) ? "vetting.requiredDefaultYes" : "vetting.requiredDefaultNo")
        vettingBlocksImplementation = !state.allowsImplementation
        units = draft.vetting.units.enumerated().map { index, unit in
            UnitRow(
                index: index, unit: unit.unit, people: unit.people.map(format.integer) ?? "—",
                status: text("vetting.statuses.\(unit.status.rawValue)"), statusCode: unit.status.rawValue,
                authority: unit.authority, submitted: unit.submitted.map(format.date) ?? "—",
                decided: unit.decided.map(format.date) ?? "—", reference: unit.reference,
                statusOptions: .make(
                    VettingStatus.allCases.map { ($0.rawValue, text("vetting.statuses.\($0.rawValue)")) },
                    selected: [unit.status.rawValue]))
        }
        hasUnits = !units.isEmpty
        manageHref = canEdit ? SitePaths.activityFunding(activity.id) : nil
    }
}
