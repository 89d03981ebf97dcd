import EnlaceTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A valid activity body for the API; tests change what they need.
func activityJSON(_ changes: [String: Any] = [:], removing: [String] = []) throws -> ByteBuffer {
    var body: [String: Any] = [
        "title": "Maritime interdiction course for the Honduran Navy",
        "description": "Two-week course on boarding procedures.",
        "language": "en",
        "providers": [
            ["organization": "US-INL", "role": "funding"], ["organization": "CO-ARC", "role": "implementing"],
        ],
        "recipientCountries": ["HN"],
        "beneficiary": "Fuerza Naval de Honduras",
        "keyAreas": ["narco-trafficking"],
        "topics": ["maritime-interdiction"],
        "kind": "course",
        "modality": "in-country",
        "plannedStart": "2026-03-02",
        "plannedEnd": "2026-03-13",
        "status": 2,
        "participantsPlanned": 30,
        "budget": ["amount": "125000.50", "currency": "USD"],
        "location": ["name": "Puerto Cortés", "lat": 15.85, "lon": -87.94],
    ]
    for (key, value) in changes { body[key] = value }
    for key in removing { body.removeValue(forKey: key) }
    return ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
}

let jsonHeaders: HTTPFields = [.contentType: "application/json"]

/// The JSON object of a response body.
func json(_ response: TestResponse) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(bufferBytes: response.body))
    return try #require(object as? [String: Any])
}

/// The `field` values of a problem's `errors`.
func errorFields(_ response: TestResponse) throws -> [String] {
    let errors = try json(response)["errors"] as? [[String: Any]] ?? []
    return errors.compactMap { $0["field"] as? String }
}

/// `(field, code)` pairs of a problem's `errors`.
func errorCodes(_ response: TestResponse) throws -> [String: String] {
    let errors = try json(response)["errors"] as? [[String: Any]] ?? []
    var result: [String: String] = [:]
    for error in errors {
        if let field = error["field"] as? String, let code = error["code"] as? String { result[field] = code }
    }
    return result
}

/// Creates an activity through the API and returns its id.
func createActivity(_ client: any TestClientProtocol, _ changes: [String: Any] = [:]) async throws -> String {
    try await client.execute(
        uri: "/api/v1/activities", method: .post, headers: jsonHeaders, body: try activityJSON(changes)
    ) {
        response async throws in
        #expect(response.status == .created)
        return try #require(try json(response)["id"] as? String)
    }
}

/// The total of an activity list query.
func total(_ client: any TestClientProtocol, _ query: String = "") async throws -> Int {
    try await client.execute(uri: "/api/v1/activities" + query, method: .get) { response async throws in
        #expect(response.status == .ok)
        return try #require(try json(response)["total"] as? Int)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

extension Data {
    init(bufferBytes buffer: ByteBuffer) {
        self.init(buffer.readableBytesView)
    }
}
