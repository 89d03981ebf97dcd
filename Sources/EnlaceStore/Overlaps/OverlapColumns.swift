import EnlaceCore
import Foundation
import SQLKit

/// How an overlap record maps onto its row in `activity_overlaps`.
enum OverlapColumns {
    /// The columns written and read, in the order of ``values(of:)``.
    static let names = [
        "id", "first_id", "second_id", "score", "factor_values", "reductions", "same_provider", "active", "status",
        "reason", "continuing_id", "decided_by", "decided_at", "fingerprints", "detected_at", "updated_at", "version",
    ]

    /// The column values of `record`, in the order of ``names``.
    static func values(of record: OverlapRecord) -> [any Encodable & Sendable] {
        [
            record.id, record.first, record.second, record.assessment.score,
            record.assessment.values.map { String($0) }.joined(separator: ","),
            record.assessment.reductions.map(\.rawValue).joined(separator: ","),
            record.assessment.sameProvider ? 1 : 0, record.active ? 1 : 0, record.status.rawValue, record.reason,
            record.continuing, record.decidedBy, record.decidedAt.map(Timestamp.format),
            record.fingerprints.joined(separator: ","), Timestamp.format(record.detectedAt),
            Timestamp.format(record.updatedAt), record.version,
        ]
    }

    /// The record a row holds.
    static func decode(_ row: any SQLRow) throws -> OverlapRecord {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func list(_ column: String) throws -> [String] {
            try text(column).split(separator: ",").map(String.init)
        }
        func time(_ column: String) throws -> Date {
            guard let date = Timestamp.parse(try text(column)) else {
                throw StoreError.corruptRow(table: "activity_overlaps", column: column)
            }
            return date
        }
        guard let status = OverlapStatus(rawValue: try text("status")) else {
            throw StoreError.corruptRow(table: "activity_overlaps", column: "status")
        }
        let values = try list("factor_values").compactMap(Double.init)
        guard values.count == OverlapFactor.allCases.count else {
            throw StoreError.corruptRow(table: "activity_overlaps", column: "factor_values")
        }
        return OverlapRecord(
            id: try text("id"), first: try text("first_id"), second: try text("second_id"),
            assessment: OverlapAssessment(
                score: try row.decode(column: "score", as: Double.self), values: values,
                reductions: try list("reductions").compactMap(OverlapReduction.init(rawValue:)),
                sameProvider: try row.decode(column: "same_provider", as: Int.self) != 0),
            active: try row.decode(column: "active", as: Int.self) != 0, status: status,
            reason: try row.decode(column: "reason", as: String?.self),
            continuing: try row.decode(column: "continuing_id", as: String?.self),
            decidedBy: try row.decode(column: "decided_by", as: String?.self),
            decidedAt: try row.decode(column: "decided_at", as: String?.self).flatMap(Timestamp.parse),
            fingerprints: try list("fingerprints"), detectedAt: try time("detected_at"),
            updatedAt: try time("updated_at"), version: try row.decode(column: "version", as: Int.self))
    }

    /// Writes `inserts` and `updates`, stamping each with the next values of the `overlaps` counter.
    static func write(inserts: [OverlapRecord], updates: [OverlapRecord], _ db: any SQLDatabase) async throws {
        guard inserts.count + updates.count > 0 else { return }
        var sequence = try await ChangeCounters.advance(.overlaps, by: inserts.count + updates.count, db)
        for start in stride(from: 0, to: inserts.count, by: 500) {
            var builder = db.insert(into: "activity_overlaps").columns(names + ["seq"])
            for record in inserts[start..<min(inserts.count, start + 500)] {
                builder = builder.values(values(of: record) + [sequence])
                sequence += 1
            }
            try await builder.run()
        }
        for record in updates {
            var update = db.update("activity_overlaps").where("id", .equal, record.id)
            for (column, value) in zip(names, values(of: record)) where column != "id" {
                update = update.set(column, to: value)
            }
            try await update.set("seq", to: sequence).run()
            sequence += 1
        }
    }
}

/// Every overlap record held in memory, following the `activity_overlaps` table.
struct OverlapBook: SequencedState {
    /// Records by id.
    var records: [String: OverlapRecord] = [:]
    /// Record ids by activity id.
    var byActivity: [String: [String]] = [:]

    static let counter = ChangeCounters.Name.overlaps

    static func changes(
        since sequence: Int, _ db: any SQLDatabase
    ) async throws -> [(
        change: OverlapRecord, sequence: Int
    )] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: OverlapColumns.names.joined(separator: ", ")), seq FROM activity_overlaps
            WHERE seq > \(bind: sequence) ORDER BY seq
            """
        ).all().map { row in (try OverlapColumns.decode(row), try row.decode(column: "seq", as: Int.self)) }
    }

    mutating func apply(_ changes: [OverlapRecord], isFirstLoad: Bool) {
        for record in changes {
            if records.updateValue(record, forKey: record.id) == nil {
                byActivity[record.first, default: []].append(record.id)
                byActivity[record.second, default: []].append(record.id)
            }
        }
    }

    /// The records of activity `id`.
    func records(of id: String) -> [OverlapRecord] {
        (byActivity[id] ?? []).compactMap { records[$0] }
    }
}
