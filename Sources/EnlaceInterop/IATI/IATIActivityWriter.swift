public import EnlaceCore
public import Foundation

/// How an organisation is named in IATI: its organisation identifier (`ref`, `{RegistrationAgency}-{RegistrationNumber}`,
/// or the Enlace code when it has none), its name (the element's narrative) and its OrganisationType code, if
/// known. The same description an import reads from a file.
public typealias IATIOrganization = ImportedOrganization

extension ImportedOrganization {
    /// `organization` as IATI names it: `ref` when it has an IATI identifier, else its Enlace code, and the type
    /// its kind implies.
    public init(_ organization: Organization, ref: String? = nil) {
        self.init(
            ref: ref ?? organization.code, name: organization.name, type: Self.organizationType(of: organization.kind))
    }

    /// The IATI OrganisationType of an organisation of `kind`: agencies of a government are government, and
    /// international and regional bodies are multilateral.
    public static func organizationType(of kind: OrganizationKind) -> String {
        switch kind {
        case .government, .agency: "10"
        case .internationalOrganization, .regionalMechanism: "40"
        case .forum: "90"
        }
    }
}

/// Writes Enlace activities as an IATI 2.03 activity file (`iati-activities`) that the official schema accepts.
///
/// The file comes in pieces, ``header()``, one ``activity(_:)`` per activity and ``footer()``, so that a long
/// export streams without the whole document in memory; ``document(_:)`` joins them for a short one. The schema
/// wants at least one activity in a file. The writer writes what it is given: the caller passes each activity as
/// its reader may see it (``Activity/redacted(for:)``). The partner contact is never written.
///
/// The reporting organisation is the activity's owner; organisations are named through `organizations` (Enlace
/// code to IATI name), and one missing there is written under its Enlace code.
public struct IATIActivityWriter: Sendable {
    /// The version of the IATI Standard the output follows.
    public static let version = "2.03"
    /// The media type of the output.
    public static let contentType = "application/xml; charset=utf-8"
    /// The spatial reference system of a location's point: WGS 84, the only one IATI allows.
    static let spatialReferenceSystem = "http://www.opengis.net/def/crs/EPSG/0/4326"
    /// The OrganisationType written for a reporting organisation whose type is not known: Other.
    static let otherOrganizationType = "90"

    /// When the file is generated, written as `generated-datetime`.
    public var generated: Date
    /// The IATI name of each organisation, by Enlace code.
    public var organizations: [String: IATIOrganization]
    /// The DAC purpose codes of key areas and topics.
    public var sectors: DACSectorMapping
    /// The `iati-identifier` of an activity, given the activity and its reporting organisation's ref; it must not
    /// change once published.
    public var identifier: @Sendable (Activity, String) -> String

    /// Creates the writer; without `identifier`, an activity is identified by the `iati-identifier` it was imported
    /// with, else as `<reporting-org ref>-<activity id>`.
    public init(
        generated: Date, organizations: [String: IATIOrganization] = [:], sectors: DACSectorMapping = .empty,
        identifier: (@Sendable (Activity, String) -> String)? = nil
    ) {
        self.generated = generated
        self.organizations = organizations
        self.sectors = sectors
        if let identifier {
            self.identifier = identifier
        } else {
            self.identifier = { activity, reportingRef in activity.iatiIdentifier ?? (reportingRef + "-" + activity.id)
            }
        }
    }

