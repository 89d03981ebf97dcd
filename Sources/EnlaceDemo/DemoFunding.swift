public import EnlaceCore
import Foundation

/// Funding, vetting and exchange rates for the demo's activities, drawn from their budgets.
///
/// Each activity with a budget gets a budget line per year it runs, and the transactions its stage
/// implies: a pledge and a commitment before it starts, disbursements once it runs, expenditure once
/// it is done. Where another government funds and Colombia implements, the funder commits and
/// disburses to the Colombian agency in its own currency and the agency spends in pesos. In West
/// Africa some expenditure is recorded in CFA francs, for which the demo has no rate: those totals
/// carry a missing-rate warning. Military assistance (Southern Command) is flagged as not ODA.
/// Training and equipment are vetted: cleared once under way, pending or not yet submitted before.
public enum DemoFunding {
    /// Approximate yearly averages of one unit in U.S. dollars, for demonstration only (not official rates).
    static let usdPerUnit: [(currency: String, rates: [(Int, String)])] = [
        (
            "EUR",
            [
                (2011, "1.39"), (2012, "1.29"), (2013, "1.33"), (2014, "1.33"), (2015, "1.11"), (2016, "1.11"),
                (2017, "1.13"), (2018, "1.18"), (2019, "1.12"), (2020, "1.14"), (2021, "1.18"), (2022, "1.05"),
                (2023, "1.08"), (2024, "1.08"), (2025, "1.13"), (2026, "1.16"), (2027, "1.16"),
            ]
        ),
        (
            "CAD",
            [
                (2011, "1.01"), (2012, "1.0"), (2013, "0.97"), (2014, "0.91"), (2015, "0.78"), (2016, "0.76"),
                (2017, "0.77"), (2018, "0.77"), (2019, "0.75"), (2020, "0.75"), (2021, "0.8"), (2022, "0.77"),
                (2023, "0.74"), (2024, "0.73"), (2025, "0.72"), (2026, "0.73"), (2027, "0.73"),
            ]
        ),
    ]

    /// Approximate yearly averages of Colombian pesos per U.S. dollar (stored as USD→COP, so that
    /// conversions into dollars use the inverse), for demonstration only.
    static let copPerUSD: [(Int, String)] = [
        (2011, "1848"), (2012, "1797"), (2013, "1869"), (2014, "2001"), (2015, "2742"), (2016, "3051"),
        (2017, "2951"), (2018, "2956"), (2019, "3281"), (2020, "3693"), (2021, "3743"), (2022, "4255"),
        (2023, "4325"), (2024, "4072"), (2025, "4150"), (2026, "3900"), (2027, "3900"),
    ]

    /// The demo's exchange-rate table: one rate per currency and year, from 1 January.
    public static func rates() -> [ExchangeRate] {
        var rates: [ExchangeRate] = []
        for (currency, yearly) in usdPerUnit {
            for (year, rate) in yearly {
                rates.append(
                    ExchangeRate(
                        base: currency, quote: "USD", date: CalendarDate(year: year, month: 1, day: 1)!,
                        units: ExchangeRate.parse(rate)!))
            }
        }
        for (year, rate) in copPerUSD {
            rates.append(
                ExchangeRate(
                    base: "USD", quote: "COP", date: CalendarDate(year: year, month: 1, day: 1)!,
                    units: ExchangeRate.parse(rate)!))
        }
        return rates
    }

    static let table = RateTable(rates())

    static let westAfrica: Set<String> = ["GH", "SN", "CI", "NG", "GW", "CV", "SL", "TG"]

    /// `activities` with budget lines, transactions and vetting, decided by `seed` and `today`.
    public static func fund(_ activities: [Activity], seed: UInt64, today: CalendarDate) -> [Activity] {
        var random = SeededRandom(seed: seed &+ 0x46_55_4E_44)
        let currencyOf = Dictionary(
            DemoOrganizations.providers.map { ($0.organization.code, $0.currency) }, uniquingKeysWith: { a, _ in a })
        return activities.map { activity in
            var activity = activity
            fund(&activity.draft, currencyOf: currencyOf, today: today, random: &random)
            vet(&activity.draft, today: today, random: &random)
            return activity
        }
    }

