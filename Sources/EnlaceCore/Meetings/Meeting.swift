public import Foundation

/// Where a meeting stands.
public enum MeetingStatus: String, CaseIterable, Sendable, Codable {
    case planned, held, cancelled
}

/// A participant's part in a meeting (iCalendar's ROLE).
public enum ParticipantRole: String, CaseIterable, Sendable, Codable {
    case chair, required, optional
}

/// Whether a participant came (iCalendar's PARTSTAT, before and after the meeting).
public enum Attendance: String, CaseIterable, Sendable, Codable {
    case invited, present, absent, excused
}

/// An organisation, or a person of one, taking part in a meeting.
public struct Participant: Sendable, Hashable, Codable {
    /// The organisation's code (for a person, their organisation).
    public var organization: String
    /// The person's sign-in email, when the participant is a person.
    public var person: String?
    /// The person's name, as shown; nil for an organisation.
    public var name: String?
    /// Chair, required or optional.
    public var role: ParticipantRole
    /// Invited, present, absent or excused.
    public var attendance: Attendance

    /// Creates the participant.
    public init(
        organization: String, person: String? = nil, name: String? = nil, role: ParticipantRole = .required,
        attendance: Attendance = .invited
    ) {
        self.organization = organization
        self.person = person
        self.name = name
        self.role = role
        self.attendance = attendance
    }
}

/// One meeting of a series: when and where, who takes part, and the minutes.
public struct Meeting: Sendable, Hashable, Identifiable {
    /// The stable id; also the calendar UID's first part.
    public var id: String
    /// The series it belongs to.
    public var seriesID: String
    /// The organisation that owns it (the series' owner).
    public var owner: String
    /// Its title.
    public var title: String
    /// When it starts.
    public var start: Date
    /// When it ends.
    public var end: Date
    /// The IANA time zone it is held in.
    public var timeZone: String
    /// The local day of the series occurrence it stands for; nil for a meeting added by hand.
    public var occurrence: CalendarDate?
    /// The venue, if in person.
    public var venue: String?
    /// The video-conference address, if any.
    public var virtualLink: String?
    /// Planned, held or cancelled.
    public var status: MeetingStatus
    /// Organisations and people taking part.
    public var participants: [Participant]
    /// The minutes, in Markdown.
    public var minutes: String
    /// Who may read it and its agenda, decisions and action items.
    public var releasability: Releasability
    /// The iCalendar SEQUENCE: grows when the time, place or status changes.
    public var sequence: Int
    /// Starts at 1 and grows with each change.
    public var version: Int
    /// When it was recorded.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates the meeting value.
    public init(
        id: String, seriesID: String, owner: String, title: String, start: Date, end: Date, timeZone: String,
        occurrence: CalendarDate?, venue: String?, virtualLink: String?, status: MeetingStatus,
        participants: [Participant], minutes: String, releasability: Releasability, sequence: Int, version: Int,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.seriesID = seriesID
        self.owner = owner
        self.title = title
        self.start = start
        self.end = end
        self.timeZone = timeZone
        self.occurrence = occurrence
        self.venue = venue
        self.virtualLink = virtualLink
        self.status = status
        self.participants = participants
        self.minutes = minutes
        self.releasability = releasability
        self.sequence = sequence
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The organisations taking part, each once, in the order listed.
    public var organizations: [String] {
        var seen = Set<String>()
        return participants.map(\.organization).filter { seen.insert($0).inserted }
    }

    /// The local day the meeting starts on, in its own time zone.
    public var localDate: CalendarDate {
        MeetingClock.local(start, in: TimeZone(identifier: timeZone) ?? TimeZone(secondsFromGMT: 0) ?? .current).date
    }

    /// Whether the time, place or status differ from `other`'s: what calendar clients must hear about.
    public func differsForCalendars(from other: Meeting) -> Bool {
        start != other.start || end != other.end || timeZone != other.timeZone || venue != other.venue
            || virtualLink != other.virtualLink || status != other.status || title != other.title
            || participants != other.participants
    }
}
