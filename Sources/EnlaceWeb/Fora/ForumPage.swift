import EnlaceCore
import EnlaceStore

/// One forum: its names, mandate, members and the bodies within it; its focal points for members.
struct ForumPage {
    struct Link {
        let href: String
        let label: String
    }

    struct ContactRow {
        let editHref: String
        let removeAction: String
        let version: Int
        let name: String
        let organization: String
        let position: String
        let email: String
        let mailto: String?
        let phone: String
        let languages: String
    }

    let acronym: String
    let name: String
    let otherNames: String
    let scope: String
    let description: String?
    let website: String?
    let parent: Link?
    let children: [Link]
    let hasChildren: Bool
    let members: String
    let areas: String
    let topics: String
    /// Whether the reader may see focal points (members only).
    let showContacts: Bool
    let contacts: [ContactRow]
    let hasContacts: Bool
    /// What links here, of what the reader may read: proposals, activities, meeting series.
    let proposals: [Link]
    let activities: [Link]
    let series: [Link]
    let hasProposals: Bool
    let hasActivities: Bool
    let hasSeries: Bool
    let hasInbound: Bool
    /// Whether the reader keeps the directory (the secretariat, administrators).
    let canEdit: Bool
    let editHref: String
    let newContactHref: String
    let apiHref: String

    init(
        forum: Forum, all: [Forum], contacts: [Contact]?, inbound: ForumLinkRepository.Inbound, viewer: Viewer,
        presenter: ActivityPresenter
    ) {
        func text(_ key: String) -> String { presenter.translations.text(key, presenter.language) }
        let draft = forum.draft
        let language = presenter.language
        acronym = draft.acronym
        name = draft.names[language]
        otherNames = Language.allCases.filter { $0 != language }.compactMap { draft.names.values[$0] }
            .filter { $0 != draft.names[language] }.joined(separator: " · ")
        scope = text("fora.scopes.\(draft.scope.rawValue)")
        description = draft.description[language] ?? draft.description[.en]
        website = draft.website
        parent = draft.parent.flatMap { id in
            all.first { $0.id == id }.map { Link(href: SitePaths.forum($0.id), label: $0.draft.names[language]) }
        }
        children = all.filter { $0.draft.parent == forum.id }.map {
            Link(href: SitePaths.forum($0.id), label: $0.label(language))
        }
        hasChildren = !children.isEmpty
        members =
            draft.members.isEmpty
            ? (draft.scope == .universal ? text("fora.universal") : "—")
            : draft.members.map(presenter.countryName).sorted().joined(separator: ", ")
        areas = draft.keyAreas.map(presenter.areaName).joined(separator: ", ")
        topics = draft.topics.compactMap { presenter.catalog.topic($0)?.names[language] }.joined(separator: ", ")
        showContacts = contacts != nil
        self.contacts = (contacts ?? []).map { contact in
            let draft = contact.draft
            return ContactRow(
                editHref: SitePaths.editContact(contact.id),
                removeAction: SitePaths.removeContact(contact.id),
                version: contact.version, name: draft.name, organization: draft.organization, position: draft.position,
                email: draft.email,
                mailto: draft.email.isEmpty ? nil : "mailto:" + draft.email, phone: draft.phone,
                languages: draft.languages.map {
                    presenter.translations.text("language.names.\($0.rawValue)", language)
                }
                .joined(separator: ", "))
        }
        hasContacts = !(contacts ?? []).isEmpty
        proposals = inbound.proposals.map {
            Link(
                href: SitePaths.proposal($0.id),
                label: "\($0.text.title) (\(text("proposals.statuses.\($0.status.rawValue)")))")
        }
        activities = inbound.activities.map { Link(href: SitePaths.activity($0.id), label: $0.draft.title) }
        series = inbound.series.map { Link(href: SitePaths.series($0.id), label: $0.name) }
        hasProposals = !proposals.isEmpty
        hasActivities = !activities.isEmpty
        hasSeries = !series.isEmpty
        hasInbound = hasProposals || hasActivities || hasSeries
        canEdit = ForumPolicy.canEdit(viewer)
        editHref = SitePaths.editForum(forum.id)
        newContactHref = SitePaths.newForumContact(forum.id)
        apiHref = "/api/v1/fora/" + forum.id
    }
}

extension ForumPage: PageModel {
    static let template = PageTemplate.forum
}
