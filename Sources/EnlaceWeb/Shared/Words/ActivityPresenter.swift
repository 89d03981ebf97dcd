import EnlaceCore
import EnlaceStore
import Foundation

/// Turns activities into the words and links a page shows, in the reader's language.
struct ActivityPresenter {
    let catalog: ReferenceCatalog
    let organizations: [String: Organization]
    let format: LocaleFormat
    let translations: Translations

    var language: Language { format.language }

    /// A presenter for the reader's language, with the organisation directory loaded.
    static func load(store: Store, translations: Translations, context: AppRequestContext) async throws -> Self {
        let organizations = try await store.organizations.all()
        return ActivityPresenter(
            catalog: store.catalog,
            organizations: Dictionary(organizations.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first }),
            format: LocaleFormat(context.language), translations: translations)
    }

    /// One line of the activity list or a dashboard panel.
    struct Summary {
        let id: String
        let href: String
        let title: String
        let providers: String
        let countries: String
        let keyAreas: String
        let dates: String
        let status: String
        let statusCode: Int
        let kind: String
    }

    /// Every field of the detail page, already written out.
    struct Detail {
        let summary: Summary
        let description: String
        let hasDescription: Bool
        let language: String
        let providers: [ProviderLine]
        let beneficiary: String?
        /// The parts the reader may see (the store leaves the others out), such as the implementing-partner contact.
        let parts: [ActivityPartViews.DetailLine]
        /// Nil when it has none, so that the page leaves the row out.
        let topics: String?
        let modality: String
        let planned: String
        let actual: String?
        let participantsPlanned: String?
        let participantsTrained: String?
        let budget: String?
        let location: String?
        let version: Int
        let createdAt: String
        let updatedAt: String
        let editHref: String
        let archiveHref: String
        let owner: String
        /// The `iati-identifier` it was imported with.
        let iatiIdentifier: String?
        let marking: String
        let markingCode: String
        let releasedTo: String?
    }

    struct ProviderLine {
        let code: String
        let name: String
        let role: String
        let href: String
    }

    func summary(_ activity: Activity) -> Summary {
        let draft = activity.draft
        return Summary(
            id: activity.id, href: SitePaths.activity(activity.id), title: draft.title,
            providers: draft.providers.map { organizations[$0.organization]?.name ?? $0.organization }
                .uniqued().joined(separator: ", "),
            countries: draft.recipientCountries.map(countryName).joined(separator: ", "),
            keyAreas: draft.keyAreas.map(areaName).joined(separator: ", "),
            dates: range(draft.window.lowerBound, draft.window.upperBound),
            status: catalog.label(draft.status, in: language), statusCode: draft.status.rawValue,
            kind: catalog.label(draft.kind, in: language))
    }

    func detail(_ activity: Activity) -> Detail {
        let draft = activity.draft
        return Detail(
            summary: summary(activity), description: draft.description, hasDescription: !draft.description.isEmpty,
            language: translations.text("language.names.\(draft.language.rawValue)", language),
            providers: draft.providers.map {
                ProviderLine(
                    code: $0.organization, name: organizations[$0.organization]?.name ?? $0.organization,
                    role: translations.text("roles.\($0.role.rawValue)", language),
                    href: SitePaths.activities.with([("provider", $0.organization)]))
            },
            beneficiary: draft.beneficiary,
            parts: ActivityPartViews.detailLines(draft, translations: translations, language),
            topics: draft.topics.isEmpty
                ? nil : draft.topics.map { catalog.topic($0)?.names[language] ?? $0 }.joined(separator: ", "),
            modality: catalog.label(draft.modality, in: language),
            planned: range(draft.plannedStart, draft.plannedEnd),
            actual: draft.actualStart.map { start in
                draft.actualEnd.map { range(start, $0) }
                    ?? translations.text("activity.since", language, ["date": format.date(start)])
            },
            participantsPlanned: draft.participantsPlanned.map(format.integer),
            participantsTrained: draft.participantsTrained.map(format.integer),
            budget: draft.budget.map(format.money),
            location: draft.location.map { location in
                guard let lat = location.lat, let lon = location.lon else { return location.name }
                return "\(location.name) (\(lat), \(lon))"
            },
            version: activity.version, createdAt: format.dateTime(activity.createdAt),
            updatedAt: format.dateTime(activity.updatedAt), editHref: SitePaths.editActivity(activity.id),
            archiveHref: SitePaths.archiveActivity(activity.id),
            owner: organizations[activity.owner].map { "\($0.name) (\($0.code))" } ?? activity.owner,
            iatiIdentifier: activity.iatiIdentifier,
            marking: translations.text("markings.\(draft.releasability.marking.rawValue).label", language),
            markingCode: draft.releasability.marking.rawValue,
            releasedTo: draft.releasability.releasableTo.isEmpty
                ? nil
                : draft.releasability.releasableTo.map { code in
                    catalog.country(code)?.names[language] ?? organizations[code]?.name ?? code
                }.joined(separator: ", "))
    }

    func countryName(_ code: String) -> String { catalog.country(code)?.names[language] ?? code }

    func areaName(_ slug: String) -> String { catalog.keyArea(slug)?.names[language] ?? slug }

    /// The countries `include` keeps (every one by default) as choices, by name in the reader's language.
    func countryChoices(_ include: (Country) -> Bool = { _ in true }) -> [(String, String)] {
        catalog.countries.filter(include).map { ($0.code, $0.names[language]) }.sorted {
            $0.1.compare($1.1, locale: format.locale) == .orderedAscending
        }
    }

    /// Every key area as a choice, in the catalogue's order.
    var keyAreaChoices: [(String, String)] { catalog.keyAreas.map { ($0.slug, $0.names[language]) } }

    /// Every topic as a choice, named with its key area: "Narco-trafficking: Maritime interdiction".
    var topicChoices: [(String, String)] {
        catalog.topics.map { ($0.slug, "\(areaName($0.keyArea)): \($0.names[language] ?? $0.slug)") }
    }

    /// `Mar 2, 2026 – Mar 13, 2026`, or one date when both are the same day.
    func range(_ start: CalendarDate, _ end: CalendarDate) -> String {
        start == end ? format.date(start) : format.date(start) + " – " + format.date(end)
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each kept once.
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
