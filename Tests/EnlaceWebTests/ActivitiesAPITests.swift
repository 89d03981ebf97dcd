import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Activities API")
struct ActivitiesAPITests {
    @Test("create answers 201 with Location and ETag, and the activity reads back")
    func createAndRead() async throws {
        try await TestApp.run { client, world in
            let (location, etag, created) = try await client.execute(
                uri: "/api/v1/activities", method: .post, headers: world.json("contributor"), body: try activityJSON()
            ) { response async throws in
                #expect(response.status == .created)
                return (response.headers[.location], response.headers[.eTag], try json(response))
            }
            #expect(etag?.hasPrefix("\"v1-") == true)
            let id = try #require(created["id"] as? String)
            #expect(location == "/api/v1/activities/\(id)")
            #expect((created["budget"] as? [String: Any])?["amount"] as? String == "125000.5")
            try await client.execute(uri: "/api/v1/activities/\(id)", method: .get, headers: world.auth("contributor"))
            { response async throws in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag]?.hasPrefix("\"v1-") == true)
                #expect(try json(response)["title"] as? String == "Maritime interdiction course for the Honduran Navy")
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
            #expect(try await total(client, world) == 1)
        }
    }

    @Test("every invalid field is reported at once, as problem+json, and nothing is written")
    func validationErrors() async throws {
        try await TestApp.run { client, world in
            let body = try activityJSON(
                [
                    "plannedEnd": "2026-02-01", "recipientCountries": ["XX"], "keyAreas": ["narco-trafficking"],
                    "topics": ["cybercrime"], "participantsPlanned": -3, "status": 9,
                    "budget": ["amount": "12.123456", "currency": "USD"], "location": ["name": "Somewhere", "lat": 95],
                ], removing: ["title", "kind"])
            try await client.execute(
                uri: "/api/v1/activities", method: .post, headers: world.json("contributor"), body: body
            ) {
                response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.headers[.contentType] == "application/problem+json")
                let codes = try errorCodes(response)
                #expect(codes["title"] == "required")
                #expect(codes["kind"] == "required")
                #expect(codes["plannedEnd"] == "end_before_start")
                #expect(codes["recipientCountries[0]"] == "unknown_code")
                #expect(codes["topics[0]"] == "topic_outside_areas")
                #expect(codes["participantsPlanned"] == "negative")
                #expect(codes["status"] == "unknown_code")
                #expect(codes["budget.amount"] == "too_precise")
                #expect(codes["location.lat"] != nil)
                let problem = try json(response)
                #expect(problem["status"] as? Int == 422)
                #expect(problem["type"] as? String == "/problems/validation")
                #expect(problem["instance"] as? String == "/api/v1/activities")
                let messages = (problem["errors"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
                #expect(messages.allSatisfy { !$0.isEmpty && !$0.contains("{") })
            }
            #expect(try await total(client, world) == 0)
        }
    }

    @Test("unknown members and wrong types are field errors")
    func shapeErrors() async throws {
        try await TestApp.run { client, world in
            let body = try activityJSON([
                "colour": "blue", "participantsPlanned": "thirty",
                "providers": [["organization": "US-INL", "role": "funding", "share": 1]],
            ])
            try await client.execute(
                uri: "/api/v1/activities", method: .post, headers: world.json("contributor"), body: body
            ) {
                response async throws in
                #expect(response.status == .unprocessableContent)
                let codes = try errorCodes(response)
                #expect(codes["colour"] == "unknown_field")
                #expect(codes["participantsPlanned"] == "invalid_type")
                #expect(codes["providers[0].share"] == "unknown_field")
            }
            let unknownOrganization = try activityJSON([
                "providers": [["organization": "ZZ-NOBODY", "role": "funding"]]
            ])
            try await client.execute(
                uri: "/api/v1/activities", method: .post, headers: world.json("contributor"), body: unknownOrganization
            ) {
                response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try errorCodes(response)["providers[0].organization"] == "unknown_code")
            }
            #expect(try await total(client, world) == 0)
        }
    }

    @Test("malformed JSON is 400, another media type 415, a body over 1 MiB 413; none writes")
    func badBodies() async throws {
        try await TestApp.run { client, world in
            for text in ["{\"title\": ", "[1,2", "{\"a\":1,\"a\":2}", "nul", "{\"title\": \"x\"} trailing"] {
                try await client.execute(
                    uri: "/api/v1/activities", method: .post, headers: world.json("contributor"),
                    body: ByteBuffer(string: text)
                ) { response async throws in
                    #expect(response.status == .badRequest, "body \(text)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
            try await client.execute(
                uri: "/api/v1/activities", method: .post,
                headers: world.auth("contributor") + [.contentType: "text/plain"],
                body: try activityJSON()
            ) { response async throws in
                #expect(response.status == .unsupportedMediaType)
            }
            let huge = ByteBuffer(string: "{\"title\": \"" + String(repeating: "a", count: 1_100_000) + "\"}")
            try await client.execute(
                uri: "/api/v1/activities", method: .post, headers: world.json("contributor"), body: huge
            ) {
                response async throws in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(
                uri: "/api/v1/activities", method: .post, headers: world.json("contributor"),
                body: ByteBuffer(string: "[]")
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try errorCodes(response)["body"] == "invalid_type")
            }
            #expect(try await total(client, world) == 0)
        }
    }

    @Test("updates need If-Match: missing is 428, stale is 412 with the current ETag, current succeeds")
    func conditionalUpdates() async throws {
        try await TestApp.run { client, world in
            let id = try await createActivity(client, world)
            let uri = "/api/v1/activities/\(id)"
            let changed = try activityJSON(["title": "Curso de interdicción marítima", "language": "es"])
            try await client.execute(uri: uri, method: .put, headers: world.json("contributor"), body: changed) {
                response async throws in
                #expect(response.status == .preconditionRequired)
            }
            var headers = world.json("contributor")
            headers[.ifMatch] = "\"v1\""
            try await client.execute(uri: uri, method: .put, headers: headers, body: changed) { response async throws in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag]?.hasPrefix("\"v2-") == true)
                #expect(try json(response)["version"] as? Int == 2)
            }
            try await client.execute(
                uri: uri, method: .put, headers: headers, body: try activityJSON(["title": "Lost update"])
            ) {
                response async throws in
                #expect(response.status == .preconditionFailed)
                #expect(response.headers[.eTag] == "\"v2\"")
            }
            headers[.ifMatch] = "\"garbage\""
            try await client.execute(
                uri: uri, method: .put, headers: headers, body: try activityJSON(["title": "Lost update"])
            ) {
                response async throws in
                #expect(response.status == .preconditionFailed)
            }
            try await client.execute(uri: uri, method: .get, headers: world.auth("contributor")) {
                response async throws in
                #expect(try json(response)["title"] as? String == "Curso de interdicción marítima")
            }
            headers[.ifMatch] = "\"v2\""
            try await client.execute(
                uri: uri, method: .put, headers: headers, body: try activityJSON(["id": "someone-else"])
            ) {
                response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try errorCodes(response)["id"] != nil)
            }
        }
    }

    @Test("with If-Match: * saves at the same moment each apply to the version before them; none is lost or refused")
    func anyVersionUnderContention() async throws {
        try await TestApp.run { client, world in
            let id = try await createActivity(client, world)
            let uri = "/api/v1/activities/\(id)"
            let headers: HTTPFields =
                world.auth("contributor") + [.contentType: "application/merge-patch+json", .ifMatch: "*"]
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        try await client.execute(
                            uri: uri, method: .patch, headers: headers,
                            body: ByteBuffer(string: #"{"participantsTrained": \#(index + 10)}"#)
                        ) { $0.status }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: .ok, count: 6))
            try await client.execute(uri: uri, method: .get, headers: world.auth("contributor")) {
                response async throws in
                #expect(try json(response)["version"] as? Int == 7)
            }
        }
    }

    @Test("PATCH applies a JSON merge patch; null removes an optional member")
    func mergePatch() async throws {
        try await TestApp.run { client, world in
            let id = try await createActivity(client, world)
            let uri = "/api/v1/activities/\(id)"
            var headers: HTTPFields =
                world.auth("contributor") + [.contentType: "application/merge-patch+json", .ifMatch: "\"v1\""]
            let patch = ByteBuffer(string: #"{"participantsTrained": 28, "budget": null, "location": {"lat": 15.9}}"#)
            try await client.execute(uri: uri, method: .patch, headers: headers, body: patch) { response async throws in
                #expect(response.status == .ok)
                let activity = try json(response)
                #expect(activity["participantsTrained"] as? Int == 28)
                #expect(activity["budget"] is NSNull)
                #expect((activity["location"] as? [String: Any])?["lat"] as? Double == 15.9)
                #expect((activity["location"] as? [String: Any])?["name"] as? String == "Puerto Cortés")
                #expect(activity["title"] as? String == "Maritime interdiction course for the Honduran Navy")
            }
            headers[.ifMatch] = "\"v2\""
            try await client.execute(
                uri: uri, method: .patch, headers: headers, body: ByteBuffer(string: #"{"title": null}"#)
            ) {
                response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try errorCodes(response)["title"] == "required")
            }
            headers[.ifMatch] = nil
            try await client.execute(uri: uri, method: .patch, headers: headers, body: ByteBuffer(string: "{}")) {
                response async throws in
                #expect(response.status == .preconditionRequired)
            }
        }
    }

    @Test("DELETE archives: 204, then 404, and the list no longer counts it")
    func archive() async throws {
        try await TestApp.run { client, world in
            let id = try await createActivity(client, world)
            _ = try await createActivity(client, world, ["title": "Another course"])
            try await client.execute(
                uri: "/api/v1/activities/\(id)", method: .delete,
                headers: world.auth("contributor") + [.ifMatch: "\"v9\""]
            ) {
                response async throws in
                #expect(response.status == .preconditionFailed)
            }
            try await client.execute(
                uri: "/api/v1/activities/\(id)", method: .delete, headers: world.auth("contributor")
            ) { response async throws in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/api/v1/activities/\(id)", method: .get, headers: world.auth("contributor"))
            { response async throws in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            try await client.execute(
                uri: "/api/v1/activities/\(id)", method: .delete, headers: world.auth("contributor")
            ) { response async throws in
                #expect(response.status == .notFound)
            }
            #expect(try await total(client, world) == 1)
        }
    }

    @Test("list filters, text search without accents, and cursor pages")
    func listing() async throws {
        try await TestApp.run { client, world in
            _ = try await createActivity(
                client, world, ["title": "Formación de la Policía Nacional", "language": "es"])
            _ = try await createActivity(
                client, world, ["recipientCountries": ["GT"], "plannedStart": "2025-01-10", "plannedEnd": "2025-01-20"])
            _ = try await createActivity(client, world, ["keyAreas": ["combating-crime"], "topics": ["cybercrime"]])
            #expect(try await total(client, world, "?q=policia") == 1)
            #expect(try await total(client, world, "?country=GT") == 1)
            #expect(try await total(client, world, "?country=GT,HN") == 3)
            #expect(try await total(client, world, "?country=GT&country=HN&keyArea=narco-trafficking") == 2)
            #expect(try await total(client, world, "?topic=cybercrime") == 1)
            #expect(try await total(client, world, "?from=2026-01-01&to=2026-12-31") == 2)
            #expect(try await total(client, world, "?provider=US-INL&kind=course&status=2") == 3)

            var seen: [String] = []
            var cursor: String?
            repeat {
                let uri = "/api/v1/activities?limit=2&sort=title" + (cursor.map { "&cursor=\($0)" } ?? "")
                cursor = try await client.execute(uri: uri, method: .get, headers: world.auth("secretariat")) {
                    response async throws in
                    let page = try json(response)
                    #expect(page["total"] as? Int == 3)
                    seen += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                    return page["nextCursor"] as? String
                }
            } while cursor != nil
            #expect(seen.count == 3 && Set(seen).count == 3)
        }
    }

    @Test("bad query parameters are 400 with the parameter named")
    func badQueries() async throws {
        try await TestApp.run { client, world in
            let cases: [(String, String)] = [
                ("?contry=HN", "contry"), ("?country=XX", "country"), ("?limit=0", "limit"), ("?limit=abc", "limit"),
                ("?from=2026-13-01", "from"), ("?sort=colour", "sort"), ("?status=9", "status"),
                ("?keyArea=drugs", "keyArea"), ("?updatedSince=yesterday", "updatedSince"),
            ]
            for (query, field) in cases {
                try await client.execute(uri: "/api/v1/activities" + query, method: .get) { response async throws in
                    #expect(response.status == .badRequest, "\(query)")
                    #expect(try errorFields(response).contains(field), "\(query)")
                }
            }
            // A cursor this installation did not give names no page (404); an empty one is no cursor.
            try await client.execute(uri: "/api/v1/activities?cursor=forged", method: .get) { response async throws in
                #expect(response.status == .notFound)
                #expect(try errorFields(response) == ["cursor"])
            }
            for path in ["/api/v1/activities", "/api/v1/countries", "/api/v1/fora", "/api/v1/meetings"] {
                try await client.execute(uri: path + "?cursor=", method: .get) { response async throws in
                    #expect(response.status == .ok, "\(path)")
                }
            }
        }
    }
}
