import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing

@testable import EnlaceWeb

/// Who asks: nobody, or one of the test people (see `Fixtures.people`).
enum Who: String, CaseIterable, Sendable {
    case anonymous, admin, secretariat, coordinator, contributor, colombia, partner, viewer

    var key: String? { self == .anonymous ? nil : rawValue }
}

/// The markings the matrix probes, on activities recorded by US-INL (the contributor's organisation).
enum ProbeMarking: String, CaseIterable, Sendable {
    case `public`, members, restrictedToColombia, restrictedToHonduras

    var releasability: [String: Any] {
        switch self {
        case .public: ["marking": "public"]
        case .members: ["marking": "members"]
        case .restrictedToColombia: ["marking": "restricted", "releasableTo": ["CO"]]
        case .restrictedToHonduras: ["marking": "restricted", "releasableTo": ["HN"]]
        }
    }

    /// Who may read it, written out by hand: the rule, not the code, is the reference.
    func visible(to who: Who) -> Bool {
        switch (self, who) {
        case (.public, _): true
        case (_, .anonymous): false
        case (.members, .partner): false
        case (.members, _): true
        case (.restrictedToColombia, .admin), (.restrictedToColombia, .secretariat),
            (.restrictedToColombia, .coordinator), (.restrictedToColombia, .contributor),
            (.restrictedToColombia, .colombia):
            true
        case (.restrictedToHonduras, .admin), (.restrictedToHonduras, .secretariat),
            (.restrictedToHonduras, .coordinator), (.restrictedToHonduras, .contributor),
            (.restrictedToHonduras, .partner):
            true
        default: false
        }
    }
}

/// Who may change a US-INL activity: administrators, the US coordinator, US-INL's own contributor.
func canEdit(_ who: Who) -> Bool { [.admin, .coordinator, .contributor].contains(who) }

/// Who may record activities.
func canCreate(_ who: Who) -> Bool { [.admin, .coordinator, .contributor, .colombia].contains(who) }

/// Who may import activity files: administrators, the secretariat and coordinators.
func canImport(_ who: Who) -> Bool { [.admin, .secretariat, .coordinator].contains(who) }