    private static func fund(
        _ draft: inout ActivityDraft, currencyOf: [String: String], today: CalendarDate, random: inout SeededRandom
    ) {
        guard let budget = draft.budget, draft.status != .cancelled else { return }
        let funder = draft.providers.first { $0.role == .funding }?.organization ?? draft.providers[0].organization
        let implementer = draft.providers.first { $0.role == .implementing }?.organization ?? funder
        let window = draft.window
        // One budget line per calendar year the activity runs in, the budget divided by days.
        let days = window.upperBound.dayNumber - window.lowerBound.dayNumber + 1
        let total = FixedDecimal(budget.amount)
        var year = window.lowerBound.year
        var allocated = FixedDecimal.zero
        while year <= window.upperBound.year {
            let start = max(window.lowerBound, CalendarDate(year: year, month: 1, day: 1)!)
            let end = min(window.upperBound, CalendarDate(year: year, month: 12, day: 31)!)
            let share =
                end == window.upperBound
                ? total - allocated : total.scaled(by: Int128(end.dayNumber - start.dayNumber + 1), over: Int128(days))
            allocated += share
            draft.budgetLines.append(
                BudgetLine(
                    kind: .original, periodStart: start, periodEnd: end,
                    value: Money(amount: share.decimal, currency: budget.currency)))
            year += 1
        }

        func money(_ fraction: Double, _ currency: String = budget.currency) -> Money {
            var amount = FixedDecimal(budget.amount).scaled(by: Int128((fraction * 1000).rounded()), over: 1000)
            if currency != budget.currency {
                // Spent in another currency: the same value at the demo's rate of the year.
                let toUSD = table.conversion(from: budget.currency, to: "USD", on: window.lowerBound)
                let dollars = toUSD?.apply(amount) ?? amount
                // CFA francs have no rate in the demo: about 600 to the dollar.
                amount =
                    table.conversion(from: "USD", to: currency, on: window.lowerBound)?.apply(dollars)
                    ?? dollars.scaled(by: 600, over: 1)
            }
            return Money(amount: FixedDecimal(units: amount.units / 10_000 * 10_000).decimal, currency: currency)
        }
        let notODA = funder == "US-SOUTHCOM"
        let start = window.lowerBound
        var transactions = [
            FundingTransaction(
                type: .pledge, date: start.adding(days: -120), value: money(1), provider: funder, notODA: notODA,
                description: "Pledged at the annual planning workshop")
        ]
        if draft.status != .pipeline || Double.random(in: 0..<1, using: &random) < 0.5 {
            let committed = Double.random(in: 0.8...1, using: &random)
            transactions.append(
                FundingTransaction(
                    type: .commitment, date: start.adding(days: -45), value: money(committed), provider: funder,
                    receiver: implementer == funder ? nil : implementer, notODA: notODA))
            if draft.status != .pipeline && start <= today {
                let disbursed = committed * Double.random(in: 0.6...1, using: &random)
                transactions.append(
                    FundingTransaction(
                        type: .disbursement, date: start.adding(days: -10), value: money(disbursed), provider: funder,
                        receiver: implementer == funder ? nil : implementer, notODA: notODA))
                if [.finalisation, .closed].contains(draft.status) {
                    let spent = disbursed * Double.random(in: 0.85...1, using: &random)
                    let currency =
                        !westAfrica.isDisjoint(with: draft.recipientCountries)
                            && Double.random(in: 0..<1, using: &random) < 0.3
                        ? "XOF" : (implementer == funder ? budget.currency : currencyOf[implementer] ?? budget.currency)
                    transactions.append(
                        FundingTransaction(
                            type: .expenditure, date: window.upperBound, value: money(spent, currency),
                            provider: implementer, notODA: notODA, description: "Spent on delivery"))
                }
            }
        }
        // Now and then a provider keeps a payment to itself and the partner it concerns.
        if notODA, transactions.count > 2, Double.random(in: 0..<1, using: &random) < 0.2 {
            transactions[2].releasability = Releasability(marking: .restricted, releasableTo: ["US"])
        }
        draft.transactions = transactions
    }

    private static func vet(_ draft: inout ActivityDraft, today: CalendarDate, random: inout SeededRandom) {
        guard draft.vetting.isRequired(for: draft.kind), draft.status != .cancelled else { return }
        let unit = (draft.beneficiary ?? "Beneficiary unit")
        let people = draft.participantsPlanned ?? Int.random(in: 10...40, using: &random)
        let submitted = draft.plannedStart.adding(days: -Int.random(in: 40...150, using: &random))
        let authority = "Embassy vetting section"
        if draft.status == .pipeline {
            // Submitted some weeks or months before the demo's day, so that the report has ages to sort by.
            let submitted = min(submitted, today.adding(days: -Int.random(in: 3...240, using: &random)))
            let roll = Double.random(in: 0..<1, using: &random)
            let status: VettingStatus =
                roll < 0.45 ? .pending : roll < 0.7 ? .notSubmitted : roll < 0.95 ? .cleared : .suspended
            draft.vetting.units = [
                VettedUnit(
                    unit: unit, people: people, status: status, authority: status == .notSubmitted ? "" : authority,
                    submitted: status == .notSubmitted ? nil : submitted,
                    decided: [.cleared, .suspended].contains(status) ? min(submitted.adding(days: 30), today) : nil,
                    reference: status == .notSubmitted
                        ? "" : "V-\(submitted.year)-\(Int.random(in: 100...999, using: &random))")
            ]
        } else {
            draft.vetting.units = [
                VettedUnit(
                    unit: unit, people: people, status: .cleared, authority: authority, submitted: submitted,
                    decided: submitted.adding(days: Int.random(in: 10...35, using: &random)),
                    reference: "V-\(submitted.year)-\(Int.random(in: 100...999, using: &random))")
            ]
        }
    }
}
