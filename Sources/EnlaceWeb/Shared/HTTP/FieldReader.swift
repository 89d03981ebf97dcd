import EnlaceCore

/// Reads the members of a JSON object by name and type, collecting a field error for each misfit.
///
/// Every problem in a body is reported at once, and members nobody asked for are reported as unknown.
struct FieldReader {
    private let members: [(String, JSONValue)]
    private let path: String
    private var read: Set<String> = []
    private(set) var errors: [FieldError] = []

    /// A reader over `value`, which must be an object; `path` prefixes the field names it reports.
    init(_ value: JSONValue, path: String = "") {
        self.path = path
        if case .object(let members) = value {
            self.members = members
        } else {
            self.members = []
            errors.append(FieldError(path.isEmpty ? "body" : path, .invalidType, ["expected": "object"]))
        }
    }

    private func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The member `key`, with null read as absent; marks it as read.
    mutating func value(_ key: String) -> JSONValue? {
        read.insert(key)
        guard let value = members.first(where: { $0.0 == key })?.1, value != .null else { return nil }
        return value
    }

    /// A string member.
    mutating func string(_ key: String) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else {
            errors.append(FieldError(field(key), .invalidType, ["expected": "string"]))
            return nil
        }
        return text
    }

    /// An integer member; a number with a fraction is refused. As in JSON Schema, `3.0` is the integer 3.
    mutating func integer(_ key: String) -> Int? {
        switch value(key) {
        case nil: return nil
        case .integer(let number): return number
        case .number(let number) where number.rounded() == number && abs(number) <= Self.exactIntegers:
            return Int(number)
        default:
            errors.append(FieldError(field(key), .invalidType, ["expected": "integer"]))
            return nil
        }
    }

    /// The integers a double holds exactly (2^53).
    private static let exactIntegers = 9_007_199_254_740_992.0

    /// A boolean member.
    mutating func bool(_ key: String) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else {
            errors.append(FieldError(field(key), .invalidType, ["expected": "boolean"]))
            return nil
        }
        return flag
    }

    /// A number member.
    mutating func number(_ key: String) -> Double? {
        switch value(key) {
        case nil: return nil
        case .integer(let number): return Double(number)
        case .number(let number): return number
        default:
            errors.append(FieldError(field(key), .invalidType, ["expected": "number"]))
            return nil
        }
    }

    /// An array of strings.
    mutating func strings(_ key: String) -> [String]? {
        guard let value = value(key) else { return nil }
        guard case .array(let elements) = value else {
            errors.append(FieldError(field(key), .invalidType, ["expected": "array of strings"]))
            return nil
        }
        var result: [String] = []
        for (index, element) in elements.enumerated() {
            if case .string(let text) = element {
                result.append(text)
            } else {
                errors.append(FieldError("\(field(key))[\(index)]", .invalidType, ["expected": "string"]))
            }
        }
        return result
    }

    /// An object of strings, such as texts by language code.
    mutating func texts(_ key: String) -> [String: String]? {
        guard let value = value(key) else { return nil }
        guard case .object(let members) = value else {
            errors.append(FieldError(field(key), .invalidType, ["expected": "object of strings"]))
            return nil
        }
        var result: [String: String] = [:]
        for (name, member) in members {
            switch member {
            case .string(let text): result[name] = text
            case .null: continue
            default: errors.append(FieldError("\(field(key)).\(name)", .invalidType, ["expected": "string"]))
            }
        }
        return result
    }

    /// An object member, read by `body` with its own reader whose errors join this one's.
    mutating func object<T>(_ key: String, _ body: (inout FieldReader) -> T) -> T? {
        guard let value = value(key) else { return nil }
        var nested = FieldReader(value, path: field(key))
        let result = body(&nested)
        nested.rejectUnknown()
        errors += nested.errors
        return result
    }

    /// Reports member `key` as required.
    mutating func require(_ key: String) { errors.append(FieldError(field(key), .required)) }

    /// An amount of money: an object with both `amount` and `currency`, or absent (null).
    mutating func money(_ key: String) -> ActivityInput.BudgetInput? {
        object(key) { money in
            let input = ActivityInput.BudgetInput(amount: money.string("amount"), currency: money.string("currency"))
            if input.amount == nil && input.currency == nil {
                money.errors += [
                    FieldError("\(money.path).amount", .required), FieldError("\(money.path).currency", .required),
                ]
            }
            return input
        }
    }

    /// An array of objects, each read by `body`.
    mutating func objects<T>(_ key: String, _ body: (inout FieldReader) -> T) -> [T]? {
        guard let value = value(key) else { return nil }
        guard case .array(let elements) = value else {
            errors.append(FieldError(field(key), .invalidType, ["expected": "array"]))
            return nil
        }
        return elements.enumerated().map { index, element in
            var nested = FieldReader(element, path: "\(field(key))[\(index)]")
            let result = body(&nested)
            nested.rejectUnknown()
            errors += nested.errors
            return result
        }
    }

    /// Reports every member that was never read.
    mutating func rejectUnknown() {
        for (key, _) in members where !read.contains(key) {
            errors.append(FieldError(field(key), .unknownField))
        }
        read.formUnion(members.map(\.0))
    }
}
