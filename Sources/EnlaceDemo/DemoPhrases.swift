import EnlaceCore
import Foundation

/// The words demo titles and descriptions are made of, in English and Spanish.
enum DemoPhrases {
    struct Bilingual {
        let en: String
        let es: String

        func text(_ language: Language) -> String { language == .es ? es : en }
    }

    /// How each topic is named inside a title.
    static let topics: [String: Bilingual] = [
        "maritime-interdiction": Bilingual(en: "maritime interdiction", es: "interdicción marítima"),
        "air-interdiction": Bilingual(en: "air interdiction", es: "interdicción aérea"),
        "land-interdiction": Bilingual(en: "port and land interdiction", es: "interdicción portuaria y terrestre"),
        "precursor-chemicals": Bilingual(en: "precursor chemical control", es: "control de precursores químicos"),
        "eradication-alternative-development": Bilingual(en: "alternative development", es: "desarrollo alternativo"),
        "counter-drug-intelligence": Bilingual(
            en: "counter-drug intelligence analysis", es: "análisis de inteligencia antidrogas"),
        "anti-money-laundering": Bilingual(
            en: "anti-money-laundering and asset forfeiture", es: "lavado de activos y extinción de dominio"),
        "anti-kidnapping-extortion": Bilingual(
            en: "kidnapping and extortion investigation", es: "investigación de secuestro y extorsión"),
        "homicide-gang-investigation": Bilingual(
            en: "homicide and gang investigation", es: "investigación de homicidios y pandillas"),
        "cybercrime": Bilingual(en: "cybercrime investigation", es: "investigación de delitos informáticos"),
        "human-trafficking-smuggling": Bilingual(
            en: "human trafficking and migrant smuggling", es: "trata de personas y tráfico ilícito de migrantes"),
        "arms-trafficking": Bilingual(en: "firearms trafficking", es: "tráfico de armas de fuego"),
        "police-professionalisation": Bilingual(
            en: "police leadership and professionalisation", es: "liderazgo y profesionalización policial"),
        "justice-prosecution": Bilingual(
            en: "prosecution under the accusatory system", es: "litigación en el sistema penal acusatorio"),
        "prison-management": Bilingual(en: "prison management and security", es: "gestión y seguridad penitenciaria"),
        "anti-corruption-internal-affairs": Bilingual(
            en: "internal affairs and anti-corruption", es: "asuntos internos y anticorrupción"),
        "border-customs": Bilingual(en: "border and customs control", es: "control fronterizo y aduanero"),
        "defence-support-civil-authorities": Bilingual(
            en: "military support to civil authorities", es: "apoyo militar a las autoridades civiles"),
        "crime-prevention": Bilingual(en: "community crime prevention", es: "prevención comunitaria del delito"),
        "community-policing": Bilingual(en: "community policing", es: "policía comunitaria"),
        "youth-at-risk": Bilingual(en: "youth violence prevention", es: "prevención de la violencia juvenil"),
        "victims-assistance": Bilingual(en: "victim assistance", es: "atención a víctimas"),
        "demand-reduction-treatment": Bilingual(
            en: "drug demand reduction and treatment", es: "reducción de la demanda y tratamiento de drogas"),
    ]

    /// Title patterns per kind: `{topic}` and `{institution}` are filled in.
    static let titles: [ActivityKind: [Bilingual]] = [
        .course: [
            Bilingual(en: "{Topic} course for {institution}", es: "Curso de {topic} para {institution}"),
            Bilingual(en: "Training on {topic} for {institution}", es: "Capacitación en {topic} para {institution}"),
            Bilingual(en: "{Topic} workshop with {institution}", es: "Taller de {topic} con {institution}"),
        ],
        .equipment: [
            Bilingual(
                en: "Equipment for {topic}: delivery to {institution}",
                es: "Dotación de equipos de {topic} para {institution}"),
            Bilingual(
                en: "Donation of {topic} equipment to {institution}",
                es: "Donación de equipos de {topic} a {institution}"),
        ],
        .advisory: [
            Bilingual(
                en: "Advisory mission on {topic} to {institution}", es: "Misión de asesoría en {topic} a {institution}"),
            Bilingual(
                en: "Technical assistance in {topic} for {institution}",
                es: "Asistencia técnica en {topic} para {institution}"),
        ],
        .exchangeVisit: [
            Bilingual(
                en: "Exchange visit on {topic} with {institution}",
                es: "Visita de intercambio sobre {topic} con {institution}")
        ],
        .operationalSupport: [
            Bilingual(
                en: "Operational support to {institution} in {topic}",
                es: "Apoyo operacional a {institution} en {topic}")
        ],
        .conference: [
            Bilingual(en: "Regional conference on {topic}", es: "Conferencia regional sobre {topic}"),
            Bilingual(en: "Seminar on {topic} with {institution}", es: "Seminario sobre {topic} con {institution}"),
        ],
    ]

