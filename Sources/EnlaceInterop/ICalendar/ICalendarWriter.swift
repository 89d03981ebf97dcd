import EnlaceCore
public import Foundation

/// Writes iCalendar components as RFC 5545 text, and builds the `VTIMEZONE` a feed with local times needs.
///
/// Output is always a valid content-line stream, whatever the values hold: names keep only letters,
/// digits and `-`, control characters never reach a line, and no line runs past 75 octets.
public enum ICalendarWriter {
    /// The longest a physical line may be, in octets, not counting its CRLF (RFC 5545 §3.1).
    static let maximumLineOctets = 75

    /// The text of `component` as a content-line stream: CRLF line ends, lines folded at 75 octets (UTF-8,
    /// never splitting a multi-byte character; continuation lines start with one space), parameter values quoted
    /// with DQUOTE when they contain ':' ';' or ',', DQUOTE removed from parameter values (RFC 6868 not needed),
    /// property and parameter names upper-cased.
    public static func render(_ component: ICalendarComponent) -> String {
        var text = ""
        write(component, into: &text)
        return text
    }

    /// A VTIMEZONE for `timeZone` covering instants from `start` through `end`: one STANDARD/DAYLIGHT observance
    /// per transition found with TimeZone.nextDaylightSavingTimeTransition(after:) (from a year before start, to be
    /// safe), each with DTSTART (local wall time at onset, expressed in the offset before the transition, no TZID,
    /// no Z), TZOFFSETFROM, TZOFFSETTO (±HHMM, or ±HHMMSS if seconds), TZNAME (abbreviation if Foundation gives
    /// one); for a zone with no transitions in the span: a single STANDARD observance starting 19700101T000000 with
    /// equal from/to offsets. TZID = timeZone.identifier.
    public static func timeZone(_ timeZone: TimeZone, from start: Date, through end: Date) -> ICalendarComponent {
        // The year back makes the first observance the one in force at `start`; the cap bounds absurd spans.
        var observances: [ICalendarComponent] = []
        var cursor = start.addingTimeInterval(-366 * 86_400)
        while observances.count < 10_000, let transition = timeZone.nextDaylightSavingTimeTransition(after: cursor),
            transition > cursor, transition <= end
        {
            let before = timeZone.secondsFromGMT(for: transition.addingTimeInterval(-1))
            let after = timeZone.secondsFromGMT(for: transition)
            observances.append(
                observance(
                    timeZone.isDaylightSavingTime(for: transition) ? "DAYLIGHT" : "STANDARD",
                    dateTimeText(transition, offset: before), from: before, to: after,
                    timeZone.abbreviation(for: transition)))
            cursor = transition
        }
        if observances.isEmpty {
            let offset = timeZone.secondsFromGMT(for: start)
            observances.append(
                observance(
                    "STANDARD", "19700101T000000", from: offset, to: offset,
                    timeZone.abbreviation(for: start)))
        }
        return ICalendarComponent(
            "VTIMEZONE", properties: [ICalendarProperty("TZID", .raw(timeZone.identifier))], components: observances)
    }

