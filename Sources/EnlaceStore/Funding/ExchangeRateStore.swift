public import EnlaceCore
import Foundation
import SQLKit

/// The dated exchange rates, held in memory as a ``RateTable`` that follows the table.
struct RateState: SequencedState {
    var table = RateTable()

    static let counter = ChangeCounters.Name.exchangeRates

    /// Every rate, as one change stamped with the counter: the table is small and read whole.
    static func changes(
        since sequence: Int, _ db: any SQLDatabase
    ) async throws -> [(change: [ExchangeRate], sequence: Int)] {
        let stamp =
            try await db.raw("SELECT value FROM enlace_sequences WHERE name = \(bind: counter.rawValue)")
            .first()?.decode(column: "value", as: Int.self) ?? 0
        guard stamp > sequence else { return [] }
        let rates = try await db.raw("SELECT base, quote, date, rate FROM exchange_rates").all().map { row in
            guard let date = CalendarDate(iso: try row.decode(column: "date", as: String.self)),
                let units = ExchangeRate.parse(try row.decode(column: "rate", as: String.self))
            else { throw StoreError.corruptRow(table: "exchange_rates", column: "rate") }
            return ExchangeRate(
                base: try row.decode(column: "base", as: String.self),
                quote: try row.decode(column: "quote", as: String.self), date: date, units: units)
        }
        return [(rates, stamp)]
    }

    mutating func apply(_ changes: [[ExchangeRate]], isFirstLoad: Bool) {
        if let latest = changes.last { table = RateTable(latest) }
    }
}

/// Dated exchange rates: administrators set them, one by one or from a file; every total in a
/// reporting currency reads them.
public struct ExchangeRateStore: Sendable {
    let database: Database
    let clock: WallClock
    let model: ReadModel<RateState>

    /// Every rate, as a table for conversions.
    public func table() async throws -> RateTable {
        try await model.current(database).table
    }

    /// Stores `rates`, replacing any for the same pair and day, as one change; `source` says where
    /// they came from (a file name, `form`).
    ///
    /// Only administrators may; `actor` is nil for the command line, which acts for the operator.
    public func save(_ rates: [ExchangeRate], source: String, by actor: Principal?) async throws {
        guard actor?.has(.admin) ?? true else { throw EnlaceError.forbidden(field: nil) }
        guard !rates.isEmpty else { return }
        let now = clock.now()
        try await database.write { db in
            for rate in rates {
                try await db.raw(
                    """
                    DELETE FROM exchange_rates WHERE base = \(bind: rate.base) AND quote = \(bind: rate.quote)
                    AND date = \(bind: rate.date.iso)
                    """
                ).run()
            }
            for start in stride(from: 0, to: rates.count, by: 150) {
                var insert = db.insert(into: "exchange_rates").columns("base", "quote", "date", "rate", "source")
                for rate in rates[start..<min(rates.count, start + 150)] {
                    insert = insert.values(rate.base, rate.quote, rate.date.iso, rate.text, source)
                }
                try await insert.run()
            }
            _ = try await ChangeCounters.advance(.exchangeRates, db)
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .update, entityType: "exchange-rates", entityID: source,
                        changes: rates.prefix(200).map {
                            FieldChange(field: "\($0.base)/\($0.quote) \($0.date.iso)", before: nil, after: $0.text)
                        })
                ], at: now, db)
        }
    }

    /// Removes the rate of `base` in `quote` on `date`; nothing when there is none.
    public func delete(base: String, quote: String, date: CalendarDate, by actor: Principal) async throws {
        guard actor.has(.admin) else { throw EnlaceError.forbidden(field: nil) }
        let now = clock.now()
        try await database.write { db in
            let removed = try await db.raw(
                """
                DELETE FROM exchange_rates WHERE base = \(bind: base) AND quote = \(bind: quote)
                AND date = \(bind: date.iso) RETURNING rate
                """
            ).all()
            guard let rate = try removed.first?.decode(column: "rate", as: String.self) else {
                throw EnlaceError.notFound(entity: "exchange rate", id: "\(base)/\(quote) \(date.iso)")
            }
            _ = try await ChangeCounters.advance(.exchangeRates, db)
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .archive, entityType: "exchange-rates", entityID: "\(base)/\(quote)",
                        changes: [FieldChange(field: date.iso, before: rate, after: nil)])
                ], at: now, db)
        }
    }
}
