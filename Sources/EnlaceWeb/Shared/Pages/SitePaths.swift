import Foundation

/// Every path of the site, defined once. The controllers register these (`SiteRouter` takes nothing
/// else), redirects and page models build their links from them, and templates read the fixed ones as
/// `{{paths.name}}` (`forTemplates`); a page's own links come ready in its model.
enum SitePaths {
    static let home: SitePath = "/"
    static let language = SitePath1("/language/{code}")

    // Activities and what hangs from them.
    static let activities: SitePath = "/activities"
    static let newActivity: SitePath = "/activities/new"
    static let activity = SitePath1("/activities/{id}")
    static let editActivity = SitePath1("/activities/{id}/edit")
    static let archiveActivity = SitePath1("/activities/{id}/archive")
    static let activityHistory = SitePath1("/activities/{id}/history")
    static let activityFora = SitePath1("/activities/{id}/fora")
    static let activityFunding = SitePath1("/activities/{id}/funding")
    static let activityResults = SitePath1("/activities/{id}/results")
    static let imports: SitePath = "/imports"
    static let importTemplate: SitePath = "/imports/template.csv"
    static let importCodeLists: SitePath = "/imports/code-lists.csv"
    static let importJob = SitePath1("/imports/{id}")

    // Deconfliction and coverage.
    static let overlaps: SitePath = "/overlaps"
    static let overlapScan: SitePath = "/overlaps/scan"
    static let overlap = SitePath1("/overlaps/{id}")
    static let overlapNotices = SitePath1("/overlaps/{id}/notices")
    static let coverage: SitePath = "/coverage"

    // Needs, funding and results.
    static let needs: SitePath = "/needs"
    static let newNeed: SitePath = "/needs/new"
    static let planning: SitePath = "/needs/planning"
    static let need = SitePath1("/needs/{id}")
    static let editNeed = SitePath1("/needs/{id}/edit")
    static let needLinks = SitePath1("/needs/{id}/links")
    static let funding: SitePath = "/funding"
    static let vetting: SitePath = "/vetting"
    static let results: SitePath = "/results"

    // Fora and their contacts.
    static let fora: SitePath = "/fora"
    static let newForum: SitePath = "/fora/new"
    static let forum = SitePath1("/fora/{id}")
    static let editForum = SitePath1("/fora/{id}/edit")
    static let forumContacts = SitePath1("/fora/{id}/contacts")
    static let newForumContact = SitePath1("/fora/{id}/contacts/new")
    static let editContact = SitePath1("/contacts/{id}/edit")
    static let removeContact = SitePath1("/contacts/{id}/remove")

    // Proposals, consultation rounds and conferences.
    static let proposals: SitePath = "/proposals"
    static let newProposal: SitePath = "/proposals/new"
    static let proposal = SitePath1("/proposals/{id}")
    static let editProposal = SitePath1("/proposals/{id}/edit")
    static let compareProposal = SitePath1("/proposals/{id}/diff")
    static let proposalTransitions = SitePath1("/proposals/{id}/transitions")
    static let proposalRounds = SitePath1("/proposals/{id}/rounds")
    static let proposalSpawned = SitePath1("/proposals/{id}/spawned")
    static let round = SitePath2("/proposals/{id}/rounds/{number}")
    static let roundPositions = SitePath2("/proposals/{id}/rounds/{number}/positions")
    static let roundPositionsCSV = SitePath2("/proposals/{id}/rounds/{number}/positions.csv")
    static let conferences: SitePath = "/conferences"
    static let newConference: SitePath = "/conferences/new"
    static let conference = SitePath1("/conferences/{id}")
    static let editConference = SitePath1("/conferences/{id}/edit")

    // Meetings, action items and calendars.
    static let meetingSeries: SitePath = "/meeting-series"
    static let newMeetingSeries: SitePath = "/meeting-series/new"
    static let series = SitePath1("/meeting-series/{id}")
    static let editMeetingSeries = SitePath1("/meeting-series/{id}/edit")
    static let seriesFora = SitePath1("/meeting-series/{id}/fora")
    static let meeting = SitePath1("/meetings/{id}")
    static let meetingStatus = SitePath1("/meetings/{id}/status")
    static let meetingDetails = SitePath1("/meetings/{id}/details")
    static let meetingAgenda = SitePath1("/meetings/{id}/agenda")
    static let agendaItem = SitePath2("/meetings/{id}/agenda/{item}")
    static let meetingParticipants = SitePath1("/meetings/{id}/participants")
    static let meetingDecisions = SitePath1("/meetings/{id}/decisions")
    static let meetingActions = SitePath1("/meetings/{id}/actions")
    static let meetingSuggestion = SitePath2("/meetings/{id}/suggestions/{overlap}")
    static let minutes = SitePath1("/meetings/{id}/minutes")
    static let brief = SitePath1("/meetings/{id}/brief")
    static let actionItems: SitePath = "/actions"
    static let myActions: SitePath = "/actions/mine"
    static let actionItem = SitePath1("/actions/{id}")
    static let calendar: SitePath = "/calendar"
    /// A person's feeds: `file` is `me.ics` or `organization.ics`.
    static let feed = SitePath2("/feeds/{key}/{file}")
    /// A series' feed: `file` is the series' id with `.ics`.
    static let seriesFeed = SitePath2("/feeds/{key}/series/{file}")

