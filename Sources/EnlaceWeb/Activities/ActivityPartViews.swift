import EnlaceCore
import Foundation

/// How the API, the form and the detail page show an activity's parts, read from each part's description
/// (``ActivityPart``): one piece of code for every kind of part, so that a new part needs none here.
enum ActivityPartViews {
    // MARK: The API

    /// The members of `parts` in an activity's JSON: every kind by its name, null when the activity has none; an
    /// object with every field (an empty one as ""), or a string for a part that is one text.
    static func encode(_ parts: ActivityParts) -> [(String, JSONValue)] {
        ActivityParts.all.map { kind in
            guard let texts = parts[named: kind.name]?.texts else { return (kind.name, .null) }
            if kind.isOneText { return (kind.name, .string(texts[""] ?? "")) }
            return (kind.name, .object(kind.fields.map { ($0.name, .string(texts[$0.name] ?? "")) }))
        }
    }

    /// The parts a body describes, by name; null or absent is none. An object stands for a part, so it gives
    /// each field a part must have.
    static func decode(_ reader: inout FieldReader) -> [String: ActivityPartTexts] {
        var inputs: [String: ActivityPartTexts] = [:]
        for kind in ActivityParts.all {
            if kind.isOneText {
                inputs[kind.name] = reader.string(kind.name).map { ["": $0] }
                continue
            }
            inputs[kind.name] = reader.object(kind.name) { object in
                var texts: ActivityPartTexts = [:]
                for field in kind.fields {
                    if let text = object.string(field.name) {
                        texts[field.name] = text
                    } else if field.isRequired {
                        object.require(field.name)
                    }
                }
                return texts
            }
        }
        return inputs
    }

    // MARK: The form

    /// The parts a posted form describes: each field from its input (`partnerContact.email`); a part whose
    /// inputs are all empty is none.
    static func read(_ form: FormData) -> [String: ActivityPartTexts] {
        var inputs: [String: ActivityPartTexts] = [:]
        for kind in ActivityParts.all {
            var texts: ActivityPartTexts = [:]
            for field in kind.fields {
                let text = form.value(field.path(in: kind.name))?.trimmed() ?? ""
                if !text.isEmpty { texts[field.name] = text }
            }
            if !texts.isEmpty { inputs[kind.name] = texts }
        }
        return inputs
    }

    /// The text the form's input `name` shows from `input`, if `name` is a part's field.
    static func text(_ name: String, in input: ActivityInput) -> String? {
        for kind in ActivityParts.all {
            for field in kind.fields where field.path(in: kind.name) == name {
                return input.parts[kind.name]?[field.name] ?? ""
            }
        }
        return nil
    }

    /// A part's inputs in the form: a group with a legend, or one input for a part that is one text.
    struct FormGroup {
        let id: String
        let legend: String
        let hint: String?
        let isGroup: Bool
        let inputs: [FormInput]
    }

    /// One input of a part.
    struct FormInput {
        let field: Field
        let label: String
        /// The input's type: `text`, `email` or `tel`.
        let type: String
        let maxLength: Int
        /// Whether it takes more room in its row (the longer texts).
        let isWide: Bool
    }

    /// The form's groups, one for each kind of part, with the values and messages `field` gives.
    static func formGroups(
        field: (String) -> Field, translations t: Translations, _ language: Language
    ) -> [FormGroup] {
        ActivityParts.all.map { kind in
            let label = t.text("fields." + kind.name, language)
            let hintKey = "form." + kind.name + "Hint"
            let hint = t.text(hintKey, language)
            return FormGroup(
                id: "field-" + kind.name, legend: label, hint: hint == hintKey ? nil : hint, isGroup: !kind.isOneText,
                inputs: kind.fields.map { part in
                    let path = part.path(in: kind.name)
                    return FormInput(
                        field: field(path),
                        label: kind.isOneText
                            ? label : t.text("fields." + path.replacingOccurrences(of: ".", with: "_"), language),
                        type: ["text": "text", "email": "email", "phone": "tel"][part.kind.rawValue] ?? "text",
                        maxLength: part.maxLength, isWide: part.maxLength >= 200)
                })
        }
    }

    // MARK: The detail page

    /// A part as the detail page writes it: its label, then its texts in a line.
    struct DetailLine {
        let name: String
        let label: String
        let items: [DetailItem]
    }

    /// One text of a part's line, with what goes before it and the link it makes (an e-mail, a phone).
    struct DetailItem {
        let separator: String
        let text: String
        let href: String?
    }

    /// The lines of the parts `draft` has: texts follow the first with a comma, addresses and numbers with a dot
    /// ("Ana Pérez, Programme officer · ana@example.org · +504 2222 0000").
    static func detailLines(_ draft: ActivityDraft, translations t: Translations, _ language: Language) -> [DetailLine]
    {
        draft.parts.present.map { part in
            let kind = type(of: part)
            let texts = part.texts
            var items: [DetailItem] = []
            for field in kind.fields {
                guard let text = texts[field.name] else { continue }
                let href: String? =
                    switch field.kind {
                    case .text: nil
                    case .email: "mailto:" + text
                    case .phone: "tel:" + text.filter { $0.isNumber || $0 == "+" }
                    }
                let separator = items.isEmpty ? "" : field.kind == .text ? ", " : " · "
                items.append(DetailItem(separator: separator, text: text, href: href))
            }
            return DetailLine(name: kind.name, label: t.text("fields." + kind.name, language), items: items)
        }
    }
}
