import EnlaceCore
import Foundation
import Testing

@testable import EnlaceWeb

/// What a new kind of activity part needs besides its type and its columns: its words in the catalogue and its
/// place in the API's document. The wire shape, the form and the detail page are generic
/// (``ActivityPartViews``), so these are what a new part can forget.
@Suite("Activity parts: labels and document")
struct ActivityPartsWebTests {
    @Test("every part and each of its fields has a label")
    func labels() throws {
        let keys = try Translations.load().keys
        for kind in ActivityParts.all {
            #expect(keys.contains("fields." + kind.name), "\(kind.name)")
            guard !kind.isOneText else { continue }
            for field in kind.fields {
                #expect(keys.contains("fields.\(kind.name)_\(field.name)"), "\(kind.name).\(field.name)")
            }
        }
    }

    @Test(
        "the document gives every part in an activity, its input and its patch, with the fields and limits of its rule")
    func document() throws {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let data = try Data(contentsOf: here.appendingPathComponent("Sources/EnlaceWeb/Resources/static/openapi.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
        func schema(_ name: String) -> [String: Any] { schemas[name] as? [String: Any] ?? [:] }
        /// The schema a member's schema stands for: itself, or the one its `$ref` (or its non-null `anyOf`) names.
        func resolved(_ member: [String: Any]) -> [String: Any] {
            let options = (member["anyOf"] as? [[String: Any]]) ?? [member]
            for option in options {
                if let ref = option["$ref"] as? String { return schema(String(ref.split(separator: "/").last ?? "")) }
                if option["type"] as? String != "null" { return option }
            }
            return member
        }
        for kind in ActivityParts.all {
            for owner in ["Activity", "ActivityInput", "ActivityPatch"] {
                let member = (schema(owner)["properties"] as? [String: Any])?[kind.name] as? [String: Any]
                #expect(member != nil, "\(owner).\(kind.name)")
                guard let member else { continue }
                let part = resolved(member)
                if kind.isOneText {
                    #expect(part["maxLength"] as? Int == kind.fields[0].maxLength, "\(owner).\(kind.name)")
                    continue
                }
                let properties = part["properties"] as? [String: [String: Any]] ?? [:]
                #expect(Set(properties.keys) == Set(kind.fields.map(\.name)), "\(owner).\(kind.name)")
                for field in kind.fields {
                    #expect(
                        properties[field.name]?["maxLength"] as? Int == field.maxLength, "\(kind.name).\(field.name)")
                }
                let required = Set(part["required"] as? [String] ?? [])
                #expect(required == Set(kind.fields.filter(\.isRequired).map(\.name)), "\(owner).\(kind.name)")
            }
        }
    }
}
