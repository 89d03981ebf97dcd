import EnlaceCore
import Hummingbird

/// The directory: each forum with its acronym, name, scope, mandate areas and members, and filters.
struct ForaDirectoryPage {
    struct Row {
        let href: String
        let acronym: String
        let name: String
        let scope: String
        let areas: String
        let members: String
        let parent: String?
    }

    /// Whether the reader keeps the directory.
    let canEdit: Bool
    let countries: [Option]
    let areas: [Option]
    let scopes: [Option]
    let rows: [Row]
    let hasRows: Bool
    /// The same list from the API.
    let apiHref = "/api/v1/fora"

    init(fora: [Forum], query: Parameters, canEdit: Bool, presenter: ActivityPresenter) {
        self.canEdit = canEdit
        func text(_ key: String, _ parameters: [String: String] = [:]) -> String {
            presenter.translations.text(key, presenter.language, parameters)
        }
        countries = .make(
            [("", text("funding.all"))]
                + presenter.countryChoices(),
            selected: [query.get("country") ?? ""])
        areas = .make(
            [("", text("funding.all"))] + presenter.keyAreaChoices,
            selected: [query.get("keyArea") ?? ""])
        scopes = .make(
            [("", text("funding.all"))] + ForumScope.allCases.map { ($0.rawValue, text("fora.scopes.\($0.rawValue)")) },
            selected: [query.get("scope") ?? ""])
        let acronyms = Dictionary(fora.map { ($0.id, $0.draft.acronym) }, uniquingKeysWith: { first, _ in first })
        rows = fora.map { forum in
            let draft = forum.draft
            return Row(
                href: SitePaths.forum(forum.id), acronym: draft.acronym, name: draft.names[presenter.language],
                scope: text("fora.scopes.\(draft.scope.rawValue)"),
                areas: draft.keyAreas.map(presenter.areaName).joined(separator: ", "),
                members: draft.scope == .universal && draft.members.isEmpty
                    ? text("fora.universal")
                    : draft.members.isEmpty ? "—" : text("fora.memberCount", ["count": "\(draft.members.count)"]),
                parent: draft.parent.map { acronyms[$0] ?? $0 })
        }
        hasRows = !rows.isEmpty
    }
}

extension ForaDirectoryPage: PageModel {
    static let template = PageTemplate.foraDirectory
}
