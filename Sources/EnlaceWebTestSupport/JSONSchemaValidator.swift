public import Foundation
import Synchronization

/// A JSON value as a schema check sees it: numbers are one kind, as JSON Schema counts them.
public indirect enum JSONInstance: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONInstance])
    case object([String: JSONInstance])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let elements = try? container.decode([JSONInstance].self) {
            self = .array(elements)
        } else {
            self = .object(try container.decode([String: JSONInstance].self))
        }
    }

    /// Parses `data` as one JSON document.
    public static func parse(_ data: Data) throws -> JSONInstance {
        try JSONDecoder().decode(JSONInstance.self, from: data)
    }

    /// The member `key` of an object.
    public subscript(key: String) -> JSONInstance? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    var text: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    var number: Double? {
        guard case .number(let number) = self else { return nil }
        return number
    }

    var elements: [JSONInstance]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }
}

/// Checks JSON values against the JSON Schema 2020-12 keywords an OpenAPI 3.1 document uses.
///
/// Covered: `$ref` (within the document), `type`, `enum`, `const`, `properties`, `required`,
/// `additionalProperties`, `items`, `minItems`, `maxItems`, `uniqueItems`, `minLength`, `maxLength`,
/// `pattern`, `minimum`, `maximum`, `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`, and the formats
/// `date` and `date-time`. Other keywords are annotations here.
public struct JSONSchemaValidator: Sendable {
    private let document: JSONInstance

    /// A validator that resolves `$ref`s in `document`.
    public init(document: JSONInstance) { self.document = document }

    /// Every way `instance` misses `schema`, each prefixed by where in the instance it is; empty when it fits.
    public func problems(_ instance: JSONInstance, against schema: JSONInstance, at path: String = "$") -> [String] {
        switch schema {
        case .bool(let allowed): return allowed ? [] : ["\(path): nothing is allowed here"]
        case .object(let keywords): return check(instance, keywords, path, depth: 0)
        default: return ["\(path): the schema is not an object"]
        }
    }

    /// The node a local reference (`#/components/...`) names.
    func node(at reference: String) -> JSONInstance? { resolve(reference) }

    private func resolve(_ reference: String) -> JSONInstance? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: JSONInstance? = document
        for part in reference.dropFirst(2).split(separator: "/") {
            node = node?[part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")]
        }
        return node
    }

    private func check(_ value: JSONInstance, _ schema: JSONInstance, _ path: String, depth: Int) -> [String] {
        switch schema {
        case .bool(let allowed): return allowed ? [] : ["\(path): nothing is allowed here"]
        case .object(let keywords): return check(value, keywords, path, depth: depth + 1)
        default: return ["\(path): the schema is not an object"]
        }
    }

    private func check(_ value: JSONInstance, _ k: [String: JSONInstance], _ path: String, depth: Int) -> [String] {
        guard depth < 64 else { return ["\(path): schema nesting too deep"] }
        var problems: [String] = []
        if let reference = k["$ref"]?.text {
            guard let target = resolve(reference) else { return ["\(path): unresolved \(reference)"] }
            problems += check(value, target, path, depth: depth)
        }
        if let type = k["type"] {
            let names = type.elements?.compactMap(\.text) ?? [type.text].compactMap { $0 }
            if !names.contains(where: { Self.matches(value, type: $0) }) {
                return problems + ["\(path): expected \(names.joined(separator: " or ")), found \(Self.kind(value))"]
            }
        }
        if let allowed = k["enum"]?.elements, !allowed.contains(value) {
            problems.append("\(path): \(Self.describe(value)) is not one of the listed values")
        }
        if let constant = k["const"], constant != value {
            problems.append("\(path): expected \(Self.describe(constant))")
        }
        switch value {
        case .string(let text): problems += checkString(text, k, path)
        case .number(let number):
            if let minimum = k["minimum"]?.number, number < minimum { problems.append("\(path): below \(minimum)") }
            if let maximum = k["maximum"]?.number, number > maximum { problems.append("\(path): above \(maximum)") }
        case .array(let elements): problems += checkArray(elements, k, path, depth: depth)
        case .object(let members): problems += checkObject(members, k, path, depth: depth)
        default: break
        }
        problems += checkCombinations(value, k, path, depth: depth)
        return problems
    }

