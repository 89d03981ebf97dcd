import EnlaceCore
import Foundation

/// The messages of a form that came back with errors: one per field, and the summary at the top.
struct FormMessages {
    let messages: [String: String]
    let summary: [ErrorLink]
    let hasErrors: Bool

    init(_ errors: [FieldError], translations: Translations, language: Language) {
        var messages: [String: String] = [:]
        for error in errors where messages[error.field] == nil {
            messages[error.field] = translations.message(for: error, language)
        }
        self.messages = messages
        summary = errors.map { error in
            let base = error.field.split(separator: "[").first.map(String.init) ?? error.field
            let key = base.hasPrefix("releasability") ? "releasability" : base.replacingOccurrences(of: ".", with: "_")
            return ErrorLink(
                href: "#field-" + key.replacingOccurrences(of: "_", with: "-"),
                label: translations.text("fields." + key, language),
                message: translations.message(for: error, language))
        }
        hasErrors = !errors.isEmpty
    }

    /// The first message for `name` or any of its elements and members (`chairs[2]`, `releasability.marking`).
    func message(_ name: String) -> String? {
        messages[name]
            ?? messages.keys.sorted().first { $0.hasPrefix(name + "[") || $0.hasPrefix(name + ".") }.flatMap {
                messages[$0]
            }
    }

    /// The field `name` with `value` and its message.
    func field(_ name: String, _ value: String?) -> Field {
        Field(name: name, value: value ?? "", error: message(name))
    }
}
