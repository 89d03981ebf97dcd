import EnlaceCore
import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Partner needs over the API and the pages")
struct NeedsWebTests {
    static let body = #"""
        {"title": "Boarding and evidence handling", "country": "HN", "institution": "Fuerza Naval de Honduras",
         "keyAreas": ["narco-trafficking"], "topics": ["maritime-interdiction"], "priority": 1,
         "windowStart": "2026-01-01", "windowEnd": "2026-12-31", "people": 30}
        """#

    @Test("a partner records a need, a provider answers it, coverage stops counting it as a gap")
    func lifecycle() async throws {
        try await TestApp.run { client, world in
            try await client.execute(
                uri: "/api/v1/needs", method: .post, headers: world.json("partner"),
                body: ByteBuffer(
                    string: #"{"title": "x", "country": "ZZ", "priority": 9, "keyAreas": [], "colour": 1}"#)
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.headers[.contentType] == "application/problem+json")
                let codes = try errorCodes(response)
                #expect(codes["title"] == "too_short" && codes["country"] == "unknown_code")
                #expect(codes["priority"] == "out_of_range" && codes["keyAreas"] == "required")
                #expect(codes["institution"] == "required" && codes["colour"] == "unknown_field")
            }
            let id = try await client.execute(
                uri: "/api/v1/needs", method: .post, headers: world.json("partner"), body: ByteBuffer(string: Self.body)
            ) { response async throws in
                #expect(response.status == .created)
                let need = try json(response)
                #expect(need["effectiveStatus"] as? String == "open" && need["owner"] as? String == "HN")
                return try #require(need["id"] as? String)
            }
            func openNeeds() async throws -> Int? {
                try await client.execute(
                    uri: "/api/v1/coverage?year=2026", method: .get, headers: world.auth("partner")
                ) {
                    response async throws in
                    let cells = try json(response)["cells"] as? [[String: Any]] ?? []
                    return cells.first {
                        $0["country"] as? String == "HN" && $0["keyArea"] as? String == "narco-trafficking"
                    }?[
                        "openNeeds"] as? Int
                }
            }
            #expect(try await openNeeds() == 1)

            // Released to Honduras, so that its focal point sees the answer.
            let activity = try await createActivity(
                client, world, ["releasability": ["marking": "restricted", "releasableTo": ["HN"]]])
            try await client.execute(
                uri: "/api/v1/needs/\(id)/matches", method: .get, headers: world.auth("contributor")
            ) {
                response async throws in
                let first = (try json(response)["items"] as? [[String: Any]])?.first
                #expect(first?["activity"] as? String == activity)
                #expect((first?["reasons"] as? [[String: Any]])?.first?["kind"] as? String == "topics")
            }
            // Colombia's contributor may not even see the U.S. activity, let alone link it.
            try await client.execute(
                uri: "/api/v1/needs/\(id)/links", method: .post, headers: world.json("colombia"),
                body: ByteBuffer(string: #"{"activity": "\#(activity)"}"#)
            ) { response async throws in #expect(response.status == .notFound) }
            try await client.execute(
                uri: "/api/v1/needs/\(id)/links", method: .post, headers: world.json("contributor"),
                body: ByteBuffer(string: #"{"activity": "\#(activity)"}"#)
            ) { response async throws in
                #expect(response.status == .ok)
                #expect(try json(response)["effectiveStatus"] as? String == "partly-met")
            }
            #expect(try await openNeeds() == 0)

            // Changes need the current version.
            let patch: HTTPFields = world.auth("partner") + [.contentType: "application/merge-patch+json"]
            try await client.execute(
                uri: "/api/v1/needs/\(id)", method: .patch, headers: patch,
                body: ByteBuffer(string: #"{"priority": 2}"#)
            ) { response async throws in #expect(response.status == .preconditionRequired) }
            try await client.execute(
                uri: "/api/v1/needs/\(id)", method: .patch, headers: patch + [.ifMatch: "\"v1\""],
                body: ByteBuffer(string: #"{"priority": 2}"#)
            ) { response async throws in #expect(response.status == .preconditionFailed) }
            try await client.execute(
                uri: "/api/v1/needs/\(id)", method: .patch, headers: patch + [.ifMatch: "\"v2\""],
                body: ByteBuffer(string: #"{"status": "withdrawn"}"#)
            ) { response async throws in
                #expect(response.status == .ok)
                #expect(try json(response)["effectiveStatus"] as? String == "withdrawn")
            }

            // The pages: the planning view lists it as answered; the form comes back with messages.
            let browser = try await signIn(client, as: "partner")
            try await client.execute(uri: "/needs/planning?country=HN&year=2026", method: .get, headers: browser.page) {
                response async throws in
                #expect(response.status == .ok)
                #expect(response.text.contains("id=\"planning-summary\""))
            }
            try await client.execute(
                uri: "/needs", method: .post, headers: browser.form,
                body: form([
                    ("_csrf", browser.csrf), ("title", "Radar maintenance"), ("country", "HN"), ("priority", "1"),
                ])
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains("id=\"error-summary\""))
                #expect(response.text.contains("value=\"Radar maintenance\""))
            }
        }
    }
}
