public import Foundation

/// The five things a proposal of the coordinating entity must settle, in the order they are read.
public enum ProposalSection: String, CaseIterable, Sendable, Codable {
    /// What the proposal sets out to achieve.
    case objectives
    /// The mandate it gives, and to whom.
    case mandate
    /// Where and to what it applies.
    case scope
    /// How it is paid for.
    case funding
    /// How it works day to day: bodies, meetings, reporting.
    case mechanisms
}

/// A proposal's words at one version: its title and its five sections, each Markdown.
public struct ProposalText: Sendable, Hashable {
    /// The title.
    public var title: String
    /// The Markdown of each section; a section not yet written is empty.
    public var sections: [ProposalSection: String]

    /// Creates the text.
    public init(title: String, sections: [ProposalSection: String] = [:]) {
        self.title = title
        self.sections = sections
    }

    /// The Markdown of `section`, empty when not written.
    public subscript(section: ProposalSection) -> String { sections[section] ?? "" }
}

/// One kept revision of a proposal's text.
public struct ProposalVersion: Sendable, Hashable {
    /// Its number, from 1.
    public var number: Int
    /// The words.
    public var text: ProposalText
    /// What changed, in the author's words.
    public var note: String
    /// The email of who wrote it.
    public var author: String
    /// When it was saved.
    public var createdAt: Date

    /// Creates the version.
    public init(number: Int, text: ProposalText, note: String, author: String, createdAt: Date) {
        self.number = number
        self.text = text
        self.note = note
        self.author = author
        self.createdAt = createdAt
    }
}

/// Where a proposal stands on its way to the conference.
public enum ProposalStatus: String, CaseIterable, Sendable, Codable {
    /// Written by its lead organisations; read by them and the secretariat only.
    case draft
    /// Before the member states in a technical consultation round.
    case inConsultation = "in-consultation"
    /// Reworked after a round.
    case revised
    /// Agreed at technical level, ready for the conference.
    case endorsed
    /// Put before the conference.
    case presented
    /// Adopted by the conference.
    case adopted
    /// Taken off the table.
    case withdrawn

    /// The statuses the workflow may move to from this one.
    public var next: [ProposalStatus] {
        switch self {
        case .draft: [.inConsultation, .withdrawn]
        case .inConsultation: [.revised, .endorsed, .withdrawn]
        case .revised: [.inConsultation, .endorsed, .withdrawn]
        case .endorsed: [.presented, .withdrawn]
        case .presented: [.adopted, .withdrawn]
        case .adopted, .withdrawn: []
        }
    }

    /// Whether the text may be revised: while drafted, and after a round.
    public var textEditable: Bool { self == .draft || self == .revised }

    /// Whether a consultation round may open: on a draft, a revised text, or one already in consultation.
    public var canOpenRound: Bool { self == .draft || self == .revised || self == .inConsultation }

    /// Moving from this status to `target`; otherwise ``EnlaceError/invalid(_:)`` under `status`,
    /// naming both ends.
    public func checkMove(to target: ProposalStatus) throws(EnlaceError) {
        guard next.contains(target) else {
            throw .invalid("status", .invalidTransition, ["from": rawValue, "to": target.rawValue])
        }
    }
}

/// What a proposal is about and who carries it; unlike its text, not versioned.
public struct ProposalDraft: Sendable, Hashable {
    /// Codes of the organisations that lead it (and edit its drafts).
    public var leads: [String]
    /// Slugs of its key areas.
    public var keyAreas: [String]
    /// Slugs of its topics, each within one of `keyAreas`.
    public var topics: [String]
    /// Ids of the fora it concerns.
    public var fora: [String]
    /// Ids of the needs it answers.
    public var needs: [String]
    /// Ids of the activities it builds on.
    public var activities: [String]

    /// Creates the draft.
    public init(
        leads: [String], keyAreas: [String], topics: [String] = [], fora: [String] = [], needs: [String] = [],
        activities: [String] = []
    ) {
        self.leads = leads
        self.keyAreas = keyAreas
        self.topics = topics
        self.fora = fora
        self.needs = needs
        self.activities = activities
    }
}

/// A proposal of the coordinating entity: its current text, where it stands, and what it links to.
public struct Proposal: Sendable, Hashable, Identifiable {
    /// The stable identifier.
    public var id: String
    /// Leads, areas and links.
    public var draft: ProposalDraft
    /// The current text (that of version `textVersion`).
    public var text: ProposalText
    /// The number of the current text version.
    public var textVersion: Int
    /// Where it stands.
    public var status: ProposalStatus
    /// The record's version, for `If-Match`: grows with every change of any kind.
    public var version: Int
    /// When it was proposed.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date
    /// Whether it has ever been put to the members (it left its draft for consultation); a draft
    /// withdrawn before that never was.
    public var circulated: Bool

    /// Creates the proposal; `circulated` defaults to whether it has left its draft.
    public init(
        id: String, draft: ProposalDraft, text: ProposalText, textVersion: Int, status: ProposalStatus, version: Int,
        createdAt: Date, updatedAt: Date, circulated: Bool? = nil
    ) {
        self.circulated = circulated ?? (status != .draft && status != .withdrawn)
        self.id = id
        self.draft = draft
        self.text = text
        self.textVersion = textVersion
        self.status = status
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One move of a proposal along the workflow, as kept for its page.
public struct ProposalTransition: Sendable, Hashable {
    /// Where it was.
    public var from: ProposalStatus
    /// Where it went.
    public var to: ProposalStatus
    /// The email of who moved it.
    public var actor: String
    /// When.
    public var at: Date

    /// Creates the transition.
    public init(from: ProposalStatus, to: ProposalStatus, actor: String, at: Date) {
        self.from = from
        self.to = to
        self.actor = actor
        self.at = at
    }
}
