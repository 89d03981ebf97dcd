import EnlaceCore
import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

extension Probe {
    /// Proposal routes probed on a fresh draft led by the United States.
    static let draftRoutes = [
        "GET /api/v1/proposals/{id}", "PATCH /api/v1/proposals/{id}", "GET /api/v1/proposals/{id}/transitions",
        "POST /api/v1/proposals/{id}/transitions", "GET /api/v1/proposals/{id}/versions",
        "GET /api/v1/proposals/{id}/versions/{number}", "GET /api/v1/proposals/{id}/diff",
        "GET /api/v1/proposals/{id}/rounds", "POST /api/v1/proposals/{id}/rounds", "GET /proposals/{id}",
        "GET /proposals/{id}/edit", "POST /proposals/{id}/edit", "POST /proposals/{id}/transitions",
        "GET /proposals/{id}/diff", "POST /proposals/{id}/rounds",
    ]

    /// Proposal routes probed on a fresh proposal in consultation, its round 1 open to the US, Colombia
    /// and Spain.
    static let roundRoutes = [
        "GET /api/v1/proposals/{id}/rounds/{number}", "GET /api/v1/proposals/{id}/rounds/{number}/positions",
        "PUT /api/v1/proposals/{id}/rounds/{number}/positions/{member}", "GET /proposals/{id}/rounds/{number}",
        "POST /proposals/{id}/rounds/{number}/positions",
        "GET /api/v1/proposals/{id}/rounds/{number}/positions.csv", "GET /proposals/{id}/rounds/{number}/positions.csv",
    ]

    /// Proposal routes probed on a fresh adopted proposal led by the United States.
    static let adoptedRoutes = [
        "GET /api/v1/proposals/{id}/spawned", "POST /api/v1/proposals/{id}/spawned", "POST /proposals/{id}/spawned",
    ]

    /// Proposal and conference routes whose answer depends on the role only.
    static let proposalRoleRoutes = [
        "GET /api/v1/proposals", "POST /api/v1/proposals", "GET /proposals", "GET /proposals/new", "POST /proposals",
        "GET /api/v1/conferences", "POST /api/v1/conferences", "GET /api/v1/conferences/{id}",
        "PATCH /api/v1/conferences/{id}", "GET /conferences", "GET /conferences/{id}", "GET /conferences/new",
        "POST /conferences", "GET /conferences/{id}/edit", "POST /conferences/{id}/edit",
    ]

