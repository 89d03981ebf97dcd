public import EnlaceCore
import Foundation

/// How an IATI activity element becomes an Enlace activity: the reverse of ``IATIActivityWriter``, and the mapping
/// `docs/iati.md` sets out.
public struct IATIActivityMapping: Sendable {
    /// The `vocabulary-uri` of the sectors, of vocabulary 99 (the reporting organisation's own), that name Enlace's
    /// key areas and topics by slug: written by the export so that its import gives back the same ones.
    public static let taxonomyVocabularyURI = "urn:x-enlace:key-areas-and-topics"

    /// The version of this mapping, part of each activity's fingerprint: a release that maps differently does not
    /// take an activity imported before for unchanged.
    static let version = "iati-1"

    /// The ``ActivityInput`` members an IATI file carries; an import replaces these, and keeps the rest.
    public static let carries: Set<String> = [
        "title", "description", "language", "providers", "recipientCountries", "keyAreas", "topics", "plannedStart",
        "plannedEnd", "actualStart", "actualEnd", "status", "location", "budgetLines", "transactions",
    ]

    /// The DAC purpose codes of key areas and topics.
    public var sectors: DACSectorMapping
    /// The key areas and topics Enlace knows.
    public var catalog: ReferenceCatalog

    /// Creates the mapping.
    public init(sectors: DACSectorMapping, catalog: ReferenceCatalog) {
        self.sectors = sectors
        self.catalog = catalog
    }

    /// The activity `element` describes, with the problems found in it.
    public func activity(_ element: IATIActivityElement) -> ImportedActivity {
        let lang = element.lang?.lowercased()
        var imported = ImportedActivity(line: element.line, identifier: element.identifier, carries: Self.carries)
        imported.fingerprint = Self.version + ":" + element.fingerprint
        var input = ActivityInput()
        var organizations: [ImportedOrganization] = []
        var namedRefs: Set<String> = []
        func named(_ organization: IATIActivityElement.Organization?) -> String? {
            guard let organization, !organization.ref.isEmpty else { return nil }
            if namedRefs.insert(organization.ref).inserted {
                organizations.append(
                    ImportedOrganization(
                        ref: organization.ref, name: Self.text(organization.names, lang: lang),
                        type: organization.type))
            }
            return organization.ref
        }
        let reporting = named(element.reportingOrganization)
        imported.reportingOrganization = organizations.first
        if let reporting, element.identifier.hasPrefix(reporting + "-") {
            let tail = String(element.identifier.dropFirst(reporting.count + 1))
            if UUID(uuidString: tail) != nil { imported.enlaceID = tail.lowercased() }
        }

        input.title = Self.text(element.titles, lang: lang)
        let description =
            element.descriptions.first { $0.type == nil || $0.type == "1" } ?? element.descriptions.first
        input.description = description.map { Self.text($0.narratives, lang: lang) } ?? ""
        input.language = lang
        var providers: [ActivityInput.ProviderInput] = []
        var providerSet: Set<ActivityInput.ProviderInput> = []
        for organization in element.participatingOrganizations {
            guard let ref = named(organization), let role = Self.providerRole(organization.role) else { continue }
            let entry = ActivityInput.ProviderInput(organization: ref, role: role.rawValue)
            if providerSet.insert(entry).inserted { providers.append(entry) }
        }
        if let reporting, providers.isEmpty {
            providers.insert(
                ActivityInput.ProviderInput(organization: reporting, role: ProviderRole.funding.rawValue), at: 0)
        }
        input.providers = providers
        input.recipientCountries = element.recipientCountries.map { $0.uppercased() }
        input.status = element.status.flatMap { Int($0.trimmed(.whitespaces)) }
        func date(_ type: String) -> String? { element.dates.first { $0.type == type }?.date }
        input.actualStart = date("2")
        input.actualEnd = date("4")
        input.plannedStart = date("1") ?? input.actualStart
        input.plannedEnd = date("3") ?? input.actualEnd

        let (keyAreas, topics) = areas(
            element.sectors.isEmpty ? element.transactions.flatMap(\.sectors) : element.sectors)
        input.keyAreas = keyAreas
        input.topics = topics
        if keyAreas.isEmpty {
            imported.problems.append(
                ImportProblem(
                    .noKeyArea, line: element.line, identifier: element.identifier,
                    parameters: ["sectors": element.sectors.map(\.code).joined(separator: ", ")]))
        }
        if let location = element.location {
            let point = (location.position ?? "").split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
            let name = Self.text(location.names, lang: lang)
            if !name.isEmpty || point.count == 2 {
                input.location = ActivityInput.LocationInput(
                    name: name, lat: point.count == 2 ? point[0] : nil, lon: point.count == 2 ? point[1] : nil)
            }
        }
        func money(_ value: IATIActivityElement.Value) -> ActivityInput.BudgetInput {
            ActivityInput.BudgetInput(amount: value.amount, currency: value.currency ?? element.defaultCurrency)
        }
        input.budgetLines = element.budgets.map { budget in
            ActivityInput.BudgetLineInput(
                kind: budget.type.flatMap { Int($0) } ?? 1, periodStart: budget.periodStart,
                periodEnd: budget.periodEnd, value: money(budget.value))
        }
        input.transactions = element.transactions.map { transaction in
            let description = Self.text(transaction.description, lang: lang)
            return ActivityInput.TransactionInput(
                type: transaction.type.flatMap { Int($0) }, date: transaction.date ?? transaction.value.valueDate,
                value: money(transaction.value), provider: named(transaction.provider),
                receiver: named(transaction.receiver), description: description.isEmpty ? nil : description)
        }
        imported.organizations = organizations
        imported.input = input
        if element.identifier.isEmpty {
            imported.problems.append(ImportProblem(.missingIdentifier, line: element.line))
        }
        return imported
    }

    /// The key areas and topics of `sectors`: Enlace's own vocabulary where the file uses it, else DAC 5-digit
    /// purpose codes through the table.
    func areas(_ sectors: [IATIActivityElement.Sector]) -> (keyAreas: [String], topics: [String]) {
        var keyAreas: [String] = []
        var topics: [String] = []
        func add(_ area: String, _ topic: String?) {
            if !keyAreas.contains(area) { keyAreas.append(area) }
            if let topic, !topics.contains(topic) { topics.append(topic) }
        }
        let own = sectors.filter { $0.vocabulary == "99" && $0.vocabularyURI == Self.taxonomyVocabularyURI }
        if !own.isEmpty {
            for sector in own {
                if catalog.keyArea(sector.code) != nil {
                    add(sector.code, nil)
                } else if let topic = catalog.topic(sector.code) {
                    add(topic.keyArea, topic.slug)
                }
            }
            return (keyAreas, topics)
        }
        for sector in sectors where (sector.vocabulary ?? "1") == "1" {
            if let (area, topic) = self.sectors.area(forCode: sector.code.trimmed(.whitespaces)) {
                add(area, topic)
            }
        }
        return (keyAreas, topics)
    }

    /// The provider role of an IATI OrganisationRole: funding (1), accountable (2) and extending (3) organisations
    /// fund; implementing (4) ones implement.
    static func providerRole(_ code: String?) -> ProviderRole? {
        switch code {
        case "1", "2", "3": .funding
        case "4": .implementing
        default: nil
        }
    }

    /// The narrative in `lang`, else the one without a language, else the first; empty when none.
    static func text(_ narratives: [IATIActivityElement.Narrative], lang: String?) -> String {
        (narratives.first { $0.lang?.lowercased() == lang && lang != nil } ?? narratives.first { $0.lang == nil }
            ?? narratives.first)?.text ?? ""
    }
}
