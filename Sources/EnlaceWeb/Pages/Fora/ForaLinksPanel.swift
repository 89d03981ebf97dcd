import EnlaceCore

/// The fora a record concerns, on its page, with the form that changes them for those who may.
struct ForaLinksPanel {
    let links: [LabelledLink]
    let hasLinks: Bool
    let canEdit: Bool
    let action: String
    let options: [Option]

    init(linked: [Forum], all: [Forum], canEdit: Bool, action: String, language: Language) {
        links = linked.map {
            LabelledLink(href: SitePaths.forum($0.id), label: "\($0.draft.acronym) — \($0.draft.names[language])")
        }
        hasLinks = !linked.isEmpty
        self.canEdit = canEdit
        self.action = action
        options =
            canEdit
            ? .make(
                all.map { ($0.id, "\($0.draft.acronym) — \($0.draft.names[language])") },
                selected: Set(linked.map(\.id))) : []
    }
}
