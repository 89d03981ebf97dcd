import EnlaceCore

extension DemoGenerator {
    /// Adds deliberate near-duplicates and look-alikes to `base`, and labels each pair.
    ///
    /// Near-duplicates (label: overlap): a second provider from another government records the same
    /// effort: same recipient, topic and beneficiary, a start within two weeks, a similar length, and a
    /// title in the other language or in other words. Look-alikes (label: no overlap): a second
    /// activity that reads alike but is complementary or separate: another unit and topic in the same
    /// window, equipment delivered to the unit a course trains, or the same course a year later.
    mutating func labelledPairs(from base: [Activity]) -> ([Activity], [DemoDataset.LabelledPair]) {
        var extra: [Activity] = []
        var pairs: [DemoDataset.LabelledPair] = []
        let seeds = base.filter {
            $0.draft.recipientCountries.count == 1 && $0.draft.beneficiary != nil && $0.draft.kind != .conference
                && $0.draft.kind != .operationalSupport
        }
        for (index, original) in seeds.shuffled(using: &random).prefix(70).enumerated() {
            let draft = original.draft
            guard let recipient = DemoPlaces.recipients.first(where: { $0.code == draft.recipientCountries[0] }),
                let institution = recipient.institutions.first(where: {
                    DemoPlaces.officialName($0, in: recipient) == draft.beneficiary
                }),
                let originalGovernment = DemoOrganizations.providers.first(where: {
                    $0.organization.code == draft.providers.last?.organization
                })?.organization.country
            else { continue }
            let others = DemoOrganizations.providers.filter {
                $0.organization.country != originalGovernment && $0.areas.contains(draft.keyAreas[0])
            }
            guard let other = others.randomElement(using: &random) else { continue }
            let days = draft.plannedEnd.dayNumber - draft.plannedStart.dayNumber + 1
            let variant = index % 8
            let twin: Activity
            let note: String
            let isOverlap: Bool
            switch variant {
            case 0, 1, 2:
                let language: Language = draft.language == .en ? .es : .en
                twin = make(
                    profile: other, providers: providers(for: other), countries: draft.recipientCountries,
                    recipient: recipient, areas: draft.keyAreas, topics: [draft.topics[0]], institution: institution,
                    kind: draft.kind, start: draft.plannedStart.adding(days: Int.random(in: -14...14, using: &random)),
                    days: max(1, days + Int.random(in: -2...2, using: &random)), language: language, titleVariant: nil)
                note = "near-duplicate across languages: same unit, topic and window, another provider"
                isOverlap = true
            case 3, 4:
                twin = make(
                    profile: other, providers: providers(for: other), countries: draft.recipientCountries,
                    recipient: recipient, areas: draft.keyAreas, topics: [draft.topics[0]], institution: institution,
                    kind: draft.kind, start: draft.plannedStart.adding(days: Int.random(in: -10...10, using: &random)),
                    days: days, language: draft.language, titleVariant: DemoPhrases.paraphrases[draft.kind])
                note = "near-duplicate in other words: same unit, topic and window, another provider"
                isOverlap = true
            case 5:
                let otherInstitution = recipient.institutions.first { $0.english != institution.english } ?? institution
                let otherTopic =
                    DemoGenerator.topics(in: draft.keyAreas[0]).first { !draft.topics.contains($0) }
                    ?? draft.topics[0]
                twin = make(
                    profile: other, providers: providers(for: other), countries: draft.recipientCountries,
                    recipient: recipient, areas: draft.keyAreas, topics: [otherTopic], institution: otherInstitution,
                    kind: draft.kind, start: draft.plannedStart.adding(days: Int.random(in: 0...7, using: &random)),
                    days: days, language: draft.language, titleVariant: DemoPhrases.titles[draft.kind]?.first)
                note = "look-alike: same country, area and window, but another unit and topic (complementary)"
                isOverlap = false
            case 7 where draft.kind == .course:
                twin = make(
                    profile: other, providers: providers(for: other), countries: draft.recipientCountries,
                    recipient: recipient, areas: draft.keyAreas, topics: [draft.topics[0]], institution: institution,
                    kind: .equipment, start: draft.plannedStart.adding(days: Int.random(in: -5...5, using: &random)),
                    days: 3, language: draft.language, titleVariant: nil)
                note = "look-alike: equipment delivered to the unit the course trains (complementary)"
                isOverlap = false
            default:
                twin = make(
                    profile: other, providers: providers(for: other), countries: draft.recipientCountries,
                    recipient: recipient, areas: draft.keyAreas, topics: [draft.topics[0]], institution: institution,
                    kind: draft.kind,
                    start: draft.plannedStart.adding(
                        days: (draft.plannedStart.year >= 2026 ? -1 : 1)
                            * (365 + Int.random(in: 0...60, using: &random))),
                    days: days, language: draft.language, titleVariant: DemoPhrases.titles[draft.kind]?.first)
                note = "look-alike: same unit and topic a year apart (a follow-up, not a duplicate)"
                isOverlap = false
            }
            extra.append(twin)
            pairs.append(
                DemoDataset.LabelledPair(first: original.id, second: twin.id, isOverlap: isOverlap, note: note))
        }
        return (extra, pairs)
    }
}
