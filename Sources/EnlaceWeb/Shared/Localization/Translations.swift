import EnlaceCore
import Foundation
import Mustache

/// The translation catalogue: every user-facing string in every language, by dotted key.
///
/// Files live in `Resources/translations/<language>.json` as nested objects; `nav.home` names
/// `{"nav": {"home": …}}`. A key missing in a language falls back to English.
struct Translations: Sendable {
    private let tables: [Language: [String: String]]

    init(tables: [Language: [String: String]]) {
        self.tables = tables
    }

    /// Reads every language's file from the bundle.
    static func load() throws -> Translations {
        var tables: [Language: [String: String]] = [:]
        for language in Language.allCases {
            guard
                let url = Bundle.module.url(
                    forResource: language.rawValue, withExtension: "json", subdirectory: "translations")
            else { throw ResourceError("translations/\(language.rawValue).json is missing from the installation") }
            let value: JSONValue
            do {
                value = try JSONValue.parse(try Data(contentsOf: url))
            } catch {
                throw ResourceError("translations/\(language.rawValue).json is not valid JSON: \(error)")
            }
            var table: [String: String] = [:]
            flatten(value, prefix: "", into: &table)
            tables[language] = table
        }
        return Translations(tables: tables)
    }

    /// The keys English has.
    var keys: Set<String> { Set(tables[.en]?.keys.map { $0 } ?? []) }

    /// The keys `language` lacks compared with English.
    func missingKeys(in language: Language) -> [String] {
        keys.subtracting(tables[language]?.keys.map { $0 } ?? []).sorted()
    }

    /// The text for `key` in `language`, with `{name}` placeholders filled from `parameters`.
    ///
    /// A placeholder `{name@prefix}` names a code whose words live under `prefix`: it is filled with
    /// the text of `prefix.<value>` (`{status@proposals.statuses}` reads "Adopted" for `adopted`), so a
    /// message names codes in the reader's language.
    func text(_ key: String, _ language: Language, _ parameters: [String: String] = [:]) -> String {
        var text = tables[language]?[key] ?? tables[.en]?[key] ?? key
        for (name, value) in parameters {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
            while let start = text.range(of: "{\(name)@"), let end = text[start.upperBound...].firstIndex(of: "}") {
                let prefix = String(text[start.upperBound..<end])
                text.replaceSubrange(start.lowerBound...end, with: self.text(prefix + "." + value, language))
            }
        }
        return text
    }

    /// `key.one` or `key.other` for `count`, with `{count}` filled in as formatted by `format`.
    func plural(_ key: String, count: Int, _ format: LocaleFormat) -> String {
        text(count == 1 ? key + ".one" : key + ".other", format.language, ["count": format.integer(count)])
    }

    /// The message for a field error, in `language`.
    func message(for error: FieldError, _ language: Language) -> String {
        text("errors." + error.code.rawValue, language, error.parameters)
    }

    /// The catalogue of `language` as templates see it: `{{t.nav.home}}`.
    func lookup(_ language: Language) -> TranslationLookup {
        TranslationLookup(table: tables[language] ?? [:], fallback: tables[.en] ?? [:], prefix: "")
    }

    private static func flatten(_ value: JSONValue, prefix: String, into table: inout [String: String]) {
        switch value {
        case .object(let members):
            for (key, child) in members {
                flatten(child, prefix: prefix.isEmpty ? key : prefix + "." + key, into: &table)
            }
        case .string(let text):
            table[prefix] = text
        default:
            break
        }
    }
}

/// A view of one language's catalogue that Mustache walks by dotted names.
struct TranslationLookup: MustacheParent, Sendable {
    let table: [String: String]
    let fallback: [String: String]
    let prefix: String

    func child(named name: String) -> Any? {
        let key = prefix.isEmpty ? name : prefix + "." + name
        if let text = table[key] ?? fallback[key] { return text }
        return TranslationLookup(table: table, fallback: fallback, prefix: key)
    }
}
