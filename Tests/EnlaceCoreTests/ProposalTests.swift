import EnlaceCore
import Foundation
import Testing

extension Result {
    /// The error, when this is one.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

@Suite("Proposals in the domain: the workflow graph, the word diff, and what inputs must say")
struct ProposalTests {
    static let catalog = testCatalog

    /// The field errors `body` throws; none when it succeeds.
    static func invalid(_ body: () throws(EnlaceError) -> Void) -> [FieldError] {
        if case .failure(.invalid(let errors)) = Result(catching: body) { return errors }
        return []
    }

    static let references = ProposalReferences(
        isLeadOrganization: { ["US", "CO", "ES"].contains($0) }, isForum: { $0 == "oas-cicad" })

    @Test("the workflow moves only along its graph; adopted and withdrawn are final")
    func workflow() throws {
        let allowed: [ProposalStatus: Set<ProposalStatus>] = [
            .draft: [.inConsultation, .withdrawn], .inConsultation: [.revised, .endorsed, .withdrawn],
            .revised: [.inConsultation, .endorsed, .withdrawn], .endorsed: [.presented, .withdrawn],
            .presented: [.adopted, .withdrawn], .adopted: [], .withdrawn: [],
        ]
        for from in ProposalStatus.allCases {
            for to in ProposalStatus.allCases {
                let ok = (try? from.checkMove(to: to)) != nil
                #expect(ok == allowed[from]!.contains(to), "\(from) → \(to)")
            }
        }
        let refused = Result { () throws(EnlaceError) in try ProposalStatus.draft.checkMove(to: .adopted) }
        #expect(
            refused.failure == .invalid([FieldError("status", .invalidTransition, ["from": "draft", "to": "adopted"])]))
        #expect(ProposalStatus.allCases.filter(\.textEditable) == [.draft, .revised])
    }

