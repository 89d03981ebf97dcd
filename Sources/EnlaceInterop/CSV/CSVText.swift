import CSV
import Foundation

/// Comma-separated values as spreadsheets read and write them (RFC 4180): read by CSV.swift, written here.
///
/// Written text starts with a UTF-8 byte-order mark, so that spreadsheet programs read accented
/// names correctly, uses CRLF line ends, and quotes what needs quoting. A text field a spreadsheet
/// would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return, and not a plain
/// number) is written behind an apostrophe, so an exported record cannot execute.
public enum CSVText {
    /// The UTF-8 byte-order mark.
    static let byteOrderMark = "\u{FEFF}"

    /// The CSV text of `rows`. A file written in pieces starts with the mark and leaves it off the rest
    /// (`byteOrderMark: false`); each piece ends with a line end.
    ///
    /// Written here, scalar by scalar, rather than by CSV.swift's writer, which looks for quotes character by
    /// character: a quote followed by a combining mark is one character, and went out unescaped.
    public static func write(_ rows: [[String]], byteOrderMark: Bool = true) throws -> String {
        var text = byteOrderMark ? Self.byteOrderMark : ""
        for row in rows {
            text += row.map { quoted(neutralised($0)) }.joined(separator: ",")
            text += "\r\n"
        }
        return rows.isEmpty ? text + "\r\n" : text
    }

    /// The field as written: quoted when it holds a quote, a comma or a line break, or white space at either end
    /// (which the reader trims from a field not quoted), its quotes doubled.
    static func quoted(_ field: String) -> String {
        let scalars = field.unicodeScalars
        let special = scalars.contains { $0 == "\"" || $0 == "," || $0 == "\r" || $0 == "\n" }
        let padded = [scalars.first, scalars.last].contains { $0.map(CharacterSet.whitespaces.contains) ?? false }
        guard special || padded else { return field }
        var text = String.UnicodeScalarView()
        text.append("\"")
        for scalar in scalars {
            if scalar == "\"" { text.append("\"") }
            text.append(scalar)
        }
        text.append("\"")
        return String(text)
    }

    /// The field as written: behind an apostrophe when a spreadsheet would take it for a formula.
    ///
    /// Every field that starts with `=`, `+`, `-`, `@`, a tab or a carriage return, after any spaces (some
    /// spreadsheets trim them on import, then read what follows), is neutralised, unless the whole field is a plain
    /// number (`-12.5`): `-1+HYPERLINK(…)` starts like a number and is a formula.
    public static func neutralised(_ field: String) -> String {
        guard startsLikeFormula(field.unicodeScalars), !isPlainNumber(field) else { return field }
        return "'" + field
    }

    /// Whether `scalars`, after any spaces, start with what a spreadsheet reads as the start of a formula.
    static func startsLikeFormula(_ scalars: some Sequence<Unicode.Scalar>) -> Bool {
        guard let first = scalars.first(where: { !spaces.contains($0) }) else { return false }
        return formulaStarts.contains(first)
    }

    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
    private static let spaces: Set<Unicode.Scalar> = [" ", "\u{00A0}", "\u{3000}"]

    /// Whether `field` is an optional minus and decimal digits with at most one point among them.
    static func isPlainNumber(_ field: String) -> Bool {
        var digits = 0
        var points = 0
        for (offset, scalar) in field.unicodeScalars.enumerated() {
            switch scalar {
            case "-" where offset == 0: continue
            case ".": points += 1
            case "0"..."9": digits += 1
            default: return false
            }
        }
        return digits > 0 && points <= 1
    }

    /// The header and the rows of CSV `text` (leading byte-order marks are skipped, however many a tool added;
    /// fields are trimmed).
    public static func read(_ text: String) throws -> (header: [String], rows: [[String]]) {
        let body = String(text.unicodeScalars.drop { $0 == "\u{FEFF}" })
        let reader: CSVReader
        do {
            reader = try CSVReader(string: body, hasHeaderRow: true, trimFields: true)
        } catch {
            throw CSVTextError.malformed("\(error)")
        }
        var rows: [[String]] = []
        while let row = reader.next() {
            if row.allSatisfy(\.isEmpty) { continue }
            rows.append(row)
        }
        if let error = reader.error { throw CSVTextError.malformed("\(error)") }
        return (reader.headerRow ?? [], rows)
    }
}

/// Why CSV text could not be read or written.
public enum CSVTextError: Error, Sendable, CustomStringConvertible {
    /// The text is not well-formed CSV.
    case malformed(String)
    /// The written text could not be collected.
    case unreadable

    public var description: String {
        switch self {
        case .malformed(let detail): "the CSV text is malformed: \(detail)"
        case .unreadable: "the CSV text could not be collected"
        }
    }
}
