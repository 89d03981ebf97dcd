import EnlaceCore
import Foundation
import Testing

@Suite("Results: indicators, their validation, what they achieved and how they roll up")
struct ResultsTests {
    static func value(_ text: String) -> FixedDecimal { FixedDecimal(text: text)! }
    static func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    static func period(_ start: String, _ end: String, _ actual: String) -> IndicatorPeriod {
        IndicatorPeriod(start: day(start), end: day(end), actual: value(actual))
    }

    static func activity(
        _ id: String, countries: [String], areas: [String] = ["narco-trafficking", "combating-crime"],
        _ indicators: [ResultIndicator]
    ) -> Activity {
        let draft = ActivityDraft(
            title: "Activity \(id)", language: .en, providers: [Provider(organization: "US-INL", role: .funding)],
            recipientCountries: countries, keyAreas: areas, kind: .course, modality: .inCountry,
            plannedStart: day("2026-01-01"), plannedEnd: day("2026-12-31"), status: .implementation,
            indicators: indicators)
        return Activity(id: id, owner: "US-INL", draft: draft, version: 1, createdAt: .now, updatedAt: .now)
    }

    @Test("a count adds its periods up; a percentage takes the latest period; progress is against the target")
    func achieved() {
        var trained = ResultIndicator(
            code: "NT-01", type: .output, measure: .unit, baseline: .zero, target: Self.value("120"),
            periods: [Self.period("2026-01-01", "2026-06-30", "40"), Self.period("2026-07-01", "2026-12-31", "50.5")])
        #expect(trained.achieved == Self.value("90.5"))
        #expect(trained.progress == 75)
        #expect(trained.achieved(through: 2025) == nil)
        trained.periods.append(Self.period("2027-01-01", "2027-03-31", "29.5"))
        #expect(trained.achieved == Self.value("120"))
        #expect(trained.achieved(through: 2026) == Self.value("90.5"))
        #expect(trained.progress == 100)

        let retained = ResultIndicator(
            code: "CC-09", type: .outcome, measure: .percentage, target: Self.value("80"),
            periods: [Self.period("2027-01-01", "2027-12-31", "64"), Self.period("2026-01-01", "2026-12-31", "90")])
        #expect(retained.achieved == Self.value("64"))
        #expect(retained.achieved(through: 2026) == Self.value("90"))
        #expect(retained.progress == 80)
        #expect(ResultIndicator(type: .output, measure: .unit, target: .zero).progress == nil)
    }

    @Test("an indicator input validates: known code in the activity's areas, own ones complete, values in range")
    func validation() throws {
        var input = validInput()
        input.indicators = [
            .init(
                code: "NT-01", baseline: "0", baselineYear: 2025, target: "120",
                periods: [.init(start: "2026-03-02", end: "2026-03-13", actual: "28")]),
            .init(title: "Boarding procedures adopted", type: "outcome", measure: "percentage", target: "100"),
        ]
        let draft = try input.validated(against: testCatalog)
        #expect(draft.indicators.count == 2)
        #expect(draft.indicators[0].type == .output && draft.indicators[0].measure == .unit)
        #expect(draft.indicators[0].achieved == Self.value("28"))
        #expect(try ActivityInput(draft).validated(against: testCatalog) == draft)

        input.indicators = [
            .init(code: "CC-09"), .init(code: "NT-01"), .init(code: "NT-01"), .init(code: "XX-99"),
            .init(title: nil, type: "impact", measure: nil),
            .init(
                code: "NT-03", baseline: "-3", baselineYear: 1900, target: "1,5",
                periods: [.init(start: "2026-05-01", end: "2026-04-01", actual: nil)]),
        ]
        input.keyAreas = ["narco-trafficking"]
        let errors = codes(input)
        #expect(errors["indicators[0].code"] == .indicatorOutsideAreas)
        #expect(errors["indicators[2].code"] == .duplicate)
        #expect(errors["indicators[3].code"] == .unknownCode)
        #expect(errors["indicators[4].title"] == .required)
        #expect(errors["indicators[4].type"] == .unknownCode)
        #expect(errors["indicators[4].measure"] == .required)
        #expect(errors["indicators[5].baseline"] == .negative)
        #expect(errors["indicators[5].baselineYear"] == .outOfRange)
        #expect(errors["indicators[5].target"] == .invalidFormat)
        #expect(errors["indicators[5].periods[0].end"] == .endBeforeStart)
        #expect(errors["indicators[5].periods[0].actual"] == .required)

        input.keyAreas = ["combating-crime"]
        input.topics = []
        input.indicators = [.init(code: "CC-09", target: "100.5")]
        #expect(codes(input) == ["indicators[0].target": .outOfRange])

        // Blank is absent: an own indicator without a type or measure is refused, not dropped.
        input.indicators = [.init(title: "Own", type: " ", measure: "")]
        #expect(codes(input) == ["indicators[0].type": .required, "indicators[0].measure": .required])
        // A title sent with a predefined code is not kept: the definition names it.
        input.indicators = [.init(code: "CC-09", title: "My wording")]
        let named = try input.validated(against: testCatalog)
        #expect(named.indicators.first?.title == "")
        #expect(named.indicators.first?.name(in: .en, catalog: testCatalog) == "Still in post (%)")
        // Kept indicators of an area the activity no longer serves are named under its key areas.
        var narrowed = named
        narrowed.keyAreas = ["narco-trafficking"]
        #expect(narrowed.indicatorAreaErrors(catalog: testCatalog).map(\.field) == ["keyAreas"])
    }

