import EnlaceCore
import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// Sends the request of one matrix cell and returns the status it got.
struct Probe {
    let client: any TestClientProtocol
    let world: TestWorld
    let browsers: [Who: BrowserSession]
    private let serial = ProbeSerial()

    /// Dates of their own for the next probe activity, 45 days after the previous one's (beyond the
    /// 30-day margin): probes that share dates would all overlap one another.
    func nextDates() -> [String: Any] {
        let start = CalendarDate(year: 1990, month: 1, day: 1)!.adding(days: serial.next() * 45)
        return ["plannedStart": start.iso, "plannedEnd": start.adding(days: 11).iso]
    }

    /// A new overlap between a US-INL activity marked `marking` and a public Colombian twin; its id.
    func newOverlap(_ marking: ProbeMarking) async throws -> String {
        let dates = nextDates()
        let marked = try await createActivity(
            client, world,
            ["title": "Overlap probe \(marking.rawValue)", "releasability": marking.releasability].merging(
                dates, uniquingKeysWith: { a, _ in a }))
        _ = try await createActivity(
            client, world,
            [
                "title": "Overlap probe twin", "releasability": ["marking": "public"],
                "providers": [["organization": "CO-PONAL", "role": "implementing"]],
            ].merging(dates, uniquingKeysWith: { a, _ in a }), as: "colombia")
        return try await client.execute(
            uri: "/api/v1/activities/\(marked)/overlaps", method: .get, headers: world.auth("secretariat")
        ) { response async throws in
            let items = try #require(try json(response)["items"] as? [[String: Any]])
            #expect(items.count == 1)
            return try #require(items.first?["id"] as? String)
        }
    }

