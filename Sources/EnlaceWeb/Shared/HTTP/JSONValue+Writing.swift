import EnlaceCore
import NIOCore

// MARK: - Writing

extension JSONValue {
    /// The compact UTF-8 text of the value.
    func write(into buffer: inout ByteBuffer) {
        switch self {
        case .null: buffer.writeStaticString("null")
        case .bool(let value): buffer.writeStaticString(value ? "true" : "false")
        case .integer(let value): buffer.writeString(String(value))
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 {
                buffer.writeString(String(Int(value)))
            } else {
                buffer.writeString(String(value))
            }
        case .string(let value): Self.writeString(value, into: &buffer)
        case .array(let values):
            buffer.writeInteger(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
                value.write(into: &buffer)
            }
            buffer.writeInteger(UInt8(ascii: "]"))
        case .object(let members):
            buffer.writeInteger(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
                Self.writeString(key, into: &buffer)
                buffer.writeInteger(UInt8(ascii: ":"))
                value.write(into: &buffer)
            }
            buffer.writeInteger(UInt8(ascii: "}"))
        }
    }

    /// The compact text as a new buffer.
    var buffer: ByteBuffer {
        var buffer = ByteBuffer()
        write(into: &buffer)
        return buffer
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeString(_ value: String, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        var utf8 = value.utf8.makeIterator()
        var plain: [UInt8] = []
        plain.reserveCapacity(value.utf8.count)
        while let byte = utf8.next() {
            switch byte {
            case UInt8(ascii: "\""): plain.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): plain.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: plain.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: plain.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: plain.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            // `<` is escaped so that JSON embedded in HTML can never close a script element.
            case 0x00..<0x20, UInt8(ascii: "<"):
                plain.append(contentsOf: [
                    0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)],
                ])
            default: plain.append(byte)
            }
        }
        buffer.writeBytes(plain)
        buffer.writeInteger(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// A name in every language Enlace speaks: `{"en": …, "es": …, "fr": …, "pt": …}`.
    static func names(_ text: LocalizedText) -> JSONValue {
        .object(Language.allCases.map { ($0.rawValue, .string(text[$0])) })
    }
}
