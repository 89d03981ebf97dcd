import EnlaceCore
import Foundation

/// Recipient countries, their institutions and cities, for the demo.
enum DemoPlaces {
    struct City {
        let name: String
        let lat: Double
        let lon: Double
    }

    /// A beneficiary institution, named in English and Spanish (with its article, for titles).
    struct Institution {
        let english: String
        let spanish: String
        /// The key areas the institution is usually trained in.
        let areas: [String]
    }

    struct Recipient {
        let code: String
        let officialName: String
        let region: String
        let cities: [City]
        let institutions: [Institution]
        /// Relative weight in the portfolio.
        let weight: Int
    }

    static let washington = City(name: "Washington, D.C.", lat: 38.9072, lon: -77.0369)
    static let miami = City(name: "Doral, Florida", lat: 25.8195, lon: -80.3553)
    static let quantico = City(name: "Quantico, Virginia", lat: 38.5224, lon: -77.2936)
    static let yorktown = City(name: "Yorktown, Virginia", lat: 37.2388, lon: -76.5097)
    static let bogota = City(name: "Bogotá", lat: 4.7110, lon: -74.0721)
    static let tolemaida = City(name: "Tolemaida, Tolima", lat: 4.2437, lon: -74.6497)
    static let cartagena = City(name: "Cartagena de Indias", lat: 10.3910, lon: -75.4794)
    static let ottawa = City(name: "Ottawa", lat: 45.4215, lon: -75.6972)
    static let madrid = City(name: "Madrid", lat: 40.4168, lon: -3.7038)
    static let avila = City(name: "Ávila", lat: 40.6565, lon: -4.6818)
    static let brussels = City(name: "Brussels", lat: 50.8503, lon: 4.3517)
    static let london = City(name: "London", lat: 51.5072, lon: -0.1276)
    static let panama = City(name: "Ciudad de Panamá", lat: 8.9824, lon: -79.5199)

    /// Institutions most countries have, named after the country.
    static func standardInstitutions(_ adjective: String, _ spanishCountry: String) -> [Institution] {
        [
            Institution(
                english: "the \(adjective) National Police", spanish: "la Policía Nacional de \(spanishCountry)",
                areas: ["combating-crime", "strengthening-institutions", "resilient-communities"]),
            Institution(
                english: "the \(adjective) Navy", spanish: "la Fuerza Naval de \(spanishCountry)",
                areas: ["narco-trafficking"]),
            Institution(
                english: "the \(adjective) Attorney General's Office",
                spanish: "el Ministerio Público de \(spanishCountry)",
                areas: ["strengthening-institutions", "combating-crime"]),
            Institution(
                english: "the \(adjective) Customs Service", spanish: "la Aduana de \(spanishCountry)",
                areas: ["narco-trafficking", "strengthening-institutions"]),
            Institution(
                english: "the \(adjective) Financial Intelligence Unit",
                spanish: "la Unidad de Inteligencia Financiera de \(spanishCountry)",
                areas: ["combating-crime"]),
            Institution(
                english: "the \(adjective) Prison System", spanish: "el Sistema Penitenciario de \(spanishCountry)",
                areas: ["strengthening-institutions"]),
            Institution(
                english: "the \(adjective) Ministry of Security",
                spanish: "el Ministerio de Seguridad de \(spanishCountry)",
                areas: ["resilient-communities", "strengthening-institutions"]),
            Institution(
                english: "the \(adjective) Anti-Drug Directorate",
                spanish: "la Dirección Antidrogas de \(spanishCountry)",
                areas: ["narco-trafficking"]),
        ]
    }

    /// Countries whose institutions carry Spanish names.
    static let spanishSpeaking: Set<String> = ["GT", "HN", "SV", "CR", "PA", "MX", "DO", "CO", "PE", "EC", "BO"]

    /// The institution's own name, as a beneficiary field holds it whatever the record's language.
    static func officialName(_ institution: Institution, in recipient: Recipient) -> String {
        let name = (spanishSpeaking.contains(recipient.code) ? institution.spanish : institution.english)
            .replacingOccurrences(of: " de el ", with: " del ")
        for article in ["the ", "la ", "el ", "las ", "los "] where name.hasPrefix(article) {
            return String(name.dropFirst(article.count))
        }
        return name
    }