    func overlap(_ route: String, id: String, who: Who) async throws -> HTTPResponse.Status {
        switch route {
        case "GET /api/v1/overlaps/{id}": return try await send(.get, "/api/v1/overlaps/\(id)", world.auth(who.key))
        case "PATCH /api/v1/overlaps/{id}":
            return try await send(
                .patch, "/api/v1/overlaps/\(id)", world.json(who.key) + [.ifMatch: "\"v1\""],
                body: ByteBuffer(string: #"{"status": "resolved", "reason": "probe"}"#))
        case "GET /overlaps/{id}": return try await send(.get, "/overlaps/\(id)", page(who))
        case "POST /overlaps/{id}":
            return try await post("/overlaps/\(id)", who, [("status", "resolved"), ("version", "1")])
        case "POST /api/v1/overlaps/{id}/notices":
            return try await send(.post, "/api/v1/overlaps/\(id)/notices", world.auth(who.key))
        case "POST /overlaps/{id}/notices": return try await post("/overlaps/\(id)/notices", who, [])
        default:
            Issue.record("no probe for \(route)")
            return HTTPResponse.Status(code: 599)
        }
    }

    /// Routes whose cells depend on the role only; in this order, because some change state.
    static let roleRoutes = [
        "GET /static/**", "GET /healthz", "GET /readyz", "GET /api/v1/openapi.json", "GET /api/v1/activities",
        "POST /api/v1/activities", "GET /api/v1/organizations", "GET /api/v1/organizations/{code}",
        "POST /api/v1/organizations", "PUT /api/v1/organizations/{code}", "GET /api/v1/countries",
        "GET /api/v1/currencies", "GET /api/v1/key-areas", "GET /api/v1/topics", "GET /api/v1/activity-kinds",
        "GET /api/v1/modalities", "GET /api/v1/activity-statuses", "GET /api/v1/me", "GET /api/v1/users",
        "PATCH /api/v1/users/{id}", "POST /api/v1/invitations", "GET /api/v1/tokens", "POST /api/v1/tokens",
        "DELETE /api/v1/tokens/{id}", "GET /api/v1/audit", "GET /api/v1/audit/verify", "GET /", "GET /activities",
        "GET /activities/new", "POST /activities", "GET /language/{code}", "GET /login", "POST /login",
        "GET /login/second-factor", "POST /login/second-factor", "GET /invitations/{token}",
        "POST /invitations/{token}", "GET /account", "POST /account/tokens", "POST /account/tokens/{id}/revoke",
        "GET /account/second-factor", "POST /account/second-factor", "POST /account/password", "GET /admin",
        "GET /admin/organizations",
        "POST /admin/organizations", "GET /admin/organizations/{code}", "POST /admin/organizations/{code}",
        "GET /admin/users", "POST /admin/users/invite", "POST /admin/users/{id}/roles",
        "POST /admin/users/{id}/deactivate", "POST /admin/users/{id}/reactivate", "GET /admin/audit",
        "POST /admin/audit/verify", "GET /api/v1/coverage", "GET /api/v1/coverage.csv", "GET /coverage",
        "GET /api/v1/iati/activities.xml", "GET /api/v1/activities.csv", "GET /api/v1/activities.geojson",
        "GET /api/v1/overlaps", "GET /overlaps", "POST /api/v1/imports/iati", "GET /imports", "POST /imports",
        "GET /imports/{id}", "POST /api/v1/imports/csv", "GET /imports/template.csv", "GET /imports/code-lists.csv",
        "POST /api/v1/overlaps/scan",
        "POST /overlaps/scan", "POST /logout",
    ]

    /// A probe with a browser for every role, each signed in (the visitor not).
    static func signedIn(_ client: any TestClientProtocol, _ world: TestWorld) async throws -> Probe {
        var browsers: [Who: BrowserSession] = [:]
        for who in Who.allCases {
            browsers[who] = who == .anonymous ? try await visitor(client) : try await signIn(client, as: who.rawValue)
        }
        return Probe(client: client, world: world, browsers: browsers)
    }

    /// An anonymous browser: a visitor anti-forgery cookie and token, as the login form hands out.
    static func visitor(_ client: any TestClientProtocol) async throws -> BrowserSession {
        try await client.execute(uri: "/login", method: .get, headers: [.accept: "text/html"]) {
            response async throws in
            BrowserSession(
                cookie: "enlace_csrf=\(try #require(cookie("enlace_csrf", in: response)))",
                csrf: try #require(csrfToken(in: response.text)))
        }
    }

    /// Routes the matrix leaves out, with the reason.
    static let excluded: Set<String> = []

    func send(
        _ method: HTTPRequest.Method, _ uri: String, _ headers: HTTPFields = [:], body: ByteBuffer? = nil
    ) async throws -> HTTPResponse.Status {
        try await client.execute(uri: uri, method: method, headers: headers, body: body) { $0.status }
    }

    func page(_ who: Who) -> HTTPFields { browsers[who]?.page ?? [.accept: "text/html"] }

    func post(_ uri: String, _ who: Who, _ fields: [(String, String)]) async throws -> HTTPResponse.Status {
        guard let browser = browsers[who] else { return HTTPResponse.Status(code: 599) }
        return try await send(.post, uri, browser.form, body: form(fields + [("_csrf", browser.csrf)]))
    }

    /// A `multipart/form-data` body of `parts` (name, value, file name for a file).
    func multipart(_ boundary: String, _ parts: [(String, String, String?)]) -> String {
        var body = ""
        for (name, value, file) in parts {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\""
            if let file { body += "; filename=\"\(file)\"\r\nContent-Type: application/xml" }
            body += "\r\n\r\n\(value)\r\n"
        }
        return body + "--\(boundary)--\r\n"
    }

    /// A form that changes an activity without touching its marking (as the form does for someone who may not).
    static let editForm = validForm.filter { $0.0 != "releasability.marking" } + [("version", "1")]

    func activity(_ route: String, id: String, who: Who) async throws -> HTTPResponse.Status {
        let api = "/api/v1/activities/\(id)"
        switch route {
        case "GET /api/v1/activities/{id}": return try await send(.get, api, world.auth(who.key))
        case "GET /api/v1/activities/{id}/history": return try await send(.get, api + "/history", world.auth(who.key))
        case "PUT /api/v1/activities/{id}":
            return try await send(
                .put, api, world.json(who.key) + [.ifMatch: "\"v1\""], body: try activityJSON(["title": "Probe edit"]))
        case "PATCH /api/v1/activities/{id}":
            return try await send(
                .patch, api, world.auth(who.key) + [.contentType: "application/merge-patch+json", .ifMatch: "\"v1\""],
                body: ByteBuffer(string: #"{"participantsTrained": 3}"#))
        case "DELETE /api/v1/activities/{id}": return try await send(.delete, api, world.auth(who.key))
        case "GET /api/v1/activities/{id}/overlaps": return try await send(.get, api + "/overlaps", world.auth(who.key))
        case "GET /activities/{id}": return try await send(.get, "/activities/\(id)", page(who))
        case "GET /activities/{id}/history": return try await send(.get, "/activities/\(id)/history", page(who))
        case "GET /activities/{id}/edit": return try await send(.get, "/activities/\(id)/edit", page(who))
        case "POST /activities/{id}/edit": return try await post("/activities/\(id)/edit", who, Self.editForm)
        case "POST /activities/{id}/archive":
            return try await post("/activities/\(id)/archive", who, [("version", "1")])
        case "GET /activities/{id}/funding": return try await send(.get, "/activities/\(id)/funding", page(who))
        case "POST /activities/{id}/funding":
            return try await post(
                "/activities/\(id)/funding", who,
                [
                    ("version", "1"), ("action", "add-budget-line"), ("kind", "1"), ("periodStart", "2026-01-01"),
                    ("periodEnd", "2026-12-31"), ("budgetAmount", "1000"), ("budgetCurrency", "USD"),
                ])
        case "GET /activities/{id}/results": return try await send(.get, "/activities/\(id)/results", page(who))
        case "POST /activities/{id}/results":
            return try await post(
                "/activities/\(id)/results", who,
                [
                    ("version", "1"), ("action", "add-indicator"), ("title", "Probe indicator"), ("type", "output"),
                    ("measure", "unit"), ("target", "20"),
                ])
        case "GET /api/v1/activities/{id}/fora":
            return try await send(.get, "/api/v1/activities/\(id)/fora", world.auth(who.key))
        case "PUT /api/v1/activities/{id}/fora":
            return try await send(
                .put, "/api/v1/activities/\(id)/fora", world.json(who.key),
                body: ByteBuffer(string: #"{"fora": ["oas-cicad"]}"#))
        case "POST /activities/{id}/fora": return try await post("/activities/\(id)/fora", who, [("fora", "sica")])
        default:
            Issue.record("no probe for \(route)")
            return HTTPResponse.Status(code: 599)
        }
    }

    func role(_ route: String, who: Who) async throws -> HTTPResponse.Status {
        let tag = who.rawValue
        let auth = world.auth(who.key)
        let json = world.json(who.key)
        switch route {
        case "GET /healthz", "GET /readyz", "GET /metrics", "GET /api/v1/openapi.json", "GET /api/v1/activities",
            "GET /api/v1/organizations", "GET /api/v1/countries", "GET /api/v1/currencies", "GET /api/v1/key-areas",
            "GET /api/v1/topics", "GET /api/v1/activity-kinds", "GET /api/v1/modalities",
            "GET /api/v1/activity-statuses", "GET /api/v1/me", "GET /api/v1/users", "GET /api/v1/tokens",
            "GET /api/v1/audit", "GET /api/v1/audit/verify", "GET /api/v1/coverage", "GET /api/v1/coverage.csv",
            "GET /api/v1/iati/activities.xml", "GET /api/v1/activities.csv", "GET /api/v1/activities.geojson",
            "GET /api/v1/overlaps":
            return try await send(.get, String(route.dropFirst(4)), auth)
        case "GET /static/**": return try await send(.get, "/static/app.css", auth)
        case "POST /api/v1/overlaps/scan": return try await send(.post, "/api/v1/overlaps/scan", auth)
        case "POST /api/v1/imports/iati":
            // A file that is not IATI: importers are refused it (422), everyone else is refused the import.
            return try await send(
                .post, "/api/v1/imports/iati", auth + [.contentType: "application/xml"],
                body: ByteBuffer(string: "<iati-organisations version=\"2.03\"/>"))
        case "POST /api/v1/imports/csv":
            return try await send(
                .post, "/api/v1/imports/csv", auth + [.contentType: "text/csv"],
                body: ByteBuffer(string: "foo,bar\n1,2\n"))
        case "GET /imports", "GET /imports/template.csv", "GET /imports/code-lists.csv":
            return try await send(.get, String(route.dropFirst(4)), page(who))
        case "GET /imports/{id}":
            return try await send(.get, "/imports/00000000-0000-0000-0000-000000000000", page(who))
        case "POST /imports":
            guard let browser = browsers[who] else { return HTTPResponse.Status(code: 599) }
            let boundary = "probe-boundary"
            var headers = browser.form
            headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
            return try await send(
                .post, "/imports", headers,
                body: ByteBuffer(
                    string: multipart(
                        boundary,
                        [("_csrf", browser.csrf, nil), ("dryRun", "true", nil), ("file", "not xml", "probe.xml")])))
        case "POST /overlaps/scan": return try await post("/overlaps/scan", who, [])
        case "GET /api/v1/organizations/{code}": return try await send(.get, "/api/v1/organizations/US-INL", auth)
        case "POST /api/v1/activities":
            return try await send(.post, "/api/v1/activities", json, body: try activityJSON())
        case "POST /api/v1/organizations":
            return try await send(
                .post, "/api/v1/organizations", json,
                body: ByteBuffer(string: #"{"code": "PROBE-\#(tag.uppercased())", "name": "Probe", "kind": "agency"}"#))
        case "PUT /api/v1/organizations/{code}":
            return try await send(
                .put, "/api/v1/organizations/ES", json,
                body: ByteBuffer(
                    string:
                        #"{"code": "ES", "name": "Reino de España", "kind": "government", "country": "ES", "member": true}"#
                ))
        case "PATCH /api/v1/users/{id}":
            let id = world.principals["viewer"]?.userID ?? ""
            return try await send(
                .patch, "/api/v1/users/\(id)", json, body: ByteBuffer(string: #"{"roles": ["viewer"]}"#))
        case "POST /api/v1/invitations":
            return try await send(
                .post, "/api/v1/invitations", json,
                body: ByteBuffer(
                    string:
                        #"{"email": "invited-\#(tag)@example.org", "name": "Invited", "organization": "HN", "roles": ["partner"]}"#
                ))
        case "POST /api/v1/tokens":
            return try await send(
                .post, "/api/v1/tokens", json, body: ByteBuffer(string: #"{"name": "probe", "scope": "read"}"#))
        case "DELETE /api/v1/tokens/{id}":
            guard who != .anonymous else { return try await send(.delete, "/api/v1/tokens/none", auth) }
            return try await send(.delete, "/api/v1/tokens/\(try await newTokenID(who))", auth)
        case "GET /", "GET /activities", "GET /activities/new", "GET /login", "GET /login/second-factor",
            "GET /account", "GET /account/second-factor", "GET /admin", "GET /admin/organizations", "GET /admin/users",
            "GET /admin/audit", "GET /coverage", "GET /overlaps":
            return try await send(.get, String(route.dropFirst(4)), page(who))
        case "GET /language/{code}": return try await send(.get, "/language/es", page(who))
        case "GET /admin/organizations/{code}": return try await send(.get, "/admin/organizations/US", page(who))
        case "POST /activities": return try await post("/activities", who, validForm)
        case "POST /login":
            return try await post("/login", who, [("email", Fixtures.email(tag)), ("password", "not the password 42")])
        case "POST /login/second-factor": return try await post("/login/second-factor", who, [("code", "123456")])
        case "GET /invitations/{token}": return try await send(.get, "/invitations/not-a-token", page(who))
        case "POST /invitations/{token}":
            return try await post("/invitations/not-a-token", who, [("password", "x"), ("confirm", "x")])
        case "POST /account/tokens":
            return try await post(
                "/account/tokens", who, [("name", "probe"), ("scope", "read"), ("current", Fixtures.password)])
        case "POST /account/tokens/{id}/revoke":
            let id = who == .anonymous ? "none" : try await newTokenID(who)
            return try await post("/account/tokens/\(id)/revoke", who, [])
        case "POST /account/second-factor":
            return try await post(
                "/account/second-factor", who,
                [("secret", "ABCDEFGHIJKLMNOPQRST"), ("code", "000000"), ("current", Fixtures.password)])
        case "POST /account/password":
            // Two new passwords that differ: refused before the current one is checked, so no cell counts
            // against the sign-in throttle and no session the other cells use ends.
            return try await post(
                "/account/password", who,
                [("current", Fixtures.password), ("password", "one long new phrase"), ("confirm", "another one")])
        case "POST /admin/organizations":
            return try await post(
                "/admin/organizations", who,
                [("code", "FORM-\(tag.uppercased())"), ("name", "Probe"), ("kind", "agency")])
        case "POST /admin/organizations/{code}":
            return try await post(
                "/admin/organizations/ES", who,
                [("name", "Reino de España"), ("kind", "government"), ("country", "ES"), ("member", "on")])
        case "POST /admin/users/invite":
            return try await post(
                "/admin/users/invite", who,
                [
                    ("email", "form-\(tag)@example.org"), ("name", "Invited"), ("organization", "HN"),
                    ("roles", "partner"),
                ])
        case "POST /admin/users/{id}/roles":
            return try await post(
                "/admin/users/\(world.principals["viewer"]?.userID ?? "")/roles", who, [("roles", "viewer")])
        case "POST /admin/users/{id}/deactivate":
            return try await post("/admin/users/\(world.principals["spare"]?.userID ?? "")/deactivate", who, [])
        case "POST /admin/users/{id}/reactivate":
            return try await post("/admin/users/\(world.principals["spare"]?.userID ?? "")/reactivate", who, [])
        case "POST /admin/audit/verify": return try await post("/admin/audit/verify", who, [])
        case "POST /logout":
            // A fresh session of its own, so that signing out does not end the one the other cells use.
            let browser = who == .anonymous ? browsers[.anonymous] : try await signIn(client, as: tag)
            guard let browser else { return HTTPResponse.Status(code: 599) }
            return try await send(.post, "/logout", browser.form, body: form([("_csrf", browser.csrf)]))
        default:
            Issue.record("no probe for \(route)")
            return HTTPResponse.Status(code: 599)
        }
    }

    /// A new read-only token of `who`'s, made through the API, for the cells that revoke one.
    func newTokenID(_ who: Who) async throws -> String {
        try await client.execute(
            uri: "/api/v1/tokens", method: .post, headers: world.json(who.key),
            body: ByteBuffer(string: #"{"name": "to revoke", "scope": "read"}"#)
        ) { response async throws in try #require(try json(response)["id"] as? String) }
    }
}

/// A counter shared by the copies of a probe.
final class ProbeSerial: Sendable {
    private let value = Mutex(0)

    func next() -> Int {
        value.withLock { value in
            value += 1
            return value
        }
    }
}