    private func checkString(_ text: String, _ k: [String: JSONInstance], _ path: String) -> [String] {
        var problems: [String] = []
        let length = text.unicodeScalars.count
        if let minimum = k["minLength"]?.number, Double(length) < minimum {
            problems.append("\(path): shorter than \(Int(minimum))")
        }
        if let maximum = k["maxLength"]?.number, Double(length) > maximum {
            problems.append("\(path): longer than \(Int(maximum))")
        }
        if let pattern = k["pattern"]?.text, !Self.search(pattern, in: text) {
            problems.append("\(path): \(Self.describe(.string(text))) does not match \(pattern)")
        }
        switch k["format"]?.text {
        case "date":
            if !Self.search(#"^\d{4}-\d{2}-\d{2}$"#, in: text) { problems.append("\(path): not a date") }
        case "date-time":
            if !Self.search(#"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"#, in: text) {
                problems.append("\(path): not an RFC 3339 date-time")
            }
        default: break
        }
        return problems
    }

    private func checkArray(
        _ elements: [JSONInstance], _ k: [String: JSONInstance], _ path: String, depth: Int
    ) -> [String] {
        var problems: [String] = []
        if let minimum = k["minItems"]?.number, Double(elements.count) < minimum {
            problems.append("\(path): fewer than \(Int(minimum)) items")
        }
        if let maximum = k["maxItems"]?.number, Double(elements.count) > maximum {
            problems.append("\(path): more than \(Int(maximum)) items")
        }
        if k["uniqueItems"] == .bool(true) {
            for (index, element) in elements.enumerated() where elements[..<index].contains(element) {
                problems.append("\(path)[\(index)]: repeats an earlier item")
            }
        }
        if let items = k["items"] {
            for (index, element) in elements.enumerated() {
                problems += check(element, items, "\(path)[\(index)]", depth: depth)
            }
        }
        return problems
    }

    private func checkObject(
        _ members: [String: JSONInstance], _ k: [String: JSONInstance], _ path: String, depth: Int
    ) -> [String] {
        var problems: [String] = []
        for case .string(let name) in k["required"]?.elements ?? [] where members[name] == nil {
            problems.append("\(path): lacks the required member \(name)")
        }
        let properties: [String: JSONInstance]
        if case .object(let declared) = k["properties"] { properties = declared } else { properties = [:] }
        for (name, member) in members.sorted(by: { $0.key < $1.key }) {
            if let schema = properties[name] {
                problems += check(member, schema, "\(path).\(name)", depth: depth)
            } else if let additional = k["additionalProperties"] {
                problems += check(member, additional, "\(path).\(name)", depth: depth)
            }
        }
        return problems
    }

    private func checkCombinations(
        _ value: JSONInstance, _ k: [String: JSONInstance], _ path: String, depth: Int
    ) -> [String] {
        var problems: [String] = []
        for schema in k["allOf"]?.elements ?? [] { problems += check(value, schema, path, depth: depth) }
        if let options = k["anyOf"]?.elements,
            !options.contains(where: { check(value, $0, path, depth: depth).isEmpty })
        {
            problems.append("\(path): fits none of anyOf")
        }
        if let options = k["oneOf"]?.elements {
            let fitting = options.filter { check(value, $0, path, depth: depth).isEmpty }.count
            if fitting != 1 { problems.append("\(path): fits \(fitting) of oneOf, not exactly one") }
        }
        if let excluded = k["not"], check(value, excluded, path, depth: depth).isEmpty {
            problems.append("\(path): fits what `not` excludes")
        }
        if let condition = k["if"] {
            let branch = check(value, condition, path, depth: depth).isEmpty ? k["then"] : k["else"]
            if let branch { problems += check(value, branch, path, depth: depth) }
        }
        return problems
    }

    private static func matches(_ value: JSONInstance, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array),
            ("object", .object):
            true
        case ("integer", .number(let number)): number.rounded() == number
        default: false
        }
    }

    private static func kind(_ value: JSONInstance) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    private static func describe(_ value: JSONInstance) -> String {
        switch value {
        case .string(let text): "“\(text.prefix(60))”"
        case .number(let number): "\(number)"
        case .bool(let flag): "\(flag)"
        default: kind(value)
        }
    }

    private static let expressions = Mutex<[String: NSRegularExpression?]>([:])

    /// Whether `pattern` (ECMA 262, unanchored, as JSON Schema reads it) finds a match in `text`.
    private static func search(_ pattern: String, in text: String) -> Bool {
        expressions.withLock { cache in
            let expression: NSRegularExpression?
            if let known = cache[pattern] {
                expression = known
            } else {
                expression = try? NSRegularExpression(pattern: pattern)
                cache[pattern] = expression
            }
            guard let expression else { return false }
            return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
    }
}
