import EnlaceCore
import Foundation
import Testing

/// A small catalogue built in code, so that core tests need no resources.
let testCatalog = ReferenceCatalog(
    countries: ["HN", "GT", "CO"].map {
        Country(code: $0, alpha3: $0 + "X", numeric: "000", names: LocalizedText([.en: $0]))
    },
    currencies: ["USD", "COP"].map { Currency(code: $0, numeric: "000", names: LocalizedText([.en: $0])) },
    keyAreas: ["narco-trafficking", "combating-crime"].map { KeyArea(slug: $0, names: LocalizedText([.en: $0])) },
    topics: [
        Topic(
            slug: "maritime-interdiction", keyArea: "narco-trafficking", dacCode: "16063",
            names: LocalizedText([.en: "m"])),
        Topic(slug: "cybercrime", keyArea: "combating-crime", dacCode: "15132", names: LocalizedText([.en: "c"])),
    ],
    kinds: [], modalities: [], statuses: [],
    indicators: [
        IndicatorDefinition(
            code: "NT-01", keyArea: "narco-trafficking", type: .output, measure: .unit,
            names: LocalizedText([.en: "Officers trained"])),
        IndicatorDefinition(
            code: "NT-03", keyArea: "narco-trafficking", type: .outcome, measure: .unit,
            names: LocalizedText([.en: "Seizures (kg)"])),
        IndicatorDefinition(
            code: "CC-09", keyArea: "combating-crime", type: .outcome, measure: .percentage,
            names: LocalizedText([.en: "Still in post (%)"])),
    ])

func validInput() -> ActivityInput {
    var input = ActivityInput()
    input.title = "Maritime interdiction course"
    input.language = "en"
    input.providers = [.init(organization: "US-INL", role: "funding")]
    input.recipientCountries = ["HN"]
    input.keyAreas = ["narco-trafficking"]
    input.topics = ["maritime-interdiction"]
    input.kind = "course"
    input.modality = "in-country"
    input.plannedStart = "2026-03-02"
    input.plannedEnd = "2026-03-13"
    input.status = 2
    return input
}

func codes(_ input: ActivityInput) -> [String: FieldError.Code] {
    do {
        _ = try input.validated(against: testCatalog)
        return [:]
    } catch .invalid(let errors) {
        return Dictionary(errors.map { ($0.field, $0.code) }, uniquingKeysWith: { first, _ in first })
    } catch {
        return ["unexpected": .invalidType]
    }
}

@Suite("Activity validation")
struct ActivityValidationTests {
    @Test("a valid input becomes a draft, and the draft's input validates back to it, on generated drafts")
    func identity() throws {
        var random = SeededRandom(seed: 11)
        for _ in 0..<500 {
            var input = validInput()
            let start = CalendarDate(year: 2015, month: 1, day: 1)!.adding(
                days: Int.random(in: 0...4000, using: &random))
            input.plannedStart = start.iso
            input.plannedEnd = start.adding(days: Int.random(in: 0...300, using: &random)).iso
            input.participantsPlanned = Bool.random(using: &random) ? Int.random(in: 0...500, using: &random) : nil
            input.budget =
                Bool.random(using: &random)
                ? .init(
                    amount:
                        "\(Int.random(in: 0...99_999_999, using: &random)).\(Int.random(in: 0...99, using: &random))",
                    currency: "COP")
                : nil
            input.location =
                Bool.random(using: &random)
                ? .init(
                    name: "Tela", lat: Double.random(in: -90...90, using: &random),
                    lon: Double.random(in: -180...180, using: &random))
                : nil
            input.recipientCountries = Array(
                ["HN", "GT", "CO"].shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)))
            let draft = try input.validated(against: testCatalog)
            #expect(try ActivityInput(draft).validated(against: testCatalog) == draft)
        }
    }

    @Test("required fields are named when missing or blank")
    func required() {
        var input = ActivityInput()
        input.title = "   "
        let errors = codes(input)
        for field in [
            "title", "language", "providers", "recipientCountries", "keyAreas", "kind", "modality", "plannedStart",
            "plannedEnd", "status",
        ] {
            #expect(errors[field] == .required, "\(field)")
        }
    }

    @Test("rules beyond presence")
    func rules() {
        var input = validInput()
        input.title = "ab"
        input.plannedEnd = "2026-03-01"
        input.actualEnd = "2026-04-01"
        input.recipientCountries = ["HN", "HN", "ZZ"]
        input.topics = ["cybercrime"]
        input.providers = [.init(organization: "us-inl", role: "funding"), .init(organization: "CO", role: "donor")]
        input.participantsTrained = -1
        input.budget = .init(amount: "10", currency: nil)
        input.location = .init(name: nil, lat: 10, lon: nil)
        let errors = codes(input)
        #expect(errors["title"] == .tooShort)
        #expect(errors["plannedEnd"] == .endBeforeStart)
        #expect(errors["actualStart"] == .required)
        #expect(errors["recipientCountries[1]"] == .duplicate)
        #expect(errors["recipientCountries[2]"] == .unknownCode)
        #expect(errors["topics[0]"] == .topicOutsideAreas)
        #expect(errors["providers[0].organization"] == .invalidFormat)
        #expect(errors["providers[1].role"] == .unknownCode)
        #expect(errors["participantsTrained"] == .negative)
        #expect(errors["budget.currency"] == .required)
        #expect(errors["location.name"] == .required)
        #expect(errors["location.lon"] == .incomplete)
        // A releasability sent without its marking is not taken for the default.
        var unmarked = validInput()
        unmarked.releasability = .init(marking: nil, releasableTo: nil)
        #expect(codes(unmarked)["releasability.marking"] == .required)
        unmarked.releasability = nil
        #expect(codes(unmarked).isEmpty)
    }

    @Test("lengths and ranges have limits")
    func limits() {
        var input = validInput()
        input.title = String(repeating: "x", count: 301)
        input.description = String(repeating: "x", count: 10_001)
        input.plannedStart = "1850-01-01"
        input.participantsPlanned = 20_000_000
        input.recipientCountries = Array(repeating: "HN", count: 51)
        let errors = codes(input)
        #expect(errors["title"] == .tooLong)
        #expect(errors["description"] == .tooLong)
        #expect(errors["plannedStart"] == .outOfRange)
        #expect(errors["participantsPlanned"] == .outOfRange)
        #expect(errors["recipientCountries"] == .tooMany)
    }

    @Test("the filter's window is the actual dates where known")
    func window() throws {
        var input = validInput()
        input.actualStart = "2026-04-01"
        let draft = try input.validated(against: testCatalog)
        #expect(draft.window == CalendarDate(iso: "2026-04-01")!...CalendarDate(iso: "2026-04-01")!)
        input.actualEnd = "2026-04-20"
        #expect(try input.validated(against: testCatalog).window.upperBound == CalendarDate(iso: "2026-04-20"))
    }
}
