import Foundation

/// Changes to a meeting, or a new one, as a client or form sends them: absent fields stay as they are,
/// and an empty text clears an optional one.
public struct MeetingInput: Sendable, Hashable {
    public var title: String?
    /// Local `YYYY-MM-DDTHH:MM` in the meeting's time zone.
    public var start: String?
    /// Local `YYYY-MM-DDTHH:MM` in the meeting's time zone.
    public var end: String?
    public var timeZone: String?
    public var venue: String?
    public var virtualLink: String?
    public var status: String?
    public var minutes: String?
    public var participants: [ParticipantInput]?
    public var releasability: ActivityInput.ReleasabilityInput?

    /// An organisation or a person (by email) taking part.
    public struct ParticipantInput: Sendable, Hashable {
        public var organization: String?
        /// The person's sign-in email; the store finds them.
        public var person: String?
        public var role: String?
        public var attendance: String?

        /// Creates the participant input.
        public init(organization: String? = nil, person: String? = nil, role: String? = nil, attendance: String? = nil)
        {
            self.organization = organization
            self.person = person
            self.role = role
            self.attendance = attendance
        }
    }

    /// An empty input: applying it changes nothing.
    public init() {}

    /// `meeting` with these changes; otherwise ``EnlaceError/invalid(_:)`` with every reason they do not fit.
    ///
    /// People are left for the store to find: their participants come back with `person` set to the email.
    public func applied(to meeting: Meeting, catalog: ReferenceCatalog) throws(EnlaceError) -> Meeting {
        var errors: [FieldError] = []
        var result = meeting
        if title != nil, let title = MeetingLimits.name("title", title, &errors) { result.title = title }
        if timeZone != nil, let zone = MeetingLimits.timeZone("timeZone", timeZone, &errors) {
            result.timeZone = zone.identifier
        }
        let zone = TimeZone(identifier: result.timeZone) ?? TimeZone(secondsFromGMT: 0) ?? .current
        let duration = meeting.end.timeIntervalSince(meeting.start)
        if let start {
            if let instant = MeetingClock.instant(localText: start, in: zone) {
                result.start = instant
                if end == nil { result.end = instant.addingTimeInterval(duration) }
            } else {
                errors.append(FieldError("start", .invalidFormat, ["expected": "YYYY-MM-DDTHH:MM"]))
            }
        } else if timeZone != nil {
            // The same wall time in the new zone.
            let local = MeetingClock.localText(meeting.start, in: TimeZone(identifier: meeting.timeZone) ?? zone)
            if let instant = MeetingClock.instant(localText: local, in: zone) {
                result.start = instant
                result.end = instant.addingTimeInterval(duration)
            }
        }
        if let end {
            if let instant = MeetingClock.instant(localText: end, in: zone) {
                result.end = instant
            } else {
                errors.append(FieldError("end", .invalidFormat, ["expected": "YYYY-MM-DDTHH:MM"]))
            }
        }
        if result.end <= result.start && errors.isEmpty { errors.append(FieldError("end", .endBeforeStart)) }
        if venue != nil { result.venue = MeetingLimits.text("venue", venue, required: false, &errors) }
        if virtualLink != nil { result.virtualLink = MeetingLimits.link("virtualLink", virtualLink, &errors) }
        if let status: MeetingStatus = MeetingLimits.choice("status", status, required: false, &errors) {
            result.status = status
        }
        if let minutes {
            if minutes.count > MeetingLimits.minutes {
                errors.append(FieldError("minutes", .tooLong, ["max": "\(MeetingLimits.minutes)"]))
            }
            result.minutes = minutes
        }
        if let participants { result.participants = Self.participants(participants, &errors) }
        if releasability != nil {
            result.releasability = ActivityInput.releasability(releasability, catalog: catalog, &errors)
        }
        if !errors.isEmpty { throw .invalid(errors) }
        return result
    }

    private static func participants(_ inputs: [ParticipantInput], _ errors: inout [FieldError]) -> [Participant] {
        if inputs.count > MeetingLimits.listEntries {
            errors.append(FieldError("participants", .tooMany, ["max": "\(MeetingLimits.listEntries)"]))
        }
        var result: [Participant] = []
        for (index, input) in inputs.prefix(MeetingLimits.listEntries).enumerated() {
            let field = "participants[\(index)]"
            let person = ActivityInput.clean(input.person)?.lowercased()
            let organization = ActivityInput.clean(input.organization)
            if let person, !UserAccount.isEmail(person) {
                errors.append(FieldError(field + ".person", .invalidFormat, ["expected": "email"]))
            }
            if person == nil {
                if let organization {
                    if !ActivityInput.isOrganizationCode(organization) {
                        errors.append(FieldError(field + ".organization", .unknownCode, ["value": organization]))
                    }
                } else {
                    errors.append(FieldError(field + ".organization", .required))
                }
            }
            let role: ParticipantRole? = MeetingLimits.choice(field + ".role", input.role, required: false, &errors)
            let attendance: Attendance? = MeetingLimits.choice(
                field + ".attendance", input.attendance, required: false, &errors)
            let participant = Participant(
                organization: organization ?? "", person: person, role: role ?? .required,
                attendance: attendance ?? .invited)
            if result.contains(where: { $0.organization == participant.organization && $0.person == participant.person }
            ) {
                errors.append(FieldError(field, .duplicate, ["value": person ?? organization ?? ""]))
            } else {
                result.append(participant)
            }
        }
        return result
    }
}
