import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Meetings over the API and the calendar feeds")
struct MeetingsAPITests {
    /// Creates a series as the US-INL contributor (chairs: US-INL) and returns its JSON.
    static func createSeries(
        _ client: any TestClientProtocol, _ world: TestWorld, marking: ProbeMarking = .members
    ) async throws -> [String: Any] {
        try await client.execute(
            uri: "/api/v1/meeting-series", method: .post, headers: world.json("contributor"),
            body: try Probe.seriesBody(marking, name: "Feed test; series, with \\ specials")
        ) { response async throws in
            #expect(response.status == .created)
            return try json(response)
        }
    }

    static func meetings(
        _ client: any TestClientProtocol, _ world: TestWorld, series: String
    ) async throws -> [[String: Any]] {
        try await client.execute(
            uri: "/api/v1/meetings?series=\(series)", method: .get, headers: world.auth("contributor")
        ) { response async throws in try #require(try json(response)["items"] as? [[String: Any]]) }
    }

    /// The path and query of a feed address, for the in-process client.
    static func path(_ url: String) -> String {
        guard let range = url.range(of: "/feeds/") else { return url }
        return String(url[range.lowerBound...])
    }

    @Test("bad series are refused with a problem naming every field, and nothing is written")
    func validation() async throws {
        try await TestApp.run { client, world in
            let body: [String: Any] = [
                "name": "X", "level": "ministerial", "keyAreas": ["narco-trafficking"], "chairs": ["US-INL"],
                "timeZone": "Atlantis/Capital", "firstDate": "2027-13-01", "startTime": "10:00",
                "rhythm": "FREQ=WEEKLY;BYDAY=2TU", "colour": "blue",
            ]
            try await client.execute(
                uri: "/api/v1/meeting-series", method: .post, headers: world.json("contributor"),
                body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                #expect(
                    try errorCodes(response) == [
                        "name": "too_short", "level": "unknown_code", "timeZone": "unknown_code",
                        "firstDate": "invalid_format", "rhythm": "invalid_rule", "colour": "unknown_field",
                    ])
            }
            try await client.execute(uri: "/api/v1/meeting-series", method: .get, headers: world.auth("admin")) {
                response async throws in #expect(try json(response)["total"] as? Int == 0)
            }
        }
    }