    static let recipients: [Recipient] = [
        Recipient(
            code: "GT", officialName: "República de Guatemala", region: "Central America",
            cities: [
                City(name: "Ciudad de Guatemala", lat: 14.6349, lon: -90.5069),
                City(name: "Puerto Quetzal", lat: 13.9214, lon: -90.7872),
            ],
            institutions: standardInstitutions("Guatemalan", "Guatemala"), weight: 9),
        Recipient(
            code: "HN", officialName: "República de Honduras", region: "Central America",
            cities: [
                City(name: "Tegucigalpa", lat: 14.0723, lon: -87.1921),
                City(name: "Puerto Cortés", lat: 15.8500, lon: -87.9400),
                City(name: "San Pedro Sula", lat: 15.5050, lon: -88.0250),
            ],
            institutions: [
                Institution(
                    english: "the Honduran National Police", spanish: "la Policía Nacional de Honduras",
                    areas: ["combating-crime", "strengthening-institutions", "resilient-communities"]),
                Institution(
                    english: "the Honduran Navy", spanish: "la Fuerza Naval de Honduras", areas: ["narco-trafficking"]),
                Institution(
                    english: "the Honduran Public Ministry", spanish: "el Ministerio Público de Honduras",
                    areas: ["strengthening-institutions", "combating-crime"]),
                Institution(
                    english: "the Honduran Customs Administration", spanish: "la Administración Aduanera de Honduras",
                    areas: ["narco-trafficking", "strengthening-institutions"]),
                Institution(
                    english: "the Honduran Financial Intelligence Unit",
                    spanish: "la Unidad de Inteligencia Financiera de Honduras", areas: ["combating-crime"]),
                Institution(
                    english: "the Honduran National Penitentiary Institute",
                    spanish: "el Instituto Nacional Penitenciario de Honduras", areas: ["strengthening-institutions"]),
                Institution(
                    english: "the Honduran Secretariat of Security", spanish: "la Secretaría de Seguridad de Honduras",
                    areas: ["resilient-communities", "strengthening-institutions"]),
                Institution(
                    english: "the Honduran Anti-Drug Directorate",
                    spanish: "la Dirección de Lucha contra el Narcotráfico de Honduras", areas: ["narco-trafficking"]),
            ], weight: 10),
        Recipient(
            code: "SV", officialName: "República de El Salvador", region: "Central America",
            cities: [
                City(name: "San Salvador", lat: 13.6929, lon: -89.2182),
                City(name: "Acajutla", lat: 13.5928, lon: -89.8275),
            ],
            institutions: standardInstitutions("Salvadoran", "El Salvador"), weight: 8),
        Recipient(
            code: "CR", officialName: "República de Costa Rica", region: "Central America",
            cities: [
                City(name: "San José", lat: 9.9281, lon: -84.0907),
                City(name: "Puerto Limón", lat: 9.9907, lon: -83.0360),
            ],
            institutions: standardInstitutions("Costa Rican", "Costa Rica"), weight: 6),
        Recipient(
            code: "PA", officialName: "República de Panamá", region: "Central America",
            cities: [panama, City(name: "Colón", lat: 9.3592, lon: -79.9014)],
            institutions: standardInstitutions("Panamanian", "Panamá"), weight: 7),
        Recipient(
            code: "BZ", officialName: "Belize", region: "Central America",
            cities: [
                City(name: "Belmopan", lat: 17.2510, lon: -88.7590),
                City(name: "Belize City", lat: 17.5046, lon: -88.1962),
            ],
            institutions: standardInstitutions("Belizean", "Belice"), weight: 3),
        Recipient(
            code: "MX", officialName: "Estados Unidos Mexicanos", region: "North America",
            cities: [
                City(name: "Ciudad de México", lat: 19.4326, lon: -99.1332),
                City(name: "Manzanillo", lat: 19.1138, lon: -104.3385),
            ],
            institutions: standardInstitutions("Mexican", "México"), weight: 5),
        Recipient(
            code: "DO", officialName: "República Dominicana", region: "Caribbean",
            cities: [
                City(name: "Santo Domingo", lat: 18.4861, lon: -69.9312),
                City(name: "Puerto Plata", lat: 19.7808, lon: -70.6871),
            ],
            institutions: standardInstitutions("Dominican", "la República Dominicana"), weight: 6),
        Recipient(
            code: "JM", officialName: "Jamaica", region: "Caribbean",
            cities: [
                City(name: "Kingston", lat: 17.9714, lon: -76.7936),
                City(name: "Montego Bay", lat: 18.4762, lon: -77.8939),
            ],
            institutions: standardInstitutions("Jamaican", "Jamaica"), weight: 5),
        Recipient(
            code: "TT", officialName: "Republic of Trinidad and Tobago", region: "Caribbean",
            cities: [City(name: "Port of Spain", lat: 10.6549, lon: -61.5019)],
            institutions: standardInstitutions("Trinidad and Tobago", "Trinidad y Tobago"), weight: 4),
        Recipient(
            code: "BS", officialName: "Commonwealth of The Bahamas", region: "Caribbean",
            cities: [City(name: "Nassau", lat: 25.0443, lon: -77.3504)],
            institutions: standardInstitutions("Bahamian", "las Bahamas"), weight: 3),
        Recipient(
            code: "BB", officialName: "Barbados", region: "Caribbean",
            cities: [City(name: "Bridgetown", lat: 13.0975, lon: -59.6167)],
            institutions: standardInstitutions("Barbadian", "Barbados"), weight: 2),
        Recipient(
            code: "HT", officialName: "République d'Haïti", region: "Caribbean",
            cities: [City(name: "Port-au-Prince", lat: 18.5944, lon: -72.3074)],
            institutions: standardInstitutions("Haitian", "Haití"), weight: 3),
        Recipient(
            code: "CO", officialName: "República de Colombia", region: "Andes",
            cities: [
                bogota, City(name: "Tumaco", lat: 1.8061, lon: -78.7647),
                City(name: "Buenaventura", lat: 3.8801, lon: -77.0312),
            ],
            institutions: standardInstitutions("Colombian", "Colombia"), weight: 5),
        Recipient(
            code: "PE", officialName: "República del Perú", region: "Andes",
            cities: [
                City(name: "Lima", lat: -12.0464, lon: -77.0428), City(name: "Callao", lat: -12.0566, lon: -77.1181),
            ],
            institutions: standardInstitutions("Peruvian", "el Perú"), weight: 6),
        Recipient(
            code: "EC", officialName: "República del Ecuador", region: "Andes",
            cities: [
                City(name: "Quito", lat: -0.1807, lon: -78.4678), City(name: "Guayaquil", lat: -2.1710, lon: -79.9224),
            ],
            institutions: standardInstitutions("Ecuadorian", "el Ecuador"), weight: 7),
        Recipient(
            code: "BO", officialName: "Estado Plurinacional de Bolivia", region: "Andes",
            cities: [
                City(name: "La Paz", lat: -16.4897, lon: -68.1193),
                City(name: "Santa Cruz de la Sierra", lat: -17.8146, lon: -63.1561),
            ],
            institutions: standardInstitutions("Bolivian", "Bolivia"), weight: 3),
        Recipient(
            code: "GH", officialName: "Republic of Ghana", region: "West Africa",
            cities: [City(name: "Accra", lat: 5.6037, lon: -0.1870), City(name: "Tema", lat: 5.6698, lon: -0.0166)],
            institutions: standardInstitutions("Ghanaian", "Ghana"), weight: 4),
        Recipient(
            code: "SN", officialName: "République du Sénégal", region: "West Africa",
            cities: [City(name: "Dakar", lat: 14.7167, lon: -17.4677)],
            institutions: standardInstitutions("Senegalese", "Senegal"), weight: 3),
        Recipient(
            code: "CI", officialName: "République de Côte d'Ivoire", region: "West Africa",
            cities: [City(name: "Abidjan", lat: 5.3600, lon: -4.0083)],
            institutions: standardInstitutions("Ivorian", "Côte d'Ivoire"), weight: 3),
        Recipient(
            code: "NG", officialName: "Federal Republic of Nigeria", region: "West Africa",
            cities: [City(name: "Abuja", lat: 9.0765, lon: 7.3986), City(name: "Lagos", lat: 6.5244, lon: 3.3792)],
            institutions: standardInstitutions("Nigerian", "Nigeria"), weight: 3),
        Recipient(
            code: "GW", officialName: "República da Guiné-Bissau", region: "West Africa",
            cities: [City(name: "Bissau", lat: 11.8817, lon: -15.6178)],
            institutions: standardInstitutions("Bissau-Guinean", "Guinea-Bisáu"), weight: 2),
        Recipient(
            code: "CV", officialName: "República de Cabo Verde", region: "West Africa",
            cities: [City(name: "Praia", lat: 14.9330, lon: -23.5133)],
            institutions: standardInstitutions("Cabo Verdean", "Cabo Verde"), weight: 2),
        Recipient(
            code: "SL", officialName: "Republic of Sierra Leone", region: "West Africa",
            cities: [City(name: "Freetown", lat: 8.4657, lon: -13.2317)],
            institutions: standardInstitutions("Sierra Leonean", "Sierra Leona"), weight: 1),
        Recipient(
            code: "TG", officialName: "République togolaise", region: "West Africa",
            cities: [City(name: "Lomé", lat: 6.1319, lon: 1.2228)],
            institutions: standardInstitutions("Togolese", "Togo"), weight: 1),
    ]
}
