public import EnlaceCore
public import EnlaceStore
import Foundation

/// Partner needs for the demo: four per recipient country, stated by its government for 2026–2027,
/// in Spanish where the country speaks it. The first two of each country are answered: each is
/// linked to the activity that matches it best (as its provider would link it); the other two are
/// left open, so that the planning view and the coverage matrix show what nobody answers.
public enum DemoNeeds {
    static let spanishSpeaking: Set<String> = ["GT", "HN", "SV", "CR", "PA", "MX", "DO", "CO", "PE", "EC", "BO"]

    /// The needs, linked to the best-matching of `activities`.
    public static func generate(activities: [Activity], seed: UInt64) -> [Need] {
        var random = SeededRandom(seed: seed &+ 0x4E_45_45_44)
        var needs: [Need] = []
        let created = Date(timeIntervalSince1970: 1_785_000_000)
        for recipient in DemoPlaces.recipients {
            let spanish = spanishSpeaking.contains(recipient.code)
            let inCountry = activities.filter { $0.draft.recipientCountries.contains(recipient.code) }
            for index in 0..<4 {
                let institution = recipient.institutions[
                    (index * 3 + Int(recipient.code.utf8.first ?? 0)) % recipient.institutions.count]
                let area = institution.areas[index % institution.areas.count]
                let topics = DemoGenerator.topics(in: area)
                let topic = topics[Int.random(in: 0..<topics.count, using: &random)]
                let phrase = DemoPhrases.topics[topic].map { spanish ? $0.es : $0.en } ?? topic
                let name = spanish ? institution.spanish : institution.english
                // "la Policía Nacional…" reads as a name without its article.
                let bare =
                    ["la ", "el ", "los ", "las ", "the "].first { name.hasPrefix($0) }.map {
                        String(name.dropFirst($0.count))
                    } ?? name
                let start = CalendarDate(year: 2026 + index / 2, month: [1, 7][index % 2], day: 1)!
                let draft = NeedDraft(
                    title: spanish ? "Capacidades en \(phrase) para \(name)" : "Capacity in \(phrase) for the \(name)",
                    country: recipient.code, institution: bare.prefix(1).uppercased() + bare.dropFirst(),
                    keyAreas: [area], topics: [topic],
                    description: spanish
                        ? "Presentada en el taller anual de planificación: la institución pide formación y equipamiento en \(phrase)."
                        : "Presented at the annual planning workshop: the institution asks for training and equipment in \(phrase).",
                    priority: 1 + (index + Int.random(in: 0...1, using: &random)) % 3, windowStart: start,
                    windowEnd: start.adding(days: 364), people: Int.random(in: 2...8, using: &random) * 10,
                    budget: Money(amount: Decimal(Int.random(in: 5...60, using: &random) * 10_000), currency: "USD"),
                    releasability: Releasability(
                        marking: index == 3 ? .restricted : .members, releasableTo: index == 3 ? ["US", "CO"] : []))
                var need = Need(
                    id: "need-\(recipient.code.lowercased())-\(index + 1)", owner: recipient.code, draft: draft,
                    version: 1,
                    createdAt: created, updatedAt: created)
                if index < 2, let best = NeedMatching.matches(for: need, among: inCountry, limit: 1).first {
                    need.links = [best.activity.id]
                }
                needs.append(need)
            }
        }
        return needs
    }
}
