/// Turns titles, descriptions and institution names in English, Spanish, French or Portuguese into
/// comparable terms: folded, stop words dropped, lightly stemmed, and mapped to shared concepts so
/// that `interdicción marítima` meets `maritime interdiction` and `Armada de Honduras` meets
/// `Honduran Navy`.
public enum TextAnalysis {
    /// The terms of `text`, in order, repeats kept.
    ///
    /// A term is a lightly stemmed word, or a concept (written `#navy`, `#HN`) when the word is one
    /// of the four languages' names for something the others name differently.
    public static func terms(_ text: String) -> [String] {
        let words = words(TextFolding.fold(text))
        var result: [String] = []
        result.reserveCapacity(words.count)
        var index = 0
        while index < words.count {
            if index + 1 < words.count, let concept = phrases[words[index] + " " + words[index + 1]] {
                result.append(concept)
                index += 2
                continue
            }
            if let term = term(words[index]) { result.append(term) }
            index += 1
        }
        return result
    }

    /// Two-word names of one thing, written as one word elsewhere (`coast guard`, `guardacostas`).
    static let phrases: [String: String] = [
        "coast guard": "#coastguard", "coast guards": "#coastguard", "garde cotes": "#coastguard",
        "garde cote": "#coastguard", "guarda costeira": "#coastguard", "guarda costas": "#coastguard",
        "human rights": "#humanrights", "derechos humanos": "#humanrights", "droits humains": "#humanrights",
        "droits homme": "#humanrights", "direitos humanos": "#humanrights", "air force": "#airforce",
        "fuerza aerea": "#airforce", "armee air": "#airforce", "forca aerea": "#airforce", "costa rica": "#CR",
        "costa rican": "#CR", "costa ricans": "#CR", "puerto rico": "#PR", "el salvador": "#SV",
    ]