    /// What each proposal route answers `who`, written out by hand from the rules: members read
    /// proposals past their draft; the leads (the US, its agency) read and write their drafts; the
    /// secretariat and administrators run the workflow; a member's coordinator answers for it.
    static func expectedProposalStatus(_ route: String, _ who: Who) -> HTTPResponse.Status {
        let page = !route.contains(" /api/")
        let runs = who == .admin || who == .secretariat
        let lead = runs || who == .coordinator || who == .contributor
        let member = who != .anonymous && who != .partner
        if who == .anonymous { return page ? .seeOther : .unauthorized }
        switch route {
        case "GET /api/v1/proposals/{id}", "GET /api/v1/proposals/{id}/transitions",
            "GET /api/v1/proposals/{id}/versions", "GET /api/v1/proposals/{id}/versions/{number}",
            "GET /api/v1/proposals/{id}/diff", "GET /api/v1/proposals/{id}/rounds", "GET /proposals/{id}",
            "GET /proposals/{id}/edit", "GET /proposals/{id}/diff":
            return lead ? .ok : .notFound
        case "PATCH /api/v1/proposals/{id}": return lead ? .ok : .notFound
        case "POST /proposals/{id}/edit": return lead ? .seeOther : .notFound
        case "POST /api/v1/proposals/{id}/transitions": return runs ? .ok : lead ? .forbidden : .notFound
        case "POST /api/v1/proposals/{id}/rounds": return runs ? .created : lead ? .forbidden : .notFound
        case "POST /proposals/{id}/transitions", "POST /proposals/{id}/rounds":
            return runs ? .seeOther : lead ? .forbidden : .notFound
        case "GET /api/v1/proposals/{id}/rounds/{number}", "GET /api/v1/proposals/{id}/rounds/{number}/positions",
            "GET /proposals/{id}/rounds/{number}", "GET /api/v1/proposals/{id}/rounds/{number}/positions.csv",
            "GET /proposals/{id}/rounds/{number}/positions.csv":
            return member ? .ok : .notFound
        case "PUT /api/v1/proposals/{id}/rounds/{number}/positions/{member}":
            return !member ? .notFound : runs || who == .coordinator ? .ok : .forbidden
        case "POST /proposals/{id}/rounds/{number}/positions":
            return !member ? .notFound : runs || who == .coordinator ? .seeOther : .forbidden
        case "GET /api/v1/proposals", "GET /proposals": return .ok
        case "POST /api/v1/proposals":
            return who == .partner || who == .viewer ? .forbidden : .created
        case "GET /proposals/new": return who == .partner || who == .viewer ? .forbidden : .ok
        case "POST /proposals": return who == .partner || who == .viewer ? .forbidden : .seeOther
        case "GET /api/v1/conferences", "GET /api/v1/conferences/{id}", "GET /conferences", "GET /conferences/{id}":
            return member ? .ok : .forbidden
        case "POST /api/v1/conferences": return runs ? .created : .forbidden
        case "PATCH /api/v1/conferences/{id}": return runs ? .ok : .forbidden
        case "GET /conferences/new", "GET /conferences/{id}/edit": return runs ? .ok : .forbidden
        case "POST /conferences", "POST /conferences/{id}/edit": return runs ? .seeOther : .forbidden
        case "GET /api/v1/proposals/{id}/spawned": return member ? .ok : .notFound
        // The secretariat spawns a series; the leads (the US coordinator, US-INL) a draft activity of their own.
        case "POST /api/v1/proposals/{id}/spawned": return !member ? .notFound : lead ? .created : .forbidden
        case "POST /proposals/{id}/spawned": return !member ? .notFound : lead ? .seeOther : .forbidden
        default:
            Issue.record("no expectation for \(route)")
            return HTTPResponse.Status(code: 599)
        }
    }

    static let proposalSections = #"{"objectives": "Faster interdiction.", "mandate": "Coordinate, not command."}"#

    /// The body of a new proposal led by `lead`.
    static func proposalBody(lead: String) -> ByteBuffer {
        ByteBuffer(
            string:
                #"{"title": "Probe proposal", "leads": ["\#(lead)"], "keyAreas": ["narco-trafficking"], "sections": \#(proposalSections)}"#
        )
    }

    /// A draft the US coordinator puts forward; its id.
    func newDraft() async throws -> String {
        try await client.execute(
            uri: "/api/v1/proposals", method: .post, headers: world.json("coordinator"),
            body: Self.proposalBody(lead: "US")
        ) { response async throws in
            #expect(response.status == .created)
            return try #require(try json(response)["id"] as? String)
        }
    }

