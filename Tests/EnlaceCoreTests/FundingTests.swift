import EnlaceCore
import Foundation
import Testing

@Suite("Funding: exact amounts, conversion at dated rates, the funnel and its totals")
struct FundingTests {
    static func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    static func rate(_ base: String, _ quote: String, _ date: String, _ value: String) -> ExchangeRate {
        ExchangeRate(base: base, quote: quote, date: day(date), units: ExchangeRate.parse(value)!)
    }

    static func activity(
        id: String, owner: String = "US-INL", providers: [Provider], countries: [String], areas: [String],
        transactions: [FundingTransaction], marking: Releasability = .default
    ) -> Activity {
        let draft = ActivityDraft(
            title: "Activity \(id)", language: .en, providers: providers, recipientCountries: countries,
            keyAreas: areas, kind: .course, modality: .inCountry, plannedStart: day("2026-01-01"),
            plannedEnd: day("2026-12-31"), status: .implementation, releasability: marking,
            transactions: transactions)
        return Activity(id: id, owner: owner, draft: draft, version: 1, createdAt: .now, updatedAt: .now)
    }

    static func money(_ amount: String, _ currency: String) -> Money {
        Money(amount: Decimal(string: amount)!, currency: currency)
    }

    @Test("amounts are exact ten-thousandths: text round-trips, rounding is half to even")
    func fixedDecimal() {
        for text in ["0", "1", "1500.5", "-3.25", "999999999999999.9999", "0.0001"] {
            #expect(FixedDecimal(text: text)?.description == text)
        }
        #expect(FixedDecimal(text: "1.23456") == nil)
        #expect(FixedDecimal(text: "1e5") == nil)
        #expect(FixedDecimal(text: ".5") == nil)
        #expect(FixedDecimal(Decimal(string: "0.00005")!).description == "0")
        #expect(FixedDecimal(Decimal(string: "0.00015")!).description == "0.0002")
        #expect(FixedDecimal(units: 25).scaled(by: 1, over: 10).units == 2)
        #expect(FixedDecimal(units: 35).scaled(by: 1, over: 10).units == 4)
        #expect(FixedDecimal(units: -35).scaled(by: 1, over: 10).units == -4)
        #expect(FixedDecimal(text: "10")!.split(into: 3).map(\.description) == ["3.3334", "3.3333", "3.3333"])
    }

    @Test("a split always adds up to the whole, and its parts differ by at most one unit")
    func splits() {
        var random = SeededRandom(seed: 7)
        for _ in 0..<2000 {
            let amount = FixedDecimal(units: Int128(Int64.random(in: -10_000_000_000...10_000_000_000, using: &random)))
            let parts = amount.split(into: Int.random(in: 1...7, using: &random))
            #expect(parts.reduce(.zero, +) == amount)
            let units = parts.map(\.units)
            #expect(units.max()! - units.min()! <= 1)
        }
    }

