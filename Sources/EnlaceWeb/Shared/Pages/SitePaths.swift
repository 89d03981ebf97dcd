import Foundation

/// Links to the site's pages, built in one place so that templates and redirects agree with the routes.
enum SitePaths {
    static let home = "/"
    static let activities = "/activities"
    static let newActivity = "/activities/new"

    static let overlaps = "/overlaps"
    static let overlapScan = "/overlaps/scan"
    static let coverage = "/coverage"

    static let logout = "/logout"
    static let secondFactor = "/login/second-factor"
    static let account = "/account"

    /// The sign-in page, returning to `next` (a path on this site) afterwards.
    static func login(next: String? = nil) -> String {
        guard let next, isLocal(next) else { return "/login" }
        return "/login?" + query([("next", next)])
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

    static func activityHistory(_ id: String) -> String { "/activities/\(escape(id))/history" }

    static func activity(_ id: String) -> String { "/activities/\(escape(id))" }
    static func activityFora(_ id: String) -> String { activity(id) + "/fora" }
    static func editActivity(_ id: String) -> String { "/activities/\(escape(id))/edit" }
    static func archiveActivity(_ id: String) -> String { "/activities/\(escape(id))/archive" }

    static func activityFunding(_ id: String) -> String { "/activities/\(escape(id))/funding" }
    static func activityResults(_ id: String) -> String { "/activities/\(escape(id))/results" }
    static let fora = "/fora"
    static func forum(_ id: String) -> String { "/fora/\(escape(id))" }
    static func contact(_ id: String) -> String { "/contacts/\(escape(id))" }

    static let proposals = "/proposals"
    static let newProposal = "/proposals/new"
    static func proposal(_ id: String) -> String { "/proposals/\(escape(id))" }
    static func editProposal(_ id: String) -> String { proposal(id) + "/edit" }
    static func proposalTransitions(_ id: String) -> String { proposal(id) + "/transitions" }
    static func proposalRounds(_ id: String) -> String { proposal(id) + "/rounds" }
    static func proposalSpawned(_ id: String) -> String { proposal(id) + "/spawned" }
    static func round(_ id: String, _ number: Int) -> String { proposal(id) + "/rounds/\(number)" }
    static func roundPositions(_ id: String, _ number: Int) -> String { round(id, number) + "/positions" }
    /// The comparison of versions `from` and `to` of proposal `id`.
    static func proposalDiff(_ id: String, from: Int? = nil, to: Int? = nil) -> String {
        let pairs = [("from", from), ("to", to)].compactMap { name, value in value.map { (name, String($0)) } }
        return proposal(id) + "/diff" + (pairs.isEmpty ? "" : "?" + query(pairs))
    }
    static let conferences = "/conferences"
    static func conference(_ id: String) -> String { "/conferences/\(escape(id))" }
    static let funding = "/funding"
    static let needs = "/needs"
    static let newNeed = "/needs/new"
    static let planning = "/needs/planning"
    static func need(_ id: String) -> String { "/needs/\(escape(id))" }
    static func editNeed(_ id: String) -> String { "/needs/\(escape(id))/edit" }
    static func needLinks(_ id: String) -> String { "/needs/\(escape(id))/links" }
    static let vetting = "/vetting"
    static let exchangeRates = "/admin/rates"

    static func overlap(_ id: String) -> String { "/overlaps/\(escape(id))" }
    static func overlapNotices(_ id: String) -> String { overlap(id) + "/notices" }

    static let meetingSeries = "/meeting-series"
    static let newMeetingSeries = "/meeting-series/new"
    static let actionItems = "/actions"
    static let myActions = "/actions/mine"
    static let calendar = "/calendar"

    static func meetingSeries(_ id: String) -> String { "/meeting-series/\(escape(id))" }
    static func editMeetingSeries(_ id: String) -> String { "/meeting-series/\(escape(id))/edit" }
    static func meeting(_ id: String) -> String { "/meetings/\(escape(id))" }
    static func meeting(_ id: String, tab: String) -> String { "/meetings/\(escape(id))?tab=\(tab)" }
    static func minutes(_ id: String) -> String { "/meetings/\(escape(id))/minutes" }
    static func brief(_ id: String) -> String { "/meetings/\(escape(id))/brief" }
    static func actionItem(_ id: String) -> String { "/actions/\(escape(id))" }

    /// The overlap queue with `parameters` as its query.
    static func overlaps(_ parameters: [(String, String)]) -> String {
        parameters.isEmpty ? overlaps : overlaps + "?" + query(parameters)
    }

    /// The activity list with `parameters` as its query.
    static func activities(_ parameters: [(String, String)]) -> String {
        guard !parameters.isEmpty else { return activities }
        return activities + "?" + query(parameters)
    }

    /// `name=value&…`, percent-encoded.
    static func query(_ parameters: [(String, String)]) -> String {
        parameters.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? "")" }
            .joined(separator: "&")
    }

    private static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? segment
    }
}
