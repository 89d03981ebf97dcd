import EnlaceCore
import EnlaceStore
import Foundation

/// An overlap's explanation written out in the reader's language: one sentence per factor, the
/// adjustments, and the labels of statuses. The API and the pages say the same things.
struct OverlapWords {
    let catalog: ReferenceCatalog
    let format: LocaleFormat
    let translations: Translations

    var language: Language { format.language }

    init(catalog: ReferenceCatalog, format: LocaleFormat, translations: Translations) {
        self.catalog = catalog
        self.format = format
        self.translations = translations
    }

    init(_ presenter: ActivityPresenter) {
        self.init(catalog: presenter.catalog, format: presenter.format, translations: presenter.translations)
    }

    /// One factor's line.
    struct Line {
        let factor: String
        let label: String
        let sentence: String
        let value: Double
        let weight: Double
        let contribution: Double
        /// `71 %`, `0.20`, `+0.14`: for the page.
        let valueText: String
        let weightText: String
        let contributionText: String
    }

    /// One adjustment.
    struct Adjustment {
        let reduction: String
        let factor: Double
        let sentence: String
    }

    /// The explanation of the pair `first`, `second` under `settings`.
    static func explanation(
        _ first: Activity, _ second: Activity, settings: DeconflictionSettings
    ) -> OverlapExplanation {
        OverlapExplanation(OverlapSubject(first), OverlapSubject(second), settings: settings)
    }

    func lines(_ explanation: OverlapExplanation) -> [Line] {
        explanation.lines.map { line in
            Line(
                factor: line.factor.rawValue, label: text("factors.\(line.factor.rawValue)"),
                sentence: sentence(line.finding), value: Self.rounded(line.value), weight: Self.rounded(line.weight),
                contribution: Self.rounded(line.contribution), valueText: percent(line.value),
                weightText: decimal(line.weight), contributionText: "+" + decimal(line.contribution))
        }
    }

    func adjustments(_ explanation: OverlapExplanation) -> [Adjustment] {
        explanation.reductions.map { reduction, factor in
            Adjustment(
                reduction: reduction.rawValue, factor: factor,
                sentence: text("reductions.\(reduction.rawValue)", ["factor": decimal(factor)]))
        }
    }

    /// The explanation in a few sentences: what the factors that weigh in found, then the adjustments.
    func summary(_ explanation: OverlapExplanation) -> String {
        let found = explanation.lines.filter { $0.value >= 0.5 }.map { sentence($0.finding) }
        return (found + adjustments(explanation).map(\.sentence)).joined(separator: " ")
    }

    func status(_ status: OverlapStatus) -> String { text("statuses.\(status.rawValue)") }

    /// The notice for an activity that overlaps one the reader may not see.
    var notice: String { text("notice") }

    /// A score as a percentage, `94 %` in the reader's conventions.
    func percent(_ value: Double) -> String {
        value.formatted(.percent.precision(.fractionLength(0)).locale(format.locale))
    }

    func decimal(_ value: Double) -> String {
        value.formatted(.number.precision(.fractionLength(2)).locale(format.locale))
    }

    /// A factor value for the API: three decimals are plenty.
    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    func sentence(_ finding: OverlapExplanation.Finding) -> String {
        switch finding {
        case .sharedDays(let shared, let shorter):
            return text(
                "findings.sharedDays", ["shared": format.integer(shared), "shorter": format.integer(shorter)])
        case .daysApart(let days):
            return text("findings.daysApart", ["days": format.integer(days)])
        case .sameTopics(let topics):
            return text("findings.sameTopics", ["topics": topics.map(topicName).joined(separator: ", ")])
        case .differentTopics(let first, let second):
            return text(
                "findings.differentTopics",
                [
                    "first": first.map(topicName).joined(separator: ", "),
                    "second": second.map(topicName).joined(separator: ", "),
                ])
        case .sameAreaOnly(let areas):
            return text(
                "findings.sameAreaOnly",
                ["areas": areas.map { catalog.keyArea($0)?.names[language] ?? $0 }.joined(separator: ", ")])
        case .sameBeneficiary(let first, let second):
            return text("findings.sameBeneficiary", ["first": first, "second": second])
        case .relatedBeneficiaries(let first, let second):
            return text("findings.relatedBeneficiaries", ["first": first, "second": second])
        case .differentBeneficiaries(let first, let second):
            return text("findings.differentBeneficiaries", ["first": first, "second": second])
        case .beneficiaryUnknown:
            return text("findings.beneficiaryUnknown")
        case .distance(let kilometres):
            return text("findings.distance", ["km": format.integer(kilometres)])
        case .samePlace(let place):
            return text("findings.samePlace", ["place": place])
        case .differentPlaces(let first, let second):
            return text("findings.differentPlaces", ["first": first, "second": second])
        case .placeUnknown:
            return text("findings.placeUnknown")
        case .sameKind(let kind):
            return text("findings.sameKind", ["kind": kindName(kind)])
        case .relatedKinds(let first, let second):
            return text("findings.relatedKinds", ["first": kindName(first), "second": kindName(second)])
        case .unrelatedKinds(let first, let second):
            return text("findings.unrelatedKinds", ["first": kindName(first), "second": kindName(second)])
        case .kindUnknown:
            return text("findings.kindUnknown")
        case .text(let percent, let words):
            if words.isEmpty { return text("findings.text", ["percent": format.integer(percent)]) }
            return text(
                "findings.textWords", ["percent": format.integer(percent), "words": words.joined(separator: ", ")])
        }
    }

    private func topicName(_ slug: String) -> String { catalog.topic(slug)?.names[language] ?? slug }

    private func kindName(_ kind: ActivityKind) -> String { catalog.label(kind, in: language) }

    private func text(_ key: String, _ parameters: [String: String] = [:]) -> String {
        translations.text("overlaps.\(key)", language, parameters)
    }
}
