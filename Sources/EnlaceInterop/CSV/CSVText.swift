import CSV
import Foundation

/// Comma-separated values as spreadsheets read and write them (RFC 4180), over CSV.swift.
///
/// Written text starts with a UTF-8 byte-order mark, so that spreadsheet programs read accented
/// names correctly, uses CRLF line ends, and quotes what needs quoting. A text field a spreadsheet
/// would run as a formula (starting with `=`, `+`, `@`, a tab, a carriage return, or `-` not
/// followed by a digit) is written behind an apostrophe, so an exported record cannot execute.
public enum CSVText {
    /// The UTF-8 byte-order mark.
    static let byteOrderMark = "\u{FEFF}"

    /// The CSV text of `rows`.
    public static func write(_ rows: [[String]]) throws -> String {
        let stream = OutputStream(toMemory: ())
        stream.open()
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        for row in rows { try writer.write(row: row.map(neutralised)) }
        writer.stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw CSVTextError.unreadable
        }
        return byteOrderMark + String(decoding: data, as: UTF8.self) + "\r\n"
    }

    /// The field as written: behind an apostrophe when a spreadsheet would take it for a formula.
    static func neutralised(_ field: String) -> String {
        guard let first = field.unicodeScalars.first else { return field }
        switch first {
        case "=", "+", "@", "\t", "\r": return "'" + field
        case "-":
            let second = field.unicodeScalars.dropFirst().first
            return second.map { CharacterSet.decimalDigits.contains($0) || $0 == "." } == true ? field : "'" + field
        default: return field
        }
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