    /// `text` as an RFC 5545 TEXT value: backslash, semicolon and comma escaped, each line break (CRLF, CR or LF)
    /// written `\n`, other control characters but tab dropped.
    static func escapeText(_ text: String) -> String {
        var escaped = String.UnicodeScalarView()
        var afterCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { afterCarriageReturn = scalar == "\r" }
            switch scalar {
            case "\r": escaped.append(contentsOf: "\\n".unicodeScalars)
            case "\n" where afterCarriageReturn: continue
            case "\n": escaped.append(contentsOf: "\\n".unicodeScalars)
            case "\\", ";", ",":
                escaped.append("\\")
                escaped.append(scalar)
            case _ where isControl(scalar): continue
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    /// `line` folded as RFC 5545 §3.1 asks: physical lines of at most 75 octets of UTF-8, broken only between
    /// Unicode scalars, each continuation starting with one space; no CRLF after the last.
    static func fold(_ line: String) -> String {
        var folded = String.UnicodeScalarView()
        var octets = 0
        for scalar in line.unicodeScalars {
            let width = UTF8.width(scalar)
            if octets + width > maximumLineOctets {
                folded.append(contentsOf: "\r\n ".unicodeScalars)
                octets = 1
            }
            folded.append(scalar)
            octets += width
        }
        return String(folded)
    }

    /// Appends the lines of `component`, its properties and its nested components to `text`.
    private static func write(_ component: ICalendarComponent, into text: inout String) {
        let name = self.name(component.name)
        text += fold("BEGIN:" + name) + "\r\n"
        for property in component.properties { text += contentLine(property) + "\r\n" }
        for child in component.components { write(child, into: &text) }
        text += fold("END:" + name) + "\r\n"
    }

    /// The folded content line of `property`, without its CRLF.
    private static func contentLine(_ property: ICalendarProperty) -> String {
        var parameters = property.parameters
        let value: String
        var added: ICalendarParameter?
        switch property.value {
        case .text(let text): value = escapeText(text)
        case .uri(let uri): value = withoutControls(uri, keepingTab: false)
        case .dateTimeUTC(let date): value = dateTimeText(date, offset: 0) + "Z"
        case .dateTimeLocal(let date, let zone):
            value = dateTimeText(date, offset: zone.secondsFromGMT(for: date))
            added = ICalendarParameter("TZID", zone.identifier)
        case .date(let day):
            value = dateText(day)
            added = ICalendarParameter("VALUE", "DATE")
        case .integer(let number): value = String(number)
        case .raw(let raw): value = withoutControls(raw, keepingTab: true)
        }
        // The value's own parameter replaces one given by hand, so a line never carries two.
        if let added {
            parameters.removeAll { name($0.name) == added.name }
            parameters.insert(added, at: 0)
        }
        var line = name(property.name)
        for parameter in parameters { line += ";" + name(parameter.name) + "=" + parameterValue(parameter.value) }
        return fold(line + ":" + value)
    }

    /// `name` upper-cased, keeping only what an iana-token or x-name may hold: ASCII letters, digits and `-`.
    private static func name(_ name: String) -> String {
        let kept = name.uppercased().unicodeScalars.filter { scalar in
            ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
        }
        return String(String.UnicodeScalarView(kept))
    }

    /// `value` as a parameter value: double quotes and control characters but tab dropped, then quoted when it
    /// holds `:`, `;` or `,`.
    private static func parameterValue(_ value: String) -> String {
        let kept = withoutControls(value, keepingTab: true).replacingOccurrences(of: "\"", with: "")
        let needsQuotes = kept.unicodeScalars.contains { $0 == ":" || $0 == ";" || $0 == "," }
        return needsQuotes ? "\"" + kept + "\"" : kept
    }

    /// `text` without control characters; a tab is kept when `keepingTab` (TEXT may hold one, a URI may not).
    private static func withoutControls(_ text: String, keepingTab: Bool) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !isControl($0) && (keepingTab || $0 != "\t") }))
    }

    /// Whether `scalar` is a CONTROL of RFC 5545 §3.1 (U+0000–U+001F but tab, and U+007F), never allowed in a line.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
    }

    /// The `STANDARD` or `DAYLIGHT` observance of a `VTIMEZONE` starting at the floating date-time `onset`.
    private static func observance(
        _ kind: String, _ onset: String, from: Int, to: Int, _ name: String?
    ) -> ICalendarComponent {
        var properties = [
            ICalendarProperty("DTSTART", .raw(onset)),
            ICalendarProperty("TZOFFSETFROM", .raw(offsetText(from))),
            ICalendarProperty("TZOFFSETTO", .raw(offsetText(to))),
        ]
        if let name, !name.isEmpty { properties.append(ICalendarProperty("TZNAME", .text(name))) }
        return ICalendarComponent(kind, properties: properties)
    }

    /// `date` as a DATE value, `YYYYMMDD`.
    private static func dateText(_ date: CalendarDate) -> String {
        let (year, month, day) = date.components
        return digits(year, 4) + digits(month, 2) + digits(day, 2)
    }

    /// The wall-clock time of `date` at `offset` seconds east of UTC as a floating DATE-TIME, `YYYYMMDDTHHMMSS`,
    /// fractions of a second dropped and kept within years 1 to 9999.
    static func dateTimeText(_ date: Date, offset: Int) -> String {
        let interval = date.timeIntervalSince1970.isNaN ? 0 : date.timeIntervalSince1970
        // 0001-01-01T00:00:00 and 9999-12-31T23:59:59, so that Int never overflows and years keep four digits.
        let bounded = min(max(interval.rounded(.down) + Double(offset), -62_135_596_800), 253_402_300_799)
        var (days, seconds) = Int(bounded).quotientAndRemainder(dividingBy: 86_400)
        if seconds < 0 {
            days -= 1
            seconds += 86_400
        }
        return dateText(CalendarDate(dayNumber: days)) + "T" + digits(seconds / 3600, 2)
            + digits(seconds / 60 % 60, 2) + digits(seconds % 60, 2)
    }

    /// A UTC-OFFSET value, `±HHMM`, or `±HHMMSS` when the offset has seconds; zero is `+0000`.
    static func offsetText(_ seconds: Int) -> String {
        let magnitude = abs(seconds)
        let text = (seconds < 0 ? "-" : "+") + digits(magnitude / 3600, 2) + digits(magnitude / 60 % 60, 2)
        return magnitude % 60 == 0 ? text : text + digits(magnitude % 60, 2)
    }

    /// `value` in decimal, zero-padded to `width` digits.
    private static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
