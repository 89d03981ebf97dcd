import EnlaceCore
import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

extension Probe {
    /// Routes whose answer depends on the need's marking, probed on a fresh need of the secretariat's each.
    static let needRoutes = [
        "GET /api/v1/needs/{id}", "PATCH /api/v1/needs/{id}", "GET /api/v1/needs/{id}/matches",
        "POST /api/v1/needs/{id}/links", "DELETE /api/v1/needs/{id}/links/{activity}", "GET /needs/{id}",
        "GET /needs/{id}/edit", "POST /needs/{id}/edit", "POST /needs/{id}/links",
    ]

    /// Need routes whose answer depends on the role only.
    static let needRoleRoutes = [
        "GET /api/v1/needs", "POST /api/v1/needs", "GET /needs", "GET /needs/new", "POST /needs", "GET /needs/planning",
    ]

    /// Who may read a need recorded by the secretariat (HCE) with `marking`, written out by hand.
    static func needVisible(_ marking: ProbeMarking, _ who: Who) -> Bool {
        switch (marking, who) {
        case (.public, _): true
        case (_, .anonymous): false
        case (.members, .partner): false
        case (.members, _): true
        case (.restrictedToColombia, .admin), (.restrictedToColombia, .secretariat), (.restrictedToColombia, .colombia):
            true
        case (.restrictedToHonduras, .admin), (.restrictedToHonduras, .secretariat), (.restrictedToHonduras, .partner):
            true
        default: false
        }
    }

    /// What each need route answers `who` for a need marked `marking`.
    static func expectedNeedStatus(_ route: String, _ who: Who, _ marking: ProbeMarking) -> HTTPResponse.Status {
        let visible = needVisible(marking, who)
        let page = !route.contains(" /api/")
        let editsNeed = [.admin, .secretariat].contains(who)
        let editsActivity = [.admin, .coordinator, .contributor].contains(who)
        if route == "GET /api/v1/needs/{id}" { return visible ? .ok : .notFound }
        if who == .anonymous { return page ? .seeOther : .unauthorized }
        if !visible { return .notFound }
        switch route {
        case "GET /api/v1/needs/{id}/matches", "GET /needs/{id}": return .ok
        case "PATCH /api/v1/needs/{id}": return editsNeed ? .ok : .forbidden
        case "GET /needs/{id}/edit": return editsNeed ? .ok : .forbidden
        case "POST /needs/{id}/edit": return editsNeed ? .seeOther : .forbidden
        case "POST /api/v1/needs/{id}/links": return editsActivity ? .ok : .forbidden
        case "DELETE /api/v1/needs/{id}/links/{activity}": return editsActivity || editsNeed ? .ok : .forbidden
        case "POST /needs/{id}/links": return editsActivity ? .seeOther : .forbidden
        default:
            Issue.record("no expectation for \(route)")
            return HTTPResponse.Status(code: 599)
        }
    }

    static func expectedNeedRoleStatus(_ route: String, _ who: Who) -> HTTPResponse.Status {
        let signedIn = who != .anonymous
        let creates = [.admin, .secretariat, .partner].contains(who)
        switch route {
        case "GET /api/v1/needs": return .ok
        case "POST /api/v1/needs": return !signedIn ? .unauthorized : creates ? .created : .forbidden
        case "GET /needs", "GET /needs/planning": return signedIn ? .ok : .seeOther
        case "GET /needs/new": return !signedIn ? .seeOther : creates ? .ok : .forbidden
        case "POST /needs": return !signedIn ? .seeOther : creates ? .seeOther : .forbidden
        default:
            Issue.record("no expectation for \(route)")
            return HTTPResponse.Status(code: 599)
        }
    }

    static func needBody(_ releasability: [String: Any]) throws -> ByteBuffer {
        let body: [String: Any] = [
            "title": "Probe need for the Honduran Navy", "country": "HN", "institution": "Fuerza Naval de Honduras",
            "keyAreas": ["narco-trafficking"], "priority": 2, "windowStart": "2026-01-01", "windowEnd": "2026-12-31",
            "releasability": releasability,
        ]
        return ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
    }

    static let needForm: [(String, String)] = [
        ("title", "Probe need changed"), ("country", "HN"), ("institution", "Fuerza Naval de Honduras"),
        ("keyAreas", "narco-trafficking"), ("priority", "2"), ("windowStart", "2026-01-01"),
        ("windowEnd", "2026-12-31"), ("version", "1"),
    ]

    /// A fresh need of the secretariat's marked `marking`.
    func newNeed(_ marking: ProbeMarking) async throws -> String {
        try await client.execute(
            uri: "/api/v1/needs", method: .post, headers: world.json("secretariat"),
            body: try Self.needBody(marking.releasability)
        ) { response async throws in
            #expect(response.status == .created, "\(response.text)")
            return try #require(try json(response)["id"] as? String)
        }
    }

    func need(_ route: String, id: String, activity: String, who: Who) async throws -> HTTPResponse.Status {
        let api = "/api/v1/needs/\(id)"
        switch route {
        case "GET /api/v1/needs/{id}": return try await send(.get, api, world.auth(who.key))
        case "PATCH /api/v1/needs/{id}":
            return try await send(
                .patch, api, world.auth(who.key) + [.contentType: "application/merge-patch+json", .ifMatch: "\"v1\""],
                body: ByteBuffer(string: #"{"priority": 1}"#))
        case "GET /api/v1/needs/{id}/matches": return try await send(.get, api + "/matches", world.auth(who.key))
        case "POST /api/v1/needs/{id}/links":
            return try await send(
                .post, api + "/links", world.json(who.key), body: ByteBuffer(string: #"{"activity": "\#(activity)"}"#))
        case "DELETE /api/v1/needs/{id}/links/{activity}":
            return try await send(.delete, api + "/links/\(activity)", world.auth(who.key))
        case "GET /needs/{id}": return try await send(.get, "/needs/\(id)", page(who))
        case "GET /needs/{id}/edit": return try await send(.get, "/needs/\(id)/edit", page(who))
        case "POST /needs/{id}/edit": return try await post("/needs/\(id)/edit", who, Self.needForm)
        case "POST /needs/{id}/links":
            return try await post("/needs/\(id)/links", who, [("action", "link"), ("activity", activity)])
        default:
            Issue.record("no probe for \(route)")
            return HTTPResponse.Status(code: 599)
        }
    }

    func needRole(_ route: String, who: Who) async throws -> HTTPResponse.Status {
        switch route {
        case "GET /api/v1/needs": return try await send(.get, "/api/v1/needs", world.auth(who.key))
        case "POST /api/v1/needs":
            return try await send(
                .post, "/api/v1/needs", world.json(who.key), body: try Self.needBody(["marking": "members"]))
        case "GET /needs", "GET /needs/new": return try await send(.get, String(route.dropFirst(4)), page(who))
        case "GET /needs/planning": return try await send(.get, "/needs/planning?country=HN&year=2026", page(who))
        case "POST /needs": return try await post("/needs", who, Self.needForm.filter { $0.0 != "version" })
        default:
            Issue.record("no probe for \(route)")
            return HTTPResponse.Status(code: 599)
        }
    }
}
