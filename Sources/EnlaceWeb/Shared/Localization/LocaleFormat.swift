import EnlaceCore
import Foundation

/// Dates, numbers and money written the way readers of one language expect.
struct LocaleFormat: Sendable {
    /// The language formatted for.
    let language: Language
    /// The ICU locale behind it.
    let locale: Locale

    init(_ language: Language) {
        self.language = language
        locale = Locale(identifier: Self.localeIdentifiers[language] ?? "en_US")
    }

    /// The locales Enlace formats for: the regional varieties its readers use.
    private static let localeIdentifiers: [Language: String] = [
        .en: "en_US", .es: "es_419", .fr: "fr_FR", .pt: "pt_BR",
    ]

    private static let utc = TimeZone(identifier: "UTC") ?? .current

    /// A calendar date, for example `Mar 2, 2026` or `2 mar 2026`.
    func date(_ date: CalendarDate) -> String {
        let instant = Date(timeIntervalSince1970: Double(date.dayNumber) * 86_400 + 43_200)
        var style = Date.FormatStyle(date: .abbreviated, time: .omitted, locale: locale, timeZone: Self.utc)
        style.calendar = Calendar(identifier: .gregorian)
        return instant.formatted(style)
    }

    /// An instant with date and time in UTC.
    func dateTime(_ date: Date) -> String {
        date.formatted(Date.FormatStyle(date: .abbreviated, time: .shortened, locale: locale, timeZone: Self.utc))
            + " UTC"
    }

    /// `instant` as a date and time in `timeZone`, with the zone's name.
    func dateTime(_ instant: Date, in timeZone: TimeZone) -> String {
        instant.formatted(
            Date.FormatStyle(date: .complete, time: .shortened, locale: locale, timeZone: timeZone))
    }

    /// The time of day of `instant` in `timeZone`.
    func time(_ instant: Date, in timeZone: TimeZone) -> String {
        instant.formatted(Date.FormatStyle(date: .omitted, time: .shortened, locale: locale, timeZone: timeZone))
    }

    /// The month of `date`, with its year.
    func month(_ date: CalendarDate) -> String {
        let instant = Date(timeIntervalSince1970: Double(date.dayNumber) * 86_400 + 43_200)
        var style = Date.FormatStyle(locale: locale, timeZone: Self.utc).month(.wide).year()
        style.calendar = Calendar(identifier: .gregorian)
        return instant.formatted(style)
    }

    /// A whole number with the locale's grouping.
    func integer(_ value: Int) -> String {
        value.formatted(IntegerFormatStyle<Int>(locale: locale))
    }

    /// An exact decimal with the locale's grouping and separator, and a per-cent sign for a percentage.
    func decimal(_ value: FixedDecimal, percentage: Bool = false) -> String {
        let text = value.decimal.formatted(Decimal.FormatStyle(locale: locale).precision(.fractionLength(0...4)))
        return percentage ? text + " %" : text
    }

    /// An amount with its currency.
    func money(_ money: Money) -> String {
        money.amount.formatted(Decimal.FormatStyle.Currency(code: money.currency, locale: locale))
    }
}
