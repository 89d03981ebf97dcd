/// An agenda item as a client or form sends it.
public struct AgendaItemInput: Sendable, Hashable {
    public var title: String?
    public var presenter: String?
    public var notes: String?
    /// The records it concerns.
    public var links: [LinkInput]?
    /// Where to put it, from 1; absent: at the end.
    public var position: Int?

    /// An empty input.
    public init() {}

    /// A link as `kind` and `reference`.
    public struct LinkInput: Sendable, Hashable {
        public var kind: String?
        public var reference: String?

        /// Creates the link input.
        public init(kind: String?, reference: String?) {
            self.kind = kind
            self.reference = reference
        }
    }

    /// The checked fields; whether linked records exist is the store's question.
    public func validated() throws(EnlaceError) -> (
        title: String, presenter: String?, notes: String?, links: [AgendaLink]
    ) {
        var errors: [FieldError] = []
        let title = MeetingLimits.name("title", title, &errors)
        let presenter = MeetingLimits.text("presenter", presenter, required: false, &errors)
        let notes = MeetingLimits.text("notes", notes, required: false, &errors)
        var links: [AgendaLink] = []
        if (self.links ?? []).count > MeetingLimits.listEntries {
            errors.append(FieldError("links", .tooMany, ["max": "\(MeetingLimits.listEntries)"]))
        }
        for (index, link) in (self.links ?? []).prefix(MeetingLimits.listEntries).enumerated() {
            let kind: AgendaLinkKind? = MeetingLimits.choice(
                "links[\(index)].kind", link.kind, required: true, &errors)
            guard let reference = ActivityInput.clean(link.reference) else {
                errors.append(FieldError("links[\(index)].reference", .required))
                continue
            }
            if let kind { links.append(AgendaLink(kind: kind, reference: reference)) }
        }
        if let position, !MeetingLimits.positions.contains(position) {
            errors.append(
                FieldError("position", .outOfRange, ["min": "1", "max": "\(MeetingLimits.positions.upperBound)"]))
        }
        guard errors.isEmpty, let title else { throw .invalid(errors) }
        return (title, presenter, notes, links)
    }
}

/// An action item, new or changed, as a client or form sends it.
public struct ActionItemInput: Sendable, Hashable {
    public var text: String?
    /// The owning organisation's code.
    public var owner: String?
    /// The assignee's sign-in email; an empty text clears it.
    public var assignee: String?
    /// `YYYY-MM-DD`.
    public var due: String?
    public var status: String?
    /// The id of the decision that created it.
    public var decision: String?

    /// An empty input.
    public init() {}

    /// `item` with these changes (for a new item, pass a blank one and `creating`).
    ///
    /// The assignee comes back as the email, for the store to find.
    public func applied(to item: ActionItem, creating: Bool) throws(EnlaceError) -> ActionItem {
        var errors: [FieldError] = []
        var result = item
        if creating || text != nil, let text = MeetingLimits.text("text", text, required: true, &errors) {
            result.text = text
        }
        if creating || owner != nil {
            if let owner = ActivityInput.clean(owner) {
                if ActivityInput.isOrganizationCode(owner) {
                    result.owner = owner
                } else {
                    errors.append(FieldError("owner", .unknownCode, ["value": owner]))
                }
            } else {
                errors.append(FieldError("owner", .required))
            }
        }
        if let assignee {
            let email = ActivityInput.clean(assignee)?.lowercased()
            if let email, !UserAccount.isEmail(email) {
                errors.append(FieldError("assignee", .invalidFormat, ["expected": "email"]))
            }
            result.assignee = email
            result.assigneeName = nil
        }
        if creating || due != nil, let due = ActivityInput.date("due", due, required: true, &errors) {
            result.due = due
        }
        if let status: ActionStatus = MeetingLimits.choice("status", status, required: false, &errors) {
            result.status = status
        }
        if let decision { result.decisionID = ActivityInput.clean(decision) }
        if !errors.isEmpty { throw .invalid(errors) }
        return result
    }
}
