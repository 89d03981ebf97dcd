import EnlaceCore
import Foundation

/// The model of the create and edit forms, with the user's values and the messages beside each field.
struct ActivityFormPage {
    struct ProviderRow {
        let organizations: [Option]
        let roles: [Option]
        let error: String?
        let organizationName: String
        let roleName: String
        let id: String
        let number: Int

        init(index: Int, organizations: [Option], roles: [Option], error: String?) {
            self.organizations = organizations
            self.roles = roles
            self.error = error
            organizationName = "providers[\(index)].organization"
            roleName = "providers[\(index)].role"
            id = "field-providers-\(index)"
            number = index + 1
        }
    }

    struct AreaGroup {
        let slug: String
        let label: String
        let checked: Bool
        let topics: [Option]
    }

    let heading: String
    let action: String
    let isEdit: Bool
    let version: String
    let cancelHref: String
    let hasErrors: Bool
    let errorSummary: [ErrorLink]
    let staleNotice: String?

    let title: Field
    let description: Field
    let languages: [Option]
    let languageError: String?
    let providerRows: [ProviderRow]
    let providersError: String?
    let countries: [Option]
    let countriesError: String?
    let beneficiary: Field
    /// The parts' inputs (the implementing-partner contact).
    let parts: [ActivityPartViews.FormGroup]
    let areas: [AreaGroup]
    let areasError: String?
    let topicsError: String?
    let kinds: [Option]
    let kindError: String?
    let modalities: [Option]
    let modalityError: String?
    let plannedStart: Field
    let plannedEnd: Field
    let actualStart: Field
    let actualEnd: Field
    let statuses: [Option]
    let statusError: String?
    let participantsPlanned: Field
    let participantsTrained: Field
    let budgetAmount: Field
    let currencies: [Option]
    let currencyError: String?
    let locationName: Field
    let locationLat: Field
    let locationLon: Field
    /// Whether the reader may set the marking (the owner and administrators); otherwise it is shown, not offered.
    let markingEditable: Bool
    let markings: [Option]
    let markingText: String
    let releaseTargets: [Option]
    let releaseError: String?

