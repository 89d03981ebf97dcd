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

@Suite("Security")
struct SecurityTests {
    @Test("a form without the anti-forgery token, or with a wrong one, gets 403 and writes nothing")
    func csrf() async throws {
        try await TestApp.run { client, world in
            let browser = try await signIn(client, as: "contributor")
            for token in [nil, "wrong", ""] as [String?] {
                var fields = validForm
                if let token { fields.append(("_csrf", token)) }
                try await client.execute(uri: "/activities", method: .post, headers: browser.form, body: form(fields)) {
                    response async throws in
                    #expect(response.status == .forbidden)
                }
            }
            // Another session's token is as wrong as any.
            let other = try await signIn(client, as: "coordinator")
            try await client.execute(
                uri: "/activities", method: .post, headers: browser.form,
                body: form(validForm + [("_csrf", other.csrf)])
            ) { response async throws in
                #expect(response.status == .forbidden)
            }
            #expect(try await total(client, world) == 0)
            // The sign-out form is protected too: without the token the session survives.
            try await client.execute(uri: "/logout", method: .post, headers: browser.form, body: form([])) {
                response async throws in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/account", method: .get, headers: browser.page) { response async throws in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("the session cookie is HttpOnly and SameSite=Lax, and Secure when configured; sign-out ends it on the server")
    func cookies() async throws {
        for secure in [false, true] {
            try await TestApp.run(web: WebSecuritySettings(secureCookies: secure)) { client, world in
                let (visitor, token) = try await client.execute(
                    uri: "/login", method: .get, headers: [.accept: "text/html"]
                ) {
                    response async throws in
                    (try #require(cookie("enlace_csrf", in: response)), try #require(csrfToken(in: response.text)))
                }
                let header = try await client.execute(
                    uri: "/login", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "enlace_csrf=\(visitor)"],
                    body: form([("_csrf", token), ("email", Fixtures.email("viewer")), ("password", Fixtures.password)])
                ) { response async throws in
                    try #require(response.headers[values: .setCookie].first { $0.hasPrefix("enlace_session=") })
                }
                #expect(header.contains("HttpOnly"))
                #expect(header.contains("SameSite=Lax"))
                #expect(header.contains("Secure") == secure)
                // Over TLS, browsers are told to come back over TLS only.
                try await client.execute(uri: "/language/es?back=/", method: .get) { response async throws in
                    #expect((response.headers[.strictTransportSecurity] != nil) == secure)
                    let language = try #require(
                        response.headers[values: .setCookie].first { $0.hasPrefix("enlace_lang=") })
                    #expect(language.contains("Secure") == secure)
                }
                #expect(!header.contains("Max-Age"), "a session cookie, ended by the server")
                let session = String(header.dropFirst("enlace_session=".count).prefix { $0 != ";" })
                let browser = BrowserSession(
                    cookie: "enlace_session=\(session)",
                    csrf: try await client.execute(
                        uri: "/account", method: .get,
                        headers: [.accept: "text/html", .cookie: "enlace_session=\(session)"]
                    ) { try #require(csrfToken(in: $0.text)) })
                try await client.execute(
                    uri: "/logout", method: .post, headers: browser.form, body: form([("_csrf", browser.csrf)])
                ) {
                    response async throws in
                    #expect(response.status == .seeOther)
                }
                // The old cookie is worth nothing now, even if the browser kept it.
                try await client.execute(uri: "/account", method: .get, headers: browser.page) {
                    response async throws in
                    #expect(response.status == .seeOther)
                    #expect(response.headers[.location]?.hasPrefix("/login") == true)
                }
            }
        }
    }

    @Test("failed sign-ins back off exponentially, and the answer never says whether the account exists")
    func throttling() async throws {
        // A stopped clock, so that a lock-out does not simply run out between two requests.
        try await TestApp.run(clock: .fixed(Fixtures.epoch)) { client, world in
            func attempt(_ email: String, _ password: String) async throws -> (HTTPResponse.Status, String) {
                let visitor = try await client.execute(uri: "/login", method: .get, headers: [.accept: "text/html"]) {
                    response async throws in
                    (try #require(cookie("enlace_csrf", in: response)), try #require(csrfToken(in: response.text)))
                }
                return try await client.execute(
                    uri: "/login", method: .post,
                    headers: [
                        .contentType: "application/x-www-form-urlencoded", .accept: "text/html",
                        .cookie: "enlace_csrf=\(visitor.0)",
                    ],
                    body: form([("_csrf", visitor.1), ("email", email), ("password", password)])
                ) { response async throws in
                    let error = response.text.range(of: "id=\"sign-in-error\">").map {
                        String(response.text[$0.upperBound...].prefix { $0 != "<" })
                    }
                    return (response.status, error ?? "")
                }
            }
            let known = try await attempt(Fixtures.email("viewer"), "wrong password here")
            let unknown = try await attempt("nobody@example.org", "wrong password here")
            #expect(known.0 == .unauthorized && unknown.0 == .unauthorized)
            #expect(known.1 == unknown.1 && !known.1.isEmpty)
            _ = try await attempt(Fixtures.email("viewer"), "wrong password here")
            let fourth = try await attempt(Fixtures.email("viewer"), "wrong password again")
            #expect(fourth.0 == .unauthorized)
            // Past the free failures, even the right password has to wait, and says so the same way for anyone.
            let right = try await attempt(Fixtures.email("viewer"), Fixtures.password)
            #expect(right.0 == .tooManyRequests)
            let stranger = try await attempt("nobody@example.org", "anything at all")
            #expect(stranger.0 == .tooManyRequests && stranger.1 == right.1)
            #expect(SecurityPolicy.standard.backoff(afterFailures: 3) == 0)
            #expect(SecurityPolicy.standard.backoff(afterFailures: 4) == 1)
            #expect(SecurityPolicy.standard.backoff(afterFailures: 6) == 4)
            #expect(SecurityPolicy.standard.backoff(afterFailures: 40) == 900)
        }
    }

    @Test("a revoked token stops working at once; a read-only token cannot write")
    func tokens() async throws {
        try await TestApp.run { client, world in
            let created = try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: world.json("contributor"),
                body: ByteBuffer(string: #"{"name": "script", "scope": "read-write"}"#)
            ) { response async throws in
                #expect(response.status == .created)
                let body = try json(response)
                return (try #require(body["id"] as? String), try #require(body["token"] as? String))
            }
            let bearer: HTTPFields = [.authorization: "Bearer \(created.1)"]
            #expect(try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer) { $0.status } == .ok)
            try await client.execute(uri: "/api/v1/tokens", method: .get, headers: world.auth("contributor")) {
                response async throws in
                #expect(!response.text.contains(created.1), "a token's secret is never listed")
            }
            #expect(
                try await client.execute(
                    uri: "/api/v1/tokens/\(created.0)", method: .delete, headers: world.auth("contributor")
                ) { $0.status } == .noContent)
            try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer) { response async throws in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            try await client.execute(
                uri: "/api/v1/activities", method: .post, headers: world.json("contributor-read"),
                body: try activityJSON()
            ) { response async throws in
                #expect(response.status == .forbidden)
            }
            #expect(
                try await client.execute(
                    uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer enl_forged"]
                ) { $0.status } == .unauthorized)
            #expect(try await total(client, world) == 0)
        }
    }

    @Test("deactivation ends the person's sessions and tokens at once")
    func deactivation() async throws {
        try await TestApp.run { client, world in
            let browser = try await signIn(client, as: "spare")
            #expect(
                try await client.execute(uri: "/api/v1/me", method: .get, headers: world.auth("spare")) { $0.status }
                    == .ok)
            let id = try #require(world.principals["spare"]?.userID)
            try await client.execute(
                uri: "/api/v1/users/\(id)", method: .patch, headers: world.json("admin"),
                body: ByteBuffer(string: #"{"active": false}"#)
            ) { response async throws in
                #expect(response.status == .ok)
                #expect(try json(response)["active"] as? Bool == false)
            }
            #expect(
                try await client.execute(uri: "/api/v1/me", method: .get, headers: world.auth("spare")) { $0.status }
                    == .unauthorized)
            try await client.execute(uri: "/account", method: .get, headers: browser.page) { response async throws in
                #expect(response.status == .seeOther)
            }
        }
    }

    @Test("invitations: one-time links that expire; the invited person chooses a password the policy accepts")
    func invitations() async throws {
        try await TestApp.run { client, world in
            let path = try await client.execute(
                uri: "/api/v1/invitations", method: .post, headers: world.json("admin"),
                body: ByteBuffer(
                    string:
                        #"{"email": "New.Person@Example.org", "name": "New Person", "organization": "HN", "roles": ["partner"]}"#
                )
            ) { response async throws in
                #expect(response.status == .created)
                return try #require(try json(response)["acceptPath"] as? String)
            }
            let visitor = try await client.execute(uri: path, method: .get, headers: [.accept: "text/html"]) {
                response async throws in
                #expect(response.status == .ok)
                #expect(response.text.contains("new.person@example.org"))
                return BrowserSession(
                    cookie: "enlace_csrf=\(try #require(cookie("enlace_csrf", in: response)))",
                    csrf: try #require(csrfToken(in: response.text)))
            }
            try await client.execute(
                uri: path, method: .post, headers: visitor.form,
                body: form([("_csrf", visitor.csrf), ("password", "password1234"), ("confirm", "password1234")])
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains("too common"))
            }
            let chosen = "a long and personal phrase"
            try await client.execute(
                uri: path, method: .post, headers: visitor.form,
                body: form([("_csrf", visitor.csrf), ("password", chosen), ("confirm", chosen)])
            ) { response async throws in
                #expect(response.status == .seeOther)
                #expect(cookie("enlace_session", in: response) != nil)
            }
            // One use only.
            #expect(
                try await client.execute(uri: path, method: .get, headers: [.accept: "text/html"]) { $0.status }
                    == .notFound)
        }
    }

    @Test("a second factor, once set up, is asked for at sign-in; required roles cannot go anywhere without one")
    func secondFactor() async throws {
        let clock = WallClock.system
        try await TestApp.run(clock: clock, web: WebSecuritySettings(secondFactorRequiredFor: [.admin])) {
            client, world in
            let admin = try await signIn(client, as: "admin")
            try await client.execute(uri: "/admin", method: .get, headers: admin.page) { response async throws in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/account/second-factor")
            }
            let secret = try await client.execute(uri: "/account/second-factor", method: .get, headers: admin.page) {
                response async throws in
                let html = response.text
                let start = try #require(html.range(of: "id=\"totp-secret\">"))
                return totpSecret(fromManualKey: String(html[start.upperBound...].prefix { $0 != "<" }))
            }
            let code = String(format: "%06d", TOTP(secret: secret).compute(date: Date()))
            let renewed = try await client.execute(
                uri: "/account/second-factor", method: .post, headers: admin.form,
                body: form([("_csrf", admin.csrf), ("code", code), ("current", Fixtures.password)])
            ) { response async throws in
                #expect(response.status == .ok)
                #expect(response.text.contains("recovery-codes"))
                return try #require(cookie("enlace_session", in: response), "a new session id with the new factor")
            }
            try await client.execute(
                uri: "/admin", method: .get, headers: [.accept: "text/html", .cookie: "enlace_session=\(renewed)"]
            ) { response async throws in
                #expect(response.status == .ok)
            }
            #expect(try await client.execute(uri: "/admin", method: .get, headers: admin.page) { $0.status } != .ok)
            // A new sign-in now owes the code before anything else.
            let visitor = try await client.execute(uri: "/login", method: .get, headers: [.accept: "text/html"]) {
                response async throws in
                (try #require(cookie("enlace_csrf", in: response)), try #require(csrfToken(in: response.text)))
            }
            let session = try await client.execute(
                uri: "/login", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "enlace_csrf=\(visitor.0)"],
                body: form([("_csrf", visitor.1), ("email", Fixtures.email("admin")), ("password", Fixtures.password)])
            ) { response async throws in
                #expect(response.headers[.location]?.hasPrefix("/login/second-factor") == true)
                return try #require(cookie("enlace_session", in: response))
            }
            let pending: HTTPFields = [.accept: "text/html", .cookie: "enlace_session=\(session)"]
            try await client.execute(uri: "/admin", method: .get, headers: pending) { response async throws in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location]?.hasPrefix("/login") == true)
            }
            let csrf = try await client.execute(uri: "/login/second-factor", method: .get, headers: pending) {
                try #require(csrfToken(in: $0.text))
            }
            let wrong = try await client.execute(
                uri: "/login/second-factor", method: .post,
                headers: pending + [.contentType: "application/x-www-form-urlencoded"],
                body: form([("_csrf", csrf), ("code", "000000")])
            ) { $0.status }
            #expect(wrong == .unauthorized)
            // The code that turned the factor on was used; the next one signs in.
            let full = try await client.execute(
                uri: "/login/second-factor", method: .post,
                headers: pending + [.contentType: "application/x-www-form-urlencoded"],
                body: form([
                    ("_csrf", csrf),
                    ("code", String(format: "%06d", TOTP(secret: secret).compute(date: Date().addingTimeInterval(30)))),
                ])
            ) { response async throws in
                #expect(response.status == .seeOther)
                return try #require(cookie("enlace_session", in: response))
            }
            #expect(
                try await client.execute(
                    uri: "/admin", method: .get, headers: [.accept: "text/html", .cookie: "enlace_session=\(full)"]
                ) { $0.status } == .ok)
            #expect(try await client.execute(uri: "/admin", method: .get, headers: pending) { $0.status } != .ok)
        }
    }
}
