/// How far a forum or mechanism reaches.
public enum ForumScope: String, CaseIterable, Sendable, Codable {
    /// Open to every state (UNODC, INTERPOL).
    case universal
    /// One region, such as the hemisphere (OAS, AMERIPOL).
    case regional
    /// Part of a region (SICA, CARICOM IMPACS, ECOWAS).
    case subregional
}

/// The content of a forum or regional mechanism the coordinating entity keeps in touch with.
public struct ForumDraft: Sendable, Hashable {
    /// Its name in each language (English always).
    public var names: LocalizedText
    /// Its acronym, for example `CICAD`.
    public var acronym: String
    /// Universal, regional or subregional.
    public var scope: ForumScope
    /// The id of the body it belongs to (CICAD to the OAS), if any.
    public var parent: String?
    /// ISO 3166-1 codes of its member states; empty for universal membership or when not recorded.
    public var members: [String]
    /// Slugs of the key areas of its mandate.
    public var keyAreas: [String]
    /// Slugs of topics of its mandate, each within one of `keyAreas`.
    public var topics: [String]
    /// Its official site, if known.
    public var website: String?
    /// Its mandate in a sentence or two, per language; empty when not recorded.
    public var description: [Language: String]

    /// Creates the draft.
    public init(
        names: LocalizedText, acronym: String, scope: ForumScope, parent: String? = nil, members: [String] = [],
        keyAreas: [String] = [], topics: [String] = [], website: String? = nil, description: [Language: String] = [:]
    ) {
        self.names = names
        self.acronym = acronym
        self.scope = scope
        self.parent = parent
        self.members = members
        self.keyAreas = keyAreas
        self.topics = topics
        self.website = website
        self.description = description
    }
}

/// A forum or mechanism in the directory: public, like the bodies it describes.
public struct Forum: Sendable, Hashable, Identifiable {
    /// A stable slug, for example `oas-cicad`.
    public var id: String
    /// The content.
    public var draft: ForumDraft
    /// Starts at 1 and grows by one with each change.
    public var version: Int

    /// Creates the forum.
    public init(id: String, draft: ForumDraft, version: Int) {
        self.id = id
        self.draft = draft
        self.version = version
    }
}

/// A focal point of a forum: a person, so personal data, read by members only.
public struct ContactDraft: Sendable, Hashable {
    /// Full name.
    public var name: String
    /// The organisation they work for, in words.
    public var organization: String
    /// Their position.
    public var position: String
    /// Work email.
    public var email: String
    /// Work phone, in international form.
    public var phone: String
    /// The languages they work in.
    public var languages: [Language]

    /// Creates the contact.
    public init(
        name: String, organization: String = "", position: String = "", email: String = "", phone: String = "",
        languages: [Language] = []
    ) {
        self.name = name
        self.organization = organization
        self.position = position
        self.email = email
        self.phone = phone
        self.languages = languages
    }
}

/// A stored focal point.
public struct Contact: Sendable, Hashable, Identifiable {
    /// The stable identifier.
    public var id: String
    /// The forum they are a focal point of.
    public var forum: String
    /// The content.
    public var draft: ContactDraft
    /// Starts at 1 and grows by one with each change.
    public var version: Int

    /// Creates the contact.
    public init(id: String, forum: String, draft: ContactDraft, version: Int) {
        self.id = id
        self.forum = forum
        self.draft = draft
        self.version = version
    }
}

/// Who may read focal points and who keeps the directory.
public enum ForumPolicy {
    /// Whether `viewer` may read contacts: people of member organisations, and those who see
    /// everything; never the public, and not partner nations that are not members.
    public static func canSeeContacts(_ viewer: Viewer) -> Bool {
        guard let principal = viewer.principal else { return false }
        return viewer.seesEverything || principal.isMember
    }

    /// Whether `viewer` may change the directory and its contacts: the secretariat and administrators.
    public static func canEdit(_ viewer: Viewer) -> Bool {
        guard let principal = viewer.principal, principal.scope == .readWrite else { return false }
        return principal.has(.secretariat) || principal.has(.admin)
    }
}
