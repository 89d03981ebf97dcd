import Foundation

/// The order of an activity list: a field and a direction, always broken by id for a total order.
public struct ActivitySort: Sendable, Hashable, CustomStringConvertible {
    /// The fields a list can be sorted by.
    public enum Field: String, Sendable, CaseIterable {
        case plannedStart
        case updatedAt
        case createdAt
        case title
    }

    /// The field.
    public var field: Field
    /// Whether the largest value comes first.
    public var descending: Bool

    /// Creates the sort.
    public init(_ field: Field, descending: Bool) {
        self.field = field
        self.descending = descending
    }

    /// The default order: the latest planned start first.
    public static let `default` = ActivitySort(.plannedStart, descending: true)

    /// Parses `plannedStart` or `-plannedStart` (descending).
    public init?(parameter: String) {
        let descending = parameter.hasPrefix("-")
        guard let field = Field(rawValue: descending ? String(parameter.dropFirst()) : parameter) else { return nil }
        self.init(field, descending: descending)
    }

    /// The form ``init(parameter:)`` reads.
    public var description: String { (descending ? "-" : "") + field.rawValue }

    /// The value `activity` sorts by, as text whose byte order is the sort order.
    public func key(of activity: Activity) -> String {
        switch field {
        case .plannedStart: activity.draft.plannedStart.iso
        case .updatedAt: Timestamp.format(activity.updatedAt)
        case .createdAt: Timestamp.format(activity.createdAt)
        case .title: TextFolding.fold(activity.draft.title)
        }
    }

    /// Whether `lhs` comes before `rhs` in this order.
    public func precedes(_ lhs: Activity, _ rhs: Activity) -> Bool {
        let left = (Array(key(of: lhs).utf8), Array(lhs.id.utf8))
        let right = (Array(key(of: rhs).utf8), Array(rhs.id.utf8))
        let ascending =
            left.0.lexicographicallyPrecedes(right.0)
            || (left.0 == right.0 && left.1.lexicographicallyPrecedes(right.1))
        let equal = left.0 == right.0 && left.1 == right.1
        return descending ? !ascending && !equal : ascending
    }
}

/// Where the next page of a keyset-paginated list starts: after the item with this key and id.
public struct PageCursor: Sendable, Hashable {
    /// The sort the cursor belongs to; a cursor is refused under another sort.
    public var sort: String
    /// The sort key of the last item delivered.
    public var key: String
    /// The id of the last item delivered.
    public var id: String

    /// Creates the cursor.
    public init(sort: String, key: String, id: String) {
        self.sort = sort
        self.key = key
        self.id = id
    }

    /// The opaque text handed to clients: base64url of the three parts, each prefixed with its length.
    public var token: String {
        var bytes: [UInt8] = []
        for part in [sort, key, id] {
            bytes.append(contentsOf: String(part.utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: part.utf8)
        }
        return Base64URL.encode(bytes)
    }

    /// Reads a token `token` produced; nil for anything else.
    public init?(token: String) {
        guard token.utf8.count <= 2048, let bytes = Base64URL.decode(token) else { return nil }
        var parts: [String] = []
        var index = 0
        while index < bytes.count {
            var length = 0
            while index < bytes.count, bytes[index] != UInt8(ascii: ":") {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]), length < 100_000 else {
                    return nil
                }
                length = length * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            index += 1
            guard index + length <= bytes.count,
                let part = String(validating: bytes[index..<index + length], as: UTF8.self)
            else { return nil }
            parts.append(part)
            index += length
        }
        guard parts.count == 3 else { return nil }
        self.init(sort: parts[0], key: parts[1], id: parts[2])
    }
}

/// Base64 with the URL-safe alphabet and no padding (RFC 4648 §5), for tokens that travel in query strings.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
        return table
    }()

    /// The text of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 2 < bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { output.append(alphabet[Int(chunk >> UInt32(shift) & 63)]) }
            index += 3
        }
        let rest = bytes.count - index
        if rest == 1 {
            let chunk = UInt32(bytes[index]) << 16
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
        } else if rest == 2 {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
            output.append(alphabet[Int(chunk >> 6 & 63)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes `text` encodes, or nil when it is not unpadded base64url.
    public static func decode(_ text: String) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for character in input {
            let value = values[Int(character)]
            guard value != 0xFF else { return nil }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return output
    }
}
