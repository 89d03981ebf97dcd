import EnlaceCore
import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Proposals, consultation rounds and conferences over the API and the pages")
struct ProposalsWebTests {
    static let body = #"""
        {"title": "Maritime cell", "leads": ["US"], "keyAreas": ["narco-trafficking"], "fora": ["oas-cicad"],
         "sections": {"objectives": "Cut the time **from sighting** to interdiction. <script>alert(1)</script>",
                      "funding": "A common fund of USD 1.2 million a year."}}
        """#

    @Test(
        "the API carries a proposal through its workflow: problems per field, If-Match, forbidden moves write nothing")
    func apiFlow() async throws {
        try await TestApp.run { client, world in
            try await client.execute(
                uri: "/api/v1/proposals", method: .post, headers: world.json("coordinator"),
                body: ByteBuffer(string: #"{"title": "", "leads": ["HN"], "sections": {"annex": "x"}, "extra": 1}"#)
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(
                    try errorCodes(response) == [
                        "title": "required", "leads[0]": "unknown_code", "keyAreas": "required",
                        "sections.annex": "unknown_field", "extra": "unknown_field",
                    ])
            }
            let id = try await client.execute(
                uri: "/api/v1/proposals", method: .post, headers: world.json("coordinator"),
                body: ByteBuffer(string: Self.body)
            ) { response async throws in
                #expect(response.status == .created && response.headers[.eTag]?.hasPrefix("\"v1-") == true)
                let body = try json(response)
                #expect(body["status"] as? String == "draft" && body["textVersion"] as? Int == 1)
                return try #require(body["id"] as? String)
            }
            let api = "/api/v1/proposals/\(id)"
            // Spain's viewer does not read a US draft; the secretariat does.
            try await client.execute(uri: api, method: .get, headers: world.auth("viewer")) {
                #expect($0.status == .notFound)
            }
            // Moves: If-Match required, only along the graph, only the secretariat.
            let move = { (who: String, status: String, version: String?) async throws -> TestResponse in
                var headers = world.json(who)
                if let version { headers[.ifMatch] = version }
                return try await client.execute(
                    uri: api + "/transitions", method: .post, headers: headers,
                    body: ByteBuffer(string: #"{"status": "\#(status)"}"#)
                ) { $0 }
            }
            #expect(try await move("secretariat", "endorsed", nil).status == .preconditionRequired)
            let refused = try await move("secretariat", "adopted", "\"v1\"")
            #expect(refused.status == .unprocessableContent)
            #expect(try errorCodes(refused) == ["status": "invalid_transition"])
            #expect(try await move("coordinator", "in-consultation", "\"v1\"").status == .forbidden)
            #expect(try await move("secretariat", "withdrawn", "\"v9\"").status == .preconditionFailed)
            try await client.execute(uri: api + "/transitions", method: .get, headers: world.auth("secretariat")) {
                response async throws in
                #expect((try json(response)["items"] as? [Any])?.isEmpty == true)
            }

            // Round 1; the draft moves into consultation.
            try await client.execute(
                uri: api + "/rounds", method: .post, headers: world.json("secretariat"),
                body: ByteBuffer(string: #"{"closesOn": "2020-01-01", "invited": ["US", "HN"], "meetingID": "nope"}"#)
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(Set(try errorCodes(response).keys) == ["closesOn", "invited[1]"])
            }
            try await client.execute(
                uri: api + "/rounds", method: .post, headers: world.json("secretariat"),
                body: ByteBuffer(string: #"{"closesOn": "2026-06-20", "invited": ["US", "CO", "ES"]}"#)
            ) { response async throws in
                #expect(response.status == .created)
                #expect(try json(response)["number"] as? Int == 1)
            }
            try await client.execute(uri: api, method: .get, headers: world.auth("viewer")) { response async throws in
                #expect(try json(response)["status"] as? String == "in-consultation")
            }
            let answer = { (who: String, member: String, body: String) async throws -> TestResponse in
                try await client.execute(
                    uri: api + "/rounds/1/positions/\(member)", method: .put, headers: world.json(who),
                    body: ByteBuffer(string: body)
                ) { $0 }
            }
            #expect(try await answer("coordinator", "US", #"{"stance": "support"}"#).status == .ok)
            let bad = try await answer("secretariat", "ES", #"{"stance": "object", "comments": {"annex": "x"}}"#)
            #expect(try errorCodes(bad) == ["comments.annex": "unknown_field", "comments": "required"])
            #expect(try await answer("coordinator", "ES", #"{"stance": "support"}"#).status == .forbidden)
            let changed = try await answer(
                "secretariat", "ES", #"{"stance": "object", "comments": {"mandate": "Name data-protection law."}}"#)
            #expect(changed.status == .ok)
            _ = try await answer(
                "secretariat", "ES",
                #"{"stance": "support-with-amendments", "comments": {"mandate": "Name data-protection law."}}"#)
            try await client.execute(uri: api + "/rounds/1", method: .get, headers: world.auth("viewer")) {
                response async throws in
                let tally = try #require(try json(response)["tally"] as? [String: Any])
                #expect(tally["support"] as? Int == 1 && tally["support-with-amendments"] as? Int == 1)
                #expect(tally["object"] as? Int == 0 && tally["pending"] as? [String] == ["CO"])
            }

            try await client.execute(uri: api + "/rounds/1/positions.csv", method: .get, headers: world.auth("viewer"))
            {
                response async throws in
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                let lines = response.text.split(whereSeparator: \.isNewline).map(String.init)
                #expect(
                    lines.first?.hasSuffix(
                        "member,member_name,stance,comment_objectives,comment_mandate,comment_scope,comment_funding,comment_mechanisms,comment_general,recorded_by,updated_at,times_recorded"
                    ) == true)
                #expect(
                    lines.contains {
                        $0.hasPrefix("ES,Reino de España,support-with-amendments,,Name data-protection law.")
                    })
                #expect(lines.contains { $0.hasPrefix("CO,Colombia,,") })
            }
            try await client.execute(uri: api + "/rounds/1/positions.csv", method: .get, headers: world.auth("partner"))
            {
                #expect($0.status == .notFound)
            }
            // The text is frozen during the round; revised, it takes a second version.
            try await client.execute(
                uri: api, method: .patch, headers: world.json("coordinator") + [.ifMatch: "*"],
                body: ByteBuffer(string: #"{"title": "Changed"}"#)
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try errorCodes(response) == ["title": "not_editable"])
            }
            let current = try await client.execute(uri: api, method: .get, headers: world.auth("secretariat")) {
                $0.headers[.eTag] ?? ""
            }
            #expect(try await move("secretariat", "revised", current).status == .ok)
            let late = try await answer("coordinator", "US", #"{"stance": "abstain"}"#)
            #expect(late.status == .unprocessableContent)
            #expect(try errorCodes(late) == ["round": "round_closed"])
            try await client.execute(
                uri: api, method: .patch, headers: world.json("contributor") + [.ifMatch: "*"],
                body: ByteBuffer(
                    string:
                        #"{"sections": {"funding": "A common fund of USD 1.5 million a year."}, "note": "Canada's amendment"}"#
                )
            ) { response async throws in
                #expect(response.status == .ok)
                #expect(try json(response)["textVersion"] as? Int == 2)
            }
            try await client.execute(uri: api + "/diff", method: .get, headers: world.auth("viewer")) {
                response async throws in
                let parts = try #require(try json(response)["parts"] as? [[String: Any]])
                let funding = try #require(parts.first { $0["part"] as? String == "funding" })
                #expect(funding["changed"] as? Bool == true)
                let runs = (funding["runs"] as? [[String: String]] ?? []).map { "\($0["op"]!):\($0["text"]!)" }
                #expect(runs == ["same:A common fund of USD", "removed:1.2", "added:1.5", "same:million a year."])
                #expect(parts.first { $0["part"] as? String == "objectives" }?["changed"] as? Bool == false)
            }
            // A version the proposal does not have names nothing, as its own address would.
            try await client.execute(uri: api + "/diff?from=1&to=3", method: .get, headers: world.auth("viewer")) {
                response async throws in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: api + "/versions", method: .get, headers: world.auth("viewer")) {
                response async throws in
                let versions = try #require(try json(response)["items"] as? [[String: Any]])
                #expect(versions.compactMap { $0["note"] as? String } == ["", "Canada's amendment"])
            }

            // The conference: the partner may not read it; an adopting outcome adopts the presented proposal.
            for status in ["endorsed", "presented"] {
                #expect(try await move("secretariat", status, "*").status == .ok)
            }
            let conference = try await client.execute(
                uri: "/api/v1/conferences", method: .post, headers: world.json("secretariat"),
                body: ByteBuffer(
                    string: #"""
                        {"name": "First Hemispheric Conference", "startsOn": "2026-09-01", "endsOn": "2026-09-02",
                         "venue": "Cartagena", "sessions": [{"title": "Interdiction", "date": "2026-09-01", "start": "11:00",
                         "end": "13:00", "chair": "Colombia", "proposals": ["\#(id)"]}]}
                        """#)
            ) { response async throws in
                #expect(response.status == .created)
                return try #require(try json(response)["id"] as? String)
            }
            try await client.execute(uri: "/api/v1/conferences", method: .get, headers: world.auth("partner")) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(
                uri: "/api/v1/conferences/\(conference)", method: .patch,
                headers: world.json("secretariat") + [.ifMatch: "\"v1\""],
                body: ByteBuffer(string: #"{"outcomes": {"\#(id)": "adopted"}}"#)
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: api, method: .get, headers: world.auth("viewer")) { response async throws in
                #expect(try json(response)["status"] as? String == "adopted")
            }

            // Adopted, it spawns a meeting series (the secretariat) and a draft activity (a lead), linked back.
            let series = try await client.execute(
                uri: api + "/spawned", method: .post, headers: world.json("secretariat"),
                body: ByteBuffer(string: #"{"kind": "series", "firstDate": "2026-07-01"}"#)
            ) { response async throws in
                #expect(response.status == .created, "\(response.text)")
                return try json(response)["id"] as? String ?? ""
            }
            try await client.execute(
                uri: api + "/spawned", method: .post, headers: world.json("coordinator"),
                body: ByteBuffer(
                    string: #"{"kind": "activity", "recipientCountries": ["XX"], "plannedStart": "2026-08-03"}"#)
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(Set(try errorCodes(response).keys) == ["recipientCountries[0]", "plannedEnd"])
            }
            let activity = try await client.execute(
                uri: api + "/spawned", method: .post, headers: world.json("coordinator"),
                body: ByteBuffer(
                    string:
                        #"{"kind": "activity", "recipientCountries": ["HN"], "plannedStart": "2026-08-03", "plannedEnd": "2026-08-07"}"#
                )
            ) { response async throws in
                #expect(response.status == .created, "\(response.text)")
                return try json(response)["id"] as? String ?? ""
            }
            try await client.execute(
                uri: "/api/v1/activities/\(activity)", method: .get, headers: world.auth("coordinator")
            ) {
                response async throws in
                let body = try json(response)
                #expect(body["title"] as? String == "Maritime cell" && body["status"] as? Int == 1)
            }
            try await client.execute(uri: api + "/spawned", method: .get, headers: world.auth("viewer")) {
                response async throws in
                let items = try json(response)["items"] as? [[String: Any]] ?? []
                #expect(Set(items.compactMap { $0["id"] as? String }) == [series, activity])
            }
            try await client.execute(
                uri: "/api/v1/proposals", method: .post, headers: world.json("coordinator"),
                body: ByteBuffer(string: Self.body)
            ) { response async throws in
                let draft = try json(response)["id"] as? String ?? ""
                try await client.execute(
                    uri: "/api/v1/proposals/\(draft)/spawned", method: .post, headers: world.json("secretariat"),
                    body: ByteBuffer(string: #"{"kind": "series"}"#)
                ) { refused async throws in
                    #expect(try errorCodes(refused) == ["status": "not_adopted"])
                }
            }
        }
    }

    @Test("the pages: safe Markdown, the workflow buttons, the diff, the round with its form, the programme")
    func pages() async throws {
        try await TestApp.run { client, world in
            let id = try await client.execute(
                uri: "/api/v1/proposals", method: .post, headers: world.json("coordinator"),
                body: ByteBuffer(string: Self.body)
            ) { response async throws in try #require(try json(response)["id"] as? String) }
            let secretariat = try await signIn(client, as: "secretariat")
            let coordinator = try await signIn(client, as: "coordinator")
            let viewer = try await signIn(client, as: "viewer")
            try await client.execute(uri: "/proposals/\(id)", method: .get, headers: coordinator.page) {
                response async throws in
                #expect(response.status == .ok)
                #expect(response.text.contains("<strong>from sighting</strong>"))
                #expect(!response.text.contains("<script>alert(1)</script>"))
                #expect(response.text.contains("id=\"edit-proposal\""))
                #expect(!response.text.contains("id=\"workflow\""))
            }
            try await client.execute(uri: "/proposals/\(id)", method: .get, headers: viewer.page) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/proposals", method: .get, headers: [.accept: "text/html"]) {
                #expect($0.status == .seeOther)
            }
            // A move the graph does not allow comes back with the reason and changes nothing.
            try await client.execute(
                uri: "/proposals/\(id)/transitions", method: .post, headers: secretariat.form,
                body: form([("_csrf", secretariat.csrf), ("status", "adopted"), ("version", "1")])
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains("cannot go from “Draft” to “Adopted”"))
                #expect(response.text.contains("id=\"move-in-consultation\""))
            }
            // The round form: errors come back on the page; then the round opens.
            try await client.execute(
                uri: "/proposals/\(id)/rounds", method: .post, headers: secretariat.form,
                body: form([("_csrf", secretariat.csrf), ("closesOn", "")])
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains("id=\"round-errors\""))
            }
            try await client.execute(
                uri: "/proposals/\(id)/rounds", method: .post, headers: secretariat.form,
                body: form([
                    ("_csrf", secretariat.csrf), ("closesOn", "2026-06-20"), ("invited", "US"), ("invited", "CO"),
                    ("invited", "ES"),
                ])
            ) { response async throws in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/proposals/\(id)/rounds/1?saved=1")
            }
            // The US coordinator answers for the US only; an amendment without a comment comes back.
            try await client.execute(uri: "/proposals/\(id)/rounds/1", method: .get, headers: coordinator.page) {
                response async throws in
                #expect(response.text.contains("name=\"member\" value=\"US\""))
                #expect(!response.text.contains("value=\"CO\""))
            }
            try await client.execute(
                uri: "/proposals/\(id)/rounds/1/positions", method: .post, headers: coordinator.form,
                body: form([("_csrf", coordinator.csrf), ("member", "US"), ("stance", "support-with-amendments")])
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains("error-summary"))
            }
            try await client.execute(
                uri: "/proposals/\(id)/rounds/1/positions", method: .post, headers: coordinator.form,
                body: form([
                    ("_csrf", coordinator.csrf), ("member", "US"), ("stance", "support-with-amendments"),
                    ("comments.funding", "Pay for **training** too."),
                ])
            ) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/proposals/\(id)/rounds/1", method: .get, headers: viewer.page) {
                response async throws in
                #expect(response.status == .ok)
                #expect(response.text.contains("id=\"tally-support-with-amendments\">1<"))
                #expect(response.text.contains("id=\"comments-funding\""))
                #expect(response.text.contains("Pay for <strong>training</strong> too."))
                #expect(!response.text.contains("id=\"save-position\""))
            }
            // Revised through the page, then revised text through the form: a version and its diff.
            let version = try await client.execute(
                uri: "/api/v1/proposals/\(id)", method: .get, headers: world.auth("secretariat")
            ) { try json($0)["version"] as? Int ?? 0 }
            try await client.execute(
                uri: "/proposals/\(id)/transitions", method: .post, headers: secretariat.form,
                body: form([("_csrf", secretariat.csrf), ("status", "revised"), ("version", "\(version)")])
            ) { #expect($0.status == .seeOther) }
            try await client.execute(
                uri: "/proposals/\(id)/edit", method: .post, headers: coordinator.form,
                body: form([
                    ("_csrf", coordinator.csrf), ("version", "\(version + 1)"), ("title", "Maritime cell"),
                    ("leads", "US"), ("keyAreas", "narco-trafficking"), ("fora", "oas-cicad"),
                    (
                        "sections.objectives",
                        "Cut the time **from sighting** to interdiction. <script>alert(1)</script>"
                    ),
                    ("sections.funding", "A common fund of USD 1.5 million a year, and training."),
                    ("note", "Takes in the US amendment"),
                ])
            ) { #expect($0.status == .seeOther) }
            // The same form sent again, at the version it was read at, is stale: it comes back with the notice.
            try await client.execute(
                uri: "/proposals/\(id)/edit", method: .post, headers: coordinator.form,
                body: form([
                    ("_csrf", coordinator.csrf), ("version", "\(version + 1)"), ("title", "Maritime cell"),
                    ("leads", "US"), ("keyAreas", "narco-trafficking"), ("sections.objectives", "Changed again."),
                ])
            ) { response async throws in
                #expect(response.status == .conflict)
                #expect(response.text.contains("Someone else changed this record"))
            }
            try await client.execute(uri: "/proposals/\(id)/diff", method: .get, headers: viewer.page) {
                response async throws in
                #expect(response.status == .ok)
                #expect(
                    response.text.contains(
                        "<del class=\"diff-removed\">1.2</del> <ins class=\"diff-added\">1.5</ins> <span>million a</span> <del class=\"diff-removed\">year.</del> <ins class=\"diff-added\">year, and training.</ins>"
                    ))
            }
            // The conference form: bad rows come back with their messages, and nothing is saved.
            try await client.execute(
                uri: "/conferences", method: .post, headers: secretariat.form,
                body: form([
                    ("_csrf", secretariat.csrf), ("name", "Conference"), ("startsOn", "2026-09-01"),
                    ("endsOn", "2026-08-01"), ("venue", "Lima"), ("sessions[0].title", "Opening"),
                    ("sessions[0].date", "2026-09-01"), ("sessions[0].start", "10:00"), ("sessions[0].end", "09:00"),
                ])
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains("error-summary"))
                #expect(response.text.contains("value=\"Lima\""))
            }
            try await client.execute(uri: "/api/v1/conferences", method: .get, headers: world.auth("secretariat")) {
                response async throws in
                #expect(try json(response)["total"] as? Int == 0)
            }
            // The forum page shows what links to it, to those who may read it.
            try await client.execute(uri: "/fora/oas-cicad", method: .get, headers: viewer.page) {
                #expect($0.text.contains("href=\"/proposals/\(id)\""))
            }
            try await client.execute(uri: "/fora/oas-cicad", method: .get, headers: [.accept: "text/html"]) {
                #expect(!$0.text.contains("href=\"/proposals/\(id)\""))
            }
        }
    }
}
