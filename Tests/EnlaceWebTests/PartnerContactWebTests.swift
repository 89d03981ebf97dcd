import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// An activity's implementing-partner contact through the API and the pages: members and the owner read
/// it; a visitor and a non-member read the same activity without it, whoever read it before them.
@Suite("Implementing-partner contact on the web")
struct PartnerContactWebTests {
    private static let contact: [String: String] = [
        "name": "Ana Pérez", "position": "Programme officer", "email": "ana.perez@example.org",
        "phone": "+504 2222 0000",
    ]

    private func contact(
        _ client: any TestClientProtocol, _ world: TestWorld, _ id: String, as who: String?
    ) async throws -> Any? {
        try await client.execute(uri: "/api/v1/activities/\(id)", method: .get, headers: world.auth(who)) {
            response async throws in
            #expect(response.status == .ok)
            return try json(response)["partnerContact"]
        }
    }

    @Test("the API gives it to members and the owner, null to a visitor and a non-member, in that order too")
    func api() async throws {
        try await TestApp.run { client, world in
            let id = try await createActivity(
                client, world, ["partnerContact": Self.contact, "releasability": ["marking": "public"]])
            // A member reads first, so that a cached view would be the one with the contact.
            for who in ["viewer", "contributor", "colombia"] {
                let seen = try await contact(client, world, id, as: who) as? [String: Any]
                #expect(seen?["name"] as? String == "Ana Pérez", "\(who)")
            }
            for who in ["partner", nil] {
                #expect(try await contact(client, world, id, as: who) is NSNull, "\(who ?? "anonymous")")
            }
            // A change of the contact stays out of a non-member's history.
            let headers = try await mergePatchHeaders(client, world, "/api/v1/activities/\(id)")
            try await client.execute(
                uri: "/api/v1/activities/\(id)", method: .patch, headers: headers,
                body: ByteBuffer(string: #"{"partnerContact": {"name": "Ana Pérez", "phone": "+504 3333 1111"}}"#)
            ) { response async throws in #expect(response.status == .ok) }
            for (who, sees) in [("viewer", true), ("partner", false)] {
                try await client.execute(
                    uri: "/api/v1/activities/\(id)/history", method: .get, headers: world.auth(who)
                ) { response async throws in
                    #expect(response.text.contains("partnerContact.phone") == sees, "\(who)")
                    #expect(response.text.contains("3333 1111") == sees, "\(who)")
                }
            }
        }
    }

    @Test("a body's contact must name someone; a malformed one is refused field by field")
    func refused() async throws {
        try await TestApp.run { client, world in
            try await client.execute(
                uri: "/api/v1/activities", method: .post, headers: world.json("contributor"),
                body: try activityJSON(["partnerContact": ["email": "nobody", "phone": "call me"]])
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(
                    Set(try errorCodes(response).keys)
                        == ["partnerContact.name", "partnerContact.email", "partnerContact.phone"])
            }
        }
    }

    @Test("the form keeps it and the detail page shows it to members only")
    func pages() async throws {
        try await TestApp.run { client, world in
            let id = try await createActivity(client, world, ["releasability": ["marking": "public"]])
            let browser = try await signIn(client, as: "contributor")
            try await client.execute(uri: "/activities/\(id)/edit", method: .get, headers: browser.page) {
                response async throws in
                #expect(response.text.contains(#"name="partnerContact.name""#))
            }
            var edit = validForm.map { $0.0 == "releasability.marking" ? ($0.0, "public") : $0 }
            edit += [
                ("version", "1"), ("_csrf", browser.csrf), ("partnerContact.name", "Ana Pérez"),
                ("partnerContact.position", ""), ("partnerContact.email", "not-an-address"),
                ("partnerContact.phone", "+504 2222 0000"),
            ]
            try await client.execute(
                uri: "/activities/\(id)/edit", method: .post, headers: browser.form, body: form(edit)
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains(#"id="field-partnerContact-email-error""#))
                #expect(response.text.contains("Ana Pérez"))
            }
            edit = edit.map { $0.0 == "partnerContact.email" ? ($0.0, "ana.perez@example.org") : $0 }
            try await client.execute(
                uri: "/activities/\(id)/edit", method: .post, headers: browser.form, body: form(edit)
            ) { response async throws in #expect(response.status == .seeOther) }
            let member = try await signIn(client, as: "viewer")
            try await client.execute(uri: "/activities/\(id)", method: .get, headers: member.page) {
                response async throws in
                #expect(response.text.contains("Ana Pérez"))
                #expect(response.text.contains("mailto:ana.perez@example.org"))
            }
            let partner = try await signIn(client, as: "partner")
            for headers in [partner.page, [.accept: "text/html"]] as [HTTPFields] {
                try await client.execute(uri: "/activities/\(id)", method: .get, headers: headers) {
                    response async throws in
                    #expect(response.status == .ok)
                    #expect(!response.text.contains("Ana Pérez"))
                    #expect(!response.text.contains("ana.perez@example.org"))
                }
            }
        }
    }
}
