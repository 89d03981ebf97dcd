import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import EnlaceWeb

/// The side paths around the releasability rule over HTTP: caches, probing saves, exports, personal data,
/// and what one request may cost.
///
/// Each test here was written against a finding of the trust review (issue 15) and seen to fail before its fix.
@Suite("Side paths over HTTP")
struct SidePathWebTests {
    /// A transaction released to the United States alone, on an activity every member reads.
    static var usOnlyTransaction: [String: Any] {
        [
            "type": 3, "date": "2026-03-05", "value": ["amount": "1000", "currency": "USD"],
            "description": "US-only canary disbursement",
            "releasability": ["marking": "restricted", "releasableTo": ["US"]],
        ]
    }

    @Test("a cached representation never carries one reader's view to another")
    func cacheKeyedByReader() async throws {
        try await TestApp.run { client, world in
            let id = try await createActivity(client, world, ["transactions": [Self.usOnlyTransaction]])
            // The secretariat reads everything first, and so fills any cache with its own view.
            try await client.execute(uri: "/api/v1/activities", method: .get, headers: world.auth("secretariat")) {
                response async throws in #expect(response.text.contains("US-only canary"))
            }
            try await client.execute(uri: "/api/v1/activities/\(id)", method: .get, headers: world.auth("secretariat"))
            {
                response async throws in #expect(response.text.contains("US-only canary"))
            }
            for who in ["viewer", "colombia"] {
                for path in ["/api/v1/activities/\(id)", "/api/v1/activities?limit=50"] {
                    try await client.execute(uri: path, method: .get, headers: world.auth(who)) {
                        response async throws in
                        #expect(response.status == .ok)
                        #expect(
                            !response.text.contains("US-only canary"), "\(who) reads the US-only transaction at \(path)"
                        )
                    }
                }
            }
        }
    }

    @Test("an ETag differs between readers who receive different representations")
    func eTagPerReader() async throws {
        try await TestApp.run { client, world in
            let id = try await createActivity(client, world, ["transactions": [Self.usOnlyTransaction]])
            let tags = try await ["secretariat", "viewer"].asyncMap { who in
                try await client.execute(uri: "/api/v1/activities/\(id)", method: .get, headers: world.auth(who)) {
                    response async throws in try #require(response.headers[.eTag])
                }
            }
            #expect(tags[0] != tags[1])
        }
    }

    @Test("the answer to a save never tells the saver of an overlap with a record they may not read")
    func noOverlapOracle() async throws {
        try await TestApp.run { client, world in
            // A Colombian course released to Colombia alone: U.S.-INL may not read it.
            _ = try await createActivity(
                client, world,
                [
                    "title": "Curso de interdicción marítima para la Armada de Honduras",
                    "description": "Abordaje, inspección de embarcaciones y cadena de custodia.", "language": "es",
                    "providers": [["organization": "CO-PONAL", "role": "implementing"]],
                    "beneficiary": "Armada de Honduras", "plannedStart": "2026-03-09", "plannedEnd": "2026-03-20",
                    "releasability": ["marking": "restricted", "releasableTo": ["CO"]],
                ], as: "colombia")
            // A probe of U.S.-INL's, shaped to meet it.
            let probe = try await client.execute(
                uri: "/api/v1/activities", method: .post, headers: world.json("contributor"), body: try activityJSON()
            ) { response async throws in
                #expect(response.status == .created)
                let body = try json(response)
                #expect(body["overlapNotice"] == nil || body["overlapNotice"] is NSNull, "the save answers a notice")
                return try #require(body["id"] as? String)
            }
            let answers = [
                "/api/v1/activities/\(probe)/overlaps", "/api/v1/overlaps", "/api/v1/overlaps?status=open",
            ]
            for path in answers {
                try await client.execute(uri: path, method: .get, headers: world.auth("contributor")) {
                    response async throws in
                    #expect(response.status == .ok)
                    let body = try json(response)
                    #expect((body["notices"] as? [Any] ?? []).isEmpty, "\(path) lists a notice")
                    #expect(body["notice"] == nil || body["notice"] is NSNull, "\(path) answers a notice")
                }
            }
            let browser = try await signIn(client, as: "contributor")
            for path in ["/activities/\(probe)", "/overlaps"] {
                try await client.execute(uri: path, method: .get, headers: browser.page) { response async throws in
                    #expect(!response.text.contains("contact the secretariat"), "\(path) shows a notice")
                }
            }
        }
    }

    /// A new series of U.S.-INL's marked `marking`, and its first meeting as the API answers it.
    static func firstMeeting(
        _ client: any TestClientProtocol, _ world: TestWorld, _ marking: ProbeMarking
    ) async throws -> (series: String, meeting: [String: Any]) {
        let series = try await client.execute(
            uri: "/api/v1/meeting-series", method: .post, headers: world.json("contributor"),
            body: try Probe.seriesBody(marking)
        ) { response async throws in try #require(try json(response)["id"] as? String) }
        return (series, try #require(try await MeetingsAPITests.meetings(client, world, series: series).first))
    }

    @Test("participants' e-mail addresses reach signed-in readers only")
    func personalDataOfPublicMeetings() async throws {
        try await TestApp.run { client, world in
            let (series, meeting) = try await Self.firstMeeting(client, world, .public)
            let id = try #require(meeting["id"] as? String)
            let version = try #require(meeting["version"] as? Int)
            try await client.execute(
                uri: "/api/v1/meetings/\(id)", method: .patch,
                headers: world.json("contributor") + [.ifMatch: "\"v\(version)\""],
                body: ByteBuffer(
                    string:
                        #"{"participants": [{"organization": "US-INL", "role": "chair", "person": "contributor@test.enlace.example"}]}"#
                )
            ) { response async throws in #expect(response.status == .ok, "\(response.text)") }
            try await client.execute(
                uri: "/api/v1/action-items", method: .post, headers: world.json("contributor"),
                body: ByteBuffer(
                    string:
                        #"{"meeting": "\#(id)", "text": "Send the list", "owner": "US-INL", "assignee": "contributor@test.enlace.example", "due": "2027-02-01"}"#
                )
            ) { response async throws in #expect(response.status == .created, "\(response.text)") }
            for path in [
                "/api/v1/meetings/\(id)", "/api/v1/meetings?series=\(series)", "/api/v1/action-items",
                "/api/v1/meetings/\(id)/agenda",
            ] {
                try await client.execute(uri: path, method: .get, headers: [:]) { response async throws in
                    #expect(response.status == .ok)
                    #expect(!response.text.contains("@test.enlace.example"), "a visitor reads an address at \(path)")
                }
                try await client.execute(uri: path, method: .get, headers: world.auth("viewer")) {
                    response async throws in
                    #expect(response.status == .ok)
                }
            }
            try await client.execute(uri: "/api/v1/meetings/\(id)", method: .get, headers: world.auth("viewer")) {
                response async throws in #expect(response.text.contains("contributor@test.enlace.example"))
            }
        }
    }

    @Test("a chair cannot learn whether an address has an account")
    func noAccountOracle() async throws {
        try await TestApp.run { client, world in
            let (_, meeting) = try await Self.firstMeeting(client, world, .members)
            let id = try #require(meeting["id"] as? String)
            // Spain's people take no part in the series: whether one of them exists is none of the chair's business.
            var answers: [String] = []
            for email in ["spare@test.enlace.example", "nobody@test.enlace.example"] {
                let body = #"{"participants": [{"organization": "US-INL", "role": "chair", "person": "\#(email)"}]}"#
                answers.append(
                    try await client.execute(
                        uri: "/api/v1/meetings/\(id)", method: .patch,
                        headers: world.json("contributor") + [.ifMatch: "*"], body: ByteBuffer(string: body)
                    ) { response async throws in
                        "\(response.status.code) \(try errorCodes(response))"
                    })
                answers.append(
                    try await client.execute(
                        uri: "/api/v1/action-items", method: .post, headers: world.json("contributor"),
                        body: ByteBuffer(
                            string:
                                #"{"meeting": "\#(id)", "text": "Call", "owner": "US-INL", "assignee": "\#(email)", "due": "2027-02-01"}"#
                        )
                    ) { response async throws in "\(response.status.code) \(try errorCodes(response))" })
            }
            #expect(answers[0] == answers[2], "meeting participants: \(answers[0]) against \(answers[2])")
            #expect(answers[1] == answers[3], "action items: \(answers[1]) against \(answers[3])")
        }
    }

    @Test("a write the caller may not make is refused before its body is read")
    func refusedBeforeTheBody() async throws {
        try await TestApp.run { client, world in
            let broken = ByteBuffer(string: #"{"title": "#)
            let cases: [(String?, HTTPResponse.Status)] = [("contributor-read", .forbidden), (nil, .unauthorized)]
            for (who, expected) in cases {
                for (method, path) in [(HTTPRequest.Method.post, "/api/v1/activities"), (.post, "/api/v1/needs")] {
                    try await client.execute(uri: path, method: method, headers: world.json(who), body: broken) {
                        response async throws in
                        #expect(response.status == expected, "\(method) \(path) as \(who ?? "a visitor")")
                    }
                }
            }
        }
    }

    @Test("a body of too many members is refused with a clear message")
    func memberCap() async throws {
        try await TestApp.run { client, world in
            var text = "{"
            for index in 0..<12_000 { text += "\"k\(index)\": 0," }
            text += "\"title\": \"x\"}"
            try await client.execute(
                uri: "/api/v1/activities", method: .post, headers: world.json("contributor"),
                body: ByteBuffer(string: text)
            ) { response async throws in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("members"), "\(response.text.prefix(300))")
            }
        }
    }

    @Test("a burst of parallel wrong passwords gets no more guesses than one at a time")
    func parallelBurst() async throws {
        try await TestApp.run(clock: .fixed(Fixtures.epoch)) { client, world in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        let (visitor, token) = try await client.execute(
                            uri: "/login", method: .get, headers: [.accept: "text/html"]
                        ) { response async throws in
                            (
                                try #require(cookie("enlace_csrf", in: response)),
                                try #require(csrfToken(in: response.text))
                            )
                        }
                        return try await client.execute(
                            uri: "/login", method: .post,
                            headers: [
                                .contentType: "application/x-www-form-urlencoded", .cookie: "enlace_csrf=\(visitor)",
                            ],
                            body: form([
                                ("_csrf", token), ("email", Fixtures.email("viewer")),
                                ("password", "wrong guess \(index)"),
                            ])
                        ) { $0.status }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let guesses = statuses.filter { $0 == .unauthorized }.count
            #expect(guesses <= Fixtures.fastSecurity.freeFailures + 1, "\(guesses) guesses checked in one burst")
            #expect(statuses.allSatisfy { $0 == .unauthorized || $0 == .tooManyRequests })
        }
    }

    @Test("a text search of too many words is refused")
    func searchBound() async throws {
        try await TestApp.run { client, world in
            let words = (0..<40).map { "w\($0)" }.joined(separator: "%20")
            try await client.execute(uri: "/api/v1/activities?q=\(words)", method: .get, headers: [:]) {
                response async throws in
                #expect(response.status == .badRequest)
                #expect(try errorFields(response) == ["q"])
            }
        }
    }

    @Test("metrics are not served on the public listener")
    func metricsOffThePublicListener() async throws {
        try await TestApp.run { client, world in
            try await client.execute(uri: "/metrics", method: .get, headers: [:]) { response async throws in
                #expect(response.status == .notFound)
            }
        }
    }
}

extension Array {
    /// The elements transformed one after another by an async function.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}

@Suite("Client addresses behind a proxy")
struct ForwardedClientTests {
    @Test("X-Forwarded-For is believed from trusted proxies only, as far back as they go")
    func addresses() throws {
        let proxies = try TrustedProxies(parsing: "10.0.0.0/8, 127.0.0.1, ::1")
        #expect(proxies.client(peer: "10.1.2.3", forwardedFor: ["203.0.113.5"]) == "203.0.113.5")
        // A client that writes its own header gets no further than the address the proxy saw.
        #expect(proxies.client(peer: "10.1.2.3", forwardedFor: ["198.51.100.1, 203.0.113.5"]) == "203.0.113.5")
        #expect(proxies.client(peer: "10.1.2.3", forwardedFor: ["203.0.113.5, 10.9.9.9"]) == "203.0.113.5")
        #expect(proxies.client(peer: "::1", forwardedFor: ["2001:db8::7"]) == "2001:db8::7")
        #expect(proxies.client(peer: "::ffff:127.0.0.1", forwardedFor: ["203.0.113.9"]) == "203.0.113.9")
        // From anyone else, the header is the client's own words and counts for nothing.
        #expect(proxies.client(peer: "203.0.113.5", forwardedFor: ["10.0.0.1"]) == "203.0.113.5")
        #expect(proxies.client(peer: "11.0.0.1", forwardedFor: ["203.0.113.5"]) == "11.0.0.1")
        #expect(proxies.client(peer: "10.1.2.3", forwardedFor: ["not an address"]) == "10.1.2.3")
        // Some proxies write the client's port too.
        #expect(proxies.client(peer: "10.1.2.3", forwardedFor: ["203.0.113.5:4711"]) == "203.0.113.5")
        #expect(proxies.client(peer: "10.1.2.3", forwardedFor: ["[2001:db8::7]:4711"]) == "2001:db8::7")
        #expect(TrustedProxies.none.client(peer: "127.0.0.1", forwardedFor: ["203.0.113.5"]) == "127.0.0.1")
        #expect(throws: ConfigurationError.self) { try TrustedProxies(parsing: "10.0.0.0/33") }
        #expect(throws: ConfigurationError.self) { try TrustedProxies(parsing: "proxy.internal") }
    }

    /// Five wrong passwords for different people, each from `address`, then the answer to a sixth from `other`.
    static func sixthFromAnother(trusted: Bool) async throws -> HTTPResponse.Status {
        let web = WebSecuritySettings(trustedProxies: trusted ? try TrustedProxies(parsing: "127.0.0.1, ::1") : .none)
        return try await TestApp.run(clock: .fixed(Fixtures.epoch), web: web, overTCP: true) { client, world in
            func attempt(_ email: String, from address: String) async throws -> HTTPResponse.Status {
                let (visitor, token) = try await client.execute(
                    uri: "/login", method: .get, headers: [.accept: "text/html"]
                ) { response async throws in
                    (try #require(cookie("enlace_csrf", in: response)), try #require(csrfToken(in: response.text)))
                }
                return try await client.execute(
                    uri: "/login", method: .post,
                    headers: [
                        .contentType: "application/x-www-form-urlencoded", .cookie: "enlace_csrf=\(visitor)",
                        .forwardedFor: address,
                    ],
                    body: form([("_csrf", token), ("email", email), ("password", "wrong guess")])
                ) { $0.status }
            }
            for index in 0..<5 { _ = try await attempt("guess\(index)@example.org", from: "203.0.113.5") }
            return try await attempt(Fixtures.email("viewer"), from: "203.0.113.6")
        }
    }

    @Test("behind a trusted proxy each client has its own throttle; without one, the header changes nothing")
    func throttlePerClient() async throws {
        #expect(try await Self.sixthFromAnother(trusted: true) == .unauthorized)
        #expect(try await Self.sixthFromAnother(trusted: false) == .tooManyRequests)
    }

    @Test("a stranger who keeps an account's count locked does not keep out the owner's own browser")
    func deviceCookie() async throws {
        let web = WebSecuritySettings(trustedProxies: try TrustedProxies(parsing: "127.0.0.1, ::1"))
        try await TestApp.run(clock: .fixed(Fixtures.epoch), web: web, overTCP: true) { client, world in
            func attempt(
                _ password: String, from address: String, device: String? = nil
            ) async throws -> (status: HTTPResponse.Status, device: String?) {
                let (visitor, token) = try await client.execute(
                    uri: "/login", method: .get, headers: [.accept: "text/html", .forwardedFor: address]
                ) { response async throws in
                    (try #require(cookie("enlace_csrf", in: response)), try #require(csrfToken(in: response.text)))
                }
                let cookies = ["enlace_csrf=\(visitor)"] + (device.map { ["enlace_device=\($0)"] } ?? [])
                return try await client.execute(
                    uri: "/login", method: .post,
                    headers: [
                        .contentType: "application/x-www-form-urlencoded", .cookie: cookies.joined(separator: "; "),
                        .forwardedFor: address,
                    ],
                    body: form([("_csrf", token), ("email", Fixtures.email("viewer")), ("password", password)])
                ) { ($0.status, cookie("enlace_device", in: $0)) }
            }
            // The owner signs in once from her browser, which keeps a device cookie.
            let first = try await attempt(Fixtures.password, from: "203.0.113.9")
            #expect(first.status == .seeOther)
            let device = try #require(first.device)
            // A stranger, from ever new addresses, locks the account's count.
            for index in 0..<6 { _ = try await attempt("a wrong guess", from: "198.51.100.\(index)") }
            #expect(try await attempt(Fixtures.password, from: "203.0.113.10").status == .tooManyRequests)
            // Her own browser is let through; a made-up device cookie is not.
            #expect(try await attempt(Fixtures.password, from: "203.0.113.9", device: device).status == .seeOther)
            #expect(
                try await attempt(Fixtures.password, from: "203.0.113.11", device: "forged.1796000000.AAAA").status
                    == .tooManyRequests)
        }
    }
}
