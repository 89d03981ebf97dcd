import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// The page where an activity's editors record its results, one change per form:
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /activities/{id}/results | the activity's indicators with their actuals, with the forms |
/// | POST | /activities/{id}/results | one change (`action`), then 303 back; or the page with messages |
struct ActivityResultsController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.activityResults, use: show)
        router.post(SitePaths.activityResults, use: change)
    }

    /// The changes the page offers.
    enum Action: String {
        case addIndicator = "add-indicator"
        case removeIndicator = "remove-indicator"
        case addActual = "add-actual"
        case removeActual = "remove-actual"

        /// The form it belongs to, whose fields its errors go to.
        var form: String {
            switch self {
            case .addIndicator, .removeIndicator: "indicator"
            case .addActual, .removeActual: "actual"
            }
        }
    }

    private var editor: ActivityPartEditor<Action> {
        ActivityPartEditor(store: store, translations: translations, path: SitePaths.activityResults, form: \.form)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (activity, _) = try await editor.editable(context)
        let notice =
            request.uri.queryParameters.get("saved") != nil ? translations.text("results.saved", context.language) : nil
        return try await render(activity, form: FormData(pairs: []), errors: [], notice: notice, context, request)
    }

    @Sendable func change(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await editor.change(
            request, context, apply: { action, form, input in try Self.apply(action, form, to: &input) },
            formErrors: { errors, action, activity, form in
                Self.formErrors(errors, action: action, activity: activity, form: form)
            },
            render: { activity, form, errors, notice, status in
                try await render(activity, form: form, errors: errors, notice: notice, context, request, status: status)
            })
    }

    /// Changes `input` as `action` asks, with the form's fields.
    static func apply(_ action: Action, _ form: FormData, to input: inout ActivityInput) throws {
        func value(_ name: String) -> String? {
            form.value(name).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        var indicators = input.indicators ?? []
        switch action {
        case .addIndicator:
            let code = value("code")
            indicators.append(
                ActivityInput.IndicatorInput(
                    code: code, title: code == nil ? value("title") : nil, type: code == nil ? value("type") : nil,
                    measure: code == nil ? value("measure") : nil, baseline: value("baseline"),
                    baselineYear: value("baselineYear").flatMap(Int.init) ?? (value("baselineYear") == nil ? nil : 0),
                    target: value("target")))
        case .removeIndicator:
            indicators.remove(at: try ActivityPartEditor<Action>.index(form, count: indicators.count))
        case .addActual:
            let position = try ActivityPartEditor<Action>.index(form, "indicator", count: indicators.count)
            indicators[position].periods =
                (indicators[position].periods ?? []) + [
                    ActivityInput.PeriodInput(start: value("start"), end: value("end"), actual: value("actual"))
                ]
        case .removeActual:
            let position = try ActivityPartEditor<Action>.index(form, "indicator", count: indicators.count)
            let periods = indicators[position].periods ?? []
            indicators[position].periods?.remove(
                at: try ActivityPartEditor<Action>.index(form, "period", count: periods.count))
        }
        input.indicators = indicators
    }

    /// The store's errors as the fields of the form that was sent: `indicators[2].periods[0].actual`
    /// is the actual form's `actual`.
    static func formErrors(
        _ errors: [FieldError], action: Action, activity: Activity, form: FormData
    ) -> [FieldError] {
        let indicators = activity.draft.indicators
        let indicator = form.value("indicator").flatMap(Int.init) ?? -1
        let periods = indicators.indices.contains(indicator) ? indicators[indicator].periods.count : 0
        let prefix =
            switch action {
            case .addIndicator, .removeIndicator: "indicators[\(indicators.count)]."
            case .addActual, .removeActual: "indicators[\(indicator)].periods[\(periods)]."
            }
        return ActivityPartEditor<Action>.renamed(errors, prefixes: [(prefix, [:])])
    }

    private func render(
        _ activity: Activity, form: FormData, errors: [FieldError], notice: String? = nil,
        _ context: AppRequestContext, _ request: Request, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let presenter = try await ActivityPresenter.load(store: store, translations: translations, context: context)
        let model = ActivityResultsPage(
            activity: activity, presenter: presenter, form: form,
            messages: FormMessages(errors, translations: translations, language: context.language), notice: notice)
        return pages.render(
            model,
            title: translations.text("results.manageTitle", context.language) + " · " + activity.draft.title,
            section: .activities, request: request, context: context, status: status)
    }
}
