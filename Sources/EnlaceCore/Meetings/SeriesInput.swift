import Foundation

/// A meeting series as a client or form sends it: every field optional, checked by ``validated(against:)``.
public struct SeriesInput: Sendable, Hashable {
    public var name: String?
    public var level: String?
    public var keyAreas: [String]?
    public var chairs: [String]?
    public var members: [String]?
    public var timeZone: String?
    /// `YYYY-MM-DD`, the local day of the first meeting.
    public var firstDate: String?
    /// `HH:MM`, local.
    public var startTime: String?
    public var durationMinutes: Int?
    /// An RRULE, for example `FREQ=MONTHLY;BYDAY=2TU`.
    public var rhythm: String?
    public var venue: String?
    public var virtualLink: String?
    public var releasability: ActivityInput.ReleasabilityInput?

    /// An empty input.
    public init() {}
}

/// A checked series, before the store gives it an id and an owner.
public struct SeriesDraft: Sendable, Hashable {
    /// What the series is called.
    public var name: String
    /// Technical or policy.
    public var level: MeetingLevel
    /// The key areas (tracks) it covers, by slug.
    public var keyAreas: [String]
    /// The organisations that chair it.
    public var chairs: [String]
    /// The member organisations invited to every meeting.
    public var members: [String]
    /// The IANA time zone its meetings are held in.
    public var timeZone: String
    /// The local day of the first meeting.
    public var firstDate: CalendarDate
    /// The local start time, in minutes after midnight.
    public var startMinute: Int
    /// How long each meeting lasts.
    public var durationMinutes: Int
    /// The rhythm.
    public var rhythm: RecurrenceRule
    /// Where meetings are held, if in person.
    public var venue: String?
    /// The video-conference address, if any.
    public var virtualLink: String?
    /// Who may read the series and, unless they say otherwise, its meetings.
    public var releasability: Releasability

    /// Creates the draft.
    public init(
        name: String, level: MeetingLevel, keyAreas: [String], chairs: [String], members: [String],
        timeZone: String, firstDate: CalendarDate, startMinute: Int, durationMinutes: Int, rhythm: RecurrenceRule,
        venue: String?, virtualLink: String?, releasability: Releasability
    ) {
        self.name = name
        self.level = level
        self.keyAreas = keyAreas
        self.chairs = chairs
        self.members = members
        self.timeZone = timeZone
        self.firstDate = firstDate
        self.startMinute = startMinute
        self.durationMinutes = durationMinutes
        self.rhythm = rhythm
        self.venue = venue
        self.virtualLink = virtualLink
        self.releasability = releasability
    }
}

extension SeriesInput {
    /// The series this input describes; otherwise ``EnlaceError/invalid(_:)`` with every reason it is not one.
    public func validated(against catalog: ReferenceCatalog) throws(EnlaceError) -> SeriesDraft {
        var errors: [FieldError] = []
        let name = MeetingLimits.name("name", name, &errors)
        let level: MeetingLevel? = MeetingLimits.choice("level", level, required: true, &errors)
        let keyAreas = ActivityInput.codes("keyAreas", keyAreas, required: true, &errors) {
            catalog.keyArea($0) != nil
        }
        let chairs = MeetingLimits.organizations("chairs", chairs, required: true, &errors)
        let members = MeetingLimits.organizations("members", members, required: false, &errors)
        let zone = MeetingLimits.timeZone("timeZone", timeZone, &errors)
        let firstDate = ActivityInput.date("firstDate", firstDate, required: true, &errors)
        var startMinute: Int?
        if let text = ActivityInput.clean(startTime) {
            startMinute = MeetingClock.minute(text)
            if startMinute == nil { errors.append(FieldError("startTime", .invalidFormat, ["expected": "HH:MM"])) }
        } else {
            errors.append(FieldError("startTime", .required))
        }
        let duration = durationMinutes ?? 120
        if !MeetingLimits.duration.contains(duration) {
            errors.append(
                FieldError(
                    "durationMinutes", .outOfRange,
                    ["min": "\(MeetingLimits.duration.lowerBound)", "max": "\(MeetingLimits.duration.upperBound)"]))
        }
        var rule: RecurrenceRule?
        if let text = ActivityInput.clean(rhythm) {
            do {
                rule = try RecurrenceRule.parse(text)
            } catch {
                errors.append(FieldError("rhythm", .invalidRule, ["detail": error.message]))
            }
        } else {
            errors.append(FieldError("rhythm", .required))
        }
        let venue = MeetingLimits.text("venue", venue, required: false, &errors)
        let link = MeetingLimits.link("virtualLink", virtualLink, &errors)
        let releasability = ActivityInput.releasability(releasability, catalog: catalog, &errors)
        guard errors.isEmpty, let name, let level, let zone, let firstDate, let startMinute, let rule else {
            throw .invalid(errors)
        }
        return SeriesDraft(
            name: name, level: level, keyAreas: keyAreas, chairs: chairs, members: members, timeZone: zone.identifier,
            firstDate: firstDate, startMinute: startMinute, durationMinutes: duration, rhythm: rule, venue: venue,
            virtualLink: link, releasability: releasability)
    }
}
