public import EnlaceCore
public import Foundation

/// Meetings and action items as an iCalendar feed (RFC 5545): meetings as VEVENTs in their own time zone,
/// with a VTIMEZONE for each zone used, action items as VTODOs.
public struct MeetingCalendar: Sendable {
    /// What the calendar is called in the client (`X-WR-CALNAME`).
    public var name: String
    /// Meetings with their series.
    public var meetings: [(meeting: Meeting, series: MeetingSeries)]
    /// Action items.
    public var actions: [ActionItem]
    /// The absolute address of meeting `id`'s page.
    public var meetingURL: @Sendable (String) -> String
    /// The name of organisation `code`, as shown to people.
    public var organizationName: @Sendable (String) -> String
    /// The domain that makes UIDs globally unique.
    public var uidDomain: String

    /// Creates the calendar.
    public init(
        name: String, meetings: [(meeting: Meeting, series: MeetingSeries)], actions: [ActionItem],
        meetingURL: @escaping @Sendable (String) -> String, organizationName: @escaping @Sendable (String) -> String,
        uidDomain: String = "enlace"
    ) {
        self.name = name
        self.meetings = meetings
        self.actions = actions
        self.meetingURL = meetingURL
        self.organizationName = organizationName
        self.uidDomain = uidDomain
    }

    /// The feed's text.
    public func render() -> String {
        ICalendarWriter.render(component())
    }

    /// The VCALENDAR.
    public func component() -> ICalendarComponent {
        var components: [ICalendarComponent] = []
        let byZone = Dictionary(grouping: meetings.map(\.meeting), by: \.timeZone)
        for zoneName in byZone.keys.sorted() {
            guard let zone = TimeZone(identifier: zoneName), let group = byZone[zoneName],
                let first = group.map(\.start).min(), let last = group.map(\.end).max()
            else { continue }
            components.append(ICalendarWriter.timeZone(zone, from: first, through: last))
        }
        components += meetings.map { event($0.meeting, $0.series) }
        components += actions.map(todo)
        return ICalendarComponent(
            "VCALENDAR",
            properties: [
                ICalendarProperty("VERSION", .raw("2.0")), ICalendarProperty("PRODID", .raw("-//Enlace//Meetings//EN")),
                ICalendarProperty("CALSCALE", .raw("GREGORIAN")), ICalendarProperty("METHOD", .raw("PUBLISH")),
                ICalendarProperty("X-WR-CALNAME", .text(name)),
            ], components: components)
    }

    func event(_ meeting: Meeting, _ series: MeetingSeries) -> ICalendarComponent {
        let zone = TimeZone(identifier: meeting.timeZone) ?? .gmt
        var properties = [
            ICalendarProperty("UID", .text("\(meeting.id)@\(uidDomain)")),
            ICalendarProperty("DTSTAMP", .dateTimeUTC(meeting.updatedAt)),
            ICalendarProperty("LAST-MODIFIED", .dateTimeUTC(meeting.updatedAt)),
            ICalendarProperty("DTSTART", .dateTimeLocal(meeting.start, zone)),
            ICalendarProperty("DTEND", .dateTimeLocal(meeting.end, zone)),
            ICalendarProperty("SUMMARY", .text(meeting.title)),
            ICalendarProperty("SEQUENCE", .integer(meeting.sequence)),
            ICalendarProperty("STATUS", .raw(meeting.status == .cancelled ? "CANCELLED" : "CONFIRMED")),
            ICalendarProperty("URL", .uri(meetingURL(meeting.id))),
            ICalendarProperty("CATEGORIES", .text(series.level.rawValue)),
        ]
        var description = [series.name]
        if let link = meeting.virtualLink { description.append(link) }
        properties.append(ICalendarProperty("DESCRIPTION", .text(description.joined(separator: "\n"))))
        if let place = meeting.venue ?? meeting.virtualLink {
            properties.append(ICalendarProperty("LOCATION", .text(place)))
        }
        if let chair = series.chairs.first {
            properties.append(
                ICalendarProperty(
                    "ORGANIZER", .uri(Self.address(organization: chair)),
                    parameters: [ICalendarParameter("CN", organizationName(chair))]))
        }
        for participant in meeting.participants {
            let name = participant.name ?? organizationName(participant.organization)
            let address =
                participant.person.map { "mailto:\($0)" } ?? Self.address(organization: participant.organization)
            properties.append(
                ICalendarProperty(
                    "ATTENDEE", .uri(address),
                    parameters: [
                        ICalendarParameter("CUTYPE", participant.person == nil ? "GROUP" : "INDIVIDUAL"),
                        ICalendarParameter("ROLE", Self.role(participant.role)),
                        ICalendarParameter("PARTSTAT", Self.partstat(participant.attendance)),
                        ICalendarParameter("CN", name),
                    ]))
        }
        return ICalendarComponent("VEVENT", properties: properties)
    }

    func todo(_ item: ActionItem) -> ICalendarComponent {
        var properties = [
            ICalendarProperty("UID", .text("\(item.id)@\(uidDomain)")),
            ICalendarProperty("DTSTAMP", .dateTimeUTC(item.updatedAt)),
            ICalendarProperty("LAST-MODIFIED", .dateTimeUTC(item.updatedAt)),
            ICalendarProperty("SUMMARY", .text(item.text)),
            ICalendarProperty("DUE", .date(item.due)),
            ICalendarProperty("STATUS", .raw(Self.status(item.status))),
            ICalendarProperty("SEQUENCE", .integer(item.sequence)),
            ICalendarProperty("URL", .uri(meetingURL(item.meetingID))),
            ICalendarProperty("RELATED-TO", .text("\(item.meetingID)@\(uidDomain)")),
            ICalendarProperty("CATEGORIES", .text(organizationName(item.owner))),
        ]
        if let assignee = item.assignee {
            properties.append(
                ICalendarProperty(
                    "ATTENDEE", .uri("mailto:\(assignee)"),
                    parameters: [ICalendarParameter("CN", item.assigneeName ?? assignee)]))
        }
        return ICalendarComponent("VTODO", properties: properties)
    }

    /// A calendar address for an organisation, which has no mailbox of its own in Enlace.
    static func address(organization: String) -> String { "urn:enlace:organization:\(organization)" }

    static func role(_ role: ParticipantRole) -> String {
        switch role {
        case .chair: "CHAIR"
        case .required: "REQ-PARTICIPANT"
        case .optional: "OPT-PARTICIPANT"
        }
    }

    static func partstat(_ attendance: Attendance) -> String {
        switch attendance {
        case .invited: "NEEDS-ACTION"
        case .present: "ACCEPTED"
        case .absent, .excused: "DECLINED"
        }
    }

    static func status(_ status: ActionStatus) -> String {
        switch status {
        case .open: "NEEDS-ACTION"
        case .done: "COMPLETED"
        case .cancelled: "CANCELLED"
        }
    }
}
