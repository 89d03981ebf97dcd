public import Foundation

/// What an agenda item may point at.
public enum AgendaLinkKind: String, CaseIterable, Sendable, Codable {
    /// An activity, by id.
    case activity
    /// An overlap between two activities, by id.
    case overlap
    /// A coverage cell, as `COUNTRY/key-area` (for example `HN/narco-trafficking`).
    case coverage
    /// A proposal, by id (a technical consultation on it, say).
    case proposal
}

/// A link from an agenda item to another record.
public struct AgendaLink: Sendable, Hashable, Codable {
    /// What it points at.
    public var kind: AgendaLinkKind
    /// The id (or, for coverage, `COUNTRY/key-area`).
    public var reference: String

    /// Creates the link.
    public init(kind: AgendaLinkKind, reference: String) {
        self.kind = kind
        self.reference = reference
    }
}

/// One item of a meeting's agenda.
public struct AgendaItem: Sendable, Hashable, Identifiable {
    /// The stable id.
    public var id: String
    /// The meeting.
    public var meetingID: String
    /// Its place in the agenda, from 1.
    public var position: Int
    /// What is discussed.
    public var title: String
    /// Who presents it (a person or organisation, as written).
    public var presenter: String?
    /// Notes for participants.
    public var notes: String?
    /// The records it concerns.
    public var links: [AgendaLink]
    /// The overlap the item was accepted from, when it was: its title is then the two activities' titles,
    /// put together for each reader, never stored.
    public var fromOverlap: String?
    /// Whether the reader may not read what the item is about (the overlap it came from): its title is then
    /// empty and its links gone, and pages say only that an item is not released to them.
    public var withheld: Bool

    /// Creates the item.
    public init(
        id: String, meetingID: String, position: Int, title: String, presenter: String?, notes: String?,
        links: [AgendaLink], fromOverlap: String? = nil, withheld: Bool = false
    ) {
        self.id = id
        self.meetingID = meetingID
        self.position = position
        self.title = title
        self.presenter = presenter
        self.notes = notes
        self.links = links
        self.fromOverlap = fromOverlap
        self.withheld = withheld
    }
}

/// A decision taken at a meeting, numbered from 1 within it.
public struct Decision: Sendable, Hashable, Identifiable {
    /// The stable id.
    public var id: String
    /// The meeting.
    public var meetingID: String
    /// Its number in the meeting.
    public var number: Int
    /// What was decided.
    public var text: String
    /// When it was recorded.
    public var createdAt: Date

    /// Creates the decision.
    public init(id: String, meetingID: String, number: Int, text: String, createdAt: Date) {
        self.id = id
        self.meetingID = meetingID
        self.number = number
        self.text = text
        self.createdAt = createdAt
    }
}

/// Where an action item stands.
public enum ActionStatus: String, CaseIterable, Sendable, Codable {
    case open, done, cancelled
}

/// Something a meeting asked an organisation to do, by a date.
public struct ActionItem: Sendable, Hashable, Identifiable {
    /// The stable id; also the calendar UID's first part.
    public var id: String
    /// The meeting that set it.
    public var meetingID: String
    /// The decision that created it, if any.
    public var decisionID: String?
    /// What is to be done.
    public var text: String
    /// The organisation responsible.
    public var owner: String
    /// The person responsible (their sign-in email), if named.
    public var assignee: String?
    /// The person's name, as shown.
    public var assigneeName: String?
    /// When it is due.
    public var due: CalendarDate
    /// Open, done or cancelled.
    public var status: ActionStatus
    /// The iCalendar SEQUENCE.
    public var sequence: Int
    /// Starts at 1 and grows with each change.
    public var version: Int
    /// When it was recorded.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates the action item.
    public init(
        id: String, meetingID: String, decisionID: String?, text: String, owner: String, assignee: String?,
        assigneeName: String?, due: CalendarDate, status: ActionStatus, sequence: Int, version: Int, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.meetingID = meetingID
        self.decisionID = decisionID
        self.text = text
        self.owner = owner
        self.assignee = assignee
        self.assigneeName = assigneeName
        self.due = due
        self.status = status
        self.sequence = sequence
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Open and past its due day on `today`.
    public func isOverdue(today: CalendarDate) -> Bool { status == .open && due < today }
}

/// Which action items a list returns.
public struct ActionItemFilter: Sendable, Hashable {
    /// Owned by one of these organisations (empty: any).
    public var owners: Set<String> = []
    /// Assigned to this user.
    public var assignee: String?
    /// In this status.
    public var status: ActionStatus?
    /// Due on or after.
    public var dueFrom: CalendarDate?
    /// Due on or before.
    public var dueTo: CalendarDate?
    /// Only overdue ones (open and past due on the given day).
    public var overdueOn: CalendarDate?
    /// Set at this meeting.
    public var meetingID: String?

    /// The filter that lets everything through.
    public init() {}

    /// Whether `item` passes.
    public func matches(_ item: ActionItem) -> Bool {
        if !owners.isEmpty && !owners.contains(item.owner) { return false }
        if let assignee, item.assignee != assignee { return false }
        if let status, item.status != status { return false }
        if let dueFrom, item.due < dueFrom { return false }
        if let dueTo, item.due > dueTo { return false }
        if let overdueOn, !item.isOverdue(today: overdueOn) { return false }
        if let meetingID, item.meetingID != meetingID { return false }
        return true
    }
}

/// Which meetings a list returns.
public struct MeetingFilter: Sendable, Hashable {
    /// Of this series.
    public var seriesID: String?
    /// Ending at or after.
    public var from: Date?
    /// Starting before.
    public var to: Date?
    /// In this status.
    public var status: MeetingStatus?
    /// With this organisation among the participants.
    public var organization: String?
    /// With this person (by email) among the participants.
    public var person: String?

    /// The filter that lets everything through.
    public init() {}

    /// Whether `meeting` passes.
    public func matches(_ meeting: Meeting) -> Bool {
        if let seriesID, meeting.seriesID != seriesID { return false }
        if let from, meeting.end < from { return false }
        if let to, meeting.start >= to { return false }
        if let status, meeting.status != status { return false }
        if let organization, !meeting.participants.contains(where: { $0.organization == organization }) {
            return false
        }
        if let person, !meeting.participants.contains(where: { $0.person == person }) { return false }
        return true
    }
}

extension Meeting {
    /// The meeting as `viewer` may read it: a visitor who has not signed in reads which organisations take
    /// part, not the people (their sign-in addresses and names are personal data).
    public func redacted(for viewer: Viewer) -> Meeting {
        guard viewer.principal == nil, participants.contains(where: { $0.person != nil || $0.name != nil }) else {
            return self
        }
        var copy = self
        for index in copy.participants.indices {
            copy.participants[index].person = nil
            copy.participants[index].name = nil
        }
        return copy
    }
}

extension ActionItem {
    /// The item as `viewer` may read it: a visitor reads the organisation responsible, not the person.
    public func redacted(for viewer: Viewer) -> ActionItem {
        guard viewer.principal == nil, assignee != nil || assigneeName != nil else { return self }
        var copy = self
        copy.assignee = nil
        copy.assigneeName = nil
        return copy
    }
}
