import EnlaceCore
import Foundation
import SQLKit

/// How an activity maps onto its row in `activities`: one list of columns, one encoder, one decoder.
enum ActivityColumns {
    /// The columns written and read, in the order of ``values(of:)``.
    static let names =
        [
            "id", "title", "description", "language", "beneficiary", "kind", "modality",
            "planned_start", "planned_end", "actual_start", "actual_end", "status",
            "participants_planned", "participants_trained", "budget_amount", "budget_currency", "location_name",
            "location_lat", "location_lon", "providers_list", "countries_list", "key_areas_list", "topics_list",
            "version", "created_at", "updated_at", "owner_org", "marking", "releasable_to", "vetting_required",
        ] + partColumns.map(\.column) + ["iati_identifier"]

    /// Each text column of the activity's parts, with the part and field it holds (see ``StoredActivityPart``).
    static let partColumns: [(part: any ActivityPart.Type, field: String, column: String)] = ActivityParts.all.flatMap {
        part in
        guard let stored = part as? any StoredActivityPart.Type else {
            preconditionFailure("\(part.name) has no columns: declare them with StoredActivityPart")
        }
        return part.fields.map { field in
            guard let column = stored.columns[field.name] else {
                preconditionFailure("\(part.name).\(field.name) has no column")
            }
            return (part, field.name, column)
        }
    }

    /// The select list, qualified with the alias `a`.
    static let selectList = names.map { "a." + $0 }.joined(separator: ", ")

    /// The column values of `activity`, in the order of ``names``.
    static func values(of activity: Activity) -> [any Encodable & Sendable] {
        let draft = activity.draft
        let row: [any Encodable & Sendable] = [
            activity.id, draft.title, draft.description, draft.language.rawValue,
            draft.beneficiary, draft.kind.rawValue, draft.modality.rawValue, draft.plannedStart.iso,
            draft.plannedEnd.iso, draft.actualStart?.iso, draft.actualEnd?.iso, draft.status.rawValue,
            draft.participantsPlanned, draft.participantsTrained,
            draft.budget?.amountText, draft.budget?.currency, draft.location?.name, draft.location?.lat,
            draft.location?.lon,
            draft.providers.map { "\($0.organization):\($0.role.rawValue)" }.joined(separator: ","),
            draft.recipientCountries.joined(separator: ","), draft.keyAreas.joined(separator: ","),
            draft.topics.joined(separator: ","), activity.version,
            Timestamp.format(activity.createdAt), Timestamp.format(activity.updatedAt), activity.owner,
            draft.releasability.marking.rawValue, draft.releasability.releasableTo.joined(separator: ","),
            draft.vetting.required.map { $0 ? 1 : 0 },
        ]
        let parts: [any Encodable & Sendable] = partColumns.map { column -> String? in
            draft.parts[named: column.part.name]?.texts[column.field]
        }
        return row + parts + [activity.iatiIdentifier]
    }

    /// The activity a row holds, without its funding, vetting and result rows (see ``ActivityDetailRows``),
    /// but with whether its vetting is required.
    static func decode(_ row: any SQLRow) throws -> Activity {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func optionalText(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        func list(_ column: String) throws -> [String] { try text(column).split(separator: ",").map(String.init) }
        func date(_ column: String) throws -> CalendarDate {
            guard let date = CalendarDate(iso: try text(column)) else { throw corrupt(column) }
            return date
        }
        func optionalDate(_ column: String) throws -> CalendarDate? {
            guard let value = try optionalText(column) else { return nil }
            guard let date = CalendarDate(iso: value) else { throw corrupt(column) }
            return date
        }
        func instant(_ column: String) throws -> Date {
            guard let date = Timestamp.parse(try text(column)) else { throw corrupt(column) }
            return date
        }
        func corrupt(_ column: String) -> StoreError { .corruptRow(table: "activities", column: column) }

        let providers = try list("providers_list").map { entry -> Provider in
            let parts = entry.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let role = ProviderRole(rawValue: String(parts[1])) else {
                throw corrupt("providers_list")
            }
            return Provider(organization: String(parts[0]), role: role)
        }
        guard let language = Language(rawValue: try text("language")) else { throw corrupt("language") }
        guard let kind = ActivityKind(rawValue: try text("kind")) else { throw corrupt("kind") }
        guard let modality = Modality(rawValue: try text("modality")) else { throw corrupt("modality") }
        guard let status = ActivityStatus(rawValue: try row.decode(column: "status", as: Int.self)) else {
            throw corrupt("status")
        }
        var budget: Money?
        if let amount = try optionalText("budget_amount"), let currency = try optionalText("budget_currency") {
            budget = Money(text: amount, currency: currency)
            if budget == nil {
                guard let value = Decimal(string: amount, locale: Locale(identifier: "en_US_POSIX")) else {
                    throw corrupt("budget_amount")
                }
                budget = Money(amount: value, currency: currency)
            }
        }
        let location = try optionalText("location_name").map {
            Location(
                name: $0, lat: try row.decode(column: "location_lat", as: Double?.self),
                lon: try row.decode(column: "location_lon", as: Double?.self))
        }
        guard let marking = Marking(rawValue: try text("marking")) else { throw corrupt("marking") }
        var parts = ActivityParts()
        var texts: [String: ActivityPartTexts] = [:]
        for column in partColumns {
            if let text = try optionalText(column.column), !text.isEmpty {
                texts[column.part.name, default: [:]][column.field] = text
            }
        }
        for part in ActivityParts.all { if let stored = texts[part.name] { parts.insert(part.init(stored: stored)) } }
        let draft = ActivityDraft(
            title: try text("title"), description: try text("description"), language: language,
            providers: providers, recipientCountries: try list("countries_list"),
            beneficiary: try optionalText("beneficiary"), keyAreas: try list("key_areas_list"),
            topics: try list("topics_list"), kind: kind, modality: modality, plannedStart: try date("planned_start"),
            plannedEnd: try date("planned_end"), actualStart: try optionalDate("actual_start"),
            actualEnd: try optionalDate("actual_end"), status: status,
            participantsPlanned: try row.decode(column: "participants_planned", as: Int?.self),
            participantsTrained: try row.decode(column: "participants_trained", as: Int?.self), budget: budget,
            location: location,
            releasability: Releasability(marking: marking, releasableTo: try list("releasable_to")),
            vetting: Vetting(required: try row.decode(column: "vetting_required", as: Int?.self).map { $0 != 0 }),
            parts: parts)
        return Activity(
            id: try text("id"), owner: try text("owner_org"), draft: draft,
            version: try row.decode(column: "version", as: Int.self),
            createdAt: try instant("created_at"), updatedAt: try instant("updated_at"),
            iatiIdentifier: try optionalText("iati_identifier"))
    }
}

/// Where an ``ActivityPart`` is kept: a text column of `activities` for each of its fields (null when empty).
/// Declared beside the migration that adds the columns.
protocol StoredActivityPart: ActivityPart {
    /// The column of each field, by the field's name.
    static var columns: [String: String] { get }
}
