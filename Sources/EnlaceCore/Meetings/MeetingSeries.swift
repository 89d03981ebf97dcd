public import Foundation

/// Whether a series brings together technical experts or policy officials.
public enum MeetingLevel: String, CaseIterable, Sendable, Codable {
    case technical, policy
}

/// A standing coordination meeting: who chairs it, who belongs, which key areas it covers and its rhythm.
///
/// What the series is lives in its ``SeriesDraft``; its fields read directly (`series.name`, `series.chairs`).
@dynamicMemberLookup
public struct MeetingSeries: Sendable, Hashable, Identifiable {
    /// The stable id.
    public var id: String
    /// The organisation that recorded the series; the releasability rule reads it as the owner.
    public var owner: String
    /// Its name, level, tracks, chairs, members, rhythm, place and marking.
    public var draft: SeriesDraft
    /// Starts at 1 and grows with each change.
    public var version: Int
    /// When it was recorded.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates the series value.
    public init(id: String, owner: String, draft: SeriesDraft, version: Int, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.owner = owner
        self.draft = draft
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// A field of the draft.
    public subscript<T>(dynamicMember keyPath: WritableKeyPath<SeriesDraft, T>) -> T {
        get { draft[keyPath: keyPath] }
        set { draft[keyPath: keyPath] = newValue }
    }

    /// A value derived from the draft.
    public subscript<T>(dynamicMember keyPath: KeyPath<SeriesDraft, T>) -> T { draft[keyPath: keyPath] }
}

extension SeriesDraft {
    /// The rhythm in the series' time zone (the zone was checked when the series was saved).
    public var schedule: RecurrenceSchedule {
        RecurrenceSchedule(
            rule: rhythm, timeZone: TimeZone(identifier: timeZone) ?? TimeZone(secondsFromGMT: 0) ?? .current,
            firstDate: firstDate, startMinute: startMinute, durationMinutes: durationMinutes)
    }

    /// The local start time as `HH:MM`.
    public var startTime: String { MeetingClock.text(minute: startMinute) }
}

/// Local times of day as meetings write them.
public enum MeetingClock {
    /// `HH:MM` for `minute` after midnight.
    public static func text(minute: Int) -> String {
        let hours = minute / 60
        let minutes = minute % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes)"
    }

    /// The minutes after midnight of `HH:MM`, if it is a time of day.
    public static func minute(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hours = Int(parts[0]),
            let minutes = Int(parts[1]), (0..<24).contains(hours), (0..<60).contains(minutes)
        else { return nil }
        return hours * 60 + minutes
    }

    /// The local day and time `YYYY-MM-DDTHH:MM` of `instant` in `timeZone`.
    public static func local(_ instant: Date, in timeZone: TimeZone) -> (date: CalendarDate, minute: Int) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: instant)
        let (days, rest) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (day, second) = rest < 0 ? (days - 1, rest + 86_400) : (days, rest)
        return (CalendarDate(dayNumber: day), second / 60)
    }

    /// `YYYY-MM-DDTHH:MM` for `instant` in `timeZone`.
    public static func localText(_ instant: Date, in timeZone: TimeZone) -> String {
        let (date, minute) = local(instant, in: timeZone)
        return date.iso + "T" + text(minute: minute)
    }

    /// The instant of local `YYYY-MM-DDTHH:MM` in `timeZone`, if the text is one.
    public static func instant(localText: String, in timeZone: TimeZone) -> Date? {
        let parts = localText.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2, let date = CalendarDate(iso: parts[0]), let minute = minute(String(parts[1])) else {
            return nil
        }
        return RecurrenceSchedule.instant(of: date, minute: minute, in: timeZone)
    }
}