    /// The acronyms a name may go by: its own all-capital words (`PNC`, `SENAFRONT`), and the initials
    /// of its words without function words, with and without country names (`Policía Nacional Civil
    /// de Guatemala` gives `pncg` and `pnc`), and of all its longer words.
    public static func acronyms(_ name: String) -> Set<String> {
        var result = Set<String>()
        var withCountries: [Character] = []
        var withoutCountries: [Character] = []
        var longer: [Character] = []
        for word in name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
            let folded = TextFolding.fold(String(word))
            guard let first = folded.first else { continue }
            if (2...10).contains(word.count), word.allSatisfy({ $0.isUppercase || $0.isNumber }) {
                result.insert(folded)
                continue
            }
            if folded.count > 2 { longer.append(first) }
            guard let term = term(folded) else { continue }
            withCountries.append(first)
            if !isCountry(term) { withoutCountries.append(first) }
        }
        for initials in [withCountries, withoutCountries, longer] where initials.count >= 2 {
            result.insert(String(initials))
        }
        return result
    }

    /// The term one folded word stands for, or nil for a stop word or a single letter.
    static func term(_ word: String) -> String? {
        guard word.utf8.count > 1, !stopWords.contains(word) else { return nil }
        if let concept = concepts[word] { return concept }
        let stemmed = stem(word)
        return stemConcepts[stemmed] ?? stemmed
    }

    /// Whether `term` names a country (a concept such as `#HN`).
    public static func isCountry(_ term: String) -> Bool {
        term.utf8.count == 3 && term.hasPrefix("#") && term.utf8.dropFirst().allSatisfy { (0x41...0x5A).contains($0) }
    }

    /// The words of already folded text: runs of letters and digits (any non-ASCII byte counts as a letter).
    static func words(_ folded: String) -> [String] {
        var result: [String] = []
        var current: [UInt8] = []
        for byte in folded.utf8 {
            if byte >= 0x80 || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) {
                current.append(byte)
            } else if !current.isEmpty {
                result.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { result.append(String(decoding: current, as: UTF8.self)) }
        return result
    }

    /// A light stem: common inflectional and derivational endings of the four languages removed, so
    /// that cognates (`investigación`, `investigation`, `investigação`) share one.
    public static func stem(_ word: String) -> String {
        var bytes = Array(word.utf8)
        for suffix in suffixes where bytes.count - suffix.count >= 4 && bytes.ends(with: suffix) {
            bytes.removeLast(suffix.count)
            break
        }
        // Trailing vowels: `servicio`, `service` and `serviço` all become `servic`.
        if bytes.count > 5, bytes[bytes.count - 2] == 0x69, [0x61, 0x65, 0x6F].contains(bytes[bytes.count - 1]) {
            bytes.removeLast(2)
        } else if bytes.count > 4, let last = bytes.last, [0x61, 0x65, 0x6F, 0x79].contains(last) {
            bytes.removeLast()
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Endings removed by ``stem(_:)``, longest first.
    static let suffixes: [[UInt8]] = [
        "amientos", "imientos", "amiento", "imiento", "aciones", "iciones", "ations", "ciones", "sions", "tions",
        "acoes", "mente", "ments", "ement", "ation", "acao", "ings", "cion", "coes", "sion", "tion", "ment", "idad",
        "idade", "ites", "ite", "ity", "ing", "ismo", "isme", "ism", "ales", "eux", "ers", "es", "er", "s",
    ].sorted { $0.utf8.count > $1.utf8.count }.map { Array($0.utf8) }

    /// Function words of the four languages, folded.
    static let stopWords: Set<String> = [
        // English
        "the", "an", "of", "for", "to", "in", "on", "and", "with", "by", "at", "from", "into", "its", "their", "this",
        "that", "is", "are", "be", "as", "or", "within", "between", "against", "about", "new", "other", "through",
        // Spanish
        "el", "la", "lo", "los", "las", "de", "del", "en", "para", "con", "por", "al", "un", "una", "unos", "unas",
        "sobre", "su", "sus", "que", "entre", "contra", "mediante", "nuevo", "nueva", "otros", "otras", "y", "e", "o",
        // French
        "le", "les", "du", "des", "et", "pour", "avec", "par", "au", "aux", "une", "sur", "sa", "son", "ses", "dans",
        "leur", "leurs", "contre", "nouveau", "nouvelle", "ou",
        // Portuguese
        "os", "do", "da", "dos", "das", "em", "no", "na", "nos", "nas", "com", "um", "uma", "ao", "aos", "pelo",
        "pela", "seu", "sua", "novo", "nova",
    ]

    /// Stems (or whole folded words) that name the same thing across the four languages, each group
    /// mapped to one concept. Only words that cognate stemming cannot join: other roots, or other
    /// languages' names and adjectives for a country.
    static let concepts: [String: String] = {
        var table: [String: String] = [:]
        for (concept, words) in conceptGroups {
            for word in words { table[word] = concept }
        }
        return table
    }()

    /// The stems of the concepts' words, so that inflections not listed still meet; a stem two
    /// concepts share (French `armes` and `armée` both give `arme`) is left out.
    static let stemConcepts: [String: String] = {
        var table: [String: String] = [:]
        var ambiguous = Set<String>()
        for (concept, words) in conceptGroups {
            for word in words {
                let stemmed = stem(word)
                if let other = table[stemmed], other != concept { ambiguous.insert(stemmed) }
                table[stemmed] = concept
            }
        }
        for stemmed in ambiguous { table[stemmed] = nil }
        return table
    }()

    static let conceptGroups: [String: [String]] = [
        // Kinds of support.
        "#course": [
            "curso", "cursos", "cours", "course", "courses", "training", "trainings", "entrenamiento", "capacitacion",
            "capacitaciones", "formacion", "formation", "formations", "formacao", "treinamento", "taller", "talleres",
            "workshop", "workshops", "atelier", "ateliers", "oficina", "oficinas", "instruction", "instruccion",
            "capacitacao",
        ],
        "#equipment": [
            "equipment", "equipo", "equipos", "equipamiento", "equipement", "equipements", "equipamento",
            "equipamentos", "dotacion", "donacion", "donation", "doacao", "entrega", "delivery", "livraison",
        ],
        "#advisory": [
            "advisory", "advisor", "advisors", "adviser", "asesoria", "asesor", "asesores", "asesoramiento",
            "conseil", "conseiller", "conseillers", "assessoria", "assessor", "mentoring", "mentor", "mentores",
            "acompanamiento", "accompagnement", "acompanhamento", "assistance", "asistencia", "assistencia",
        ],
        "#exchange": [
            "exchange", "intercambio", "echange", "visit", "visita", "visite", "study", "estudio",
            "etude", "estudo", "pasantia",
        ],
        "#conference": [
            "conference", "conferencia", "seminar", "seminario", "seminaire", "encuentro", "meeting", "reunion",
            "rencontre", "reuniao", "forum", "foro", "symposium", "simposio",
        ],
        // Institutions and their people.
        "#navy": ["navy", "naval", "navale", "armada", "marina", "marine", "marinha", "sailor", "marinero", "marin"],
        "#coastguard": ["coastguard", "coastguards", "guardacostas", "guardacosta", "gardecotes"],
        "#army": ["army", "ejercito", "armee", "exercito", "military", "militar", "militaire", "soldier", "soldado"],
        "#airforce": ["aerea", "aerienne", "aereo", "aerial", "aviation", "aviacion", "aviacao"],
        "#police": ["police", "policia", "policias", "policial", "policier", "policiers", "policiais", "gendarmerie"],
        "#customs": ["customs", "aduana", "aduanas", "aduanero", "douane", "douanes", "douanier", "alfandega"],
        "#border": ["border", "borders", "frontera", "fronteras", "fronterizo", "frontiere", "fronteira", "frontier"],
        "#migration": ["migration", "migracion", "migratorio", "immigration", "inmigracion", "migracao"],
        "#prison": [
            "prison", "prisons", "prision", "prisiones", "carcel", "carceles", "penitenciario", "penitenciaria",
            "penitentiary", "penitentiaire", "prisional", "correctional", "correccional", "detention", "detencion",
        ],
        "#prosecution": [
            "prosecutor", "prosecutors", "prosecution", "fiscal", "fiscales", "fiscalia", "procureur", "procureurs",
            "parquet", "promotor", "promotores", "attorney",
        ],
        "#judiciary": [
            "judge", "judges", "juez", "jueces", "juge", "juges", "juiz", "juizes", "court", "courts", "corte",
            "tribunal", "tribunales", "tribunaux", "judiciary", "judicial", "judiciaire", "judiciario",
        ],
        "#ministry": ["ministry", "ministerio", "ministere", "secretaria"],
        "#directorate": ["directorate", "direccion", "direction", "diretoria", "direcao", "directorio"],
        "#unit": [
            "unit", "units", "unidad", "unidades", "unite", "unites", "unidade", "unidades", "brigade", "brigada",
        ],
        "#force": ["force", "forces", "fuerza", "fuerzas", "forca", "forcas"],
        "#national": ["national", "nacional", "nationale", "nacionales", "nationaux"],
        "#special": ["special", "especial", "speciale", "especiales", "speciaux", "especializada", "specialized"],
        "#financial": [
            "financial", "financiero", "financiera", "financier", "financiere", "financeiro", "financeira",
            "finance", "finanzas", "financas",
        ],
        "#investigation": [
            "investigation", "investigations", "investigacion", "investigaciones", "enquete", "enquetes",
            "investigacao", "investigative", "investigativo", "investigator", "investigador", "enqueteur",
        ],
        "#intelligence": ["intelligence", "inteligencia", "renseignement", "renseignements"],
        "#security": ["security", "seguridad", "securite", "seguranca"],
        "#defence": ["defence", "defense", "defensa", "defesa"],
        "#justice": ["justice", "justicia", "justica"],
        "#interior": ["interior", "gobernacion", "interieur"],
        // Subjects.
        "#drug": [
            "drug", "drugs", "droga", "drogas", "drogue", "drogues", "narcotic", "narcotics", "narcotico",
            "narcoticos", "stupefiant", "stupefiants", "antidrogas", "antidrug", "antidrogue", "counternarcotic",
            "counternarcotics", "antinarcoticos", "narcotrafico", "narcotrafic", "narcotrafficking", "estupefaciente",
            "estupefacientes", "entorpecente", "entorpecentes",
        ],
        "#trafficking": ["trafficking", "trafico", "trafic", "trafego", "traficantes", "trafficker", "traffickers"],
        "#smuggling": ["smuggling", "contrabando", "contrebande", "smuggler", "contrabandista"],
        "#laundering": [
            "laundering", "lavado", "blanchiment", "lavagem", "launder", "blanqueo", "blanqueamiento",
        ],
        "#gang": ["gang", "gangs", "pandilla", "pandillas", "mara", "maras", "gangue", "gangues", "bande", "bandes"],
        "#youth": [
            "youth", "joven", "jovenes", "juvenil", "jeune", "jeunes", "jeunesse", "jovem", "jovens", "juventud",
        ],
        "#kidnapping": ["kidnapping", "secuestro", "secuestros", "enlevement", "sequestro", "kidnap"],
        "#extortion": ["extortion", "extorsion", "extorsao"],
        "#cyber": [
            "cyber", "cybercrime", "ciber", "cibercrimen", "cibercriminalidad", "cybercriminalite", "cibernetico",
        ],
        "#weapon": [
            "weapon", "weapons", "firearm", "firearms", "arma", "armas", "arme", "armes", "munition", "municion",
            "municiones", "ammunition",
        ],
        "#port": ["port", "ports", "puerto", "puertos", "porto", "portos", "portuario", "portuaire", "portuaria"],
        "#maritime": ["maritime", "maritimo", "maritima", "maritimes", "sea", "mar", "mer"],
        "#interdiction": ["interdiction", "interdiccion", "interdicao", "interception", "intercepcion"],
        "#corruption": ["corruption", "corrupcion", "corrupcao", "anticorruption", "anticorrupcion"],
        "#victim": ["victim", "victims", "victima", "victimas", "victime", "victimes", "vitima", "vitimas"],
        "#community": ["community", "communities", "comunidad", "comunidades", "communaute", "communautes"],
        "#prevention": ["prevention", "prevencion", "prevencao", "preventing", "prevenir"],
        "#violence": ["violence", "violencia", "violences"],
        "#crime": ["crime", "crimes", "crimen", "crimenes", "delito", "delitos", "criminalidad", "criminalite"],
        "#organized": ["organized", "organised", "organizado", "organizada", "organise", "organisee", "organizado"],
        "#human": ["human", "humano", "humanos", "humain", "humains", "humanas", "humana", "persons", "personas"],
        "#rights": ["rights", "derechos", "droits", "direitos"],
        "#evidence": ["evidence", "evidencia", "evidencias", "preuve", "preuves", "prova", "provas"],
        "#forensic": ["forensic", "forense", "forensics", "medicolegal", "scientifique", "pericial"],
        "#dog": ["canine", "canina", "canino", "k9", "dog", "dogs", "perro", "perros", "chien", "chiens", "cao"],
        "#vessel": [
            "vessel", "vessels", "boat", "boats", "embarcacion", "embarcaciones", "bateau", "navire", "lancha",
        ],
        "#container": ["container", "containers", "contenedor", "contenedores", "conteneur", "conteneurs"],
        "#airport": ["airport", "airports", "aeropuerto", "aeropuertos", "aeroport", "aeroporto"],
        "#school": ["school", "academy", "escuela", "academia", "ecole", "academie", "escola"],
        "#officer": [
            "officer", "officers", "oficial", "oficiales", "officier", "officiers", "agent", "agente", "agentes",
        ],
        // Countries by name and adjective, in the four languages, where stemming cannot join them.
        "#HN": ["honduras", "honduran", "hondureno", "hondurena", "hondurenos", "hondurien", "hondurienne"],
        "#GT": ["guatemala", "guatemalan", "guatemalteco", "guatemalteca", "guatemalteque"],
        "#SV": ["salvador", "salvadoran", "salvadoreno", "salvadorena", "salvadorien", "salvadorenha"],
        "#NI": ["nicaragua", "nicaraguan", "nicaraguense", "nicaraguayen"],
        "#CR": ["costarricense", "costaricien", "costarriquenho"],
        "#PA": ["panama", "panamanian", "panameno", "panamena", "panameen", "panamenho"],
        "#BZ": ["belize", "belice", "belizean", "beliceno", "belizien"],
        "#MX": ["mexico", "mexican", "mexicano", "mexicana", "mexicain", "mexique"],
        "#CO": ["colombia", "colombian", "colombiano", "colombiana", "colombien", "colombie", "colombienne"],
        "#PE": ["peru", "peruvian", "peruano", "peruana", "peruvien", "perou", "peruana"],
        "#EC": ["ecuador", "ecuadorian", "ecuatoriano", "ecuatoriana", "equatorien", "equateur", "equador"],
        "#BO": ["bolivia", "bolivian", "boliviano", "boliviana", "bolivien", "bolivie"],
        "#VE": ["venezuela", "venezuelan", "venezolano", "venezolana", "venezuelien"],
        "#BR": ["brazil", "brasil", "bresil", "brazilian", "brasileno", "brasileiro", "bresilien"],
        "#AR": ["argentina", "argentine", "argentinian", "argentino"],
        "#CL": ["chile", "chilean", "chileno", "chilena", "chilien", "chili"],
        "#PY": ["paraguay", "paraguai", "paraguayan", "paraguayo", "paraguaio", "paraguayen"],
        "#UY": ["uruguay", "uruguayan", "uruguayo", "uruguaio"],
        "#DO": ["dominican", "dominicano", "dominicana", "dominicain", "dominicaine"],
        "#HT": ["haiti", "haitian", "haitiano", "haitien", "haitienne"],
        "#JM": ["jamaica", "jamaican", "jamaicano", "jamaique", "jamaicain"],
        "#TT": ["trinidad", "tobago", "trinidadian", "trinitense"],
        "#BS": ["bahamas", "bahamian"],
        "#GY": ["guyana", "guyanese"],
        "#SR": ["suriname", "surinamese", "surinam"],
        "#CU": ["cuba", "cuban", "cubano"],
        "#US": ["american", "estadounidense", "americain", "americano", "eeuu", "usa"],
        "#CA": ["canada", "canadian", "canadiense", "canadien"],
        "#ES": ["spain", "espana", "espagne", "espanha", "spanish", "espanol", "espagnol"],
        "#FR": ["france", "francia", "franca", "french", "frances", "francais"],
        "#GB": ["british", "britanico", "britannique", "kingdom"],
        "#DE": ["germany", "alemania", "allemagne", "alemanha", "german", "aleman", "allemand"],
        "#NL": ["netherlands", "dutch", "holanda", "neerlandes", "neerlandais"],
        "#GH": ["ghana", "ghanaian"],
        "#SN": ["senegal", "senegalese", "senegales", "senegalais"],
        "#NG": ["nigeria", "nigerian", "nigeriano", "nigerian"],
    ]
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        guard count >= suffix.count else { return false }
        return self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