    @Test("the word diff keeps, removes and adds whole words, in reading order")
    func wordDiff() {
        let runs = WordDiff.runs(
            from: "A common fund of USD 1.2 million a year for communications.",
            to: "A common fund of USD 1.5 million a year for communications and training.")
        #expect(
            runs == [
                .same("A common fund of USD"), .removed("1.2"), .added("1.5"), .same("million a year for"),
                .removed("communications."), .added("communications and training."),
            ])
        #expect(WordDiff.runs(from: "same  words\nhere", to: "same words here") == [.same("same words here")])
        #expect(!WordDiff.changed(WordDiff.runs(from: "x y", to: "x  y")))
        #expect(WordDiff.runs(from: "", to: "new text") == [.added("new text")])
        #expect(WordDiff.runs(from: "old text", to: "") == [.removed("old text")])
        // A rewrite longer than the search limit shows whole, between the kept beginning and end.
        let long = (0...WordDiff.searchLimit).map { "w\($0)" }.joined(separator: " ")
        let rewritten = (0...WordDiff.searchLimit).map { "v\($0)" }.joined(separator: " ")
        #expect(
            WordDiff.runs(from: "Keep. " + long + " End.", to: "Keep. " + rewritten + " End.") == [
                .same("Keep."), .removed(long), .added(rewritten), .same("End."),
            ])
        // Any two texts: the kept and removed words give the old text back, the kept and added the new.
        var random = SeededRandom(seed: 7)
        let words = ["the", "cell", "fund", "navy", "and", "a"]
        for _ in 0..<200 {
            let old = (0..<Int.random(in: 0..<12, using: &random)).map { _ in words.randomElement(using: &random)! }
            let new = (0..<Int.random(in: 0..<12, using: &random)).map { _ in words.randomElement(using: &random)! }
            let runs = WordDiff.runs(from: old.joined(separator: " "), to: new.joined(separator: " "))
            let before = runs.flatMap { run -> [Substring] in
                switch run {
                case .same(let text), .removed(let text): text.split(separator: " ")
                case .added: []
                }
            }
            let after = runs.flatMap { run -> [Substring] in
                switch run {
                case .same(let text), .added(let text): text.split(separator: " ")
                case .removed: []
                }
            }
            #expect(before.map(String.init) == old && after.map(String.init) == new)
        }
    }

    @Test("a proposal needs a title, a lead member and a key area; unknown sections and fora are refused")
    func proposalInput() throws {
        var input = ProposalInput()
        input.sections = ["objectives": "Faster interdiction.", "preamble": "x"]
        input.leads = ["HN"]
        input.fora = ["nowhere"]
        input.needs = ["bad id!"]
        do {
            let errors = Self.invalid { () throws(EnlaceError) in
                _ = try input.validated(against: Self.catalog, references: Self.references)
            }
            #expect(
                Set(errors.map(\.field)) == [
                    "title", "sections.preamble", "leads[0]", "keyAreas", "fora[0]", "needs[0]",
                ])
        }
        input = ProposalInput()
        input.title = "  Maritime cell  "
        input.sections = ["objectives": " Faster interdiction. ", "scope": "   "]
        input.leads = ["US", "CO"]
        input.keyAreas = ["narco-trafficking"]
        input.fora = ["oas-cicad"]
        let (text, note, draft) = try input.validated(against: Self.catalog, references: Self.references)
        #expect(text.title == "Maritime cell" && text[.objectives] == "Faster interdiction." && text[.scope].isEmpty)
        #expect(note.isEmpty && draft.leads == ["US", "CO"] && draft.fora == ["oas-cicad"])
    }

    @Test("a position must be a known stance; amendments and objections say what, per known section")
    func positionInput() throws {
        var input = PositionInput()
        input.stance = "object"
        do {
            let errors = Self.invalid { () throws(EnlaceError) in _ = try input.validated() }
            #expect(errors.map(\.field) == ["comments"])
        }
        input.comments = ["mandate": "Name national data-protection law.", "annex": "x"]
        do {
            let errors = Self.invalid { () throws(EnlaceError) in _ = try input.validated() }
            #expect(errors.map(\.field) == ["comments.annex"])
        }
        input.comments = ["mandate": "Name national data-protection law.", "general": "  "]
        let (stance, comments) = try input.validated()
        #expect(stance == .object && comments == ["mandate": "Name national data-protection law."])
        input.stance = "maybe"
        #expect(Self.invalid { () throws(EnlaceError) in _ = try input.validated() }.map(\.field) == ["stance"])
        input.stance = nil
        #expect(
            Self.invalid { () throws(EnlaceError) in _ = try input.validated() } == [FieldError("stance", .required)])
    }

    @Test("a round closes on a coming date, invites known members, and is tallied by stance and section")
    func rounds() throws {
        let today = CalendarDate(iso: "2026-06-01")!
        var input = RoundInput()
        input.closesOn = "2026-05-31"
        input.invited = ["US", "HN"]
        input.textVersion = 3
        do {
            let errors = Self.invalid { () throws(EnlaceError) in
                _ = try input.validated(today: today, versions: 2) { ["US", "CO", "ES"].contains($0) }
            }
            #expect(Set(errors.map(\.field)) == ["closesOn", "invited[1]", "textVersion"])
        }
        input.closesOn = "2026-06-15"
        input.invited = ["US", "CO", "ES"]
        input.textVersion = nil
        let checked = try input.validated(today: today, versions: 2) { ["US", "CO", "ES"].contains($0) }
        #expect(checked.textVersion == 2 && checked.closesOn == CalendarDate(iso: "2026-06-15"))

        let round = ConsultationRound(
            id: "r1", proposalID: "p1", number: 1, textVersion: 2, closesOn: checked.closesOn, invited: checked.invited,
            meetingID: nil, openedAt: Date(), closedAt: nil)
        #expect(round.isOpen(on: today) && round.isOpen(on: checked.closesOn))
        #expect(!round.isOpen(on: checked.closesOn.adding(days: 1)))
        let positions = [
            Position(
                roundID: "r1", member: "ES", stance: .object, comments: ["mandate": "Data protection."],
                recordedBy: "es@example.org", updatedAt: Date(), revision: 2),
            Position(
                roundID: "r1", member: "US", stance: .supportWithAmendments,
                comments: ["mandate": "Add a review clause.", "general": "Good work."], recordedBy: "us@example.org",
                updatedAt: Date(), revision: 1),
            Position(
                roundID: "r1", member: "HN", stance: .support, comments: [:], recordedBy: "x", updatedAt: Date(),
                revision: 1),
        ]
        let tally = RoundTally(round: round, positions: positions)
        #expect(tally.counts == [.support: 0, .supportWithAmendments: 1, .object: 1, .abstain: 0])
        #expect(tally.answered == ["US", "ES"] && tally.pending == ["CO"])
        #expect(tally.comments.map(\.key) == ["mandate", "general"])
        #expect(tally.comments[0].comments.map(\.member) == ["US", "ES"])
    }

    @Test("a conference's sessions fall within its dates; outcomes only for proposals on its programme")
    func conferenceInput() throws {
        var input = ConferenceInput()
        input.name = "First Hemispheric Conference"
        input.startsOn = "2026-09-01"
        input.endsOn = "2026-09-02"
        input.venue = "Cartagena de Indias"
        input.sessions = [
            .init(title: "Closing", date: "2026-09-02", start: "15:00", end: "16:00", proposals: []),
            .init(title: "Interdiction", date: "2026-09-01", start: "11:00", end: "13:00", proposals: ["p-1"]),
        ]
        input.outcomes = ["p-1": "adopted-with-amendments"]
        let draft = try input.validated()
        #expect(draft.sessions.map(\.title) == ["Interdiction", "Closing"])
        #expect(draft.outcomes == ["p-1": .adoptedWithAmendments] && draft.proposals == ["p-1"])
        input.sessions?.append(.init(title: "Late", date: "2026-09-03", start: "10:00", end: "09:00"))
        input.outcomes = ["p-2": "adopted", "p-1": "maybe"]
        do {
            let errors = Self.invalid { () throws(EnlaceError) in _ = try input.validated() }
            #expect(
                Set(errors.map(\.field)) == ["sessions[2].date", "sessions[2].end", "outcomes.p-2", "outcomes.p-1"])
        }
    }
}
