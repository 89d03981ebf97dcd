import EnlaceCore
import Foundation

/// One choice of a select, a checkbox group or a radio group.
struct Option {
    let value: String
    let label: String
    let selected: Bool
}

/// A single-valued form field: what the user typed and what is wrong with it.
///
/// Templates read stored properties only (Mustache walks them by reflection), so derived values are stored too.
struct Field {
    let name: String
    let value: String
    let error: String?
    let hasError: Bool
    /// The id the label, the message and the error summary point at.
    let id: String

    init(name: String, value: String, error: String?) {
        self.name = name
        self.value = value
        self.error = error
        hasError = error != nil
        id = "field-" + name.replacingOccurrences(of: ".", with: "-")
    }
}

/// A link from the error summary at the top of a form to the field it is about.
struct ErrorLink {
    let href: String
    let label: String
    let message: String
}

extension Array where Element == Option {
    /// Options from `(value, label)` pairs, selecting those in `selected`.
    static func make(_ choices: [(String, String)], selected: Set<String>) -> [Option] {
        choices.map { Option(value: $0.0, label: $0.1, selected: selected.contains($0.0)) }
    }
}

/// A link with its label.
struct LabelledLink {
    let href: String
    let label: String
}