    static let roundBody = ByteBuffer(string: #"{"closesOn": "2026-07-15", "invited": ["US", "CO", "ES"]}"#)

    /// A proposal in consultation, its first round open; its id.
    func newRound() async throws -> String {
        let id = try await newDraft()
        let status = try await send(.post, "/api/v1/proposals/\(id)/rounds", world.json("admin"), body: Self.roundBody)
        #expect(status == .created)
        return id
    }

    /// A proposal taken to adoption by the administrator; its id.
    func newAdopted() async throws -> String {
        let id = try await newDraft()
        for status in ["in-consultation", "endorsed", "presented", "adopted"] {
            let moved = try await send(
                .post, "/api/v1/proposals/\(id)/transitions", world.json("admin") + [.ifMatch: "*"],
                body: ByteBuffer(string: #"{"status": "\#(status)"}"#))
            #expect(moved == .ok)
        }
        return id
    }

    /// What `who` spawns: a series for those who run the workflow, a draft activity for anyone else.
    static func spawnFields(_ who: Who) -> [(String, String)] {
        who == .admin || who == .secretariat
            ? [("kind", "series"), ("firstDate", "2026-07-01"), ("startTime", "15:00")]
            : [
                ("kind", "activity"), ("recipientCountries", "HN"), ("plannedStart", "2026-08-03"),
                ("plannedEnd", "2026-08-07"),
            ]
    }

    static let conferenceBody = ByteBuffer(
        string: #"{"name": "Probe conference", "startsOn": "2026-09-01", "endsOn": "2026-09-02", "venue": "Bogotá"}"#)

    /// A conference the administrator adds; its id.
    func newConference() async throws -> String {
        try await client.execute(
            uri: "/api/v1/conferences", method: .post, headers: world.json("admin"), body: Self.conferenceBody
        ) { response async throws in
            #expect(response.status == .created)
            return try #require(try json(response)["id"] as? String)
        }
    }

    static let conferenceForm = [
        ("name", "Probe conference"), ("startsOn", "2026-09-01"), ("endsOn", "2026-09-02"), ("venue", "Bogotá"),
        ("sessions[0].title", "Opening"), ("sessions[0].date", "2026-09-01"), ("sessions[0].start", "09:00"),
        ("sessions[0].end", "10:00"),
    ]

    static let proposalForm = [
        ("title", "Probe proposal revised"), ("leads", "US"), ("keyAreas", "narco-trafficking"),
        ("sections.objectives", "Faster interdiction at sea."), ("version", "1"),
    ]

    func proposal(_ route: String, who: Who) async throws -> HTTPResponse.Status {
        let auth = world.auth(who.key)
        let json = world.json(who.key)
        let version: HTTPFields = [.ifMatch: "\"v1\""]
        if Self.roundRoutes.contains(route) {
            let id = try await newRound()
            let round = "/proposals/\(id)/rounds/1"
            switch route {
            case "GET /api/v1/proposals/{id}/rounds/{number}": return try await send(.get, "/api/v1" + round, auth)
            case "GET /api/v1/proposals/{id}/rounds/{number}/positions":
                return try await send(.get, "/api/v1" + round + "/positions", auth)
            case "PUT /api/v1/proposals/{id}/rounds/{number}/positions/{member}":
                return try await send(
                    .put, "/api/v1" + round + "/positions/US", json,
                    body: ByteBuffer(string: #"{"stance": "support"}"#))
            case "GET /proposals/{id}/rounds/{number}": return try await send(.get, round, page(who))
            case "GET /api/v1/proposals/{id}/rounds/{number}/positions.csv":
                return try await send(.get, "/api/v1" + round + "/positions.csv", auth)
            case "GET /proposals/{id}/rounds/{number}/positions.csv":
                return try await send(.get, round + "/positions.csv", page(who))
            default: return try await post(round + "/positions", who, [("member", "US"), ("stance", "abstain")])
            }
        }
        if Self.adoptedRoutes.contains(route) {
            let id = try await newAdopted()
            switch route {
            case "GET /api/v1/proposals/{id}/spawned":
                return try await send(.get, "/api/v1/proposals/\(id)/spawned", auth)
            case "POST /api/v1/proposals/{id}/spawned":
                let fields = Self.spawnFields(who)
                let body = try JSONSerialization.data(
                    withJSONObject: Dictionary(
                        fields.map { ($0.0, $0.0 == "recipientCountries" ? [$0.1] as Any : $0.1 as Any) },
                        uniquingKeysWith: { a, _ in a }))
                return try await send(
                    .post, "/api/v1/proposals/\(id)/spawned", json, body: ByteBuffer(bytes: body))
            default: return try await post("/proposals/\(id)/spawned", who, Self.spawnFields(who))
            }
        }
        if Self.draftRoutes.contains(route) {
            let id = try await newDraft()
            let api = "/api/v1/proposals/\(id)"
            switch route {
            case "GET /api/v1/proposals/{id}": return try await send(.get, api, auth)
            case "PATCH /api/v1/proposals/{id}":
                return try await send(
                    .patch, api, json + version, body: ByteBuffer(string: #"{"title": "Probe proposal, revised"}"#))
            case "GET /api/v1/proposals/{id}/transitions": return try await send(.get, api + "/transitions", auth)
            case "POST /api/v1/proposals/{id}/transitions":
                return try await send(
                    .post, api + "/transitions", json + version,
                    body: ByteBuffer(string: #"{"status": "in-consultation"}"#))
            case "GET /api/v1/proposals/{id}/versions": return try await send(.get, api + "/versions", auth)
            case "GET /api/v1/proposals/{id}/versions/{number}": return try await send(.get, api + "/versions/1", auth)
            case "GET /api/v1/proposals/{id}/diff": return try await send(.get, api + "/diff?from=1&to=1", auth)
            case "GET /api/v1/proposals/{id}/rounds": return try await send(.get, api + "/rounds", auth)
            case "POST /api/v1/proposals/{id}/rounds":
                return try await send(.post, api + "/rounds", json, body: Self.roundBody)
            case "GET /proposals/{id}": return try await send(.get, "/proposals/\(id)", page(who))
            case "GET /proposals/{id}/edit": return try await send(.get, "/proposals/\(id)/edit", page(who))
            case "GET /proposals/{id}/diff": return try await send(.get, "/proposals/\(id)/diff", page(who))
            case "POST /proposals/{id}/edit": return try await post("/proposals/\(id)/edit", who, Self.proposalForm)
            case "POST /proposals/{id}/transitions":
                return try await post(
                    "/proposals/\(id)/transitions", who, [("status", "withdrawn"), ("version", "1")])
            default:
                return try await post(
                    "/proposals/\(id)/rounds", who,
                    [("closesOn", "2026-07-15"), ("invited", "US"), ("invited", "ES")])
            }
        }
        switch route {
        case "GET /api/v1/proposals": return try await send(.get, "/api/v1/proposals?status=draft", auth)
        case "POST /api/v1/proposals":
            return try await send(
                .post, "/api/v1/proposals", json, body: Self.proposalBody(lead: who == .colombia ? "CO" : "US"))
        case "GET /proposals": return try await send(.get, "/proposals?keyArea=narco-trafficking", page(who))
        case "GET /proposals/new": return try await send(.get, "/proposals/new", page(who))
        case "POST /proposals":
            return try await post(
                "/proposals", who,
                Self.proposalForm.filter { $0.0 != "version" && $0.0 != "leads" }
                    + [("leads", who == .colombia ? "CO" : "US")])
        case "GET /api/v1/conferences": return try await send(.get, "/api/v1/conferences", auth)
        case "POST /api/v1/conferences":
            return try await send(.post, "/api/v1/conferences", json, body: Self.conferenceBody)
        case "GET /api/v1/conferences/{id}":
            return try await send(.get, "/api/v1/conferences/\(try await newConference())", auth)
        case "PATCH /api/v1/conferences/{id}":
            return try await send(
                .patch, "/api/v1/conferences/\(try await newConference())", json + version,
                body: ByteBuffer(string: #"{"venue": "Cartagena"}"#))
        case "GET /conferences": return try await send(.get, "/conferences", page(who))
        case "GET /conferences/{id}":
            return try await send(.get, "/conferences/\(try await newConference())", page(who))
        case "GET /conferences/new": return try await send(.get, "/conferences/new", page(who))
        case "GET /conferences/{id}/edit":
            return try await send(.get, "/conferences/\(try await newConference())/edit", page(who))
        case "POST /conferences":
            return try await post("/conferences", who, Self.conferenceForm)
        case "POST /conferences/{id}/edit":
            return try await post(
                "/conferences/\(try await newConference())/edit", who, Self.conferenceForm + [("version", "1")])
        default:
            Issue.record("no probe for \(route)")
            return HTTPResponse.Status(code: 599)
        }
    }
}
