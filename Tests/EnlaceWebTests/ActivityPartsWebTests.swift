import EnlaceCore
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
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
            let hasLabel = keys.contains("fields." + kind.name)
            #expect(hasLabel, "fields.\(kind.name)")
            guard !kind.isOneText else { continue }
            for field in kind.fields {
                let hasFieldLabel = keys.contains("fields.\(kind.name)_\(field.name)")
                #expect(hasFieldLabel, "fields.\(kind.name)_\(field.name)")
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

    @Test(
        "a target group: a string in the API (blank is none, too long is refused), an input on the form, a line on the page"
    )
    func targetGroup() async throws {
        try await TestApp.run { client, world in
            let id = try await createActivity(
                client, world,
                ["targetGroup": " Coast guard boarding officers ", "releasability": ["marking": "public"]])
            try await client.execute(uri: "/api/v1/activities/\(id)", method: .get, headers: world.auth(nil)) {
                response async throws in
                #expect(try json(response)["targetGroup"] as? String == "Coast guard boarding officers")
            }
            try await client.execute(
                uri: "/api/v1/activities", method: .post, headers: world.json("contributor"),
                body: try activityJSON(["targetGroup": String(repeating: "x", count: TargetGroup.limit + 1)])
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try errorCodes(response) == ["targetGroup": "too_long"])
            }
            let blank = try await createActivity(client, world, ["targetGroup": "   "])
            try await client.execute(
                uri: "/api/v1/activities/\(blank)", method: .get, headers: world.auth("contributor")
            ) {
                response async throws in
                #expect(try json(response)["targetGroup"] is NSNull)
            }
            let browser = try await signIn(client, as: "contributor")
            try await client.execute(uri: "/activities/\(id)/edit", method: .get, headers: browser.page) {
                response async throws in
                #expect(response.text.contains(#"name="targetGroup""#))
                #expect(response.text.contains(#"value="Coast guard boarding officers""#))
            }
            var edit = validForm.map { $0.0 == "releasability.marking" ? ($0.0, "public") : $0 }
            edit += [("version", "1"), ("_csrf", browser.csrf), ("targetGroup", "Port police")]
            try await client.execute(
                uri: "/activities/\(id)/edit", method: .post, headers: browser.form, body: form(edit)
            ) { response async throws in #expect(response.status == .seeOther) }
            try await client.execute(uri: "/activities/\(id)", method: .get, headers: [.accept: "text/html"]) {
                response async throws in
                #expect(response.text.contains("Target group"))
                #expect(response.text.contains("Port police"))
            }
        }
    }
}
