import Foundation

/// A language Enlace speaks: its interface, its reference names and the text of its records.
public enum Language: String, CaseIterable, Sendable, Codable, Hashable {
    case en, es, fr, pt

    /// Picks the best supported language from an HTTP `Accept-Language` header, or nil when none fits.
    public static func negotiate(acceptLanguage header: String) -> Language? {
        let ranked = header.split(separator: ",").compactMap { part -> (Language, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, !tag.isEmpty else { return nil }
            let primary = tag.split(separator: "-").first.map { String($0).lowercased() } ?? ""
            guard let language = Language(rawValue: primary) else { return nil }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            return quality > 0 ? (language, quality) : nil
        }
        // A stable sort keeps the header's order among equal qualities.
        return ranked.enumerated()
            .sorted { ($0.element.1, -$0.offset) > ($1.element.1, -$1.offset) }
            .first?.element.0
    }
}

/// A name or label given in each of Enlace's languages; English is the fallback.
public struct LocalizedText: Sendable, Hashable, Codable {
    /// The text per language; English is always present.
    public let values: [Language: String]

    /// Creates the text from per-language values; `en` must be present.
    public init(_ values: [Language: String]) {
        precondition(values[.en] != nil, "LocalizedText needs an English value")
        self.values = values
    }

    /// The text in `language`, or in English when that language has none.
    public subscript(language: Language) -> String {
        values[language] ?? values[.en] ?? ""
    }

    /// The English text.
    public var english: String { self[.en] }

    public init(from decoder: any Decoder) throws {
        let raw = try [String: String](from: decoder)
        var values: [Language: String] = [:]
        for (key, value) in raw {
            if let language = Language(rawValue: key) { values[language] = value }
        }
        guard values[.en] != nil else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "missing en"))
        }
        self.values = values
    }

    public func encode(to encoder: any Encoder) throws {
        var raw: [String: String] = [:]
        for (key, value) in values { raw[key.rawValue] = value }
        try raw.encode(to: encoder)
    }
}