/// Every route, each role, each marking, each action, with the status expected; and a check that no
/// route escapes the matrix.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    /// What each probe of an activity route expects, from the hand-written rules above.
    static func expectedActivityStatus(_ route: String, _ who: Who, _ marking: ProbeMarking) -> HTTPResponse.Status {
        let visible = marking.visible(to: who)
        switch route {
        case "GET /api/v1/activities/{id}", "GET /api/v1/activities/{id}/history", "GET /activities/{id}",
            "GET /activities/{id}/history", "GET /api/v1/activities/{id}/fora":
            return visible ? .ok : .notFound
        case "GET /api/v1/activities/{id}/overlaps":
            if who == .anonymous { return .unauthorized }
            return visible ? .ok : .notFound
        case "PUT /api/v1/activities/{id}", "PATCH /api/v1/activities/{id}", "DELETE /api/v1/activities/{id}",
            "PUT /api/v1/activities/{id}/fora":
            if who == .anonymous { return .unauthorized }
            if !visible { return .notFound }
            if !canEdit(who) { return .forbidden }
            return route.hasPrefix("DELETE") ? .noContent : .ok
        case "GET /activities/{id}/edit", "GET /activities/{id}/funding", "GET /activities/{id}/results":
            if who == .anonymous { return .seeOther }
            if !visible { return .notFound }
            return canEdit(who) ? .ok : .forbidden
        case "POST /activities/{id}/edit", "POST /activities/{id}/archive", "POST /activities/{id}/funding",
            "POST /activities/{id}/results", "POST /activities/{id}/fora":
            if who == .anonymous { return .seeOther }
            if !visible { return .notFound }
            return canEdit(who) ? .seeOther : .forbidden
        default:
            Issue.record("no expectation for \(route)")
            return HTTPResponse.Status(code: 599)
        }
    }

    static let activityRoutes = [
        "GET /api/v1/activities/{id}", "GET /api/v1/activities/{id}/history", "PUT /api/v1/activities/{id}",
        "PATCH /api/v1/activities/{id}", "DELETE /api/v1/activities/{id}", "GET /activities/{id}",
        "GET /activities/{id}/history", "GET /activities/{id}/edit", "POST /activities/{id}/edit",
        "POST /activities/{id}/archive", "GET /api/v1/activities/{id}/overlaps", "GET /activities/{id}/funding",
        "POST /activities/{id}/funding", "GET /activities/{id}/results", "POST /activities/{id}/results",
        "GET /api/v1/activities/{id}/fora", "PUT /api/v1/activities/{id}/fora", "POST /activities/{id}/fora",
    ]

    /// Who may decide an overlap between a US-INL activity and a Colombian one: the secretariat,
    /// administrators, and whoever may change either activity.
    static func canDecide(_ who: Who) -> Bool {
        [.admin, .secretariat, .coordinator, .contributor, .colombia].contains(who)
    }

    /// What each probe of an overlap route expects, for the overlap of a marked US-INL activity
    /// with a public Colombian one: the pair is visible exactly when the marked activity is.
    static func expectedOverlapStatus(_ route: String, _ who: Who, _ marking: ProbeMarking) -> HTTPResponse.Status {
        let visible = marking.visible(to: who)
        let page = route.hasPrefix("GET /overlaps") || route.hasPrefix("POST /overlaps")
        if who == .anonymous { return page ? .seeOther : .unauthorized }
        if !visible { return .notFound }
        switch route {
        case "GET /api/v1/overlaps/{id}", "GET /overlaps/{id}": return .ok
        case "PATCH /api/v1/overlaps/{id}": return canDecide(who) ? .ok : .forbidden
        case "POST /overlaps/{id}": return canDecide(who) ? .seeOther : .forbidden
        // Only those who see everything tell owners of what they may not see.
        case "POST /api/v1/overlaps/{id}/notices": return [.admin, .secretariat].contains(who) ? .created : .forbidden
        case "POST /overlaps/{id}/notices": return [.admin, .secretariat].contains(who) ? .seeOther : .forbidden
        default:
            Issue.record("no expectation for \(route)")
            return HTTPResponse.Status(code: 599)
        }
    }

    /// Who runs the meetings of a series chaired by US-INL: the secretariat, administrators, the US
    /// coordinator (US-INL is an agency of their government) and US-INL's contributor.
    static func canChair(_ who: Who) -> Bool { [.admin, .secretariat, .coordinator, .contributor].contains(who) }

    /// Who may set up a meeting series.
    static func canCreateSeries(_ who: Who) -> Bool {
        [.admin, .secretariat, .coordinator, .contributor, .colombia].contains(who)
    }

    /// What each probe of a meeting route expects, for a fresh series of US-INL's marked `marking`: the
    /// series, its meetings and their records are visible exactly as an activity with that marking would be.
    static func expectedMeetingStatus(_ route: String, _ who: Who, _ marking: ProbeMarking) -> HTTPResponse.Status {
        let visible = marking.visible(to: who)
        let page = !route.contains(" /api/") && !route.contains(" /feeds/")
        if page && who == .anonymous { return .seeOther }
        switch route {
        case "GET /api/v1/meeting-series/{id}", "GET /api/v1/meetings/{id}", "GET /api/v1/meetings/{id}/agenda",
            "GET /api/v1/meetings/{id}/decisions", "GET /api/v1/action-items/{id}", "GET /meeting-series/{id}",
            "GET /meetings/{id}", "GET /meetings/{id}/brief", "GET /feeds/{key}/series/{file}":
            // A visitor has no feed key: the address does not exist.
            if route.hasPrefix("GET /feeds") && who == .anonymous { return .notFound }
            return visible ? .ok : .notFound
        case "GET /api/v1/meetings/{id}/suggestions", "GET /api/v1/meeting-series/{id}/fora":
            if who == .anonymous { return .unauthorized }
            return visible ? .ok : .notFound
        default: break
        }
        if who == .anonymous { return .unauthorized }
        if !visible { return .notFound }
        if !canChair(who) { return .forbidden }
        switch route {
        case "PATCH /api/v1/meeting-series/{id}", "PATCH /api/v1/meetings/{id}", "PUT /api/v1/meeting-series/{id}/fora",
            "PATCH /api/v1/meetings/{id}/agenda/{item}", "PATCH /api/v1/action-items/{id}",
            "GET /meeting-series/{id}/edit", "GET /meetings/{id}/minutes":
            return .ok
        case "POST /api/v1/meetings", "POST /api/v1/meetings/{id}/agenda", "POST /api/v1/meetings/{id}/decisions",
            "POST /api/v1/action-items":
            return .created
        case "DELETE /api/v1/meetings/{id}/agenda/{item}": return .noContent
        case "POST /api/v1/meetings/{id}/suggestions/{overlap}", "POST /meetings/{id}/suggestions/{overlap}":
            // Nothing is suggested for this meeting: there is nothing to answer.
            return .notFound
        case "POST /meeting-series/{id}/edit", "POST /meetings/{id}/status", "POST /meetings/{id}/details",
            "POST /meeting-series/{id}/fora",
            "POST /meetings/{id}/participants",
            "POST /meetings/{id}/minutes", "POST /meetings/{id}/agenda", "POST /meetings/{id}/agenda/{item}",
            "POST /meetings/{id}/decisions", "POST /meetings/{id}/actions", "POST /actions/{id}":
            return .seeOther
        default:
            Issue.record("no expectation for \(route)")
            return HTTPResponse.Status(code: 599)
        }
    }

    static let overlapRoutes = [
        "GET /api/v1/overlaps/{id}", "PATCH /api/v1/overlaps/{id}", "GET /overlaps/{id}", "POST /overlaps/{id}",
        "POST /api/v1/overlaps/{id}/notices", "POST /overlaps/{id}/notices",
    ]

    /// Routes whose answer depends on the role only, with the status expected per role.
    static func expectedRoleStatus(_ route: String, _ who: Who) -> HTTPResponse.Status {
        let signedIn = who != .anonymous
        let admin = who == .admin
        func adminOnly(
            _ success: HTTPResponse.Status, anonymous: HTTPResponse.Status = .unauthorized
        )
            -> HTTPResponse.Status
        {
            !signedIn ? anonymous : admin ? success : .forbidden
        }
        switch route {
        case "GET /static/**", "GET /healthz", "GET /readyz", "GET /api/v1/openapi.json", "GET /api/v1/activities",
            "GET /api/v1/organizations", "GET /api/v1/organizations/{code}", "GET /api/v1/countries",
            "GET /api/v1/currencies", "GET /api/v1/key-areas", "GET /api/v1/topics", "GET /api/v1/activity-kinds",
            "GET /api/v1/modalities", "GET /api/v1/activity-statuses", "GET /", "GET /activities",
            "GET /language/{code}", "GET /login", "GET /api/v1/coverage", "GET /api/v1/coverage.csv", "GET /coverage",
            "GET /api/v1/iati/activities.xml", "GET /api/v1/activities.csv", "GET /api/v1/activities.geojson":
            return route == "GET /language/{code}" ? .seeOther : .ok
        case "GET /api/v1/overlaps": return signedIn ? .ok : .unauthorized
        case "POST /api/v1/imports/iati", "POST /api/v1/imports/csv":
            return !signedIn ? .unauthorized : canImport(who) ? .unprocessableContent : .forbidden
        case "GET /imports", "GET /imports/template.csv", "GET /imports/code-lists.csv":
            return !signedIn ? .seeOther : canImport(who) ? .ok : .forbidden
        case "POST /imports": return !signedIn ? .seeOther : canImport(who) ? .seeOther : .forbidden
        case "GET /imports/{id}": return !signedIn ? .seeOther : canImport(who) ? .notFound : .forbidden
        case "GET /overlaps": return signedIn ? .ok : .seeOther
        case "POST /api/v1/overlaps/scan":
            return !signedIn ? .unauthorized : [.admin, .secretariat].contains(who) ? .ok : .forbidden
        case "POST /overlaps/scan":
            return !signedIn ? .seeOther : [.admin, .secretariat].contains(who) ? .seeOther : .forbidden
        case "POST /api/v1/activities":
            return !signedIn ? .unauthorized : canCreate(who) ? .created : .forbidden
        case "GET /activities/new":
            return !signedIn ? .seeOther : canCreate(who) ? .ok : .forbidden
        case "POST /activities":
            return !signedIn ? .seeOther : canCreate(who) ? .seeOther : .forbidden
        case "GET /api/v1/me", "GET /api/v1/tokens": return signedIn ? .ok : .unauthorized
        case "POST /api/v1/tokens": return signedIn ? .created : .unauthorized
        case "DELETE /api/v1/tokens/{id}": return signedIn ? .noContent : .unauthorized
        case "GET /api/v1/users", "GET /api/v1/audit", "GET /api/v1/audit/verify", "PATCH /api/v1/users/{id}",
            "PUT /api/v1/organizations/{code}":
            return adminOnly(.ok)
        case "POST /api/v1/invitations", "POST /api/v1/organizations": return adminOnly(.created)
        case "GET /admin", "GET /admin/organizations", "GET /admin/organizations/{code}", "GET /admin/users",
            "GET /admin/audit", "POST /admin/audit/verify":
            return adminOnly(.ok, anonymous: .seeOther)
        case "POST /admin/organizations", "POST /admin/organizations/{code}", "POST /admin/users/invite",
            "POST /admin/users/{id}/roles", "POST /admin/users/{id}/deactivate", "POST /admin/users/{id}/reactivate":
            return route == "POST /admin/users/invite"
                ? adminOnly(.ok, anonymous: .seeOther) : adminOnly(.seeOther, anonymous: .seeOther)
        case "GET /account", "GET /account/second-factor": return signedIn ? .ok : .seeOther
        case "POST /account/tokens": return signedIn ? .ok : .seeOther
        case "POST /account/tokens/{id}/revoke": return signedIn ? .seeOther : .seeOther
        case "POST /account/second-factor": return signedIn ? .unprocessableContent : .seeOther
        case "POST /account/password": return signedIn ? .unprocessableContent : .seeOther
        case "POST /login": return .unauthorized
        case "GET /login/second-factor", "POST /logout": return .seeOther
        case "POST /login/second-factor": return .seeOther
        case "GET /invitations/{token}", "POST /invitations/{token}": return .notFound
        case "GET /api/v1/meeting-series", "GET /api/v1/meetings", "GET /api/v1/action-items": return .ok
        case "POST /api/v1/meeting-series":
            return !signedIn ? .unauthorized : canCreateSeries(who) ? .created : .forbidden
        case "POST /api/v1/me/feed-key": return signedIn ? .ok : .unauthorized
        case "GET /feeds/{key}/{file}": return signedIn ? .ok : .notFound
        case "GET /meeting-series", "GET /actions", "GET /actions/mine", "GET /calendar":
            return signedIn ? .ok : .seeOther
        case "GET /meeting-series/new": return !signedIn ? .seeOther : canCreateSeries(who) ? .ok : .forbidden
        case "POST /meeting-series": return !signedIn ? .seeOther : canCreateSeries(who) ? .seeOther : .forbidden
        case "POST /account/feed-key": return .seeOther
        default:
            Issue.record("no expectation for \(route)")
            return HTTPResponse.Status(code: 599)
        }
    }

    @Test("every route, every role, every marking answers as the rules say")
    func matrix() async throws {
        try await TestApp.run { client, world in
            var covered: Set<String> = []
            let probe = try await Probe.signedIn(client, world)

            for marking in ProbeMarking.allCases {
                for who in Who.allCases {
                    for route in Self.activityRoutes {
                        // A fresh activity for each probe, so that writes never disturb the next one;
                        // each in its own dates, so that probes do not overlap one another.
                        let id = try await createActivity(
                            client, world,
                            [
                                "title": "Probe \(marking.rawValue)", "releasability": marking.releasability,
                            ].merging(probe.nextDates(), uniquingKeysWith: { a, _ in a }))
                        let status = try await probe.activity(route, id: id, who: who)
                        #expect(
                            status == Self.expectedActivityStatus(route, who, marking),
                            "\(route) as \(who) on \(marking)")
                        covered.insert(route)
                    }
                    for route in Self.overlapRoutes {
                        let id = try await probe.newOverlap(marking)
                        let status = try await probe.overlap(route, id: id, who: who)
                        #expect(
                            status == Self.expectedOverlapStatus(route, who, marking),
                            "\(route) as \(who) on \(marking)")
                        covered.insert(route)
                    }
                }
            }
            for route in Probe.roleRoutes {
                for who in Who.allCases {
                    let status = try await probe.role(route, who: who)
                    // Every probe comes from one address, so wrong passwords soon meet the throttle.
                    let throttled = route == "POST /login" && status == .tooManyRequests
                    #expect(status == Self.expectedRoleStatus(route, who) || throttled, "\(route) as \(who)")
                }
                covered.insert(route)
            }

            for route in Probe.fundingRoleRoutes {
                for who in Who.allCases {
                    let status = try await probe.fundingRole(route, who: who)
                    #expect(status == Probe.expectedFundingStatus(route, who), "\(route) as \(who)")
                }
                covered.insert(route)
            }

            for route in Probe.foraRoutes {
                for who in Who.allCases {
                    let status = try await probe.fora(route, who: who)
                    #expect(status == Probe.expectedForaStatus(route, who), "\(route) as \(who)")
                }
                covered.insert(route)
            }

            let registered = try await Self.registeredRoutes()
            // The meeting and need routes have matrices of their own (below).
            let uncovered = registered.subtracting(covered).subtracting(Probe.excluded)
                .subtracting(Probe.meetingRoutes).subtracting(Probe.meetingRoleRoutes)
                .subtracting(Probe.needRoutes).subtracting(Probe.needRoleRoutes)
                .subtracting(Probe.draftRoutes).subtracting(Probe.roundRoutes).subtracting(Probe.proposalRoleRoutes)
                .subtracting(Probe.adoptedRoutes)
            #expect(uncovered.isEmpty, "routes the authorization matrix does not cover: \(uncovered.sorted())")
        }
    }

    @Test("every meeting route, every role, every marking answers as the rules say")
    func meetingMatrix() async throws {
        // Thousands of requests read the clock: a tenth of a second a read keeps every session inside its limits.
        try await TestApp.run(clock: Fixtures.tickingClock(step: 0.1)) { client, world in
            let probe = try await Probe.signedIn(client, world)
            for marking in ProbeMarking.allCases {
                for who in Who.allCases {
                    for route in Probe.meetingRoutes {
                        let records = try await probe.newMeeting(marking)
                        let status = try await probe.meeting(route, records, who: who)
                        #expect(
                            status == Self.expectedMeetingStatus(route, who, marking),
                            "\(route) as \(who) on \(marking)")
                    }
                }
            }
            for route in Probe.meetingRoleRoutes {
                for who in Who.allCases {
                    let status = try await probe.meetingRole(route, who: who)
                    #expect(status == Self.expectedRoleStatus(route, who), "\(route) as \(who)")
                }
            }
        }
    }

    @Test("every need route, every role, every marking answers as the rules say")
    func needMatrix() async throws {
        try await TestApp.run(clock: Fixtures.tickingClock(step: 0.1)) { client, world in
            let probe = try await Probe.signedIn(client, world)
            // A public U.S.-INL course in Honduras, for linking.
            let activity = try await createActivity(client, world, ["releasability": ["marking": "public"]])
            for marking in ProbeMarking.allCases {
                for who in Who.allCases {
                    for route in Probe.needRoutes {
                        let id = try await probe.newNeed(marking)
                        let status = try await probe.need(route, id: id, activity: activity, who: who)
                        #expect(
                            status == Probe.expectedNeedStatus(route, who, marking), "\(route) as \(who) on \(marking)")
                    }
                }
            }
            for route in Probe.needRoleRoutes {
                for who in Who.allCases {
                    let status = try await probe.needRole(route, who: who)
                    #expect(status == Probe.expectedNeedRoleStatus(route, who), "\(route) as \(who)")
                }
            }
        }
    }

    @Test("every proposal and conference route, every role, answers as the rules say")
    func proposalMatrix() async throws {
        try await TestApp.run(clock: Fixtures.tickingClock(step: 0.1)) { client, world in
            let probe = try await Probe.signedIn(client, world)
            for route in Probe.draftRoutes + Probe.roundRoutes + Probe.adoptedRoutes + Probe.proposalRoleRoutes {
                for who in Who.allCases {
                    let status = try await probe.proposal(route, who: who)
                    #expect(status == Probe.expectedProposalStatus(route, who), "\(route) as \(who)")
                }
            }
        }
    }

    @Test("lists, text search, counts and the dashboard never reveal what a viewer may not see")
    func noLeaks() async throws {
        try await TestApp.run { client, world in
            for marking in ProbeMarking.allCases {
                _ = try await createActivity(
                    client, world,
                    [
                        "title": "Leakprobe \(marking.rawValue) zanzibar", "recipientCountries": ["BZ"],
                        "releasability": marking.releasability,
                    ])
            }
            for who in Who.allCases {
                let visible = ProbeMarking.allCases.filter { $0.visible(to: who) }
                let hidden = ProbeMarking.allCases.filter { !$0.visible(to: who) }
                #expect(try await total(client, world, "?q=zanzibar", as: who.key) == visible.count, "\(who)")
                #expect(try await total(client, world, "?country=BZ", as: who.key) == visible.count, "\(who)")
                try await client.execute(
                    uri: "/api/v1/activities?q=leakprobe&limit=200", method: .get, headers: world.auth(who.key)
                ) { response async throws in
                    let titles = (try json(response)["items"] as? [[String: Any]] ?? []).compactMap {
                        $0["title"] as? String
                    }
                    for marking in hidden {
                        #expect(!titles.contains { $0.contains(marking.rawValue) }, "\(who) sees \(marking)")
                    }
                }
                let browser = who == .anonymous ? nil : try await signIn(client, as: who.rawValue)
                let headers: HTTPFields = browser?.page ?? [.accept: "text/html"]
                try await client.execute(uri: "/activities?q=zanzibar", method: .get, headers: headers) {
                    response async throws in
                    for marking in hidden {
                        #expect(!response.text.contains("Leakprobe \(marking.rawValue)"), "\(who)")
                    }
                    #expect(
                        response.text.contains(visible.count == 1 ? "1 activity" : "\(visible.count) activities"),
                        "\(who)")
                }
                try await client.execute(uri: "/", method: .get, headers: headers) { response async throws in
                    // The dashboard's country chart: Belize appears with exactly the visible count, or not at all.
                    if visible.isEmpty {
                        #expect(!response.text.contains(">Belize<"), "\(who)")
                    } else {
                        #expect(response.text.contains("<title>Belize: \(visible.count)</title>"), "\(who)")
                    }
                }
            }
        }
    }

    /// The routes the application registers, as `METHOD /path/{parameter}`.
    static func registeredRoutes() async throws -> Set<String> {
        try await TestDatabase.withDatabase(.sqlite) { database, _ in
            let store = try await Store.open(
                database: database, clock: .system, ids: .random, secret: Fixtures.secret,
                security: Fixtures.fastSecurity)
            let translations = try Translations.load()
            let router = try buildRouter(
                store: store, configuration: AppConfiguration(database: .sqlite(path: "/unused")),
                translations: translations, pages: try await PageRenderer.load(translations: translations),
                metrics: EnlaceMetrics(registry: PrometheusCollectorRegistry()))
            return Set(router.routes.map { "\($0.method.rawValue) \(RouteTableTests.normalise($0.path.description))" })
        }
    }
}
