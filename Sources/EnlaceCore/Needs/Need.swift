public import Foundation

/// Where a need stands.
public enum NeedStatus: String, CaseIterable, Sendable, Codable {
    case open
    case partlyMet = "partly-met"
    case met
    case withdrawn
}

/// A partner nation's requirement, as its focal point states it at the annual planning workshop.
public struct NeedDraft: Sendable, Hashable {
    /// A short name, for lists.
    public var title: String
    /// ISO 3166-1 alpha-2 of the partner country.
    public var country: String
    /// The institution that needs it, for example `Fuerza Naval de Honduras`.
    public var institution: String
    /// Key area slugs; at least one.
    public var keyAreas: [String]
    /// Topic slugs, each within one of `keyAreas`.
    public var topics: [String]
    /// What is needed and why.
    public var description: String
    /// 1 (highest) to 3.
    public var priority: Int
    /// The first day it is wanted.
    public var windowStart: CalendarDate
    /// The last day it is wanted.
    public var windowEnd: CalendarDate
    /// How many people it concerns, if estimated.
    public var people: Int?
    /// What it may cost, if estimated.
    public var budget: Money?
    /// The status the focal point set; nil: the one its links give (see ``Need/status(linked:)``).
    public var statusOverride: NeedStatus?
    /// Who may read it.
    public var releasability: Releasability

    /// Creates the draft.
    public init(
        title: String, country: String, institution: String, keyAreas: [String], topics: [String] = [],
        description: String = "", priority: Int, windowStart: CalendarDate, windowEnd: CalendarDate,
        people: Int? = nil, budget: Money? = nil, statusOverride: NeedStatus? = nil,
        releasability: Releasability = .default
    ) {
        self.title = title
        self.country = country
        self.institution = institution
        self.keyAreas = keyAreas
        self.topics = topics
        self.description = description
        self.priority = priority
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.people = people
        self.budget = budget
        self.statusOverride = statusOverride
        self.releasability = releasability
    }

    /// The days it is wanted.
    public var window: ClosedRange<CalendarDate> { windowStart...max(windowStart, windowEnd) }
}

/// A stored need, with the activities linked to it as answering it.
public struct Need: Sendable, Hashable, Identifiable {
    /// The stable identifier.
    public var id: String
    /// The organisation that recorded it (the partner's focal point's).
    public var owner: String
    /// The content.
    public var draft: NeedDraft
    /// The ids of the activities linked to it, in the order they were linked.
    public var links: [String]
    /// Starts at 1, grows with each change.
    public var version: Int
    /// When it was recorded.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates the need.
    public init(
        id: String, owner: String, draft: NeedDraft, links: [String] = [], version: Int, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.owner = owner
        self.draft = draft
        self.links = links
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The status, given the linked activities the reader may see: as the focal point set it, or
    /// else open without links, met once a linked activity is finished and has trained at least the
    /// people needed (or no number was asked), partly met otherwise.
    public func status(linked: [Activity]) -> NeedStatus {
        if let set = draft.statusOverride { return set }
        if linked.isEmpty { return .open }
        let finished = linked.filter { [.finalisation, .closed].contains($0.draft.status) }
        guard !finished.isEmpty else { return .partlyMet }
        guard let people = draft.people else { return .met }
        let trained = finished.reduce(0) { $0 + ($1.draft.participantsTrained ?? 0) }
        return trained >= people ? .met : .partlyMet
    }
}

/// Who may write needs and their links.
public enum NeedPolicy {
    /// Whether `viewer` may record needs: partner focal points for their country, the secretariat and administrators.
    public static func canCreate(_ viewer: Viewer) -> Bool {
        guard let principal = viewer.principal, principal.scope == .readWrite else { return false }
        return principal.has(.partner) || principal.has(.secretariat) || principal.has(.admin)
    }

    /// Whether `viewer` may change a need owned by `owner` (whose lineage is `ownerLineage`).
    public static func canEdit(_ viewer: Viewer, ownerLineage: [String]) -> Bool {
        guard let principal = viewer.principal, principal.scope == .readWrite else { return false }
        if principal.has(.admin) || principal.has(.secretariat) { return true }
        return principal.has(.partner) && ownerLineage.contains(principal.organization)
    }
}
