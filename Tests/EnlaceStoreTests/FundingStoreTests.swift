import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import Foundation
import Testing

@Suite("Funding and vetting in the store: storage, releasability of transactions, rates, the vetting rule")
struct FundingStoreTests {
    static func transaction(
        _ type: Int, _ date: String, _ amount: String, _ currency: String, provider: String? = nil,
        receiver: String? = nil, releasedTo: [String]? = nil
    ) -> ActivityInput.TransactionInput {
        ActivityInput.TransactionInput(
            type: type, date: date, value: .init(amount: amount, currency: currency), provider: provider,
            receiver: receiver, notODA: false, description: "",
            releasability: releasedTo.map { .init(marking: "restricted", releasableTo: $0) })
    }

    static func rate(_ base: String, _ quote: String, _ date: String, _ value: String) -> ExchangeRate {
        ExchangeRate(base: base, quote: quote, date: CalendarDate(iso: date)!, units: ExchangeRate.parse(value)!)
    }

    /// U.S. funds, Colombia trains, Honduras receives; one commitment is released to Colombia only.
    static func triangular() -> ActivityInput {
        var input = Fixtures.input()
        input.transactions = [
            transaction(12, "2026-01-10", "500000", "USD", provider: "US-INL"),
            transaction(2, "2026-02-01", "400000", "USD", provider: "US-INL", receiver: "CO-ARC"),
            transaction(3, "2026-03-15", "300000", "EUR", provider: "US-INL", receiver: "CO-ARC"),
            transaction(4, "2026-04-01", "800000000", "COP", provider: "CO-ARC"),
            transaction(2, "2026-02-02", "90000", "USD", provider: "US-INL", releasedTo: ["CO"]),
        ]
        input.budgetLines = [
            .init(
                kind: 1, periodStart: "2026-01-01", periodEnd: "2026-12-31",
                value: .init(amount: "450000", currency: "USD"))
        ]
        return input
    }

