/// JSON text written directly, for the few hot paths (the audit trail of a large import) where a `JSONEncoder`
/// costs more than the data it writes.
public enum JSONText {
    private static let hex = Array("0123456789abcdef".utf8)

    /// Appends `text` to `output` as a JSON string: quoted, with `"`, `\` and the control characters escaped, and
    /// everything else as its own UTF-8.
    public static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            let escaped: UInt8
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): escaped = byte
            case UInt8(ascii: "\n"): escaped = UInt8(ascii: "n")
            case UInt8(ascii: "\r"): escaped = UInt8(ascii: "r")
            case UInt8(ascii: "\t"): escaped = UInt8(ascii: "t")
            case 0..<0x20:
                output.append(contentsOf: "\\u00".utf8)
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
                continue
            default:
                output.append(byte)
                continue
            }
            output.append(UInt8(ascii: "\\"))
            output.append(escaped)
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension FieldChange {
    /// `changes` as a JSON array of objects with `field`, and `before` and `after` when they are given: what
    /// `JSONDecoder` reads back as the same changes.
    public static func json(_ changes: [FieldChange]) -> String {
        var output: [UInt8] = [UInt8(ascii: "[")]
        output.reserveCapacity(64 * changes.count + 2)
        for (index, change) in changes.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: #"{"field":"#.utf8)
            JSONText.appendString(change.field, to: &output)
            if let before = change.before {
                output.append(contentsOf: #","before":"#.utf8)
                JSONText.appendString(before, to: &output)
            }
            if let after = change.after {
                output.append(contentsOf: #","after":"#.utf8)
                JSONText.appendString(after, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
        output.append(UInt8(ascii: "]"))
        return String(decoding: output, as: UTF8.self)
    }
}
