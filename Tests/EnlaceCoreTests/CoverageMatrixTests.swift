import EnlaceCore
import Foundation
import Testing

@Suite("Coverage matrix")
struct CoverageMatrixTests {
    static func activity(
        _ id: String, _ providers: [String], countries: [String] = ["HN"], areas: [String] = ["narco-trafficking"],
        topics: [String] = ["maritime-interdiction"], start: String = "2026-03-02", end: String = "2026-03-13",
        trained: Int? = nil, budget: Money? = nil
    ) -> Activity {
        let draft = ActivityDraft(
            title: id, language: .en, providers: providers.map { Provider(organization: $0, role: .implementing) },
            recipientCountries: countries, keyAreas: areas, topics: topics, kind: .course, modality: .inCountry,
            plannedStart: CalendarDate(iso: start)!, plannedEnd: CalendarDate(iso: end)!, status: .implementation,
            participantsTrained: trained, budget: budget)
        let epoch = Date(timeIntervalSince1970: 0)
        return Activity(id: id, owner: providers[0], draft: draft, version: 1, createdAt: epoch, updatedAt: epoch)
    }

    static let year = CalendarDate(iso: "2026-01-01")!...CalendarDate(iso: "2026-12-31")!
    static let areas = ["narco-trafficking", "combating-crime"]

    @Test("cells add up activities, people, USD budgets and providers; concentration is the Herfindahl index")
    func figures() {
        let activities = [
            Self.activity("a", ["US-INL"], trained: 20, budget: Money(amount: 1000, currency: "USD")),
            Self.activity("b", ["US-INL", "CO-ARC"], trained: 5, budget: Money(amount: 500, currency: "EUR")),
            Self.activity("c", ["ES-GC"], countries: ["HN", "GT"], budget: Money(amount: 250.5, currency: "USD")),
            Self.activity("old", ["ES-GC"], start: "2020-01-01", end: "2020-02-01"),
        ]
        let matrix = CoverageMatrix(
            activities: activities, countries: ["GT", "HN", "SV"], areas: Self.areas, window: Self.year,
            openOverlaps: [CoverageKey(country: "HN", area: "narco-trafficking"): 2])
        let honduras = matrix.cell("HN", "narco-trafficking")!
        #expect(honduras.activities == 3)
        #expect(honduras.participantsTrained == 25)
        #expect(honduras.budget == Decimal(string: "1250.5")!)
        #expect(honduras.budgetsNotConverted == 1)
        #expect(honduras.providers == 3)
        // Shares: US-INL 1.5, CO-ARC 0.5, ES-GC 1 of 3 → (0.25 + 0.0278 + 0.1111).
        #expect(abs((honduras.concentration ?? 0) - (0.25 + 1.0 / 36 + 1.0 / 9)) < 1e-9)
        #expect(honduras.openOverlaps == 2)
        #expect(!honduras.isGap && honduras.isSaturated)
        #expect(honduras.saturatedTopics == ["maritime-interdiction"])
        #expect(matrix.cell("GT", "narco-trafficking")?.activities == 1)
        #expect(matrix.cell("GT", "narco-trafficking")?.concentration == 1)
        #expect(matrix.cell("SV", "narco-trafficking")?.isGap == true)
        #expect(matrix.cell("SV", "narco-trafficking")?.concentration == nil)
        #expect(matrix.cell("HN", "combating-crime")?.isGap == true)
    }

    @Test("the thresholds move the flags")
    func thresholds() {
        let activities = [Self.activity("a", ["US-INL"]), Self.activity("b", ["CO-ARC"])]
        let strict = CoverageMatrix(
            activities: activities, countries: ["HN"], areas: Self.areas, window: Self.year,
            thresholds: CoverageThresholds(saturationProviders: 2, gapActivities: 2))
        #expect(strict.cell("HN", "narco-trafficking")?.isSaturated == true)
        #expect(strict.cell("HN", "narco-trafficking")?.isGap == true)
        let lenient = CoverageMatrix(activities: activities, countries: ["HN"], areas: Self.areas, window: Self.year)
        #expect(lenient.cell("HN", "narco-trafficking")?.isSaturated == false)
        #expect(lenient.cell("HN", "narco-trafficking")?.isGap == false)
    }
}
