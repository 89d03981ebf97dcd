import Foundation

/// Folds text for matching: lower case, no accents, single spaces, so `Policía` matches `policia`.
public enum TextFolding {
    /// The folded form of `text`.
    public static func fold(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        func append(_ bytes: some Sequence<UInt8>) {
            if pendingSpace {
                output.append(0x20)
                pendingSpace = false
            }
            output.append(contentsOf: bytes)
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(truncatingIfNeeded: scalar.value)
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    pendingSpace = !output.isEmpty
                } else {
                    append(CollectionOfOne((0x41...0x5A).contains(byte) ? byte + 32 : byte))
                }
            } else if let folded = latin[scalar.value] {
                if folded.isEmpty {
                    pendingSpace = !output.isEmpty
                } else {
                    append(folded)
                }
            } else {
                let folded = slowFold(scalar)
                if folded.isEmpty {
                    if scalar.properties.isWhitespace { pendingSpace = !output.isEmpty }
                } else {
                    append(folded)
                }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Folds of the Latin-1 Supplement and Latin Extended-A and -B letters, where the languages
    /// Enlace serves live, computed once so that the common path never consults Unicode tables.
    private static let latin: [UInt32: [UInt8]] = {
        var table: [UInt32: [UInt8]] = [:]
        for value in UInt32(0x80)...UInt32(0x24F) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            table[value] = scalar.properties.isWhitespace ? [] : slowFold(scalar)
        }
        return table
    }()

    /// One scalar, folded the long way: canonical decomposition, marks dropped, lower case.
    private static func slowFold(_ scalar: Unicode.Scalar) -> [UInt8] {
        if scalar.properties.isWhitespace { return [] }
        if let special = special[scalar] { return Array(special.utf8) }
        var result = String.UnicodeScalarView()
        for part in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
        where part.properties.generalCategory != .nonspacingMark {
            result.append(contentsOf: part.properties.lowercaseMapping.unicodeScalars)
        }
        return Array(String(result).utf8)
    }

    /// Letters that carry no combining mark to strip but still have a plain form.
    private static let special: [Unicode.Scalar: String] = [
        "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d",
        "Đ": "d",
    ]
}