    @Test("series carry their feed address, /me carries the person's and the organisation's, and updates need If-Match")
    func feedAddressesAndVersions() async throws {
        try await TestApp.run { client, world in
            let series = try await Self.createSeries(client, world)
            let feed = try #require(series["feedUrl"] as? String)
            #expect(feed.hasPrefix("http://") && feed.hasSuffix("/series/\(series["id"] as? String ?? "").ics"))
            #expect((series["upcoming"] as? [[String: Any]])?.count == 2)
            try await client.execute(uri: "/api/v1/me", method: .get, headers: world.auth("contributor")) {
                response async throws in
                let me = try json(response)
                #expect((me["feedUrl"] as? String)?.hasSuffix("/me.ics") == true)
                #expect((me["organizationFeedUrl"] as? String)?.hasSuffix("/organization.ics") == true)
            }
            let meeting = try #require(try await Self.meetings(client, world, series: series["id"] as! String).first)
            let uri = "/api/v1/meetings/\(meeting["id"] as! String)"
            var headers = world.json("contributor")
            try await client.execute(
                uri: uri, method: .patch, headers: headers, body: ByteBuffer(string: #"{"status": "held"}"#)
            ) { response async throws in #expect(response.status == .preconditionRequired) }
            headers[.ifMatch] = "\"v1\""
            try await client.execute(
                uri: uri, method: .patch, headers: headers, body: ByteBuffer(string: #"{"status": "held"}"#)
            ) { response async throws in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag]?.hasPrefix("\"v2-") == true)
            }
            try await client.execute(
                uri: uri, method: .patch, headers: headers, body: ByteBuffer(string: #"{"status": "cancelled"}"#)
            ) { response async throws in #expect(response.status == .preconditionFailed) }
            headers[.ifMatch] = "\"v2\""
            try await client.execute(
                uri: uri, method: .patch, headers: headers,
                body: ByteBuffer(string: #"{"status": "postponed", "end": "2027-01-05T09:00"}"#)
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try errorCodes(response)["status"] == "unknown_code")
            }
            try await client.execute(uri: uri, method: .get, headers: world.auth("contributor")) {
                response async throws in #expect(try json(response)["status"] as? String == "held")
            }
        }
    }

    @Test("feeds are RFC 5545 with time zones, attendees and to-dos, escaped and folded, and honour releasability")
    func feeds() async throws {
        try await TestApp.run { client, world in
            let series = try await Self.createSeries(client, world, marking: .restrictedToColombia)
            let seriesID = series["id"] as! String
            let meeting = try #require(try await Self.meetings(client, world, series: seriesID).first)
            let meetingID = meeting["id"] as! String
            var headers = world.json("contributor")
            headers[.ifMatch] = "\"v1\""
            try await client.execute(
                uri: "/api/v1/meetings/\(meetingID)", method: .patch, headers: headers,
                body: ByteBuffer(string: #"{"status": "cancelled", "venue": "Sala Bolívar, piso 3; ala norte"}"#)
            ) { response async throws in #expect(response.status == .ok) }
            try await client.execute(
                uri: "/api/v1/action-items", method: .post, headers: world.json("contributor"),
                body: ByteBuffer(
                    string:
                        #"{"meeting": "\#(meetingID)", "text": "Enviar el calendario, con fechas", "owner": "CO-PONAL", "due": "2027-02-01"}"#
                )
            ) { response async throws in #expect(response.status == .created) }

            let feed = try #require(series["feedUrl"] as? String)
            let text = try await client.execute(uri: Self.path(feed), method: .get) { response async throws in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/calendar; charset=utf-8")
                return response.text
            }
            #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
            #expect(text.contains("BEGIN:VTIMEZONE\r\nTZID:America/Bogota"))
            #expect(text.contains("DTSTART;TZID=America/Bogota:20270105T100000"))
            #expect(text.contains("UID:\(meetingID)@enlace"))
            #expect(text.contains("STATUS:CANCELLED") && text.contains("SEQUENCE:1"))
            #expect(text.contains("LOCATION:Sala Bolívar\\, piso 3\\; ala norte"))
            #expect(text.contains("ROLE=CHAIR") && text.contains("PARTSTAT=NEEDS-ACTION"))
            #expect(text.contains("BEGIN:VTODO") && text.contains("DUE;VALUE=DATE:20270201"))
            #expect(text.contains("SUMMARY:Enviar el calendario\\, con fechas"))
            for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }

            // Colombia's people see it in their organisation's feed; Honduras, also a member, does not.
            let colombia = try await Self.feedAddress(client, world, "colombia")
            let colombiaFeed = try await client.execute(uri: Self.path(colombia), method: .get) { $0.text }
            #expect(colombiaFeed.contains("BEGIN:VTODO"))
            let honduras = try await Self.feedAddress(client, world, "partner")
            let hondurasFeed = try await client.execute(uri: Self.path(honduras), method: .get) { $0.text }
            #expect(!hondurasFeed.contains("BEGIN:VEVENT") && !hondurasFeed.contains("BEGIN:VTODO"))
            #expect(hondurasFeed.contains("BEGIN:VCALENDAR"))

            // A replaced key cuts off every old address.
            try await client.execute(uri: "/api/v1/me/feed-key", method: .post, headers: world.auth("contributor")) {
                response async throws in #expect(response.status == .ok)
            }
            try await client.execute(uri: Self.path(feed), method: .get) { response async throws in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/feeds/made-up-key-000000000000000000000/me.ics", method: .get) {
                response async throws in #expect(response.status == .notFound)
            }
        }
    }

    static func feedAddress(_ client: any TestClientProtocol, _ world: TestWorld, _ who: String) async throws -> String
    {
        try await client.execute(uri: "/api/v1/me", method: .get, headers: world.auth(who)) { response async throws in
            try #require(try json(response)["organizationFeedUrl"] as? String)
        }
    }

    @Test("action items filter by owner, status, due date and overdue; bad filters are a problem")
    func actionItemList() async throws {
        try await TestApp.run { client, world in
            let series = try await Self.createSeries(client, world)
            let meetingID = try #require(
                try await Self.meetings(client, world, series: series["id"] as! String).first?["id"] as? String)
            for (owner, due) in [("CO-PONAL", "2026-01-10"), ("US-INL", "2027-06-01"), ("CO-PONAL", "2027-07-01")] {
                try await client.execute(
                    uri: "/api/v1/action-items", method: .post, headers: world.json("contributor"),
                    body: ByteBuffer(
                        string: #"{"meeting": "\#(meetingID)", "text": "Task", "owner": "\#(owner)", "due": "\#(due)"}"#
                    )
                ) { response async throws in #expect(response.status == .created) }
            }
            func count(_ query: String) async throws -> Int? {
                try await client.execute(
                    uri: "/api/v1/action-items" + query, method: .get, headers: world.auth("contributor")
                ) {
                    try json($0)["total"] as? Int
                }
            }
            #expect(try await count("") == 3)
            #expect(try await count("?owner=CO-PONAL") == 2)
            #expect(try await count("?overdue=true") == 1)
            #expect(try await count("?dueFrom=2027-01-01&dueTo=2027-06-30") == 1)
            #expect(try await count("?status=done") == 0)
            // Pages of two, walked with the cursor, hold every item once, by due date.
            var dues: [String] = []
            var cursor: String?
            repeat {
                let query = "?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                cursor = try await client.execute(
                    uri: "/api/v1/action-items" + query, method: .get, headers: world.auth("contributor")
                ) { response async throws in
                    let page = try json(response)
                    dues += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["due"] as? String }
                    return page["nextCursor"] as? String
                }
            } while cursor != nil
            #expect(dues == ["2026-01-10", "2027-06-01", "2027-07-01"])
            try await client.execute(
                uri: "/api/v1/action-items?status=later&sort=x", method: .get, headers: world.auth("contributor")
            ) {
                response async throws in
                #expect(response.status == .badRequest)
                #expect(try errorCodes(response) == ["status": "unknown_code", "sort": "unknown_field"])
            }
            // A missing due date and an unknown owner are both reported, and nothing is written.
            try await client.execute(
                uri: "/api/v1/action-items", method: .post, headers: world.json("contributor"),
                body: ByteBuffer(string: #"{"meeting": "\#(meetingID)", "text": "Task", "owner": "NOBODY"}"#)
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try errorCodes(response) == ["due": "required"])
            }
            #expect(try await count("") == 3)
        }
    }

    @Test("an agenda form with an unknown move comes back with its message and removes nothing")
    func unknownMove() async throws {
        try await TestApp.run { client, world in
            let series = try await Self.createSeries(client, world)
            let meetingID = try #require(
                try await Self.meetings(client, world, series: series["id"] as! String).first?["id"] as? String)
            let item = try await client.execute(
                uri: "/api/v1/meetings/\(meetingID)/agenda", method: .post, headers: world.json("contributor"),
                body: ByteBuffer(string: #"{"title": "Stays put"}"#)
            ) { response async throws in try #require(try json(response)["id"] as? String) }
            let browser = try await signIn(client, as: "contributor")
            try await client.execute(
                uri: "/meetings/\(meetingID)/agenda/\(item)", method: .post, headers: browser.form,
                body: form([("move", "sideways"), ("_csrf", browser.csrf)])
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains("error-summary"))
            }
            try await client.execute(
                uri: "/api/v1/meetings/\(meetingID)/agenda", method: .get, headers: world.auth("contributor")
            ) { response async throws in #expect((try json(response)["items"] as? [Any])?.count == 1) }
        }
    }

    @Test("hostile minutes are shown as text on the meeting page")
    func hostileMinutes() async throws {
        try await TestApp.run { client, world in
            let series = try await Self.createSeries(client, world)
            let meetingID = try #require(
                try await Self.meetings(client, world, series: series["id"] as! String).first?["id"] as? String)
            var headers = world.json("contributor")
            headers[.ifMatch] = "\"v1\""
            let minutes = #"<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) **ok**"#
            try await client.execute(
                uri: "/api/v1/meetings/\(meetingID)", method: .patch, headers: headers,
                body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["minutes": minutes]))
            ) { response async throws in #expect(response.status == .ok) }
            let browser = try await signIn(client, as: "contributor")
            try await client.execute(uri: "/meetings/\(meetingID)?tab=minutes", method: .get, headers: browser.page) {
                response async throws in
                let page = response.text
                #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(!page.contains("<script>alert") && !page.contains("<img src=x"))
                #expect(!page.contains("javascript:alert"))
                #expect(page.contains("<strong>ok</strong>"))
            }
        }
    }
}