    /// The XML declaration and the opening `iati-activities` tag.
    public func header() -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + "<iati-activities version=\"" + Self.version
            + "\" generated-datetime=\"" + Self.dateTime(generated) + "\">\n"
    }

    /// The closing `iati-activities` tag.
    public func footer() -> String {
        "</iati-activities>\n"
    }

    /// The whole file for `activities`, for an export small enough to hold in memory.
    public func document(_ activities: [Activity]) -> String {
        var text = header()
        for record in activities { text += activity(record) }
        return text + footer()
    }

    /// The `iati-activity` element of `activity`, its children in the order the schema's sequence asks.
    public func activity(_ activity: Activity) -> String {
        let draft = activity.draft
        let reporting = iatiOrganization(activity.owner)
        var xml = XMLLines(depth: 1)
        xml.open(
            "iati-activity",
            [
                "last-updated-datetime": Self.dateTime(activity.updatedAt), "xml:lang": draft.language.rawValue,
                "default-currency": Self.defaultCurrency(of: draft),
            ])
        xml.leaf("iati-identifier", text: identifier(activity, reporting.ref))
        xml.narrative(
            "reporting-org", ["ref": reporting.ref, "type": reporting.type ?? Self.otherOrganizationType],
            reporting.name)
        xml.narrative("title", [:], draft.title)
        // The schema wants a description; an activity without one repeats its title there.
        xml.narrative("description", ["type": "1"], Self.hasText(draft.description) ? draft.description : draft.title)
        for provider in draft.providers {
            let partner = iatiOrganization(provider.organization)
            xml.narrative(
                "participating-org",
                ["ref": partner.ref, "type": partner.type, "role": Self.roleCode(provider.role)], partner.name)
        }
        xml.empty("activity-status", ["code": String(draft.status.rawValue)])
        xml.empty("activity-date", ["type": "1", "iso-date": draft.plannedStart.iso])
        xml.empty("activity-date", ["type": "3", "iso-date": draft.plannedEnd.iso])
        if let actualStart = draft.actualStart {
            xml.empty("activity-date", ["type": "2", "iso-date": actualStart.iso])
        }
        if let actualEnd = draft.actualEnd {
            xml.empty("activity-date", ["type": "4", "iso-date": actualEnd.iso])
        }
        let countries = draft.recipientCountries
        for (country, share) in zip(countries, Self.percentages(count: countries.count)) {
            xml.empty("recipient-country", ["code": country.uppercased(), "percentage": share])
        }
        if let location = draft.location { writeLocation(location, into: &xml) }
        let codes = sectors.sectors(keyAreas: draft.keyAreas, topics: draft.topics)
        for (code, share) in zip(codes, Self.percentages(count: codes.count)) {
            xml.empty("sector", ["vocabulary": "1", "code": code, "percentage": share])
        }
        // The key areas and topics themselves, in the reporting organisation's vocabulary, so that an import gives
        // them back exactly (a DAC code may stand for several).
        let own = draft.keyAreas + draft.topics
        for (code, share) in zip(own, Self.percentages(count: own.count)) {
            xml.empty(
                "sector",
                [
                    "vocabulary": "99", "vocabulary-uri": IATIActivityMapping.taxonomyVocabularyURI, "code": code,
                    "percentage": share,
                ])
        }
        for line in Self.budgetLines(of: draft) {
            // Enlace does not record whether a budget was formally committed, so each is indicative (status 1).
            xml.open("budget", ["type": String(line.kind.rawValue), "status": "1"])
            xml.empty("period-start", ["iso-date": line.periodStart.iso])
            xml.empty("period-end", ["iso-date": line.periodEnd.iso])
            xml.value(line.value, on: line.periodStart)
            xml.close("budget")
        }
        for transaction in draft.transactions { writeTransaction(transaction, into: &xml) }
        xml.close("iati-activity")
        return xml.text
    }

    /// Appends the `location` element: its name and, when both coordinates are known and valid, its point.
    private func writeLocation(_ location: Location, into xml: inout XMLLines) {
        var position: String?
        if let lat = location.lat, let lon = location.lon, abs(lat) <= 90, let latText = Self.coordinate(lat),
            let lonText = Self.coordinate(lon)
        {
            position = latText + " " + lonText
        }
        let hasName = Self.hasText(location.name)
        guard hasName || position != nil else { return }
        xml.open("location")
        if hasName { xml.narrative("name", [:], location.name) }
        if let position {
            xml.open("point", ["srsName": Self.spatialReferenceSystem])
            xml.leaf("pos", text: position)
            xml.close("point")
        }
        xml.close("location")
    }

    /// Appends the `transaction` element of `transaction`; the Enlace types are the IATI TransactionType codes.
    private func writeTransaction(_ transaction: FundingTransaction, into xml: inout XMLLines) {
        xml.open("transaction")
        xml.empty("transaction-type", ["code": String(transaction.type.rawValue)])
        xml.empty("transaction-date", ["iso-date": transaction.date.iso])
        xml.value(transaction.value, on: transaction.date)
        if Self.hasText(transaction.description) { xml.narrative("description", [:], transaction.description) }
        if let provider = transaction.provider {
            let organization = iatiOrganization(provider)
            xml.narrative(
                "provider-org", ["ref": organization.ref, "type": organization.type], organization.name)
        }
        if let receiver = transaction.receiver {
            let organization = iatiOrganization(receiver)
            xml.narrative(
                "receiver-org", ["ref": organization.ref, "type": organization.type], organization.name)
        }
        xml.close("transaction")
    }

    /// The IATI name of the organisation with Enlace code `code`; its code stands for ref and name when unknown.
    private func iatiOrganization(_ code: String) -> IATIOrganization {
        organizations[code] ?? IATIOrganization(ref: code, name: code)
    }

    /// The IATI OrganisationRole code of `role`: 1 funding, 4 implementing.
    static func roleCode(_ role: ProviderRole) -> String {
        switch role {
        case .funding: "1"
        case .implementing: "4"
        }
    }

    /// The activity's `default-currency`: that of its total budget, else of its first budget line or transaction.
    static func defaultCurrency(of draft: ActivityDraft) -> String? {
        draft.budget?.currency ?? draft.budgetLines.first?.value.currency ?? draft.transactions.first?.value.currency
    }

    /// The budgets to write: the budget lines, or, when there are none, the total budget over the planned period
    /// if that period is no longer than budget lines may be (366 days).
    static func budgetLines(of draft: ActivityDraft) -> [BudgetLine] {
        if !draft.budgetLines.isEmpty { return draft.budgetLines }
        guard let total = draft.budget, draft.plannedStart <= draft.plannedEnd,
            draft.plannedEnd <= draft.plannedStart.adding(days: 366)
        else { return [] }
        return [BudgetLine(kind: .original, periodStart: draft.plannedStart, periodEnd: draft.plannedEnd, value: total)]
    }

    /// Shares of 100 for `count` items, to the hundredth: even, the last taking what rounding leaves, so they add
    /// up to exactly 100; nil for a single item, which IATI then takes as 100.
    static func percentages(count: Int) -> [String?] {
        guard count > 1 else { return Array(repeating: nil, count: max(count, 0)) }
        let share = 10_000 / count
        return (0..<count).map { index in
            hundredths(index == count - 1 ? 10_000 - share * (count - 1) : share)
        }
    }

    /// `value` hundredths as a decimal without trailing zeros: 3333 is `33.33`, 5000 is `50`, 1250 is `12.5`.
    static func hundredths(_ value: Int) -> String {
        let whole = String(value / 100)
        let fraction = value % 100
        if fraction == 0 { return whole }
        if fraction % 10 == 0 { return whole + "." + String(fraction / 10) }
        return whole + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    /// `degrees` to the millionth (about 0.1 m) with a `.` and no exponent, trailing zeros dropped; nil when not a
    /// finite value within ±180.
    static func coordinate(_ degrees: Double) -> String? {
        guard degrees.isFinite, abs(degrees) <= 180 else { return nil }
        let millionths = Int((degrees * 1_000_000).rounded())
        let magnitude = abs(millionths)
        var text = (millionths < 0 ? "-" : "") + String(magnitude / 1_000_000)
        let fraction = magnitude % 1_000_000
        if fraction > 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 6 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    /// `date` as an `xsd:dateTime` in UTC, `YYYY-MM-DDTHH:MM:SSZ`, fractions of a second dropped and kept within
    /// years 1 to 9999.
    static func dateTime(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970.isFinite ? date.timeIntervalSince1970 : 0
        // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, so that Int never overflows and years keep four digits.
        let bounded = min(max(interval.rounded(.down), -62_135_596_800), 253_402_300_799)
        var (days, seconds) = Int(bounded).quotientAndRemainder(dividingBy: 86_400)
        if seconds < 0 {
            days -= 1
            seconds += 86_400
        }
        return CalendarDate(dayNumber: days).iso + "T" + twoDigits(seconds / 3600) + ":"
            + twoDigits(seconds / 60 % 60) + ":" + twoDigits(seconds % 60) + "Z"
    }

    /// `value` (0–99) with a leading zero when it has one digit.
    private static func twoDigits(_ value: Int) -> String {
        (value < 10 ? "0" : "") + String(value)
    }

    /// Whether `text` holds more than white space.
    static func hasText(_ text: String) -> Bool {
        !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    /// `text` as XML character data, or as an attribute value when `attribute`: `&`, `<`, `>`, `"` and `'` as
    /// entity references, a carriage return (and in an attribute a tab or line feed, which a parser would turn
    /// into spaces) as a character reference, and characters XML 1.0 does not allow dropped.
    static func escape(_ text: String, attribute: Bool = false) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\r": escaped += "&#13;"
            case "\n" where attribute: escaped += "&#10;"
            case "\t" where attribute: escaped += "&#9;"
            case _ where isAllowedInXML(scalar): escaped.unicodeScalars.append(scalar)
            default: continue
            }
        }
        return escaped
    }

    /// Whether XML 1.0 allows `scalar` in a document: tab, line feed, carriage return, and U+0020 upwards but
    /// U+FFFE and U+FFFF (a scalar is never a surrogate).
    private static func isAllowedInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: true
        case 0x20...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}

