import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdOTP
import HummingbirdTesting
import Testing

@testable import EnlaceWeb

/// A password alone never takes an account: the second step, its codes, the way back after sign-in.
///
/// Each test here was written against a finding of the trust review (issue 15) and seen to fail before its fix.
@Suite("Account takeover")
struct TakeoverTests {
    /// The administrator's second-factor secret in these tests.
    static let secret = "JBSWY3DPEHPK3PXPJBSW"
    static let recoveryCodes = ["abcdefghjk", "mnpqrstuvw"]

    /// The code of `secret` at `date`.
    static func code(_ secret: String = secret, at date: Date) -> String {
        String(format: "%06d", TOTP(secret: secret).compute(date: date))
    }

    /// Gives the administrator a second factor before the test starts.
    static let adminHasSecondFactor: @Sendable (Store, TestWorld) async throws -> Void = { store, world in
        let admin = try #require(world.principals["admin"])
        try await store.users.enableSecondFactor(
            id: admin.userID, secret: secret, recoveryCodes: recoveryCodes, actor: admin)
    }

    /// Signs in with the password only, with `extra` headers, in a browser that carries `device` (its device
    /// cookie, if any): the session that still owes its second step.
    static func passwordStep(
        _ client: any TestClientProtocol, _ email: String = Fixtures.email("admin"),
        password: String = Fixtures.password, headers extra: HTTPFields = [:], device: String? = nil
    ) async throws -> (pending: HTTPFields, location: String?) {
        let deviceCookie = device.map { "; enlace_device=\($0)" } ?? ""
        let (visitor, token) = try await client.execute(
            uri: "/login", method: .get, headers: [.accept: "text/html"] + extra
        ) { response async throws in
            (try #require(cookie("enlace_csrf", in: response)), try #require(csrfToken(in: response.text)))
        }
        return try await client.execute(
            uri: "/login", method: .post,
            headers: [
                .contentType: "application/x-www-form-urlencoded", .accept: "text/html",
                .cookie: "enlace_csrf=\(visitor)" + deviceCookie,
            ] + extra,
            body: form([("_csrf", token), ("email", email), ("password", password)])
        ) { response async throws in
            let session = try #require(cookie("enlace_session", in: response), "\(response.status)")
            let pending: HTTPFields =
                [.accept: "text/html", .cookie: "enlace_session=\(session)" + deviceCookie] + extra
            return (pending, response.headers[.location])
        }
    }

    /// Sends `code` to the second step of `pending`; the answer's status, session and device cookies, and
    /// `Retry-After`.
    static func secondStep(
        _ client: any TestClientProtocol, _ pending: HTTPFields, code: String
    ) async throws -> (status: HTTPResponse.Status, cookie: String?, device: String?, retryAfter: String?) {
        let csrf = try await client.execute(uri: "/login/second-factor", method: .get, headers: pending) {
            response async throws in try #require(csrfToken(in: response.text), "\(response.status)")
        }
        return try await client.execute(
            uri: "/login/second-factor", method: .post,
            headers: pending + [.contentType: "application/x-www-form-urlencoded"],
            body: form([("_csrf", csrf), ("code", code)])
        ) { response async throws in
            (
                response.status, cookie("enlace_session", in: response), cookie("enlace_device", in: response),
                response.headers[.retryAfter]
            )
        }
    }

    @Test("a session past the password alone reaches only the second step and sign-out")
    func secondFactorBypass() async throws {
        try await TestApp.run(clock: .system, seed: Self.adminHasSecondFactor) { client, world in
            let (pending, location) = try await Self.passwordStep(client)
            #expect(location?.hasPrefix("/login/second-factor") == true)
            // The set-up page would let the holder of the password choose a factor of their own.
            let setUp = try await client.execute(uri: "/account/second-factor", method: .get, headers: pending) {
                response async throws in (response.status, csrfToken(in: response.text), response.text)
            }
            #expect(setUp.0 != .ok, "the set-up page opens to a password alone")
            let csrf = try await client.execute(uri: "/login/second-factor", method: .get, headers: pending) {
                response async throws in try #require(csrfToken(in: response.text))
            }
            let attackerSecret = "KRSXG5CTMVRXEZLUKRSX"
            try await client.execute(
                uri: "/account/second-factor", method: .post,
                headers: pending + [.contentType: "application/x-www-form-urlencoded"],
                body: form([
                    ("_csrf", csrf), ("secret", attackerSecret), ("code", Self.code(attackerSecret, at: Date())),
                ])
            ) { response async throws in
                #expect(response.status != .ok, "a password alone replaced the second factor")
                #expect(!response.text.contains("recovery-codes"))
            }
            for path in ["/account", "/admin", "/activities/new", "/api/v1/me"] {
                let status = try await client.execute(uri: path, method: .get, headers: pending) { $0.status }
                #expect(status != .ok, "\(path) answers a password alone")
            }
            // The owner's factor is still the one asked for, and completing the step changes the session id.
            let done = try await Self.secondStep(client, pending, code: Self.code(at: Date()))
            #expect(done.status == .seeOther)
            let renewed = try #require(done.cookie, "the session id stays the same after the second step")
            #expect("enlace_session=\(renewed)" != pending[.cookie])
            let full: HTTPFields = [.accept: "text/html", .cookie: "enlace_session=\(renewed)"]
            #expect(try await client.execute(uri: "/admin", method: .get, headers: full) { $0.status } == .ok)
            // The half-signed-in id is worth nothing now.
            #expect(try await client.execute(uri: "/admin", method: .get, headers: pending) { $0.status } != .ok)
        }
    }

    @Test("replacing a second factor needs a full session and a current code of the old one")
    func replacingNeedsCurrentCode() async throws {
        try await TestApp.run(clock: .system, seed: Self.adminHasSecondFactor) { client, world in
            let (pending, _) = try await Self.passwordStep(client)
            let step = try await Self.secondStep(client, pending, code: Self.code(at: Date()))
            let cookieValue = try #require(step.cookie)
            let full: HTTPFields = [.accept: "text/html", .cookie: "enlace_session=\(cookieValue)"]
            let (secret, csrf) = try await client.execute(
                uri: "/account/second-factor", method: .get, headers: full
            ) { response async throws -> (String, String) in
                #expect(response.status == .ok)
                let html = response.text
                let start = try #require(html.range(of: "id=\"totp-secret\">"))
                return (
                    totpSecret(fromManualKey: String(html[start.upperBound...].prefix { $0 != "<" })),
                    try #require(csrfToken(in: html))
                )
            }
            let formHeaders: HTTPFields = full + [.contentType: "application/x-www-form-urlencoded"]
            for current in ["", "000000"] {
                try await client.execute(
                    uri: "/account/second-factor", method: .post, headers: formHeaders,
                    body: form([
                        ("_csrf", csrf), ("secret", secret), ("code", Self.code(secret, at: Date())),
                        ("current", current),
                    ])
                ) { response async throws in
                    #expect(response.status == .unprocessableContent, "replaced without the current code")
                }
            }
            // With a code of the factor in place, it is replaced.
            try await client.execute(
                uri: "/account/second-factor", method: .post, headers: formHeaders,
                body: form([
                    ("_csrf", csrf), ("secret", secret), ("code", Self.code(secret, at: Date())),
                    ("current", Self.recoveryCodes[0]),
                ])
            ) { response async throws in
                #expect(response.status == .ok)
                #expect(response.text.contains("recovery-codes"))
            }
        }
    }

    @Test("the key to type by hand is the one the authenticator link carries")
    func manualKeyMatchesTheLink() throws {
        let secret = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
        let link = TOTP(secret: secret).createAuthenticatorURL(label: "a@example.org", issuer: "Enlace")
        let key = SecondFactor.manualKey(secret)
        #expect(link.contains("secret=" + key.replacingOccurrences(of: " ", with: "") + "&"), "\(link) against \(key)")
        #expect(totpSecret(fromManualKey: key) == secret)
    }

    @Test("wrong second-factor codes are throttled like wrong passwords, and each code works once")
    func codesThrottledAndOnce() async throws {
        try await TestApp.run(clock: .fixed(Fixtures.epoch), seed: Self.adminHasSecondFactor) { client, world in
            let right = Self.code(at: Fixtures.epoch)
            // The right code, used once, signs in; the same code again does not.
            let (first, _) = try await Self.passwordStep(client)
            #expect(try await Self.secondStep(client, first, code: right).status == .seeOther)
            let (second, _) = try await Self.passwordStep(client)
            #expect(try await Self.secondStep(client, second, code: right).status == .unauthorized, "a code replayed")
            // A recovery code works once.
            let (third, _) = try await Self.passwordStep(client)
            #expect(try await Self.secondStep(client, third, code: Self.recoveryCodes[1]).status == .seeOther)
            let (fourth, _) = try await Self.passwordStep(client)
            #expect(try await Self.secondStep(client, fourth, code: Self.recoveryCodes[1]).status == .unauthorized)
            // Guessing: past the free failures, the step answers 429 with Retry-After, even for a good code.
            let (guessing, _) = try await Self.passwordStep(client)
            var statuses: [HTTPResponse.Status] = []
            var retryAfter: String?
            for guess in ["000001", "000002", "000003", "000004", "000005"] {
                let answer = try await Self.secondStep(client, guessing, code: guess)
                statuses.append(answer.status)
                retryAfter = answer.retryAfter ?? retryAfter
            }
            #expect(statuses.contains(.tooManyRequests), "five wrong codes in a row: \(statuses)")
            #expect(retryAfter.flatMap(Int.init).map { $0 > 0 } == true)
        }
    }

    @Test("a holder of the password who locks the second step's count does not keep the owner's browser out")
    func secondStepLockout() async throws {
        let web = WebSecuritySettings(trustedProxies: try TrustedProxies(parsing: "127.0.0.1, ::1"))
        try await TestApp.run(clock: .fixed(Fixtures.epoch), web: web, overTCP: true, seed: Self.adminHasSecondFactor) {
            client, world in
            func from(_ address: String) -> HTTPFields { [.forwardedFor: address] }
            // The owner signs in once, in full, and her browser keeps a device cookie.
            let (owner, _) = try await Self.passwordStep(client, headers: from("203.0.113.9"))
            let first = try await Self.secondStep(client, owner, code: Self.code(at: Fixtures.epoch))
            #expect(first.status == .seeOther)
            let device = try #require(first.device)
            // Someone with the password guesses codes from address after address until the account's count
            // of second-factor codes is locked.
            for index in 0..<8 {
                let (pending, _) = try await Self.passwordStep(client, headers: from("198.51.100.\(index)"))
                _ = try await Self.secondStep(client, pending, code: String(format: "%06d", index))
            }
            let (stranger, _) = try await Self.passwordStep(client, headers: from("198.51.100.200"))
            #expect(try await Self.secondStep(client, stranger, code: Self.recoveryCodes[0]).status == .tooManyRequests)
            // The owner's browser is counted by its address only, and gets through.
            let (again, _) = try await Self.passwordStep(client, headers: from("203.0.113.9"), device: device)
            #expect(try await Self.secondStep(client, again, code: Self.recoveryCodes[0]).status == .seeOther)
        }
    }

    @Test("the way back after sign-in and the language switch stays on this site")
    func openRedirect() async throws {
        try await TestApp.run { client, world in
            let hostile = [
                "/%09/evil.example", "/%0A/evil.example", "/%0D/evil.example", "//evil.example", "/%5Cevil.example",
                "/%5C%5Cevil.example", "https://evil.example", "/\\evil.example", "/ok%5C..%5Cx", "%2F%2Fevil.example",
            ]
            for back in hostile {
                try await client.execute(uri: "/language/es?back=\(back)", method: .get, headers: [:]) {
                    response async throws in
                    #expect(response.status == .seeOther)
                    #expect(
                        response.headers[.location] == "/", "back=\(back) led to \(response.headers[.location] ?? "")")
                }
                try await client.execute(uri: "/login?next=\(back)", method: .get, headers: [.accept: "text/html"]) {
                    response async throws in
                    #expect(response.text.contains("name=\"next\" value=\"/\""), "next=\(back) kept in the form")
                }
            }
            // A same-site path with its query survives.
            try await client.execute(uri: "/language/es?back=%2Factivities%3Fcountry%3DHN", method: .get, headers: [:])
            {
                response async throws in
                #expect(response.headers[.location] == "/activities?country=HN")
            }
            // The sign-in form's `next` obeys the same rule.
            let (visitor, token) = try await client.execute(
                uri: "/login", method: .get, headers: [.accept: "text/html"]
            ) {
                response async throws in
                (try #require(cookie("enlace_csrf", in: response)), try #require(csrfToken(in: response.text)))
            }
            try await client.execute(
                uri: "/login", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "enlace_csrf=\(visitor)"],
                body: form([
                    ("_csrf", token), ("email", Fixtures.email("viewer")), ("password", Fixtures.password),
                    ("next", "/\t/evil.example"),
                ])
            ) { response async throws in
                #expect(response.headers[.location] == "/")
            }
        }
    }

