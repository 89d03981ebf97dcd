import EnlaceCore
import Foundation
import SQLKit

/// How an activity's budget lines, transactions, vetted units and result indicators map onto their
/// child rows: the only writer and reader of them.
enum ActivityDetailRows {
    /// The child tables, for deleting an activity's rows before writing them again; periods before
    /// the indicators they belong to.
    static let tables = [
        "activity_budget_lines", "activity_transactions", "activity_vetting_units", "activity_indicator_periods",
        "activity_indicators",
    ]

    /// Writes the rows of `activities`.
    static func write(_ activities: [Activity], _ db: any SQLDatabase) async throws {
        func rows(_ table: String, _ columns: [String], _ values: [[any Encodable & Sendable]]) async throws {
            try await InsertRows.run(into: table, columns: columns, values, db)
        }
        try await rows(
            "activity_budget_lines",
            ["activity_id", "position", "kind", "period_start", "period_end", "amount", "currency"],
            activities.flatMap { activity in
                activity.draft.budgetLines.enumerated().map { position, line -> [any Encodable & Sendable] in
                    [
                        activity.id, position, line.kind.rawValue, line.periodStart.iso, line.periodEnd.iso,
                        line.value.amountText, line.value.currency,
                    ]
                }
            })
        try await rows(
            "activity_transactions",
            [
                "activity_id", "position", "type", "date", "amount", "currency", "provider_org", "receiver_org",
                "not_oda", "description", "marking", "releasable_to",
            ],
            activities.flatMap { activity in
                activity.draft.transactions.enumerated().map { position, transaction -> [any Encodable & Sendable] in
                    [
                        activity.id, position, transaction.type.rawValue, transaction.date.iso,
                        transaction.value.amountText, transaction.value.currency, transaction.provider,
                        transaction.receiver, transaction.notODA ? 1 : 0, transaction.description,
                        transaction.releasability?.marking.rawValue,
                        transaction.releasability?.releasableTo.joined(separator: ",") ?? "",
                    ]
                }
            })
        try await rows(
            "activity_vetting_units",
            ["activity_id", "position", "unit", "people", "status", "authority", "submitted", "decided", "reference"],
            activities.flatMap { activity in
                activity.draft.vetting.units.enumerated().map { position, unit -> [any Encodable & Sendable] in
                    [
                        activity.id, position, unit.unit, unit.people, unit.status.rawValue, unit.authority,
                        unit.submitted?.iso, unit.decided?.iso, unit.reference,
                    ]
                }
            })
        try await rows(
            "activity_indicators",
            ["activity_id", "position", "code", "title", "type", "measure", "baseline", "baseline_year", "target"],
            activities.flatMap { activity in
                activity.draft.indicators.enumerated().map { position, indicator -> [any Encodable & Sendable] in
                    [
                        activity.id, position, indicator.code, indicator.title, indicator.type.rawValue,
                        indicator.measure.rawValue, indicator.baseline?.description, indicator.baselineYear,
                        indicator.target?.description,
                    ]
                }
            })
        try await rows(
            "activity_indicator_periods",
            ["activity_id", "indicator", "position", "period_start", "period_end", "actual"],
            activities.flatMap { activity in
                activity.draft.indicators.enumerated().flatMap { index, indicator in
                    indicator.periods.enumerated().map { position, period -> [any Encodable & Sendable] in
                        [activity.id, index, position, period.start.iso, period.end.iso, period.actual.description]
                    }
                }
            })
    }

    /// The rows of the activities stamped after `sequence`, attached to `activities` (by id).
    static func attach(
        to activities: inout [Activity], stampedAfter sequence: Int, _ db: any SQLDatabase
    ) async throws {
        // The first load reads every row in one walk. After it, the few activities stamped since are found through
        // the stamp's index first: joined on `a.seq` alone, SQLite walks every row of each part's table in order
        // and looks its activity up, seconds a catch-up at 100,000 activities.
        let condition: SQLQueryString =
            sequence == 0
            ? "a.seq > \(bind: sequence)"
            : "a.id IN (SELECT s.id FROM activities s WHERE s.seq > \(bind: sequence))"
        try await attach(to: &activities, where: condition, db)
    }

    /// Attaches the rows of `activities`, which are few (a batch of an import), chosen by their ids.
    static func attach(to activities: inout [Activity], _ db: any SQLDatabase) async throws {
        let ids = activities.map(\.id)
        try await attach(to: &activities, where: "a.id IN (\(binds: ids))", db)
    }