    @Test("the roll-up: counts add up, percentages give a range, countries each count, custom ones stay out")
    func rollup() {
        let activities = [
            Self.activity(
                "a", countries: ["HN", "GT"],
                [
                    ResultIndicator(
                        code: "NT-01", type: .output, measure: .unit, baseline: .zero, target: Self.value("100"),
                        periods: [Self.period("2026-01-01", "2026-12-31", "80")]),
                    ResultIndicator(title: "Own", type: .output, measure: .unit, periods: []),
                ]),
            Self.activity(
                "b", countries: ["HN"],
                [
                    ResultIndicator(
                        code: "NT-01", type: .output, measure: .unit,
                        periods: [Self.period("2027-01-01", "2027-06-30", "30")]),
                    ResultIndicator(
                        code: "CC-09", type: .outcome, measure: .percentage,
                        periods: [Self.period("2026-01-01", "2026-12-31", "70")]),
                ]),
            Self.activity(
                "c", countries: ["CO"],
                [
                    ResultIndicator(
                        code: "CC-09", type: .outcome, measure: .percentage,
                        periods: [Self.period("2026-01-01", "2026-12-31", "95")])
                ]),
        ]
        let byArea = ResultsRollup(activities: activities, by: .area, catalog: testCatalog)
        #expect(byArea.rows.map(\.code) == ["NT-01", "CC-09"])
        let trained = byArea.rows[0]
        #expect(trained.country == nil && trained.activities == 2 && trained.reporting == 2)
        #expect(trained.achieved == Self.value("110") && trained.target == Self.value("100"))
        #expect(trained.achievedOfTargeted == Self.value("80") && trained.progress == 80)
        let retained = byArea.rows[1]
        #expect(retained.achieved == nil && retained.range == Self.value("70")...Self.value("95"))
        #expect(byArea.customIndicators == 1)

        let byCountry = ResultsRollup(
            activities: activities, by: .country, filter: .init(throughYear: 2026), catalog: testCatalog)
        #expect(
            byCountry.rows.map { "\($0.code) \($0.country ?? "")" } == ["NT-01 GT", "NT-01 HN", "CC-09 CO", "CC-09 HN"])
        #expect(byCountry.rows[1].activities == 2 && byCountry.rows[1].reporting == 1)
        #expect(byCountry.rows[1].achieved == Self.value("80"))

        let honduras = ResultsRollup(
            activities: activities, by: .country, filter: .init(country: "HN", keyArea: "combating-crime"),
            catalog: testCatalog)
        #expect(honduras.rows.map(\.code) == ["CC-09"] && honduras.rows[0].country == "HN")
        #expect(honduras.customIndicators == 1)
    }

    @Test("every roll-up row of a count equals the sum over its activities, on generated activities")
    func rollupProperty() {
        var random = SeededRandom(seed: 21)
        let countries = ["HN", "GT", "CO"]
        let activities = (0..<200).map { index in
            let indicators = ["NT-01", "NT-03"].compactMap { code -> ResultIndicator? in
                guard Bool.random(using: &random) else { return nil }
                let periods = (0..<Int.random(in: 0...3, using: &random)).map { _ in
                    let start = CalendarDate(year: Int.random(in: 2020...2027, using: &random), month: 1, day: 1)!
                    return IndicatorPeriod(
                        start: start, end: start.adding(days: 180),
                        actual: FixedDecimal(units: Int128(Int.random(in: 0...5_000_000, using: &random))))
                }
                return ResultIndicator(
                    code: code, type: .output, measure: .unit,
                    target: Bool.random(using: &random) ? FixedDecimal(units: 10_000_000) : nil, periods: periods)
            }
            return Self.activity(
                "\(index)",
                countries: Array(countries.shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random))),
                indicators)
        }
        for through in [nil, 2023] as [Int?] {
            let byArea = ResultsRollup(
                activities: activities, by: .area, filter: .init(throughYear: through), catalog: testCatalog)
            let byCountry = ResultsRollup(
                activities: activities, by: .country, filter: .init(throughYear: through), catalog: testCatalog)
            for code in ["NT-01", "NT-03"] {
                let measured = activities.compactMap { activity in
                    activity.draft.indicators.first { $0.code == code }.map { (activity, $0) }
                }
                let total = measured.compactMap { $0.1.achieved(through: through) }.reduce(FixedDecimal.zero, +)
                let row = byArea.rows.first { $0.code == code }
                #expect(row?.activities == measured.count)
                #expect((row?.achieved ?? .zero) == total)
                for country in countries {
                    let inCountry = measured.filter { $0.0.draft.recipientCountries.contains(country) }
                    let sum = inCountry.compactMap { $0.1.achieved(through: through) }.reduce(FixedDecimal.zero, +)
                    let countryRow = byCountry.rows.first { $0.code == code && $0.country == country }
                    #expect((countryRow?.achieved ?? .zero) == sum)
                    #expect((countryRow?.activities ?? 0) == inCountry.count)
                }
            }
        }
    }
}