    @Test("a password change needs the current password and ends the person's other sessions")
    func passwordChange() async throws {
        try await TestApp.run { client, world in
            let here = try await signIn(client, as: "spare")
            let elsewhere = try await signIn(client, as: "spare")
            let changed = "a new and rather long passphrase"
            try await client.execute(
                uri: "/account/password", method: .post, headers: here.form,
                body: form([
                    ("_csrf", here.csrf), ("current", "not the password"), ("password", changed), ("confirm", changed),
                ])
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
            }
            let renewed = try await client.execute(
                uri: "/account/password", method: .post, headers: here.form,
                body: form([
                    ("_csrf", here.csrf), ("current", Fixtures.password), ("password", changed), ("confirm", changed),
                ])
            ) { response async throws in
                #expect(response.status == .seeOther)
                return try #require(cookie("enlace_session", in: response), "the session id is renewed")
            }
            try await client.execute(uri: "/account", method: .get, headers: elsewhere.page) { response async throws in
                #expect(response.status == .seeOther, "another session survived the password change")
            }
            try await client.execute(
                uri: "/account", method: .get, headers: [.accept: "text/html", .cookie: "enlace_session=\(renewed)"]
            ) { response async throws in
                #expect(response.status == .ok)
            }
            let (_, location) = try await Self.passwordStep(client, Fixtures.email("spare"), password: changed)
            #expect(location == "/")
        }
    }
}
