import EnlaceCore
import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The records one meeting probe works on: a fresh series of US-INL's, its first meeting, an agenda item
/// and an action item of that meeting.
struct MeetingProbeRecords {
    let series: String
    let meeting: String
    let agendaItem: String
    let actionItem: String
}

extension Probe {
    /// Routes whose cells depend on the meeting's marking, probed on a fresh series each.
    static let meetingRoutes = [
        "GET /api/v1/meeting-series/{id}", "PATCH /api/v1/meeting-series/{id}", "GET /api/v1/meetings/{id}",
        "PATCH /api/v1/meetings/{id}", "POST /api/v1/meetings", "GET /api/v1/meetings/{id}/agenda",
        "POST /api/v1/meetings/{id}/agenda", "PATCH /api/v1/meetings/{id}/agenda/{item}",
        "DELETE /api/v1/meetings/{id}/agenda/{item}", "GET /api/v1/meetings/{id}/decisions",
        "POST /api/v1/meetings/{id}/decisions", "GET /api/v1/meetings/{id}/suggestions",
        "POST /api/v1/meetings/{id}/suggestions/{overlap}", "GET /api/v1/action-items/{id}",
        "POST /api/v1/action-items", "PATCH /api/v1/action-items/{id}", "GET /meeting-series/{id}",
        "GET /meeting-series/{id}/edit", "POST /meeting-series/{id}/edit", "GET /meetings/{id}",
        "POST /meetings/{id}/status", "POST /meetings/{id}/details", "POST /meetings/{id}/participants",
        "GET /meetings/{id}/minutes", "GET /api/v1/meeting-series/{id}/fora", "PUT /api/v1/meeting-series/{id}/fora",
        "POST /meeting-series/{id}/fora",
        "POST /meetings/{id}/minutes", "POST /meetings/{id}/agenda", "POST /meetings/{id}/agenda/{item}",
        "POST /meetings/{id}/suggestions/{overlap}", "POST /meetings/{id}/decisions", "POST /meetings/{id}/actions",
        "GET /meetings/{id}/brief", "POST /actions/{id}", "GET /feeds/{key}/series/{file}",
    ]

    /// The series body every probe series is made from, with `marking`'s releasability.
    static func seriesBody(_ marking: ProbeMarking, name: String = "Probe series") throws -> ByteBuffer {
        let body: [String: Any] = [
            "name": name, "level": "technical", "keyAreas": ["narco-trafficking"], "chairs": ["US-INL"],
            "members": ["CO-PONAL", "HN"], "timeZone": "America/Bogota", "firstDate": "2027-01-05",
            "startTime": "10:00", "rhythm": "FREQ=WEEKLY;COUNT=2", "releasability": marking.releasability,
        ]
        return ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
    }