/// Lines of XML text indented two spaces a level, attributes in the order given and left out when nil.
private struct XMLLines {
    /// The text so far.
    private(set) var text = ""
    /// The indentation level of the next line.
    var depth: Int

    /// Starts the lines at indentation level `depth`.
    init(depth: Int) {
        self.depth = depth
    }

    /// Appends an element with no content.
    mutating func empty(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        line("<" + name + Self.attributeText(attributes) + "/>")
    }

    /// Appends a start tag and indents what follows.
    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        line("<" + name + Self.attributeText(attributes) + ">")
        depth += 1
    }

    /// Appends an end tag, back at its start tag's level.
    mutating func close(_ name: String) {
        depth -= 1
        line("</" + name + ">")
    }

    /// Appends an element holding only `text`.
    mutating func leaf(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], text: String) {
        line(
            "<" + name + Self.attributeText(attributes) + ">" + IATIActivityWriter.escape(text) + "</" + name + ">")
    }

    /// Appends an element holding one `narrative` with `text`.
    mutating func narrative(_ name: String, _ attributes: KeyValuePairs<String, String?>, _ text: String) {
        open(name, attributes)
        leaf("narrative", text: text)
        close(name)
    }

    /// Appends a `value` element: `money`'s amount as a plain decimal, its currency, and `date` as `value-date`.
    mutating func value(_ money: Money, on date: CalendarDate) {
        leaf("value", ["currency": money.currency, "value-date": date.iso], text: money.amountText)
    }

    /// Appends `content` as one line at the current level.
    private mutating func line(_ content: String) {
        text += String(repeating: "  ", count: depth) + content + "\n"
    }

    /// ` name="value"` for each attribute with a value.
    private static func attributeText(_ attributes: KeyValuePairs<String, String?>) -> String {
        var text = ""
        for (name, value) in attributes {
            guard let value else { continue }
            text += " " + name + "=\"" + IATIActivityWriter.escape(value, attribute: true) + "\""
        }
        return text
    }
}
