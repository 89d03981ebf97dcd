import EnlaceCore
import Hummingbird

/// The flow every record form follows once it is sent: save, then go where the save says (303); a
/// refusal shows the form again with its messages (422) and a stale version the form at the current
/// version with a notice. Nothing is written in either case.
enum FormSubmission {
    /// `save` writes and returns where to go; `form` renders the form with errors, a version and a
    /// stale notice.
    static func handle(
        version: Int?, language: Language, translations: Translations,
        save: () async throws -> String,
        form: (_ errors: [FieldError], _ version: Int?, _ stale: String?) async throws -> Response
    ) async throws -> Response {
        do {
            return .redirect(to: try await save(), type: .normal)
        } catch EnlaceError.invalid(let errors) {
            return try await form(errors, version, nil)
        } catch EnlaceError.staleVersion(_, _, let current) {
            return try await form([], current, translations.text("form.staleRecord", language))
        }
    }
}
