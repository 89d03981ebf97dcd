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

    private struct Wire: Codable {
        var s: String
        var k: String
        var i: String
    }

    /// The opaque text handed to clients (base64url of a small JSON object).
    public var token: String {
        let data = (try? JSONEncoder().encode(Wire(s: sort, k: key, i: id))) ?? Data()
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads a token `token` produced; nil for anything else.
    public init?(token: String) {
        guard token.utf8.count <= 2048 else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let wire = try? JSONDecoder().decode(Wire.self, from: data)
        else { return nil }
        self.init(sort: wire.s, key: wire.k, id: wire.i)
    }
}
