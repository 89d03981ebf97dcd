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

    /// The status of a form page: 200 when fresh, 422 when it comes back with messages, 409 when
    /// someone else changed the record meanwhile (as the activity form answers).
    static func status(errors: [FieldError], stale: Bool) -> HTTPResponse.Status {
        stale ? .conflict : errors.isEmpty ? .ok : .unprocessableContent
    }
}
