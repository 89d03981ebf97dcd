/// The limits a proposal keeps.
public enum ProposalLimits {
    /// A title.
    public static let title = 300
    /// One section's Markdown.
    public static let section = 20_000
    /// A version's note, a position's comment on one section.
    public static let note = 4_000
    /// A conference's sessions. (Lists of codes, such as a round's invited members or a proposal's
    /// links of one kind, keep the general limit of ``ActivityLimits/listEntries``.)
    public static let list = 60
    /// How far ahead a round may close, in days.
    public static let roundDays = 366
}

/// What a proposal's validation needs to know beyond the reference catalogue.
public struct ProposalReferences: Sendable {
    /// Whether an organisation code may lead a proposal (a member organisation).
    public var isLeadOrganization: @Sendable (String) -> Bool
    /// Whether a forum id exists.
    public var isForum: @Sendable (String) -> Bool

    /// Creates the references.
    public init(
        isLeadOrganization: @escaping @Sendable (String) -> Bool, isForum: @escaping @Sendable (String) -> Bool
    ) {
        self.isLeadOrganization = isLeadOrganization
        self.isForum = isForum
    }
}

/// A proposal as a caller sent it: its text and what it is about.
public struct ProposalInput: Sendable, Hashable {
    public var title: String?
    /// Markdown by section code.
    public var sections: [String: String]?
    /// What this revision changes; kept with the version.
    public var note: String?
    public var leads: [String]?
    public var keyAreas: [String]?
    public var topics: [String]?
    public var fora: [String]?
    public var needs: [String]?
    public var activities: [String]?

    /// An empty input.
    public init() {}

    /// The input that describes `proposal` exactly (without a note).
    public init(_ proposal: Proposal) {
        title = proposal.text.title
        sections = Dictionary(uniqueKeysWithValues: proposal.text.sections.map { ($0.key.rawValue, $0.value) })
        leads = proposal.draft.leads
        keyAreas = proposal.draft.keyAreas
        topics = proposal.draft.topics
        fora = proposal.draft.fora
        needs = proposal.draft.needs
        activities = proposal.draft.activities
    }

    /// The text, note and draft this input describes; otherwise ``EnlaceError/invalid(_:)`` with every reason.
    public func validated(
        against catalog: ReferenceCatalog, references: ProposalReferences
    ) throws(EnlaceError) -> (text: ProposalText, note: String, draft: ProposalDraft) {
        var errors: [FieldError] = []
        let title = ActivityInput.clean(title)
        if let title, title.count > ProposalLimits.title {
            errors.append(FieldError("title", .tooLong, ["max": "\(ProposalLimits.title)"]))
        } else if title == nil {
            errors.append(FieldError("title", .required))
        }
        var texts: [ProposalSection: String] = [:]
        for (code, raw) in (sections ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let section = ProposalSection(rawValue: code) else {
                errors.append(FieldError("sections.\(code)", .unknownField))
                continue
            }
            guard let markdown = ActivityInput.clean(raw) else { continue }
            if markdown.count > ProposalLimits.section {
                errors.append(FieldError("sections.\(code)", .tooLong, ["max": "\(ProposalLimits.section)"]))
            }
            texts[section] = markdown
        }
        let note = ActivityInput.clean(note) ?? ""
        if note.count > ProposalLimits.note {
            errors.append(FieldError("note", .tooLong, ["max": "\(ProposalLimits.note)"]))
        }
        let leads = ActivityInput.codes("leads", leads, required: true, &errors, known: references.isLeadOrganization)
        let (areas, topics) = ActivityInput.areasAndTopics(keyAreas, topics, required: true, catalog: catalog, &errors)
        let fora = ActivityInput.codes("fora", fora, required: false, &errors, known: references.isForum)
        let needs = ActivityInput.codes("needs", needs, required: false, &errors, known: Self.isID)
        let activities = ActivityInput.codes("activities", activities, required: false, &errors, known: Self.isID)
        guard errors.isEmpty, let title else { throw .invalid(errors) }
        return (
            ProposalText(title: title, sections: texts), note,
            ProposalDraft(
                leads: leads, keyAreas: areas, topics: topics, fora: fora, needs: needs, activities: activities)
        )
    }

    /// Whether `text` could be a record id (it may still name nothing; the store checks that).
    static func isID(_ text: String) -> Bool {
        (1...64).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}