    /// Paraphrases used for deliberate near-duplicates written by a second provider.
    static let paraphrases: [ActivityKind: Bilingual] = [
        .course: Bilingual(
            en: "Specialised {topic} training, {institution}", es: "Formación especializada en {topic}, {institution}"),
        .equipment: Bilingual(
            en: "Provision of {topic} equipment for {institution}",
            es: "Entrega de equipamiento de {topic} a {institution}"),
        .advisory: Bilingual(
            en: "Mentoring in {topic} for {institution}", es: "Acompañamiento en {topic} a {institution}"),
        .exchangeVisit: Bilingual(
            en: "Study visit: {topic} ({institution})", es: "Visita de estudio: {topic} ({institution})"),
        .operationalSupport: Bilingual(
            en: "Support to {topic} operations of {institution}", es: "Apoyo a operaciones de {topic} de {institution}"),
        .conference: Bilingual(en: "Meeting of experts on {topic}", es: "Encuentro de expertos sobre {topic}"),
    ]

    /// The first sentence of a description, per kind.
    static let openings: [ActivityKind: Bilingual] = [
        .course: Bilingual(
            en: "A {days}-day course for {participants} officers of {institution} on {topic}.",
            es: "Curso de {days} días para {participants} funcionarios de {institution} sobre {topic}."),
        .equipment: Bilingual(
            en: "Delivery and installation of equipment for {topic}, with operator training for {institution}.",
            es: "Entrega e instalación de equipos para {topic}, con capacitación de operadores de {institution}."),
        .advisory: Bilingual(
            en: "Embedded advisers work with {institution} on {topic} for {days} days.",
            es: "Asesores trabajan junto a {institution} en {topic} durante {days} días."),
        .exchangeVisit: Bilingual(
            en: "A delegation of {participants} from {institution} visits counterparts to compare practice in {topic}.",
            es:
                "Una delegación de {participants} integrantes de {institution} visita a sus contrapartes para comparar prácticas de {topic}."
        ),
        .operationalSupport: Bilingual(
            en: "Planning, logistics and liaison support to {institution} for {topic} operations.",
            es: "Apoyo de planeación, logística y enlace a {institution} para operaciones de {topic}."),
        .conference: Bilingual(
            en: "Practitioners from the region meet for {days} days to share lessons on {topic}.",
            es: "Profesionales de la región se reúnen durante {days} días para compartir lecciones sobre {topic}."),
    ]

    /// The second sentence: who delivers it for whom.
    static let delivery = Bilingual(
        en: "Delivered by {implementer} with funding from {funder}.",
        es: "Ejecutado por {implementer} con financiación de {funder}.")

    /// The second sentence when the implementer pays for it too.
    static let selfFunded = Bilingual(
        en: "Delivered and funded by {implementer}.", es: "Ejecutado y financiado por {implementer}.")

    /// Fills a pattern and mends Spanish contractions (`a el` → `al`, `de el` → `del`).
    static func fill(_ pattern: String, _ values: [String: String], language: Language) -> String {
        var text = pattern
        for (key, value) in values {
            text = text.replacingOccurrences(of: "{\(key)}", with: value)
            let capitalised = value.prefix(1).uppercased() + value.dropFirst()
            text = text.replacingOccurrences(of: "{\(key.prefix(1).uppercased() + key.dropFirst())}", with: capitalised)
        }
        if language == .es {
            text = text.replacingOccurrences(of: " a el ", with: " al ").replacingOccurrences(
                of: " de el ", with: " del ")
        }
        return text.prefix(1).uppercased() + text.dropFirst()
    }
}
