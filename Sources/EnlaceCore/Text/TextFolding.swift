import Foundation

/// Folds text for matching: lower case, no accents, single spaces, so `Policía` matches `policia`.
public enum TextFolding {
    /// The folded form of `text`.
    public static func fold(_ text: String) -> String {
        var result = String()
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.unicodeScalars.append(
                contentsOf: special[scalar] ?? scalar.properties.lowercaseMapping.unicodeScalars)
        }
        return result
    }

    /// Letters that carry no combining mark to strip but still have a plain form.
    private static let special: [Unicode.Scalar: String.UnicodeScalarView] = [
        "ß": "ss".unicodeScalars, "æ": "ae".unicodeScalars, "Æ": "ae".unicodeScalars,
        "œ": "oe".unicodeScalars, "Œ": "oe".unicodeScalars, "ø": "o".unicodeScalars, "Ø": "o".unicodeScalars,
        "ł": "l".unicodeScalars, "Ł": "l".unicodeScalars, "đ": "d".unicodeScalars, "Đ": "d".unicodeScalars,
    ]
}
