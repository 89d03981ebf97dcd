import EnlaceCore
import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

extension Probe {
    /// The directory's routes: public fora, focal points for members only, kept by the secretariat.
    static let foraRoutes = [
        "GET /api/v1/fora", "POST /api/v1/fora", "GET /api/v1/fora/{id}", "PATCH /api/v1/fora/{id}",
        "GET /api/v1/contacts", "POST /api/v1/contacts", "GET /api/v1/contacts/{id}",
        "PATCH /api/v1/contacts/{id}", "DELETE /api/v1/contacts/{id}", "GET /fora", "GET /fora/{id}",
        "GET /api/v1/fora/{id}/links", "GET /fora/new", "POST /fora", "GET /fora/{id}/edit", "POST /fora/{id}/edit",
        "GET /fora/{id}/contacts/new", "POST /fora/{id}/contacts", "GET /contacts/{id}/edit",
        "POST /contacts/{id}/edit",
        "POST /contacts/{id}/remove",
    ]

    /// What each directory route answers `who`, written out by hand.
    static func expectedForaStatus(_ route: String, _ who: Who) -> HTTPResponse.Status {
        let keeper = who == .admin || who == .secretariat
        // Honduras is a partner nation, not a member: its focal point does not read focal points.
        let member = who != .anonymous && who != .partner
        switch route {
        case "GET /api/v1/fora", "GET /api/v1/fora/{id}", "GET /fora", "GET /fora/{id}", "GET /api/v1/fora/{id}/links":
            return .ok
        case "POST /api/v1/fora", "POST /api/v1/contacts":
            return who == .anonymous ? .unauthorized : keeper ? .created : .forbidden
        case "PATCH /api/v1/fora/{id}": return who == .anonymous ? .unauthorized : keeper ? .ok : .forbidden
        case "GET /api/v1/contacts", "GET /api/v1/contacts/{id}":
            return who == .anonymous ? .unauthorized : member ? .ok : .forbidden
        case "PATCH /api/v1/contacts/{id}": return who == .anonymous ? .unauthorized : keeper ? .ok : .forbidden
        case "DELETE /api/v1/contacts/{id}":
            return who == .anonymous ? .unauthorized : keeper ? .noContent : .forbidden
        case "GET /fora/new", "GET /fora/{id}/edit", "GET /fora/{id}/contacts/new", "GET /contacts/{id}/edit":
            return who == .anonymous ? .seeOther : keeper ? .ok : .forbidden
        case "POST /fora", "POST /fora/{id}/edit", "POST /fora/{id}/contacts", "POST /contacts/{id}/edit",
            "POST /contacts/{id}/remove":
            return who == .anonymous || keeper ? .seeOther : .forbidden
        default:
            Issue.record("no expectation for \(route)")
            return HTTPResponse.Status(code: 599)
        }
    }

    /// A fresh forum id, so that creating probes never collide.
    static func probeForumID() -> String { "probe-" + UUID().uuidString.prefix(8).lowercased() }

    /// A forum the administrator adds for one probe; its id.
    func newForum() async throws -> String {
        let id = Self.probeForumID()
        let status = try await send(
            .post, "/api/v1/fora", world.json("admin"),
            body: ByteBuffer(
                string: #"{"id": "\#(id)", "names": {"en": "Probe forum"}, "acronym": "PF", "scope": "regional"}"#))
        #expect(status == .created)
        return id
    }

    /// A focal point the administrator adds to CICAD for one probe; its id.
    func newContact() async throws -> String {
        try await client.execute(
            uri: "/api/v1/contacts", method: .post, headers: world.json("admin"),
            body: ByteBuffer(string: #"{"forum": "oas-cicad", "name": "Probe Person", "email": "probe@example.org"}"#)
        ) { response async throws in
            #expect(response.status == .created)
            return try #require(try json(response)["id"] as? String)
        }
    }

    func fora(_ route: String, who: Who) async throws -> HTTPResponse.Status {
        let auth = world.auth(who.key)
        let json = world.json(who.key)
        let version: HTTPFields = [.ifMatch: "\"v1\""]
        switch route {
        case "GET /api/v1/fora": return try await send(.get, "/api/v1/fora?keyArea=narco-trafficking", auth)
        case "GET /api/v1/fora/{id}": return try await send(.get, "/api/v1/fora/oas-cicad", auth)
        case "GET /fora": return try await send(.get, "/fora?scope=subregional", page(who))
        case "GET /fora/{id}": return try await send(.get, "/fora/oas-cicad", page(who))
        case "GET /api/v1/fora/{id}/links": return try await send(.get, "/api/v1/fora/oas-cicad/links", auth)
        case "POST /api/v1/fora":
            return try await send(
                .post, "/api/v1/fora", json,
                body: ByteBuffer(
                    string:
                        #"{"id": "\#(Self.probeForumID())", "names": {"en": "Probe"}, "acronym": "P", "scope": "universal"}"#
                ))
        case "PATCH /api/v1/fora/{id}":
            let id = try await newForum()
            return try await send(
                .patch, "/api/v1/fora/\(id)", json + version, body: ByteBuffer(string: #"{"acronym": "PF2"}"#))
        case "GET /api/v1/contacts": return try await send(.get, "/api/v1/contacts?forum=oas-cicad", auth)
        case "GET /api/v1/contacts/{id}":
            return try await send(.get, "/api/v1/contacts/\(try await newContact())", auth)
        case "POST /api/v1/contacts":
            return try await send(
                .post, "/api/v1/contacts", json, body: ByteBuffer(string: #"{"forum": "sica", "name": "Probe"}"#))
        case "PATCH /api/v1/contacts/{id}":
            return try await send(
                .patch, "/api/v1/contacts/\(try await newContact())", json + version,
                body: ByteBuffer(string: #"{"position": "Officer"}"#))
        case "DELETE /api/v1/contacts/{id}":
            return try await send(.delete, "/api/v1/contacts/\(try await newContact())", auth + version)
        case "GET /fora/new": return try await send(.get, "/fora/new", page(who))
        case "GET /fora/{id}/edit": return try await send(.get, "/fora/\(try await newForum())/edit", page(who))
        case "GET /fora/{id}/contacts/new": return try await send(.get, "/fora/sica/contacts/new", page(who))
        case "GET /contacts/{id}/edit":
            return try await send(.get, "/contacts/\(try await newContact())/edit", page(who))
        case "POST /fora":
            return try await post(
                "/fora", who,
                [("id", Self.probeForumID()), ("names.en", "Probe"), ("acronym", "P"), ("scope", "regional")])
        case "POST /fora/{id}/edit":
            return try await post(
                "/fora/\(try await newForum())/edit", who,
                [("names.en", "Probe forum"), ("acronym", "PF2"), ("scope", "regional"), ("version", "1")])
        case "POST /fora/{id}/contacts":
            return try await post("/fora/sica/contacts", who, [("name", "Probe Person"), ("languages", "es")])
        case "POST /contacts/{id}/edit":
            return try await post(
                "/contacts/\(try await newContact())/edit", who, [("name", "Probe Person"), ("version", "1")])
        case "POST /contacts/{id}/remove":
            return try await post("/contacts/\(try await newContact())/remove", who, [("version", "1")])
        default:
            Issue.record("no probe for \(route)")
            return HTTPResponse.Status(code: 599)
        }
    }
}
