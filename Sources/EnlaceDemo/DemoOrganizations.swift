import EnlaceCore

/// The organisations of the demo: provider governments and agencies, and the partner governments.
enum DemoOrganizations {
    /// A provider with what it tends to do, so that the generated portfolio looks like its real one.
    struct ProviderProfile {
        let organization: Organization
        /// Key areas the provider works in, most frequent first.
        let areas: [String]
        /// The currency its budgets are in.
        let currency: String
        /// The city where in-provider-country activities take place.
        let homeCity: DemoPlaces.City
        /// Activity kinds it delivers, most frequent first.
        let kinds: [ActivityKind]
        /// Relative weight in the portfolio.
        let weight: Int
        /// The language of its records.
        let language: Language
    }

    static func government(_ code: String, _ name: String, member: Bool) -> Organization {
        Organization(code: code, name: name, kind: .government, country: code, parent: nil, isMember: member)
    }

    static func agency(_ code: String, _ name: String, country: String, parent: String?) -> Organization {
        Organization(code: code, name: name, kind: .agency, country: country, parent: parent, isMember: true)
    }

    /// Member governments that provide cooperation.
    static let memberGovernments: [Organization] = [
        Organization(
            code: "HCE", name: "Hemispheric Coordinating Entity", kind: .regionalMechanism, country: nil, parent: nil,
            isMember: true),
        government("US", "United States of America", member: true),
        government("CO", "República de Colombia", member: true),
        government("CA", "Canada", member: true),
        government("ES", "Reino de España", member: true),
        government("GB", "United Kingdom", member: true),
        Organization(
            code: "EU", name: "European Union", kind: .internationalOrganization, country: nil, parent: nil,
            isMember: true),
    ]

