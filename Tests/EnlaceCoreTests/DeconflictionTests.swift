import Testing

@testable import EnlaceCore

/// The sweep must find exactly the pairs that comparing every pair finds, and the incremental check
/// exactly the pairs involving the saved activity.
@Suite("Overlap detection agrees with brute force")
struct DeconflictionTests {
    static let countries = ["HN", "GT", "SV", "CO"]
    static let areas = ["narco-trafficking", "combating-crime", "strengthening-institutions"]
    static let origin = CalendarDate(year: 2024, month: 1, day: 1)!

    static func randomSubject(_ random: inout SeededRandom, id: String) -> OverlapSubject {
        let start = origin.adding(days: Int.random(in: 0...700, using: &random))
        let length = [0, 3, 10, 45, 200][Int.random(in: 0..<5, using: &random)]
        return OverlapSubject(
            id: id, owner: ["US-INL", "ES-GC", "CO-PONAL"][Int.random(in: 0..<3, using: &random)],
            countries: Array(countries.shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random))),
            keyAreas: Array(areas.shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random))),
            topics: [["maritime-interdiction"], ["cybercrime"], []][Int.random(in: 0..<3, using: &random)],
            beneficiary: ["Honduran Navy", "Armada de Honduras", "Policía Nacional", nil][
                Int.random(in: 0..<4, using: &random)],
            kind: ActivityKind.allCases.randomElement(using: &random),
            window: start...start.adding(days: length), title: "Curso de interdicción marítima")
    }

    @Test("the sweep's candidate pairs are the brute force's", arguments: [0, 7, 30, 90])
    func sweepMatchesBruteForce(margin: Int) {
        var random = SeededRandom(seed: UInt64(margin) &+ 11)
        for round in 0..<6 {
            let subjects = (0..<(40 + round * 60)).map { Self.randomSubject(&random, id: "a\($0)") }
            let index = DeconflictionIndex(subjects, settings: DeconflictionSettings(marginDays: margin))
            let swept = index.candidatePairs()
            #expect(swept == index.bruteForceCandidatePairs())
            #expect(!swept.isEmpty)
            let full = index.fullPass()
            let brute = index.bruteForcePass()
            #expect(full.candidates == brute.candidates)
            #expect(Set(full.overlaps) == Set(brute.overlaps))
        }
    }

    @Test("an index built one by one, with removals, sweeps like one built at once")
    func incrementalBuildMatches() {
        var random = SeededRandom(seed: 5)
        let subjects = (0..<300).map { Self.randomSubject(&random, id: "a\($0)") }
        var index = DeconflictionIndex()
        for (slot, subject) in subjects.enumerated().shuffled(using: &random) { index.insert(subject, at: slot) }
        // Replace a third with new versions and take a few out.
        var current = subjects.map { Optional($0) }
        for slot in stride(from: 0, to: 300, by: 3) {
            let replacement = Self.randomSubject(&random, id: "a\(slot)")
            index.insert(replacement, at: slot)
            current[slot] = replacement
        }
        for slot in stride(from: 1, to: 300, by: 10) {
            index.remove(slot: slot)
            current[slot] = nil
        }
        #expect(index.count == current.compactMap { $0 }.count)
        #expect(index.candidatePairs() == index.bruteForceCandidatePairs())
        // The same pairs as an index of the survivors built at once (slots mapped through).
        let survivors = current.enumerated().compactMap { slot, subject in subject.map { (slot, $0) } }
        let rebuilt = DeconflictionIndex(survivors.map(\.1))
        let mapped = Set(rebuilt.candidatePairs().map { SlotPair(survivors[$0.first].0, survivors[$0.second].0) })
        #expect(mapped == index.candidatePairs())
    }

    @Test("checking one subject finds exactly the full pass's pairs that involve it")
    func incrementalCheckMatchesFullPass() {
        var random = SeededRandom(seed: 9)
        let subjects = (0..<400).map { Self.randomSubject(&random, id: "a\($0)") }
        let index = DeconflictionIndex(subjects)
        let all = index.fullPass().overlaps
        for slot in stride(from: 0, to: 400, by: 7) {
            let found = Set(index.overlaps(with: subjects[slot], excluding: slot).map { SlotPair(slot, $0.slot) })
            let expected = Set(
                all.filter { $0.first == slot || $0.second == slot }.map { SlotPair($0.first, $0.second) })
            #expect(found == expected, "slot \(slot)")
        }
    }

    @Test("a pair sharing two countries and two areas is reported once")
    func sharedBucketsReportedOnce() {
        let window = Self.origin...Self.origin.adding(days: 5)
        let a = OverlapSubject(id: "a", countries: ["HN", "GT"], keyAreas: areasTwo, window: window)
        let b = OverlapSubject(id: "b", countries: ["GT", "HN"], keyAreas: areasTwo.reversed(), window: window)
        let index = DeconflictionIndex([a, b])
        #expect(index.fullPass().candidates == 1)
        #expect(index.candidatePairs() == [SlotPair(0, 1)])
    }

    let areasTwo = ["narco-trafficking", "combating-crime"]

    @Test("the margin decides whether windows apart are candidates")
    func margin() {
        let a = OverlapSubject(
            id: "a", countries: ["HN"], keyAreas: ["narco-trafficking"],
            window: Self.origin...Self.origin.adding(days: 4))
        let laterStart = Self.origin.adding(days: 4 + 30)
        let b = OverlapSubject(
            id: "b", countries: ["HN"], keyAreas: ["narco-trafficking"], window: laterStart...laterStart.adding(days: 2)
        )
        #expect(
            DeconflictionIndex([a, b], settings: DeconflictionSettings(marginDays: 30)).candidatePairs().count == 1)
        #expect(DeconflictionIndex([a, b], settings: DeconflictionSettings(marginDays: 29)).candidatePairs().isEmpty)
        let otherArea = OverlapSubject(
            id: "c", countries: ["HN"], keyAreas: ["combating-crime"], window: Self.origin...Self.origin.adding(days: 4)
        )
        #expect(DeconflictionIndex([a, otherArea]).candidatePairs().isEmpty)
    }
}