    private static func attach(
        to activities: inout [Activity], where condition: SQLQueryString, _ db: any SQLDatabase
    ) async throws {
        guard !activities.isEmpty else { return }
        var slot: [String: Int] = [:]
        for (index, activity) in activities.enumerated() { slot[activity.id] = index }
        func each(
            _ table: String, _ columns: String, order: String = "c.position",
            _ body: (Int, any SQLRow) throws -> Void
        ) async throws {
            let rows = try await db.raw(
                """
                SELECT c.activity_id, \(unsafeRaw: columns) FROM \(ident: table) c
                JOIN activities a ON a.id = c.activity_id
                WHERE \(condition) ORDER BY c.activity_id, \(unsafeRaw: order)
                """
            ).all()
            for row in rows {
                if let index = slot[try row.decode(column: "activity_id", as: String.self)] { try body(index, row) }
            }
        }
        func corrupt(_ table: String, _ column: String) -> StoreError { .corruptRow(table: table, column: column) }
        func date(_ row: any SQLRow, _ column: String, _ table: String) throws -> CalendarDate {
            guard let date = CalendarDate(iso: try row.decode(column: column, as: String.self)) else {
                throw corrupt(table, column)
            }
            return date
        }
        func optionalDate(_ row: any SQLRow, _ column: String, _ table: String) throws -> CalendarDate? {
            guard let text = try row.decode(column: column, as: String?.self) else { return nil }
            guard let date = CalendarDate(iso: text) else { throw corrupt(table, column) }
            return date
        }
        func money(_ row: any SQLRow, _ table: String) throws -> Money {
            let text = try row.decode(column: "amount", as: String.self)
            let currency = try row.decode(column: "currency", as: String.self)
            if let money = Money(text: text, currency: currency) { return money }
            guard let amount = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw corrupt(table, "amount")
            }
            return Money(amount: amount, currency: currency)
        }
        try await each("activity_budget_lines", "c.kind, c.period_start, c.period_end, c.amount, c.currency") {
            index, row in
            let table = "activity_budget_lines"
            guard let kind = BudgetKind(rawValue: try row.decode(column: "kind", as: Int.self)) else {
                throw corrupt(table, "kind")
            }
            activities[index].draft.budgetLines.append(
                BudgetLine(
                    kind: kind, periodStart: try date(row, "period_start", table),
                    periodEnd: try date(row, "period_end", table), value: try money(row, table)))
        }
        try await each(
            "activity_transactions",
            "c.type, c.date, c.amount, c.currency, c.provider_org, c.receiver_org, c.not_oda, c.description, c.marking, c.releasable_to"
        ) { index, row in
            let table = "activity_transactions"
            guard let type = TransactionType(rawValue: try row.decode(column: "type", as: Int.self)) else {
                throw corrupt(table, "type")
            }
            var releasability: Releasability?
            if let text = try row.decode(column: "marking", as: String?.self) {
                guard let marking = Marking(rawValue: text) else { throw corrupt(table, "marking") }
                releasability = Releasability(
                    marking: marking,
                    releasableTo: try row.decode(column: "releasable_to", as: String.self).split(separator: ",").map(
                        String.init))
            }
            activities[index].draft.transactions.append(
                FundingTransaction(
                    type: type, date: try date(row, "date", table), value: try money(row, table),
                    provider: try row.decode(column: "provider_org", as: String?.self),
                    receiver: try row.decode(column: "receiver_org", as: String?.self),
                    notODA: try row.decode(column: "not_oda", as: Int.self) != 0,
                    description: try row.decode(column: "description", as: String.self), releasability: releasability))
        }
        try await each(
            "activity_vetting_units", "c.unit, c.people, c.status, c.authority, c.submitted, c.decided, c.reference"
        ) { index, row in
            let table = "activity_vetting_units"
            guard let status = VettingStatus(rawValue: try row.decode(column: "status", as: String.self)) else {
                throw corrupt(table, "status")
            }
            activities[index].draft.vetting.units.append(
                VettedUnit(
                    unit: try row.decode(column: "unit", as: String.self),
                    people: try row.decode(column: "people", as: Int?.self), status: status,
                    authority: try row.decode(column: "authority", as: String.self),
                    submitted: try optionalDate(row, "submitted", table),
                    decided: try optionalDate(row, "decided", table),
                    reference: try row.decode(column: "reference", as: String.self)))
        }
        func decimal(_ row: any SQLRow, _ column: String, _ table: String) throws -> FixedDecimal? {
            guard let text = try row.decode(column: column, as: String?.self) else { return nil }
            guard let value = FixedDecimal(text: text) else { throw corrupt(table, column) }
            return value
        }
        try await each(
            "activity_indicators", "c.code, c.title, c.type, c.measure, c.baseline, c.baseline_year, c.target"
        ) { index, row in
            let table = "activity_indicators"
            guard let type = IndicatorType(rawValue: try row.decode(column: "type", as: Int.self)) else {
                throw corrupt(table, "type")
            }
            guard let measure = IndicatorMeasure(rawValue: try row.decode(column: "measure", as: Int.self)) else {
                throw corrupt(table, "measure")
            }
            activities[index].draft.indicators.append(
                ResultIndicator(
                    code: try row.decode(column: "code", as: String?.self),
                    title: try row.decode(column: "title", as: String.self), type: type, measure: measure,
                    baseline: try decimal(row, "baseline", table),
                    baselineYear: try row.decode(column: "baseline_year", as: Int?.self),
                    target: try decimal(row, "target", table)))
        }
        try await each(
            "activity_indicator_periods", "c.indicator, c.period_start, c.period_end, c.actual",
            order: "c.indicator, c.position"
        ) { index, row in
            let table = "activity_indicator_periods"
            let indicator = try row.decode(column: "indicator", as: Int.self)
            guard activities[index].draft.indicators.indices.contains(indicator),
                let actual = try decimal(row, "actual", table)
            else { throw corrupt(table, "indicator") }
            activities[index].draft.indicators[indicator].periods.append(
                IndicatorPeriod(
                    start: try date(row, "period_start", table), end: try date(row, "period_end", table),
                    actual: actual))
        }
    }
}