    @Test("the rate of a day is the latest on or before it; the inverse serves when only it is known")
    func rateLookup() {
        let table = RateTable([
            Self.rate("COP", "USD", "2026-01-01", "0.00025"), Self.rate("COP", "USD", "2026-06-01", "0.0002"),
            Self.rate("USD", "EUR", "2026-01-01", "0.8"),
        ])
        let amount = FixedDecimal(text: "1000000")!
        #expect(table.conversion(from: "COP", to: "USD", on: Self.day("2025-12-31")) == nil)
        #expect(
            table.conversion(from: "COP", to: "USD", on: Self.day("2026-03-01"))?.apply(amount).description == "250")
        #expect(
            table.conversion(from: "COP", to: "USD", on: Self.day("2026-06-01"))?.apply(amount).description == "200")
        #expect(
            table.conversion(from: "EUR", to: "USD", on: Self.day("2026-02-01"))?.apply(amount).description == "1250000"
        )
        #expect(table.conversion(from: "USD", to: "USD", on: Self.day("1990-01-01"))?.apply(amount) == amount)
        #expect(table.conversion(from: "XOF", to: "USD", on: Self.day("2026-02-01")) == nil)
    }

    @Test("without a rate between two currencies, a cross rate through a third converts at ten places")
    func crossRate() {
        let table = RateTable([
            Self.rate("USD", "COP", "2026-01-01", "4000"), Self.rate("EUR", "USD", "2025-06-01", "1.1"),
            Self.rate("XOF", "EUR", "2026-01-01", "0.0015"),
        ])
        let pesos = FixedDecimal(text: "4400000")!
        let toEuro = table.conversion(from: "COP", to: "EUR", on: Self.day("2026-02-01"))
        // 1 COP = 0.00025 USD, 1 USD = 0.9090909091 EUR: 0.0002272727 EUR, half to even at each step.
        #expect(toEuro?.numerator == 2_272_727 && toEuro?.denominator == ExchangeRate.scale)
        #expect(toEuro?.apply(pesos).description == "999.9999")
        #expect(toEuro?.rateDate == Self.day("2025-06-01"))
        // Two steps are as far as it goes: XOF reaches the dollar through the euro, not pesos.
        #expect(table.conversion(from: "XOF", to: "USD", on: Self.day("2026-02-01")) != nil)
        #expect(table.conversion(from: "XOF", to: "COP", on: Self.day("2026-02-01")) == nil)
        #expect(table.conversion(from: "COP", to: "EUR", on: Self.day("2025-12-31")) == nil)

        // A cross rate beyond the largest storable rate is not used, rather than overflowing; nor is
        // one too small for ten places.
        let extreme = RateTable([
            Self.rate("AAA", "USD", "2026-01-01", "1000000000"), Self.rate("USD", "BBB", "2026-01-01", "1000000000"),
        ])
        #expect(extreme.conversion(from: "AAA", to: "BBB", on: Self.day("2026-02-01")) == nil)
        #expect(extreme.conversion(from: "BBB", to: "AAA", on: Self.day("2026-02-01")) == nil)
    }

    @Test("a conversion there and back returns the amount within the rounding of each leg")
    func roundTrip() {
        var random = SeededRandom(seed: 11)
        for _ in 0..<5000 {
            let amount = FixedDecimal(units: Int128(Int64.random(in: 0...1_000_000_000_000_000, using: &random)))
            let rateUnits = Int128(Int64.random(in: 1...100_000 * Int64(ExchangeRate.scale), using: &random))
            let table = RateTable([
                ExchangeRate(base: "AAA", quote: "BBB", date: Self.day("2026-01-01"), units: rateUnits)
            ])
            let there = table.conversion(from: "AAA", to: "BBB", on: Self.day("2026-02-01"))!.apply(amount)
            let back = table.conversion(from: "BBB", to: "AAA", on: Self.day("2026-02-01"))!.apply(there)
            // |back − amount| ≤ ½ + ½ / rate (in ten-thousandths): half a unit lost on each leg,
            // the first leg's loss magnified by the inverse rate.
            let error = (back - amount).units.magnitude
            #expect(2 * error * UInt128(rateUnits) <= UInt128(rateUnits) + UInt128(ExchangeRate.scale))
        }
    }

    @Test("totals equal the sum of their rows, whatever the cut, and the sum of every converted transaction")
    func totalsAddUp() {
        var random = SeededRandom(seed: 3)
        let table = RateTable([
            Self.rate("COP", "USD", "2020-01-01", "0.00026"), Self.rate("EUR", "USD", "2020-01-01", "1.1"),
            Self.rate("EUR", "USD", "2025-01-01", "1.0837"), Self.rate("USD", "COP", "2024-01-01", "3950.25"),
        ])
        let funders = ["US", "CO", "ES"]
        let countries = ["HN", "GT", "SV", "CO"]
        let areas = ["narco-trafficking", "combating-crime", "strengthening-institutions"]
        var activities: [Activity] = []
        var expected = [FixedDecimal](repeating: .zero, count: 4)
        for index in 0..<300 {
            var transactions: [FundingTransaction] = []
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                let type = TransactionType.allCases.randomElement(using: &random)!
                let currency = ["USD", "COP", "EUR"].randomElement(using: &random)!
                let amount =
                    "\(Int.random(in: 0...50_000_000, using: &random)).\(Int.random(in: 0...9999, using: &random))"
                let date = Self.day("2021-01-01").adding(days: Int.random(in: 0...2000, using: &random))
                transactions.append(
                    FundingTransaction(
                        type: type, date: date, value: Self.money(amount, currency),
                        notODA: Bool.random(using: &random)))
                if let stage = type.stage {
                    let converted = table.conversion(from: currency, to: "USD", on: date)!.apply(
                        FixedDecimal(Decimal(string: amount)!))
                    expected[FundingStage.allCases.firstIndex(of: stage)!] += converted
                }
            }
            activities.append(
                Self.activity(
                    id: "a\(index)",
                    providers: Array(funders.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)))
                        .map { Provider(organization: $0, role: .funding) },
                    countries: Array(countries.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random))),
                    areas: Array(areas.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random))),
                    transactions: transactions, marking: Releasability(marking: .public)))
        }
        let viewer = Viewer.anonymous
        var grandTotals: [[FixedDecimal]] = []
        for dimension in FundingSummary.Dimension.allCases {
            let summary = FundingSummary(
                activities: activities,
                viewer: viewer, rates: table, currency: "USD", dimension: dimension)
            #expect(!summary.isIncomplete)
            for stage in FundingStage.allCases {
                #expect(summary.rows.reduce(FixedDecimal.zero) { $0 + $1.total[stage] } == summary.total[stage])
                #expect(
                    summary.totalByYear.values.reduce(FixedDecimal.zero) { $0 + $1[stage] } == summary.total[stage])
                #expect(
                    summary.total.notODA(stage)
                        == summary.rows.reduce(FixedDecimal.zero) { $0 + $1.total.notODA(stage) })
            }
            grandTotals.append(summary.total.amounts)
            // One country's share, cut by provider, is that country's row.
            let honduras = FundingSummary(
                activities: activities,
                viewer: viewer, rates: table, currency: "USD", dimension: .provider,
                filter: FundingSummary.Filter(country: "HN"))
            let byCountry = FundingSummary(
                activities: activities,
                viewer: viewer, rates: table, currency: "USD", dimension: .country)
            #expect(honduras.total.amounts == byCountry.rows.first { $0.key == "HN" }?.total.amounts)
        }
        #expect(grandTotals.allSatisfy { $0 == expected })

        // The index files the same facts slot by slot and keeps them through edits and removals: its
        // ledger, summed in two parts, gives what the activities themselves give.
        var index = ActivityIndex(activities)
        for (position, activity) in activities.enumerated() where position % 7 == 0 {
            var changed = activity
            changed.draft.transactions = Array(activity.draft.transactions.reversed().dropFirst())
            changed.draft.recipientCountries = ["PA"]
            index.upsert(changed)
        }
        for activity in activities where activity.id.hasSuffix("3") { index.remove(id: activity.id) }
        let filters = [FundingSummary.Filter(), FundingSummary.Filter(country: "PA", years: 2022...2024)]
        for dimension in FundingSummary.Dimension.allCases {
            for filter in filters {
                let direct = FundingSummary(
                    activities: index.all, viewer: viewer, rates: table, currency: "USD", dimension: dimension,
                    filter: filter)
                var merged: FundingSummary.Builder?
                for part in 0..<2 {
                    var builder = FundingSummary.Builder(
                        ledger: index.funding, viewer: viewer, rates: table, currency: "USD", dimension: dimension,
                        filter: filter)
                    builder.add { body in index.forEachSlot(in: nil, part: part, of: 2, body) }
                    if merged == nil { merged = builder } else { merged?.merge(builder) }
                }
                let viaIndex = merged?.summary()
                #expect(viaIndex?.total == direct.total)
                #expect(viaIndex?.rows == direct.rows)
            }
        }
    }

    @Test("U.S. funds, Colombia trains, Honduras receives: each total puts the money where it belongs")
    func triangular() {
        let table = RateTable([
            Self.rate("COP", "USD", "2026-01-01", "0.00025"), Self.rate("EUR", "USD", "2026-03-01", "1.08"),
        ])
        let activity = Self.activity(
            id: "tri",
            providers: [
                Provider(organization: "US-INL", role: .funding), Provider(organization: "CO-ARC", role: .implementing),
            ],
            countries: ["HN"], areas: ["narco-trafficking"],
            transactions: [
                FundingTransaction(
                    type: .pledge, date: Self.day("2026-01-10"), value: Self.money("500000", "USD"), provider: "US-INL"),
                FundingTransaction(
                    type: .commitment, date: Self.day("2026-02-01"), value: Self.money("400000", "USD"),
                    provider: "US-INL", receiver: "CO-ARC"),
                FundingTransaction(
                    type: .disbursement, date: Self.day("2026-03-15"), value: Self.money("300000", "EUR"),
                    provider: "US-INL", receiver: "CO-ARC", notODA: true),
                FundingTransaction(
                    type: .expenditure, date: Self.day("2026-04-01"), value: Self.money("800000000", "COP"),
                    provider: "CO-ARC"),
                FundingTransaction(
                    type: .expenditure, date: Self.day("2026-05-01"), value: Self.money("1000", "XOF"),
                    provider: "CO-ARC"),
                FundingTransaction(
                    type: .incomingFunds, date: Self.day("2026-03-16"), value: Self.money("300000", "EUR"),
                    provider: "US-INL", receiver: "CO-ARC"),
            ])
        let government = ["US-INL": "US", "CO-ARC": "CO"]
        let byProvider = FundingSummary(
            activities: [activity], viewer: .person(Self.principal("HCE", roles: [.secretariat])), rates: table,
            currency: "USD", dimension: .provider, group: { government[$0] ?? $0 })
        #expect(byProvider.rows.map(\.key) == ["US"])
        let us = byProvider.rows[0].total
        #expect(us[.pledged].description == "500000")
        #expect(us[.committed].description == "400000")
        #expect(us[.disbursed].description == "324000")
        #expect(us.notODA(.disbursed).description == "324000")
        #expect(us[.spent].description == "200000")
        #expect(byProvider.missingRates.map(\.currency) == ["XOF"])
        #expect(byProvider.missingRates.first?.amount.description == "1000")
        #expect(byProvider.rows[0].missingRates == 1)
        let byCountry = FundingSummary(
            activities: [activity], viewer: .person(Self.principal("HCE", roles: [.secretariat])), rates: table,
            currency: "USD", dimension: .country)
        #expect(byCountry.rows.map(\.key) == ["HN"])
        #expect(byCountry.total.amounts == byProvider.total.amounts)
    }

    @Test("a transaction the viewer may not read moves no total")
    func hiddenTransaction() {
        let activity = Self.activity(
            id: "h", providers: [Provider(organization: "US-INL", role: .funding)], countries: ["HN"],
            areas: ["narco-trafficking"],
            transactions: [
                FundingTransaction(type: .commitment, date: Self.day("2026-02-01"), value: Self.money("100", "USD")),
                FundingTransaction(
                    type: .commitment, date: Self.day("2026-02-01"), value: Self.money("900", "USD"),
                    releasability: Releasability(marking: .restricted, releasableTo: ["CO"])),
            ])
        func committed(_ viewer: Viewer) -> String {
            FundingSummary(
                activities: [activity], viewer: viewer, rates: RateTable(), currency: "USD", dimension: .country
            )
            .total[.committed].description
        }
        #expect(committed(.person(Self.principal("ES-GC"))) == "100")
        #expect(committed(.person(Self.principal("CO-PONAL", lineage: ["CO-PONAL", "CO"], country: "CO"))) == "1000")
        #expect(committed(.person(Self.principal("US-INL", lineage: ["US-INL", "US"], country: "US"))) == "1000")
        #expect(activity.redacted(for: .person(Self.principal("ES-GC"))).draft.transactions.count == 1)
        // Views are told apart by what the redaction leaves out: a cache keyed so never mixes them.
        let spain = activity.redacted(for: .person(Self.principal("ES-GC")))
        let colombia = activity.redacted(
            for: .person(Self.principal("CO-PONAL", lineage: ["CO-PONAL", "CO"], country: "CO")))
        #expect(!spain.isSameView(as: colombia) && colombia.isSameView(as: activity))
        #expect(spain.isSameView(as: activity.redacted(for: .person(Self.principal("GB")))))
        var next = activity
        next.version += 1
        #expect(!next.isSameView(as: activity))
    }

    @Test(
        "vetting: training and equipment need it by default; an uncleared unit keeps an activity out of implementation")
    func vetting() {
        var draft = Self.activity(
            id: "v", providers: [Provider(organization: "US-INL", role: .funding)], countries: ["HN"],
            areas: ["narco-trafficking"], transactions: []
        ).draft
        #expect(draft.vetting.state(for: .course) == .missing)
        #expect(draft.vetting.state(for: .advisory) == .notRequired)
        #expect(draft.vettingErrors(movingFrom: .pipeline).map(\.code) == [.vettingNotCleared])
        #expect(draft.vettingErrors(movingFrom: .implementation).isEmpty)
        draft.vetting.units = [
            VettedUnit(unit: "Unit A", status: .cleared, submitted: Self.day("2026-01-01")),
            VettedUnit(unit: "Unit B", status: .pending, submitted: Self.day("2026-01-01")),
        ]
        #expect(draft.vetting.state(for: .course) == .pending)
        #expect(draft.vettingErrors(movingFrom: nil).first?.parameters["state"] == "pending")
        draft.vetting.units[1].status = .denied
        #expect(draft.vetting.state(for: .equipment) == .blocked)
        draft.vetting.units[1].status = .cleared
        #expect(draft.vettingErrors(movingFrom: .pipeline).isEmpty)
        draft.vetting = Vetting(required: false)
        #expect(draft.vettingErrors(movingFrom: .pipeline).isEmpty)
    }

    @Test("funding input: every misfit is named by its field, and a valid one round-trips")
    func fundingInput() {
        var input = validInput()
        input.transactions = [
            .init(type: 99, date: "2026-13-01", value: .init(amount: "-5", currency: "XXX"), provider: "bad code"),
            .init(type: 3, date: "2026-02-01", value: .init(amount: "10.5", currency: "USD"), provider: "US-INL"),
        ]
        input.budgetLines = [.init(kind: 1, periodStart: "2026-01-01", periodEnd: "2027-06-01", value: nil)]
        input.vetting = .init(required: true, units: [.init(unit: nil, people: -1, status: "maybe")])
        let found = codes(input)
        #expect(found["transactions[0].type"] == .unknownCode)
        #expect(found["transactions[0].date"] == .invalidFormat)
        #expect(found["transactions[0].value.amount"] == .negative)
        #expect(found["transactions[0].provider"] == .invalidFormat)
        #expect(found["budgetLines[0].periodEnd"] == .periodTooLong)
        #expect(found["budgetLines[0].value.amount"] == .required)
        #expect(found["vetting.units[0].unit"] == .required)
        #expect(found["vetting.units[0].people"] == .negative)
        #expect(found["vetting.units[0].status"] == .unknownCode)
        #expect(found["transactions[1].type"] == nil)

        var valid = validInput()
        valid.transactions = [input.transactions![1]]
        valid.budgetLines = [
            .init(
                kind: 2, periodStart: "2026-01-01", periodEnd: "2026-12-31",
                value: .init(amount: "99.99", currency: "COP"))
        ]
        valid.vetting = .init(
            required: nil, units: [.init(unit: "Unit", people: 3, status: "pending", submitted: "2026-01-05")])
        let draft = try? valid.validated(against: testCatalog)
        #expect(draft?.transactions.first?.value.amountText == "10.5")
        #expect(draft.map { try? ActivityInput($0).validated(against: testCatalog) } == draft)
    }

    static func principal(
        _ organization: String, lineage: [String]? = nil, country: String? = nil, roles: Set<Role> = [.viewer]
    ) -> Principal {
        Principal(
            userID: organization, email: "\(organization)@example.org", organization: organization,
            lineage: lineage ?? [organization], descendants: [organization], country: country, isMember: true,
            roles: roles)
    }
}
