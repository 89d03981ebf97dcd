import EnlaceCore
import EnlaceStore
import Hummingbird

/// The flow shared by the pages where an activity's editors change one part of it (funding,
/// results), one change per form.
///
/// Each change saves the whole activity at the version the form was shown with, so a stale form is
/// refused with the current record; a refused change comes back with its errors beside the form's
/// fields; a saved one redirects back to the page, to the form it came from.
struct ActivityPartEditor<Action: RawRepresentable & Sendable> where Action.RawValue == String {
    /// Draws the page for an activity, with the form sent, its errors, a notice and a status.
    typealias Render = (Activity, FormData, [FieldError], String?, HTTPResponse.Status) async throws -> Response

    let store: Store
    let translations: Translations
    /// The page's path for an activity id.
    let path: SitePath1
    /// The fragment of the form an action belongs to.
    let form: @Sendable (Action) -> String

    /// The activity of the request's `id` and the signed-in person, who must be allowed to edit it.
    func editable(_ context: AppRequestContext) async throws -> (Activity, Principal) {
        let actor = try context.requirePrincipal()
        let activity = try await store.activities.find(id: try context.parameters.require("id"), for: context.viewer)
        guard try await store.activities.canEdit(activity, viewer: context.viewer) else {
            throw EnlaceError.forbidden(field: nil)
        }
        return (activity, actor)
    }

    /// Applies the change the form asks for and saves it; `formErrors` maps the store's field names
    /// onto the form's.
    func change(
        _ request: Request, _ context: AppRequestContext,
        apply: (Action, FormData, inout ActivityInput) throws -> Void,
        formErrors: ([FieldError], Action, Activity, FormData) -> [FieldError], render: Render
    ) async throws -> Response {
        let (activity, actor) = try await editable(context)
        let form = try await FormData.read(request, context: context)
        let version = form.value("version").flatMap(Int.init) ?? -1
        guard let action = form.value("action").flatMap(Action.init(rawValue:)) else {
            return try await render(
                activity, form, [FieldError("action", .unknownCode, ["value": form.value("action") ?? ""])], nil,
                .unprocessableContent)
        }
        var input = ActivityInput(activity.draft)
        do {
            try apply(action, form, &input)
            _ = try await store.activities.update(id: activity.id, with: input, expectedVersion: version, by: actor)
            return .redirect(to: path(activity.id) + "?saved=1#" + self.form(action), type: .normal)
        } catch EnlaceError.invalid(let errors) {
            return try await render(
                activity, form, formErrors(errors, action, activity, form), nil, .unprocessableContent)
        } catch EnlaceError.staleVersion {
            let current = try await store.activities.find(id: activity.id, for: context.viewer)
            return try await render(current, form, [], translations.text("form.stale", context.language), .conflict)
        }
    }

    /// The position the form's `index` names among `count` entries.
    static func index(_ form: FormData, _ name: String = "index", count: Int) throws -> Int {
        guard let index = form.value(name).flatMap(Int.init), (0..<count).contains(index) else {
            throw EnlaceError.invalid([FieldError(name, .outOfRange, ["min": "0", "max": "\(max(0, count - 1))"])])
        }
        return index
    }

    /// The store's errors under `prefix` as the form's fields, renaming the paths in `renames`.
    static func renamed(_ errors: [FieldError], prefixes: [(String, [String: String])]) -> [FieldError] {
        errors.map { error in
            for (prefix, renames) in prefixes where error.field.hasPrefix(prefix) {
                var field = String(error.field.dropFirst(prefix.count))
                for (from, to) in renames where field.hasPrefix(from) { field = to + field.dropFirst(from.count) }
                return FieldError(field, error.code, error.parameters)
            }
            return error
        }
    }
}