    // Signing in and the person's own account.
    static let login: SitePath = "/login"
    static let secondFactor: SitePath = "/login/second-factor"
    static let logout: SitePath = "/logout"
    static let invitation = SitePath1("/invitations/{token}")
    static let account: SitePath = "/account"
    static let accountPassword: SitePath = "/account/password"
    static let accountSecondFactor: SitePath = "/account/second-factor"
    static let accountFeedKey: SitePath = "/account/feed-key"
    static let accountTokens: SitePath = "/account/tokens"
    static let revokeToken = SitePath1("/account/tokens/{id}/revoke")

    // Administration.
    static let admin: SitePath = "/admin"
    static let organizations: SitePath = "/admin/organizations"
    static let organization = SitePath1("/admin/organizations/{code}")
    static let users: SitePath = "/admin/users"
    static let inviteUser: SitePath = "/admin/users/invite"
    static let userRoles = SitePath1("/admin/users/{id}/roles")
    static let deactivateUser = SitePath1("/admin/users/{id}/deactivate")
    static let reactivateUser = SitePath1("/admin/users/{id}/reactivate")
    static let audit: SitePath = "/admin/audit"
    static let verifyAudit: SitePath = "/admin/audit/verify"
    static let exchangeRates: SitePath = "/admin/rates"
    /// The ceiling of `enlace bench list`, registered only when the benchmark asks for it.
    static let benchCeiling: SitePath = "/bench/ceiling"

    // Files and documents the pages link to.
    static let stylesheet: SitePath = "/static/app.css"
    static let favicon: SitePath = "/static/favicon.svg"
    static let script: SitePath = "/static/app.js"
    static let apiDocument: SitePath = "/api/v1/openapi.json"

    /// The fixed paths templates may name, as `{{paths.name}}`. A template naming any other fails at start
    /// (`PageRenderer.load`), and a literal path in a template fails `TemplateTests`.
    static let forTemplates: [String: String] = [
        "home": home.link, "activities": activities.link, "newActivity": newActivity.link, "imports": imports.link,
        "importTemplate": importTemplate.link, "importCodeLists": importCodeLists.link,
        "overlaps": overlaps.link, "coverage": coverage.link, "needs": needs.link, "newNeed": newNeed.link,
        "planning": planning.link, "funding": funding.link, "vetting": vetting.link, "results": results.link,
        "fora": fora.link, "newForum": newForum.link, "proposals": proposals.link, "newProposal": newProposal.link,
        "conferences": conferences.link, "newConference": newConference.link, "meetingSeries": meetingSeries.link,
        "actionItems": actionItems.link, "myActions": myActions.link, "calendar": calendar.link,
        "login": login.link, "secondFactor": secondFactor.link, "logout": logout.link, "account": account.link,
        "accountPassword": accountPassword.link, "accountSecondFactor": accountSecondFactor.link,
        "accountFeedKey": accountFeedKey.link, "accountTokens": accountTokens.link, "admin": admin.link,
        "organizations": organizations.link, "users": users.link, "inviteUser": inviteUser.link,
        "audit": audit.link, "verifyAudit": verifyAudit.link, "exchangeRates": exchangeRates.link,
        "stylesheet": stylesheet.link, "favicon": favicon.link, "script": script.link, "apiDocument": apiDocument.link,
    ]

    /// The sign-in page, returning to `next` (a path on this site) afterwards.
    static func signIn(next: String? = nil) -> String {
        guard let next, isLocal(next) else { return login.link }
        return login.with([("next", next)])
    }

    /// Whether `path` stays on this site: `/x`, but not `//host`, and nothing a browser might read as a
    /// host after dropping what it ignores: no backslash and no control or invisible character anywhere
    /// (`/<TAB>/host` is `//host` to a browser).
    static func isLocal(_ path: String) -> Bool {
        guard path.hasPrefix("/"), !path.hasPrefix("//") else { return false }
        return !path.unicodeScalars.contains { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: true
            default: scalar == "\\"
            }
        }
    }

    /// The comparison of versions `from` and `to` of proposal `id`.
    static func proposalDiff(_ id: String, from: Int? = nil, to: Int? = nil) -> String {
        let pairs = [("from", from), ("to", to)].compactMap { name, value in value.map { (name, String($0)) } }
        return compareProposal(id) + (pairs.isEmpty ? "" : "?" + query(pairs))
    }

    /// A meeting's page open on `tab`.
    static func meeting(_ id: String, tab: String) -> String { meeting(id) + "?" + query([("tab", tab)]) }

    /// `name=value&…`, percent-encoded.
    static func query(_ parameters: [(String, String)]) -> String {
        parameters.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? "")" }
            .joined(separator: "&")
    }
}