    init(
        form: ActivityForm, errors allErrors: [FieldError], heading: String, action: String, cancelHref: String,
        staleNotice: String?, presenter: ActivityPresenter, organizations: [Organization], markingEditable: Bool
    ) {
        let language = presenter.language
        let t = presenter.translations
        let catalog = presenter.catalog
        let input = form.input

        var messages: [String: String] = [:]
        for error in allErrors where messages[error.field] == nil {
            messages[error.field] = t.message(for: error, language)
        }
        /// The first message for `name` or any of its elements (`topics[2]` belongs to `topics`).
        func message(_ name: String) -> String? {
            messages[name] ?? allErrors.first { $0.field.hasPrefix(name + "[") }.flatMap { messages[$0.field] }
        }
        func field(_ name: String) -> Field { Field(name: name, value: form.text(name), error: message(name)) }

        self.heading = heading
        self.action = action
        isEdit = form.version != nil
        version = form.version.map(String.init) ?? ""
        self.cancelHref = cancelHref
        hasErrors = !allErrors.isEmpty
        self.staleNotice = staleNotice
        errorSummary = allErrors.map { error in
            let anchor = Self.anchor(for: error.field)
            return ErrorLink(
                href: "#" + anchor, label: t.text("fields." + Self.labelKey(for: error.field), language),
                message: t.message(for: error, language))
        }

        title = field("title")
        description = field("description")
        languages = .make(
            Language.allCases.map { ($0.rawValue, t.text("language.names.\($0.rawValue)", language)) },
            selected: [input.language ?? language.rawValue])
        languageError = message("language")

        let providers = input.providers ?? []
        let rowCount = max(providers.count + Self.spare(providers), 1)
        let organizationChoices =
            [("", t.text("form.choose", language))]
            + organizations.map { ($0.code, "\($0.name) (\($0.code))") }
        let roleChoices = ProviderRole.allCases.map { ($0.rawValue, t.text("roles.\($0.rawValue)", language)) }
        providerRows = (0..<rowCount).map { index in
            let provider = index < providers.count ? providers[index] : nil
            return ProviderRow(
                index: index,
                organizations: .make(organizationChoices, selected: [provider?.organization ?? ""]),
                roles: .make(roleChoices, selected: [provider?.role ?? (index == 0 ? "funding" : "implementing")]),
                error: message("providers[\(index)]") ?? message("providers[\(index)].organization")
                    ?? message("providers[\(index)].role"))
        }
        providersError = messages["providers"]

        let sortedCountries = catalog.countries.sorted {
            $0.names[language].compare($1.names[language], locale: presenter.format.locale) == .orderedAscending
        }
        countries = .make(
            sortedCountries.map { ($0.code, $0.names[language]) }, selected: Set(input.recipientCountries ?? []))
        countriesError = message("recipientCountries")
        beneficiary = field("beneficiary")
        parts = ActivityPartViews.formGroups(field: field, translations: t, language)
        let chosenAreas = Set(input.keyAreas ?? [])
        let chosenTopics = Set(input.topics ?? [])
        areas = catalog.keyAreas.map { area in
            AreaGroup(
                slug: area.slug, label: area.names[language], checked: chosenAreas.contains(area.slug),
                topics: .make(
                    catalog.topics.filter { $0.keyArea == area.slug }.map { ($0.slug, $0.names[language]) },
                    selected: chosenTopics))
        }
        areasError = message("keyAreas")
        topicsError = message("topics")
        kinds = .make(
            [("", t.text("form.choose", language))] + catalog.kinds.map { ($0.code.rawValue, $0.names[language]) },
            selected: [input.kind ?? ""])
        kindError = message("kind")
        modalities = .make(
            [("", t.text("form.choose", language))] + catalog.modalities.map { ($0.code.rawValue, $0.names[language]) },
            selected: [input.modality ?? ""])
        modalityError = message("modality")
        plannedStart = field("plannedStart")
        plannedEnd = field("plannedEnd")
        actualStart = field("actualStart")
        actualEnd = field("actualEnd")
        statuses = .make(
            catalog.statuses.map { (String($0.code.rawValue), "\($0.code.rawValue) · \($0.names[language])") },
            selected: [input.status.map(String.init) ?? String(ActivityStatus.pipeline.rawValue)])
        statusError = message("status")
        participantsPlanned = field("participantsPlanned")
        participantsTrained = field("participantsTrained")
        budgetAmount = field("budget.amount")
        let common = ["USD", "EUR", "COP", "CAD", "GBP", "MXN"]
        let currencyChoices =
            [("", "—")]
            + common.compactMap { code in catalog.currency(code).map { (code, "\(code) · \($0.names[language])") } }
            + catalog.currencies.filter { !common.contains($0.code) }.map {
                ($0.code, "\($0.code) · \($0.names[language])")
            }
        currencies = .make(currencyChoices, selected: [input.budget?.currency ?? ""])
        currencyError = message("budget.currency") ?? message("budget")
        locationName = field("location.name")
        locationLat = field("location.lat")
        locationLon = field("location.lon")
        self.markingEditable = markingEditable
        let marking = input.releasability?.marking ?? Marking.members.rawValue
        markings = .make(
            Marking.allCases.map { ($0.rawValue, t.text("markings.\($0.rawValue).label", language)) },
            selected: [marking])
        markingText = t.text("markings.\(marking).label", language)
        let released = Set(input.releasability?.releasableTo ?? [])
        releaseTargets = .make(
            sortedCountries.map { ($0.code, $0.names[language]) }
                // An organisation whose code is also a country's (a government) is offered once, as the country.
                + organizations.filter { catalog.country($0.code) == nil }.map { ($0.code, "\($0.name) (\($0.code))") },
            selected: released)
        releaseError =
            message("releasability.releasableTo") ?? message("releasability.marking")
            ?? message("releasability")
    }

    private static func spare(_ providers: [ActivityInput.ProviderInput]) -> Int {
        providers.isEmpty ? 2 : ActivityForm.spareProviderRows
    }

    /// The id of the input a field error is about.
    static func anchor(for field: String) -> String {
        if field.hasPrefix("providers[") {
            let index = field.dropFirst("providers[".count).prefix { $0.isNumber }
            return index.isEmpty ? "field-providers-0" : "field-providers-\(index)"
        }
        if field.hasPrefix("releasability") { return "field-releasability" }
        let base = field.split(separator: "[").first.map(String.init) ?? field
        return "field-" + base.replacingOccurrences(of: ".", with: "-")
    }

    /// The catalogue key of the label of a field: `providers[1].role` → `providers`.
    static func labelKey(for field: String) -> String {
        if field.hasPrefix("releasability") { return "releasability" }
        let base = field.split(separator: "[").first.map(String.init) ?? field
        return base.replacingOccurrences(of: ".", with: "_")
    }
}

extension ActivityFormPage: PageModel {
    static let template = PageTemplate.activityForm
}
