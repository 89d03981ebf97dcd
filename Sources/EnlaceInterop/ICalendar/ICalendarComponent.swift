public import EnlaceCore
public import Foundation

/// A component of an iCalendar stream (RFC 5545 §3.4–3.6), such as a calendar, an event or a time zone,
/// held as plain values so that a feed can be built and checked without writing text.
///
/// `ICalendarWriter.render(_:)` writes it as `BEGIN:<name>`, its properties in order, its nested
/// components in order, then `END:<name>`.
public struct ICalendarComponent: Sendable, Hashable {
    /// The component name, such as `VCALENDAR`, `VEVENT` or `VTIMEZONE`; written upper-cased.
    public var name: String
    /// The properties, written in this order.
    public var properties: [ICalendarProperty]
    /// The nested components, written in this order after the properties.
    public var components: [ICalendarComponent]

    /// Creates a component named `name` with the given properties and nested components.
    public init(_ name: String, properties: [ICalendarProperty] = [], components: [ICalendarComponent] = []) {
        self.name = name
        self.properties = properties
        self.components = components
    }
}

/// A property of an iCalendar component: a name, ordered parameters and one typed value.
public struct ICalendarProperty: Sendable, Hashable {
    /// The property name, such as `DTSTART` or `SUMMARY`; written upper-cased.
    public var name: String
    /// The parameters, written in this order after any the value adds itself (`TZID`, `VALUE=DATE`).
    public var parameters: [ICalendarParameter]
    /// The value, escaped and formatted by its kind when written.
    public var value: ICalendarValue

    /// Creates a property named `name` with `value` and the given parameters.
    public init(_ name: String, _ value: ICalendarValue, parameters: [ICalendarParameter] = []) {
        self.name = name
        self.value = value
        self.parameters = parameters
    }
}

/// A property parameter, such as `CN=Ana Pérez` or `ROLE=REQ-PARTICIPANT`.
public struct ICalendarParameter: Sendable, Hashable {
    /// The parameter name; written upper-cased.
    public var name: String
    /// The parameter value as given; the writer drops double quotes and control characters from it and
    /// quotes it when it holds `:`, `;` or `,`.
    public var value: String

    /// Creates the parameter `name=value`.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The value of an iCalendar property, by the way it must be written.
public enum ICalendarValue: Sendable, Hashable {
    /// Free text (RFC 5545 §3.3.11): backslash, semicolon and comma are escaped, and line breaks
    /// (LF, CR or CRLF) become `\n`; other control characters but tab are dropped.
    case text(String)
    /// A URI, such as a URL or a `mailto:` address, written as is but for control characters, which are dropped.
    case uri(String)
    /// An instant written in UTC, such as `20270314T150000Z`; fractions of a second are dropped.
    case dateTimeUTC(Date)
    /// An instant written as the wall-clock time in a zone, such as `20270314T100000`, with a
    /// `TZID=<identifier>` parameter added; the calendar should carry the matching `VTIMEZONE`. An instant in the
    /// hour repeated when clocks go back reads as the first of the two (RFC 5545 §3.3.5).
    case dateTimeLocal(Date, TimeZone)
    /// A day, such as `20270314`, with a `VALUE=DATE` parameter added.
    case date(CalendarDate)
    /// A whole number, such as a `SEQUENCE` or `PRIORITY`.
    case integer(Int)
    /// A value already in iCalendar form, such as `PUBLISH`, `2.0` or a comma-separated list, written as is
    /// but for control characters other than tab, which are dropped.
    case raw(String)
}
