import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The check every web test's API answers pass through (``ContractCheckingClient``) can fail: it finds a
/// broken answer, and its schema keywords each refuse what they should.
@Suite("API contract check")
struct ContractCheckTests {
    private func instance(_ text: String) throws -> JSONInstance { try JSONInstance.parse(Data(text.utf8)) }

    @Test("Each keyword the document uses refuses what it should")
    func keywords() throws {
        let validator = JSONSchemaValidator(
            document: try instance(#"{"components": {"schemas": {"Code": {"type": "string", "enum": ["a", "b"]}}}}"#))
        let schema = try instance(
            #"""
            {"type": "object", "additionalProperties": false, "required": ["code", "count"],
             "properties": {
               "code": {"$ref": "#/components/schemas/Code"},
               "count": {"type": "integer", "minimum": 0, "maximum": 9},
               "name": {"type": ["string", "null"], "pattern": "^[A-Z]", "maxLength": 4},
               "tags": {"type": "array", "uniqueItems": true, "items": {"type": "string"}, "maxItems": 2},
               "when": {"type": "string", "format": "date"},
               "either": {"oneOf": [{"type": "string"}, {"type": "integer"}]}},
             "if": {"properties": {"code": {"const": "b"}}}, "then": {"required": ["name"]}}
            """#)
        func problems(_ text: String) throws -> [String] { validator.problems(try instance(text), against: schema) }

        #expect(try problems(#"{"code": "a", "count": 3, "name": "Abc", "tags": ["x"], "either": 2}"#).isEmpty)
        #expect(try problems(#"{"code": "a", "count": 3.0}"#).isEmpty)
        let cases = [
            #"{"count": 1}"#,  // required
            #"{"code": "c", "count": 1}"#,  // enum through $ref
            #"{"code": "a", "count": 1.5}"#,  // integer
            #"{"code": "a", "count": 10}"#,  // maximum
            #"{"code": "a", "count": 1, "other": true}"#,  // additionalProperties
            #"{"code": "a", "count": 1, "name": "abc"}"#,  // pattern
            #"{"code": "a", "count": 1, "name": "Abcde"}"#,  // maxLength
            #"{"code": "a", "count": 1, "tags": ["x", "x"]}"#,  // uniqueItems
            #"{"code": "a", "count": 1, "tags": ["x", "y", "z"]}"#,  // maxItems
            #"{"code": "a", "count": 1, "when": "31/01/2026"}"#,  // format date
            #"{"code": "a", "count": 1, "either": true}"#,  // oneOf
            #"{"code": "b", "count": 1}"#,  // if/then
            #"[]"#,  // type
        ]
        for text in cases {
            #expect(try !problems(text).isEmpty, "\(text)")
        }
    }

    @Test("A real answer that strays from its schema is caught; the answer as sent is not")
    func answers() async throws {
        let contract = APIContract.shared
        try await TestApp.run { client, world in
            let id = try await createActivity(client, world)
            let answer = try await client.execute(
                uri: "/api/v1/activities/\(id)", method: .get, headers: world.auth("contributor")
            ) { response async throws in try json(response) }
            func problems(_ body: [String: Any], status: Int = 200) throws -> [String] {
                contract.problems(
                    method: .get, uri: "/api/v1/activities/\(id)?x=1", status: status,
                    contentType: "application/json", body: try JSONSerialization.data(withJSONObject: body))
            }
            #expect(try problems(answer).isEmpty)
            var missing = answer
            missing["title"] = nil
            var wrong = answer
            wrong["status"] = "planned"
            var extra = answer
            extra["secret"] = true
            for strayed in [missing, wrong, extra] { #expect(try !problems(strayed).isEmpty) }
            #expect(
                try problems(answer, status: 418) == ["GET /api/v1/activities/\(id): status 418 is not in the document"]
            )
            #expect(
                contract.problems(
                    method: .get, uri: "/activities/\(id)", status: 418, contentType: "text/html", body: Data()
                ).isEmpty)
        }
    }
}

/// A merge patch may remove only members the record has: `{"nonsense": null}` is refused, as any unknown
/// member is, rather than passed as RFC 7396's no-op (the document's patch schemas list their members).
@Suite("Merge patches")
struct MergePatchTests {
    @Test("null for a member the record does not have is an unknown member; null for one it has removes it")
    func unknownRemoval() async throws {
        try await TestApp.run { client, world in
            let id = try await createActivity(client, world, ["partnerContact": ["name": "Ana Pérez"]])
            func patch(_ body: String) async throws -> (HTTPResponse.Status, [String: String]) {
                let headers = try await mergePatchHeaders(client, world, "/api/v1/activities/\(id)")
                return try await client.execute(
                    uri: "/api/v1/activities/\(id)", method: .patch, headers: headers, body: ByteBuffer(string: body)
                ) { response async throws in
                    (response.status, response.status == .ok ? [:] : try errorCodes(response))
                }
            }
            let (refused, codes) = try await patch(#"{"nonsense": null}"#)
            #expect(refused == .unprocessableContent)
            #expect(codes == ["nonsense": "unknown_field"])
            #expect(try await patch(#"{"partnerContact": null}"#).0 == .ok)
        }
    }
}
