import EnlaceTestSupport
import EnlaceWebTestSupport
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
        // A course in implementation: its unit is vetted and cleared, as it must be.
        "vetting": [
            "units": [
                [
                    "unit": "Fuerza Naval de Honduras, Special Boat Unit", "people": 30, "status": "cleared",
                    "authority": "U.S. Embassy Tegucigalpa", "submitted": "2026-01-12", "decided": "2026-02-02",
                ]
            ]
        ],
    ]
    for (key, value) in changes { body[key] = value }
    for key in removing { body.removeValue(forKey: key) }
    return ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
}

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

/// Creates an activity through the API as `who` (by default the US-INL contributor) and returns its id.
func createActivity(
    _ client: any TestClientProtocol, _ world: TestWorld, _ changes: [String: Any] = [:], as who: String = "contributor"
) async throws -> String {
    try await client.execute(
        uri: "/api/v1/activities", method: .post, headers: world.json(who), body: try activityJSON(changes)
    ) { response async throws in
        #expect(response.status == .created)
        return try #require(try json(response)["id"] as? String)
    }
}

/// The total of an activity list query, as `who` sees it (by default the secretariat, who sees everything).
func total(
    _ client: any TestClientProtocol, _ world: TestWorld, _ query: String = "", as who: String? = "secretariat"
) async throws -> Int {
    try await client.execute(uri: "/api/v1/activities" + query, method: .get, headers: world.auth(who)) {
        response async throws in
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

/// A signed-in browser: its cookie and the anti-forgery token its forms carry.
struct BrowserSession {
    let cookie: String
    let csrf: String

    /// Headers for a form post from this browser.
    var form: HTTPFields {
        [.contentType: "application/x-www-form-urlencoded", .accept: "text/html", .cookie: cookie]
    }

    /// Headers for a page request from this browser.
    var page: HTTPFields { [.accept: "text/html", .cookie: cookie] }
}

/// The value of the hidden `_csrf` field in `html`.
func csrfToken(in html: String) -> String? {
    guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
    return String(html[range.upperBound...].prefix { $0 != "\"" })
}

/// The value `name` is set to in a response's `Set-Cookie` headers.
func cookie(_ name: String, in response: TestResponse) -> String? {
    for header in response.headers[values: .setCookie] where header.hasPrefix(name + "=") {
        return String(header.dropFirst(name.count + 1).prefix { $0 != ";" })
    }
    return nil
}

/// Signs in through the login form as test person `key`, as a browser would.
func signIn(_ client: any TestClientProtocol, as key: String) async throws -> BrowserSession {
    let (visitor, visitorToken) = try await client.execute(uri: "/login", method: .get, headers: [.accept: "text/html"])
    {
        response async throws in
        (try #require(cookie("enlace_csrf", in: response)), try #require(csrfToken(in: response.text)))
    }
    let session = try await client.execute(
        uri: "/login", method: .post,
        headers: [
            .contentType: "application/x-www-form-urlencoded", .accept: "text/html", .cookie: "enlace_csrf=\(visitor)",
        ],
        body: form([
            ("_csrf", visitorToken), ("email", Fixtures.email(key)), ("password", Fixtures.password), ("next", "/"),
        ])
    ) { response async throws in
        #expect(response.status == .seeOther)
        return try #require(cookie("enlace_session", in: response))
    }
    // The second-factor page is open to every signed-in person, even one who still owes a second factor.
    let csrf = try await client.execute(
        uri: "/account/second-factor", method: .get,
        headers: [.accept: "text/html", .cookie: "enlace_session=\(session)"]
    ) {
        response async throws in try #require(csrfToken(in: response.text))
    }
    return BrowserSession(cookie: "enlace_session=\(session)", csrf: csrf)
}

/// A form body.
func form(_ pairs: [(String, String)]) -> ByteBuffer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return ByteBuffer(
        string: pairs.map {
            "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&"))
}

/// The secret behind the key a second-factor set-up page shows for typing by hand (base32, in groups).
func totpSecret(fromManualKey key: String) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    var bytes: [UInt8] = []
    var buffer = 0
    var bits = 0
    for character in key where character != " " {
        guard let value = alphabet.firstIndex(of: character) else { continue }
        buffer = (buffer << 5) | value
        bits += 5
        if bits >= 8 {
            bytes.append(UInt8((buffer >> (bits - 8)) & 0xFF))
            bits -= 8
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Headers for a JSON merge patch of the record at `uri` as `who`, with `If-Match` naming its current `ETag`.
func mergePatchHeaders(
    _ client: any TestClientProtocol, _ world: TestWorld, _ uri: String, as who: String = "contributor"
) async throws -> HTTPFields {
    let etag = try await client.execute(uri: uri, method: .get, headers: world.auth(who)) { response async throws in
        try #require(response.headers[.eTag])
    }
    var headers = world.json(who)
    headers[.ifMatch] = etag
    headers[.contentType] = "application/merge-patch+json"
    return headers
}
