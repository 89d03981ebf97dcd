import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// The page where an activity's editors record its funding and vetting, one change per form:
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /activities/{id}/funding | the activity's budget lines, transactions and vetting, with the forms |
/// | POST | /activities/{id}/funding | one change (`action`), then 303 back; or the page with messages |
///
/// Each change saves the whole activity at the version the form was shown with, so a stale form
/// is refused, and a transaction the editor may not see is kept as it is.
struct ActivityFundingController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations
    let clock: WallClock

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.activityFunding, use: show)
        router.post(SitePaths.activityFunding, use: change)
    }

    /// The changes the page offers.
    enum Action: String {
        case addTransaction = "add-transaction"
        case removeTransaction = "remove-transaction"
        case addBudgetLine = "add-budget-line"
        case removeBudgetLine = "remove-budget-line"
        case setVetting = "set-vetting"
        case addUnit = "add-unit"
        case updateUnit = "update-unit"

        /// The form it belongs to, whose fields its errors go to.
        var form: String {
            switch self {
            case .addTransaction, .removeTransaction: "transaction"
            case .addBudgetLine, .removeBudgetLine: "budget"
            case .setVetting, .addUnit, .updateUnit: "unit"
            }
        }
    }

    private var editor: ActivityPartEditor<Action> {
        ActivityPartEditor(store: store, translations: translations, path: SitePaths.activityFunding, form: \.form)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (activity, _) = try await editor.editable(context)
        let notice =
            request.uri.queryParameters.get("saved") != nil ? translations.text("funding.saved", context.language) : nil
        return try await render(activity, form: FormData(pairs: []), errors: [], notice: notice, context, request)
    }

    @Sendable func change(_ request: Request, context: AppRequestContext) async throws -> Response {
        let today = CalendarDate.today(clock)
        return try await editor.change(
            request, context, apply: { action, form, input in try Self.apply(action, form, to: &input, today: today) },
            formErrors: { errors, action, activity, form in
                Self.formErrors(
                    errors, action: action, activity: activity, unitIndex: form.value("index").flatMap(Int.init))
            },
            render: { activity, form, errors, notice, status in
                try await render(activity, form: form, errors: errors, notice: notice, context, request, status: status)
            })
    }

    /// Changes `input` as `action` asks, with the form's fields.
    static func apply(_ action: Action, _ form: FormData, to input: inout ActivityInput, today: CalendarDate) throws {
        func value(_ name: String) -> String? {
            form.value(name).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        func index(_ count: Int) throws -> Int { try ActivityPartEditor<Action>.index(form, count: count) }
        switch action {
        case .addTransaction:
            let marking = value("marking")
            input.transactions =
                (input.transactions ?? []) + [
                    ActivityInput.TransactionInput(
                        type: value("type").flatMap(Int.init) ?? (value("type") == nil ? nil : -1), date: value("date"),
                        value: .init(amount: value("amount"), currency: value("currency")?.uppercased()),
                        provider: value("provider")?.uppercased(), receiver: value("receiver")?.uppercased(),
                        notODA: form.value("notODA") == "on", description: value("description"),
                        releasability: marking.map {
                            .init(
                                marking: $0,
                                releasableTo: value("releasableTo")?.split(separator: ",").map {
                                    $0.trimmingCharacters(in: .whitespaces).uppercased()
                                } ?? [])
                        })
                ]
        case .removeTransaction:
            let position = try index(input.transactions?.count ?? 0)
            input.transactions?.remove(at: position)
        case .addBudgetLine:
            input.budgetLines =
                (input.budgetLines ?? []) + [
                    ActivityInput.BudgetLineInput(
                        kind: value("kind").flatMap(Int.init) ?? (value("kind") == nil ? nil : -1),
                        periodStart: value("periodStart"), periodEnd: value("periodEnd"),
                        value: .init(amount: value("budgetAmount"), currency: value("budgetCurrency")?.uppercased()))
                ]
        case .removeBudgetLine:
            let position = try index(input.budgetLines?.count ?? 0)
            input.budgetLines?.remove(at: position)
        case .setVetting:
            // Blank is "as the kind of activity says"; anything else but yes or no is refused.
            let choices: [String: Bool?] = ["": nil, "yes": true, "no": false]
            guard let required = choices[value("required") ?? ""] else {
                throw EnlaceError.invalid([
                    FieldError("required", .unknownCode, ["value": form.value("required") ?? ""])
                ])
            }
            input.vetting?.required = required
        case .addUnit:
            let units = input.vetting?.units ?? []
            input.vetting?.units =
                units + [
                    ActivityInput.VettedUnitInput(
                        unit: value("unit"),
                        people: value("people").flatMap(Int.init) ?? (value("people") == nil ? nil : -1),
                        status: value("status"), authority: value("authority"), submitted: value("submitted"),
                        decided: value("decided"), reference: value("reference"))
                ]
        case .updateUnit:
            let position = try index(input.vetting?.units?.count ?? 0)
            let status = value("status")
            input.vetting?.units?[position].status = status
            if let decided = value("decided") {
                input.vetting?.units?[position].decided = decided
            } else if let status, ["cleared", "suspended", "denied"].contains(status),
                input.vetting?.units?[position].decided == nil
            {
                input.vetting?.units?[position].decided = today.iso
            }
        }
    }

    /// The store's errors as the fields of the form that was sent: `transactions[3].value.amount` is the
    /// transaction form's `amount`.
    static func formErrors(
        _ errors: [FieldError], action: Action, activity: Activity, unitIndex: Int? = nil
    ) -> [FieldError] {
        let prefixes: [(String, [String: String])] = [
            (
                "transactions[\(activity.draft.transactions.count)].",
                [
                    "value.amount": "amount", "value.currency": "currency", "releasability.marking": "marking",
                    "releasability.releasableTo": "releasableTo",
                ]
            ),
            (
                "budgetLines[\(activity.draft.budgetLines.count)].",
                ["value.amount": "budgetAmount", "value.currency": "budgetCurrency"]
            ),
            (
                "vetting.units[\(action == .addUnit ? activity.draft.vetting.units.count : unitIndex ?? -1)].", [:]
            ),
        ]
        return ActivityPartEditor<Action>.renamed(errors, prefixes: prefixes)
    }

    private func render(
        _ activity: Activity, form: FormData, errors: [FieldError], notice: String? = nil,
        _ context: AppRequestContext, _ request: Request, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let presenter = try await ActivityPresenter.load(store: store, translations: translations, context: context)
        let model = ActivityFundingPage(
            activity: activity, presenter: presenter, form: form,
            messages: FormMessages(errors, translations: translations, language: context.language), notice: notice,
            organizations: try await store.organizations.all())
        return pages.render(
            model,
            title: translations.text("funding.manageTitle", context.language) + " · " + activity.draft.title,
            section: .activities, request: request, context: context, status: status)
    }
}
