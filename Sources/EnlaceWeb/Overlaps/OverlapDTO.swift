import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// The API's representation of an overlap: the pair, the score with each factor's part in words,
/// and where review stands.
enum OverlapDTO {
    /// The JSON of `view`, explained under `settings` in the language of `words`.
    static func encode(_ view: OverlapView, settings: DeconflictionSettings, words: OverlapWords) -> JSONValue {
        let record = view.record
        let explanation = OverlapWords.explanation(view.first, view.second, settings: settings)
        return .object([
            ("id", .string(record.id)),
            ("status", .string(record.status.rawValue)),
            ("statusLabel", .string(words.status(record.status))),
            ("score", .number(OverlapWords.rounded(record.assessment.score))),
            ("threshold", .number(settings.threshold)),
            ("active", .bool(record.active)),
            ("sameProvider", .bool(record.assessment.sameProvider)),
            ("activities", .array([brief(view.first), brief(view.second)])),
            ("explanation", .string(words.summary(explanation))),
            (
                "factors",
                .array(
                    words.lines(explanation).map { line in
                        .object([
                            ("factor", .string(line.factor)), ("label", .string(line.label)),
                            ("value", .number(line.value)), ("weight", .number(line.weight)),
                            ("contribution", .number(line.contribution)), ("explanation", .string(line.sentence)),
                        ])
                    })
            ),
            (
                "reductions",
                .array(
                    words.adjustments(explanation).map { adjustment in
                        .object([
                            ("reduction", .string(adjustment.reduction)), ("factor", .number(adjustment.factor)),
                            ("explanation", .string(adjustment.sentence)),
                        ])
                    })
            ),
            ("reason", .string(record.reason)),
            ("continuing", .string(record.continuing)),
            ("decidedBy", .string(record.decidedBy)),
            ("decidedAt", .string(record.decidedAt.map(Timestamp.format))),
            ("canDecide", .bool(view.canDecide)),
            ("detectedAt", .string(Timestamp.format(record.detectedAt))),
            ("updatedAt", .string(Timestamp.format(record.updatedAt))),
            ("version", .integer(record.version)),
        ])
    }

    /// What a reviewer needs of each activity to compare them; the whole record is one link away.
    static func brief(_ activity: Activity) -> JSONValue {
        let draft = activity.draft
        return .object([
            ("id", .string(activity.id)),
            ("href", .string("/api/v1/activities/\(activity.id)")),
            ("title", .string(draft.title)),
            ("owner", .string(activity.owner)),
            ("providers", .strings(draft.providers.map(\.organization).uniqued())),
            ("recipientCountries", .strings(draft.recipientCountries)),
            ("keyAreas", .strings(draft.keyAreas)),
            ("topics", .strings(draft.topics)),
            ("beneficiary", .string(draft.beneficiary)),
            ("kind", .string(draft.kind.rawValue)),
            ("plannedStart", .string(draft.plannedStart.iso)),
            ("plannedEnd", .string(draft.plannedEnd.iso)),
        ])
    }

    /// What a save answers about overlaps, besides the activity: each overlap with an activity the saver may
    /// read, in brief. Nothing about any other: the answer to a save must not let a saver probe.
    static func onSave(_ found: ActivityOverlaps, of id: String) -> [(String, JSONValue)] {
        [
            (
                "overlaps",
                .array(
                    found.overlaps.map { view in
                        let other = view.first.id == id ? view.second : view.first
                        return .object([
                            ("id", .string(view.record.id)), ("href", .string("/api/v1/overlaps/\(view.record.id)")),
                            ("score", .number(OverlapWords.rounded(view.record.assessment.score))),
                            ("status", .string(view.record.status.rawValue)),
                            ("sameProvider", .bool(view.record.assessment.sameProvider)),
                            ("activity", .object([("id", .string(other.id)), ("title", .string(other.draft.title))])),
                        ])
                    })
            )
        ]
    }

    /// The redacted notice: the same words for everyone, and nothing about the other activity.
    static func notice(activity: String, words: OverlapWords) -> JSONValue {
        .object([("activity", .string(activity)), ("message", .string(words.notice))])
    }

    /// The decision a body describes, and the errors of shape found on the way.
    static func decodeDecision(_ body: JSONValue) -> (OverlapDecisionInput, [FieldError]) {
        var reader = FieldReader(body)
        let input = OverlapDecisionInput(
            status: reader.string("status"), reason: reader.string("reason"), continuing: reader.string("continuing"))
        reader.rejectUnknown()
        return (input, reader.errors)
    }
}

/// The query string of an overlap list, shared by the API and the queue page.
struct OverlapListQuery: Sendable {
    var filter = OverlapFilter()
    var limit = PageLimit.default
    var cursor: String?

    static let parameters: Set<String> = [
        "country", "keyArea", "status", "provider", "sameProvider", "limit", "cursor",
    ]

    /// Parses `parameters`; problems are reported together when `strict` (the API) and skipped otherwise.
    static func parse(
        _ parameters: Parameters, catalog: ReferenceCatalog, strict: Bool
    ) throws(RequestError) -> OverlapListQuery {
        var query = OverlapListQuery()
        var reader = QueryReader(parameters, allowed: Self.parameters)
        query.filter.country = reader.code("country") { catalog.country($0)?.code }
        query.filter.keyArea = reader.code("keyArea") { catalog.keyArea($0)?.slug }
        query.filter.status = reader.code("status") { OverlapStatus(rawValue: $0) }
        query.filter.provider = reader.code("provider") { ActivityInput.isOrganizationCode($0) ? $0 : nil }
        query.filter.sameProvider = reader.code("sameProvider") { ["true": true, "false": false][$0] }
        query.limit = reader.limit()
        query.cursor = reader.value("cursor")
        try reader.finish(strict: strict)
        return query
    }
}