    /// A fresh series of US-INL's marked `marking`, with an agenda item and an action item on its first meeting.
    func newMeeting(_ marking: ProbeMarking) async throws -> MeetingProbeRecords {
        let owner = world.json("contributor")
        let series = try await client.execute(
            uri: "/api/v1/meeting-series", method: .post, headers: owner, body: try Self.seriesBody(marking)
        ) { response async throws in
            #expect(response.status == .created, "\(response.text)")
            return try #require(try json(response)["id"] as? String)
        }
        let meeting = try await client.execute(
            uri: "/api/v1/meetings?series=\(series)", method: .get, headers: world.auth("contributor")
        ) { response async throws in
            try #require((try json(response)["items"] as? [[String: Any]])?.first?["id"] as? String)
        }
        let item = try await client.execute(
            uri: "/api/v1/meetings/\(meeting)/agenda", method: .post, headers: owner,
            body: ByteBuffer(string: #"{"title": "Probe item"}"#)
        ) { response async throws in try #require(try json(response)["id"] as? String) }
        let action = try await client.execute(
            uri: "/api/v1/action-items", method: .post, headers: owner,
            body: ByteBuffer(
                string: #"{"meeting": "\#(meeting)", "text": "Probe action", "owner": "US-INL", "due": "2027-02-01"}"#)
        ) { response async throws in try #require(try json(response)["id"] as? String) }
        return MeetingProbeRecords(series: series, meeting: meeting, agendaItem: item, actionItem: action)
    }

    /// `who`'s own calendar feed key, or one that does not exist for a visitor.
    func feedKey(_ who: Who) async throws -> String {
        guard who != .anonymous else { return "not-a-feed-key-of-anyone-at-all" }
        return try await client.execute(uri: "/api/v1/me", method: .get, headers: world.auth(who.key)) {
            response async throws in
            let url = try #require(try json(response)["feedUrl"] as? String)
            return try #require(url.split(separator: "/").dropLast().last.map(String.init))
        }
    }

    func meeting(_ route: String, _ ids: MeetingProbeRecords, who: Who) async throws -> HTTPResponse.Status {
        let auth = world.auth(who.key)
        let json = world.json(who.key)
        var patch = auth
        patch[.contentType] = "application/merge-patch+json"
        patch[.ifMatch] = "\"v1\""
        let meeting = "/api/v1/meetings/\(ids.meeting)"
        let page = "/meetings/\(ids.meeting)"
        switch route {
        case "GET /api/v1/meeting-series/{id}":
            return try await send(.get, "/api/v1/meeting-series/\(ids.series)", auth)
        case "PATCH /api/v1/meeting-series/{id}":
            return try await send(
                .patch, "/api/v1/meeting-series/\(ids.series)", patch, body: ByteBuffer(string: #"{"venue": "Quito"}"#))
        case "GET /api/v1/meetings/{id}": return try await send(.get, meeting, auth)
        case "PATCH /api/v1/meetings/{id}":
            return try await send(.patch, meeting, patch, body: ByteBuffer(string: #"{"status": "held"}"#))
        case "POST /api/v1/meetings":
            return try await send(
                .post, "/api/v1/meetings", json,
                body: ByteBuffer(string: #"{"series": "\#(ids.series)", "start": "2027-01-08T09:00"}"#))
        case "GET /api/v1/meetings/{id}/agenda": return try await send(.get, meeting + "/agenda", auth)
        case "POST /api/v1/meetings/{id}/agenda":
            return try await send(.post, meeting + "/agenda", json, body: ByteBuffer(string: #"{"title": "Added"}"#))
        case "PATCH /api/v1/meetings/{id}/agenda/{item}":
            return try await send(
                .patch, meeting + "/agenda/\(ids.agendaItem)", json, body: ByteBuffer(string: #"{"position": 1}"#))
        case "DELETE /api/v1/meetings/{id}/agenda/{item}":
            return try await send(.delete, meeting + "/agenda/\(ids.agendaItem)", auth)
        case "GET /api/v1/meetings/{id}/decisions": return try await send(.get, meeting + "/decisions", auth)
        case "POST /api/v1/meetings/{id}/decisions":
            return try await send(.post, meeting + "/decisions", json, body: ByteBuffer(string: #"{"text": "Agreed"}"#))
        case "GET /api/v1/meetings/{id}/suggestions": return try await send(.get, meeting + "/suggestions", auth)
        case "POST /api/v1/meetings/{id}/suggestions/{overlap}":
            return try await send(
                .post, meeting + "/suggestions/no-such-overlap", json,
                body: ByteBuffer(string: #"{"answer": "accept"}"#))
        case "GET /api/v1/action-items/{id}":
            return try await send(.get, "/api/v1/action-items/\(ids.actionItem)", auth)
        case "POST /api/v1/action-items":
            return try await send(
                .post, "/api/v1/action-items", json,
                body: ByteBuffer(
                    string: #"{"meeting": "\#(ids.meeting)", "text": "More", "owner": "US-INL", "due": "2027-03-01"}"#))
        case "PATCH /api/v1/action-items/{id}":
            return try await send(
                .patch, "/api/v1/action-items/\(ids.actionItem)", patch,
                body: ByteBuffer(string: #"{"status": "done"}"#))
        case "GET /meeting-series/{id}": return try await send(.get, "/meeting-series/\(ids.series)", self.page(who))
        case "GET /api/v1/meeting-series/{id}/fora":
            return try await send(.get, "/api/v1/meeting-series/\(ids.series)/fora", auth)
        case "PUT /api/v1/meeting-series/{id}/fora":
            return try await send(
                .put, "/api/v1/meeting-series/\(ids.series)/fora", json,
                body: ByteBuffer(string: #"{"fora": ["ameripol", "oas-cicad"]}"#))
        case "POST /meeting-series/{id}/fora":
            return try await post("/meeting-series/\(ids.series)/fora", who, [("fora", "ameripol")])
        case "GET /meeting-series/{id}/edit":
            return try await send(.get, "/meeting-series/\(ids.series)/edit", self.page(who))
        case "POST /meeting-series/{id}/edit":
            return try await post(
                "/meeting-series/\(ids.series)/edit", who,
                [
                    ("name", "Probe series"), ("level", "technical"), ("keyAreas", "narco-trafficking"),
                    ("chairs", "US-INL"), ("timeZone", "America/Bogota"), ("firstDate", "2027-01-05"),
                    ("startTime", "10:00"), ("rhythm", "FREQ=WEEKLY;COUNT=2"), ("version", "1"),
                ])
        case "GET /meetings/{id}": return try await send(.get, page, self.page(who))
        case "POST /meetings/{id}/status":
            return try await post(page + "/status", who, [("status", "held"), ("version", "1")])
        case "POST /meetings/{id}/details":
            return try await post(
                page + "/details", who,
                [
                    ("title", "Moved"), ("start", "2027-01-05T11:00"), ("end", "2027-01-05T13:00"), ("venue", "Quito"),
                    ("virtualLink", ""), ("version", "1"),
                ])
        case "POST /meetings/{id}/participants":
            return try await post(page + "/participants", who, [("attendance.0", "present"), ("version", "1")])
        case "GET /meetings/{id}/minutes": return try await send(.get, page + "/minutes", self.page(who))
        case "POST /meetings/{id}/minutes":
            return try await post(page + "/minutes", who, [("minutes", "# Minutes"), ("version", "1")])
        case "POST /meetings/{id}/agenda": return try await post(page + "/agenda", who, [("title", "From the page")])
        case "POST /meetings/{id}/agenda/{item}":
            return try await post(page + "/agenda/\(ids.agendaItem)", who, [("move", "remove")])
        case "POST /meetings/{id}/suggestions/{overlap}":
            return try await post(page + "/suggestions/no-such-overlap", who, [("answer", "dismiss")])
        case "POST /meetings/{id}/decisions": return try await post(page + "/decisions", who, [("text", "Agreed")])
        case "POST /meetings/{id}/actions":
            return try await post(
                page + "/actions", who, [("text", "Do it"), ("owner", "US-INL"), ("due", "2027-03-01")])
        case "GET /meetings/{id}/brief": return try await send(.get, page + "/brief", self.page(who))
        case "POST /actions/{id}":
            return try await post("/actions/\(ids.actionItem)", who, [("status", "done"), ("version", "1")])
        case "GET /feeds/{key}/series/{file}":
            return try await send(.get, "/feeds/\(try await feedKey(who))/series/\(ids.series).ics")
        default:
            Issue.record("no probe for \(route)")
            return HTTPResponse.Status(code: 599)
        }
    }

    /// The meeting routes whose cells depend on the role only.
    func meetingRole(_ route: String, who: Who) async throws -> HTTPResponse.Status {
        let auth = world.auth(who.key)
        switch route {
        case "GET /api/v1/meeting-series", "GET /api/v1/meetings", "GET /api/v1/action-items":
            return try await send(.get, String(route.dropFirst(4)), auth)
        case "POST /api/v1/meeting-series":
            return try await send(
                .post, "/api/v1/meeting-series", world.json(who.key), body: try Self.seriesBody(.members))
        case "POST /api/v1/me/feed-key": return try await send(.post, "/api/v1/me/feed-key", auth)
        case "GET /feeds/{key}/{file}": return try await send(.get, "/feeds/\(try await feedKey(who))/me.ics")
        case "GET /meeting-series", "GET /meeting-series/new", "GET /actions", "GET /actions/mine", "GET /calendar":
            return try await send(.get, String(route.dropFirst(4)), page(who))
        case "POST /meeting-series":
            return try await post(
                "/meeting-series", who,
                [
                    ("name", "Form series"), ("level", "policy"), ("keyAreas", "combating-crime"), ("chairs", "US"),
                    ("timeZone", "Europe/Madrid"), ("firstDate", "2027-02-01"), ("startTime", "09:00"),
                    ("rhythm", "FREQ=MONTHLY;BYDAY=1MO"), ("marking", "members"),
                ])
        case "POST /account/feed-key": return try await post("/account/feed-key", who, [])
        default:
            Issue.record("no probe for \(route)")
            return HTTPResponse.Status(code: 599)
        }
    }

    static let meetingRoleRoutes = [
        "GET /api/v1/meeting-series", "POST /api/v1/meeting-series", "GET /api/v1/meetings", "GET /api/v1/action-items",
        "POST /api/v1/me/feed-key", "GET /feeds/{key}/{file}", "GET /meeting-series", "GET /meeting-series/new",
        "POST /meeting-series", "GET /actions", "GET /actions/mine", "GET /calendar", "POST /account/feed-key",
    ]
}
