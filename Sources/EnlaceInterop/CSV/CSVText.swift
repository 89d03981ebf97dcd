import CSV
import Foundation

/// Comma-separated values as spreadsheets read and write them (RFC 4180), over CSV.swift.
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
    public static func write(_ rows: [[String]], byteOrderMark: Bool = true) throws -> String {
        let stream = OutputStream(toMemory: ())
        stream.open()
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        for row in rows { try writer.write(row: row.map(neutralised)) }
        writer.stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw CSVTextError.unreadable
        }
        return (byteOrderMark ? Self.byteOrderMark : "") + String(decoding: data, as: UTF8.self) + "\r\n"
    }

    /// The field as written: behind an apostrophe when a spreadsheet would take it for a formula.
    ///
    /// Every field that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is neutralised, unless the
    /// whole field is a plain number (`-12.5`): `-1+HYPERLINK(…)` starts like a number and is a formula.
    static func neutralised(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, formulaStarts.contains(first), !isPlainNumber(field) else {
            return field
        }
        return "'" + field
    }

    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

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

    /// The header and the rows of CSV `text` (a leading byte-order mark is skipped; fields are trimmed).
    public static func read(_ text: String) throws -> (header: [String], rows: [[String]]) {
        let body = text.hasPrefix(byteOrderMark) ? String(text.dropFirst()) : text
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