@Suite("Multilingual text analysis")
struct TextAnalysisTests {
    @Test("the issue's example meets across Spanish and English")
    func spanishAndEnglish() {
        let spanish = Set(TextAnalysis.terms("Curso de interdicción marítima para la Armada de Honduras"))
        let english = Set(TextAnalysis.terms("Maritime interdiction course for the Honduran Navy"))
        #expect(spanish == english)
        #expect(spanish.contains("#navy") && spanish.contains("#HN") && spanish.contains("#course"))
    }

    @Test("French and Portuguese cognates stem together")
    func frenchAndPortuguese() {
        let french = Set(TextAnalysis.terms("Formation des enquêteurs sur le blanchiment d'argent"))
        let portuguese = Set(TextAnalysis.terms("Formação de investigadores em lavagem de dinheiro"))
        #expect(french.intersection(portuguese).isSuperset(of: ["#course", "#investigation", "#laundering"]))
    }

    @Test("stop words of the four languages are dropped")
    func stopWords() {
        #expect(TextAnalysis.terms("the of de la para pour avec com uma").isEmpty)
    }

    @Test("no word stands for two concepts, and every listed word reaches its own")
    func conceptsAreUnambiguous() {
        var owner: [String: String] = [:]
        var clashes: [String] = []
        for (concept, words) in TextAnalysis.conceptGroups {
            for word in words {
                if let other = owner[word], other != concept { clashes.append("\(word): \(other) / \(concept)") }
                owner[word] = concept
                if TextAnalysis.term(word) != concept { clashes.append("\(word) is not \(concept)") }
            }
        }
        #expect(clashes.isEmpty, "\(clashes)")
    }
}
