public import EnlaceCore
import Foundation

/// Activities as a spreadsheet with an HXL hashtag row: a row of column names a person reads, a row of
/// hashtags a machine reads (the Humanitarian Exchange Language, hxlstandard.org), then one row per activity.
///
/// A cell that holds several codes (countries, key areas, topics, organisations) lists them separated by
/// `;`, and its hashtag carries `+list`. Codes are Enlace's: ISO 3166-1 alpha-2 countries, key-area and topic
/// slugs, organisation codes, IATI activity-status codes. The implementing-partner contact is never
/// written. Dates are ISO 8601 days; amounts use a point and no grouping.
public enum ActivityHXL {
    /// One column: its name in the first row, its hashtag in the second, and its value for an activity.
    public struct Column: Sendable {
        public let name: String
        public let hashtag: String
        let value: @Sendable (Activity) -> String
    }

    /// The columns, in order.
    public static let columns: [Column] = [
        Column(name: "id", hashtag: "#activity +code") { $0.id },
        Column(name: "title", hashtag: "#activity +name") { $0.draft.title },
        Column(name: "description", hashtag: "#description") { $0.draft.description },
        Column(name: "language", hashtag: "#meta +lang") { $0.draft.language.rawValue },
        Column(name: "funding", hashtag: "#org +funder +code +list") { organizations($0, .funding) },
        Column(name: "implementing", hashtag: "#org +impl +code +list") { organizations($0, .implementing) },
        Column(name: "recipientCountries", hashtag: "#country +code +list") { list($0.draft.recipientCountries) },
        Column(name: "beneficiary", hashtag: "#org +beneficiary +name") { $0.draft.beneficiary ?? "" },
        Column(name: "keyAreas", hashtag: "#sector +code +list") { list($0.draft.keyAreas) },
        Column(name: "topics", hashtag: "#subsector +code +list") { list($0.draft.topics) },
        Column(name: "kind", hashtag: "#activity +type +code") { $0.draft.kind.rawValue },
        Column(name: "modality", hashtag: "#modality +code") { $0.draft.modality.rawValue },
        Column(name: "plannedStart", hashtag: "#date +start +planned") { $0.draft.plannedStart.iso },
        Column(name: "plannedEnd", hashtag: "#date +end +planned") { $0.draft.plannedEnd.iso },
        Column(name: "actualStart", hashtag: "#date +start +actual") { $0.draft.actualStart?.iso ?? "" },
        Column(name: "actualEnd", hashtag: "#date +end +actual") { $0.draft.actualEnd?.iso ?? "" },
        Column(name: "status", hashtag: "#status +code") { String($0.draft.status.rawValue) },
        Column(name: "participantsPlanned", hashtag: "#targeted +num") { number($0.draft.participantsPlanned) },
        Column(name: "participantsTrained", hashtag: "#reached +num") { number($0.draft.participantsTrained) },
        Column(name: "budget", hashtag: "#value +budget") { $0.draft.budget.map { "\($0.amount)" } ?? "" },
        Column(name: "budgetCurrency", hashtag: "#currency +budget") { $0.draft.budget?.currency ?? "" },
        Column(name: "location", hashtag: "#loc +name") { $0.draft.location?.name ?? "" },
        Column(name: "latitude", hashtag: "#geo +lat") { coordinate($0.draft.location?.lat) },
        Column(name: "longitude", hashtag: "#geo +lon") { coordinate($0.draft.location?.lon) },
        Column(name: "owner", hashtag: "#org +owner +code") { $0.owner },
        Column(name: "marking", hashtag: "#meta +marking") { $0.draft.releasability.marking.rawValue },
        Column(name: "releasableTo", hashtag: "#meta +releasable +list") { list($0.draft.releasability.releasableTo) },
        Column(name: "updated", hashtag: "#date +updated") { Timestamp.format($0.updatedAt) },
        Column(name: "identifier", hashtag: "#activity +code +iati") { $0.iatiIdentifier ?? "" },
    ]

    /// The two heading rows: names, then hashtags.
    public static var headings: [[String]] { [columns.map(\.name), columns.map(\.hashtag)] }

    /// The row of `activity`, as its reader may see it (the caller passes the reader's view).
    public static func row(_ activity: Activity) -> [String] {
        columns.map { $0.value(activity) }
    }

    private static func list(_ codes: [String]) -> String { codes.joined(separator: ";") }

    private static func organizations(_ activity: Activity, _ role: ProviderRole) -> String {
        list(activity.draft.providers.filter { $0.role == role }.map(\.organization))
    }

    private static func number(_ value: Int?) -> String { value.map(String.init) ?? "" }

    private static func coordinate(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return String(format: "%.6f", locale: Locale(identifier: "en_US_POSIX"), value)
    }
}