    /// The providers and their profiles.
    static let providers: [ProviderProfile] = [
        ProviderProfile(
            organization: agency(
                "US-INL", "Bureau of International Narcotics and Law Enforcement Affairs", country: "US", parent: "US"),
            areas: ["strengthening-institutions", "narco-trafficking", "combating-crime", "resilient-communities"],
            currency: "USD", homeCity: DemoPlaces.washington, kinds: [.course, .equipment, .advisory, .conference],
            weight: 14,
            language: .en),
        ProviderProfile(
            organization: agency("US-SOUTHCOM", "U.S. Southern Command", country: "US", parent: "US"),
            areas: ["narco-trafficking", "strengthening-institutions"], currency: "USD", homeCity: DemoPlaces.miami,
            kinds: [.operationalSupport, .equipment, .course, .exchangeVisit], weight: 7, language: .en),
        ProviderProfile(
            organization: agency("US-DEA", "Drug Enforcement Administration", country: "US", parent: "US"),
            areas: ["narco-trafficking", "combating-crime"], currency: "USD", homeCity: DemoPlaces.quantico,
            kinds: [.course, .operationalSupport, .advisory], weight: 7, language: .en),
        ProviderProfile(
            organization: agency("US-USCG", "United States Coast Guard", country: "US", parent: "US"),
            areas: ["narco-trafficking"], currency: "USD", homeCity: DemoPlaces.yorktown,
            kinds: [.course, .equipment, .exchangeVisit, .operationalSupport], weight: 6, language: .en),
        ProviderProfile(
            organization: agency(
                "US-DOJ", "U.S. Department of Justice (OPDAT and ICITAP)", country: "US", parent: "US"),
            areas: ["strengthening-institutions", "combating-crime"], currency: "USD", homeCity: DemoPlaces.washington,
            kinds: [.advisory, .course, .conference], weight: 5, language: .en),
        ProviderProfile(
            organization: agency("CO-PONAL", "Policía Nacional de Colombia", country: "CO", parent: "CO"),
            areas: ["combating-crime", "narco-trafficking", "strengthening-institutions", "resilient-communities"],
            currency: "COP", homeCity: DemoPlaces.bogota, kinds: [.course, .exchangeVisit, .advisory], weight: 12,
            language: .es),
        ProviderProfile(
            organization: agency("CO-EJC", "Ejército Nacional de Colombia", country: "CO", parent: "CO"),
            areas: ["narco-trafficking", "strengthening-institutions"], currency: "COP", homeCity: DemoPlaces.tolemaida,
            kinds: [.course, .exchangeVisit], weight: 4, language: .es),
        ProviderProfile(
            organization: agency("CO-ARC", "Armada de Colombia", country: "CO", parent: "CO"),
            areas: ["narco-trafficking"], currency: "COP", homeCity: DemoPlaces.cartagena,
            kinds: [.course, .exchangeVisit, .operationalSupport], weight: 6, language: .es),
        ProviderProfile(
            organization: agency("CO-FGN", "Fiscalía General de la Nación", country: "CO", parent: "CO"),
            areas: ["strengthening-institutions", "combating-crime"], currency: "COP", homeCity: DemoPlaces.bogota,
            kinds: [.course, .advisory, .exchangeVisit], weight: 4, language: .es),
        ProviderProfile(
            organization: agency(
                "CO-APC", "Agencia Presidencial de Cooperación Internacional de Colombia", country: "CO", parent: "CO"),
            areas: ["resilient-communities", "strengthening-institutions"], currency: "COP",
            homeCity: DemoPlaces.bogota,
            kinds: [.conference, .advisory, .exchangeVisit], weight: 2, language: .es),
        ProviderProfile(
            organization: agency(
                "CA-GAC", "Global Affairs Canada (Anti-Crime Capacity Building Program)", country: "CA", parent: "CA"),
            areas: ["combating-crime", "strengthening-institutions", "resilient-communities"], currency: "CAD",
            homeCity: DemoPlaces.ottawa, kinds: [.advisory, .course, .conference, .equipment], weight: 5, language: .en),
        ProviderProfile(
            organization: agency("CA-RCMP", "Royal Canadian Mounted Police", country: "CA", parent: "CA"),
            areas: ["combating-crime", "strengthening-institutions"], currency: "CAD", homeCity: DemoPlaces.ottawa,
            kinds: [.course, .exchangeVisit], weight: 3, language: .en),
        ProviderProfile(
            organization: agency("ES-GC", "Guardia Civil", country: "ES", parent: "ES"),
            areas: ["narco-trafficking", "combating-crime", "strengthening-institutions"], currency: "EUR",
            homeCity: DemoPlaces.madrid, kinds: [.course, .exchangeVisit, .advisory], weight: 4, language: .es),
        ProviderProfile(
            organization: agency("ES-PN", "Policía Nacional de España", country: "ES", parent: "ES"),
            areas: ["combating-crime", "strengthening-institutions"], currency: "EUR", homeCity: DemoPlaces.avila,
            kinds: [.course, .exchangeVisit], weight: 3, language: .es),
        ProviderProfile(
            organization: agency(
                "ES-AECID", "Agencia Española de Cooperación Internacional para el Desarrollo", country: "ES",
                parent: "ES"),
            areas: ["resilient-communities", "strengthening-institutions"], currency: "EUR",
            homeCity: DemoPlaces.madrid,
            kinds: [.advisory, .conference], weight: 3, language: .es),
        ProviderProfile(
            organization: agency(
                "EU-INTPA", "European Commission — Directorate-General for International Partnerships", country: "BE",
                parent: "EU"),
            areas: ["strengthening-institutions", "narco-trafficking", "resilient-communities", "combating-crime"],
            currency: "EUR", homeCity: DemoPlaces.brussels, kinds: [.advisory, .conference, .equipment, .course],
            weight: 6, language: .en),
        ProviderProfile(
            organization: agency("GB-NCA", "National Crime Agency", country: "GB", parent: "GB"),
            areas: ["combating-crime", "narco-trafficking"], currency: "USD", homeCity: DemoPlaces.london,
            kinds: [.course, .advisory, .operationalSupport], weight: 3, language: .en),
    ]

    /// Partner governments that receive cooperation, with the country's region.
    static let partners: [Organization] = DemoPlaces.recipients.map {
        government($0.code, $0.officialName, member: false)
    }

    /// Every demo organisation, parents before their agencies.
    static var all: [Organization] {
        memberGovernments + partners.filter { partner in !memberGovernments.contains { $0.code == partner.code } }
            + providers.map(\.organization)
    }
}