    @Test(
        "funding round-trips through the database, and a hidden transaction is absent and moves no total",
        arguments: TestDatabase.engines)
    func transactions(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let created = try await store.activities.create(Self.triangular(), by: people.contributor)
            let admin = people.all["admin"]!
            try await store.rates.save(
                [
                    Self.rate("EUR", "USD", "2026-03-01", "1.08"), Self.rate("COP", "USD", "2026-01-01", "0.00025"),
                ], source: "test", by: admin)
            // A fresh store reads what the first wrote.
            let reopened = try await Store.open(
                database: store.database, clock: .system, ids: .random, secret: Fixtures.secret,
                security: Fixtures.fastSecurity)
            let full = try await reopened.activities.find(id: created.id, for: people.everyone)
            #expect(full.draft.transactions == created.draft.transactions)
            #expect(full.draft.budgetLines == created.draft.budgetLines)
            #expect(full.draft.vetting == created.draft.vetting)

            let spain = Viewer.person(people.all["viewer"]!)
            let colombia = Viewer.person(people.all["colombia"]!)
            #expect(try await store.activities.find(id: created.id, for: spain).draft.transactions.count == 4)
            #expect(try await store.activities.find(id: created.id, for: colombia).draft.transactions.count == 5)
            let listed = try await store.activities.list(
                ActivityFilter(), sort: ActivitySort.default, limit: 10, cursor: nil, for: spain)
            #expect(listed.items.first?.draft.transactions.count == 4)

            let seenBySpain = try await store.fundingSummary(by: .provider, for: spain)
            #expect(seenBySpain.rows.map(\.key) == ["US"])
            #expect(seenBySpain.total[.committed].description == "400000")
            #expect(seenBySpain.total[.disbursed].description == "324000")
            #expect(seenBySpain.total[.spent].description == "200000")
            #expect(!seenBySpain.isIncomplete)
            let seenByColombia = try await store.fundingSummary(by: .country, for: colombia)
            #expect(seenByColombia.total[.committed].description == "490000")
            #expect(seenByColombia.rows.map(\.key) == ["HN"])
            // The public sees nothing of a members' activity.
            #expect(try await store.fundingSummary(by: .area, for: .anonymous).total.transactions == 0)

            // Spain's coverage budget is the budget line, in the reporting currency.
            let window = CalendarDate(iso: "2026-01-01")!...CalendarDate(iso: "2026-12-31")!
            let cell = try await store.coverage(window: window, for: spain).cell("HN", "narco-trafficking")
            #expect(cell?.budget == Decimal(450000))
            #expect(cell?.budgetsNotConverted == 0)

            // Removing a rate leaves the amount out, visibly.
            try await store.rates.delete(
                base: "COP", quote: "USD", date: CalendarDate(iso: "2026-01-01")!, by: admin)
            let incomplete = try await store.fundingSummary(by: .provider, for: spain)
            #expect(incomplete.missingRates.map(\.currency) == ["COP"])
            #expect(incomplete.total[.spent] == .zero)
        }
    }

    @Test(
        "an edit by someone who cannot see a transaction keeps it; rates are for administrators",
        arguments: TestDatabase.engines)
    func hiddenSurvivesEdits(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let created = try await store.activities.create(Self.triangular(), by: people.contributor)
            // The U.S. coordinator sees everything of its agency; the transaction released to Colombia
            // is still there after a Colombian… no: after an edit by someone who cannot see it.
            var input = ActivityInput(
                try await store.activities.find(id: created.id, for: .person(people.all["coordinator"]!)).draft)
            input.title = "Maritime interdiction course, second edition"
            let updated = try await store.activities.update(
                id: created.id, with: input, expectedVersion: 1, by: people.all["coordinator"]!)
            #expect(updated.draft.transactions.count == 5)
            await #expect(throws: EnlaceError.forbidden(field: nil)) {
                try await store.rates.save(
                    [Self.rate("EUR", "USD", "2026-01-01", "1.1")], source: "x", by: people.contributor)
            }
        }
    }

    @Test(
        "a course whose vetting is not cleared cannot go into implementation; nothing is written",
        arguments: TestDatabase.engines)
    func vettingBlocks(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            var input = Fixtures.input()
            input.vetting = .init(
                required: nil,
                units: [
                    .init(
                        unit: "Honduran Navy, Special Boat Unit", people: 30, status: "pending", submitted: "2026-01-12"
                    )
                ])
            let refused = await #expect(throws: EnlaceError.self) {
                try await store.activities.create(input, by: people.contributor)
            }
            #expect(refused == .invalid([FieldError("status", .vettingNotCleared, ["state": "pending"])]))
            #expect(try await store.activities.countsByCountry(for: people.everyone).isEmpty)

            input.status = 1
            let pipeline = try await store.activities.create(input, by: people.contributor)
            input.status = 2
            await #expect(throws: EnlaceError.invalid([FieldError("status", .vettingNotCleared, ["state": "pending"])]))
            {
                try await store.activities.update(
                    id: pipeline.id, with: input, expectedVersion: 1, by: people.contributor)
            }
            #expect(try await store.activities.find(id: pipeline.id, for: people.everyone).version == 1)
            input.vetting?.units?[0].status = "cleared"
            input.vetting?.units?[0].decided = "2026-02-01"
            let moved = try await store.activities.update(
                id: pipeline.id, with: input, expectedVersion: 1, by: people.contributor)
            #expect(moved.draft.status == .implementation)
            #expect(moved.draft.vetting.state(for: .course) == .cleared)

            // The report lists what is still open, oldest first.
            var second = Fixtures.input(title: "Equipment for the border police")
            second.kind = "equipment"
            second.status = 1
            second.vetting = .init(
                required: nil,
                units: [
                    .init(unit: "Border police, north", status: "pending", submitted: "2026-03-01"),
                    .init(unit: "Border police, south", status: "pending", submitted: "2026-01-01"),
                ])
            _ = try await store.activities.create(second, by: people.contributor)
            let report = try await store.vettingReport(
                country: "HN", today: CalendarDate(iso: "2026-04-01")!, for: people.everyone)
            #expect(report.entries.map(\.unit.unit) == ["Border police, south", "Border police, north"])
            #expect(report.entries.map(\.age) == [90, 31])
            #expect(
                try await store.vettingReport(country: "HN", today: CalendarDate(iso: "2026-04-01")!, for: .anonymous)
                    .entries.isEmpty)
        }
    }
}
