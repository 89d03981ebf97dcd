/// The OECD-DAC 5-digit purpose codes Enlace reports for its key areas and topics, and the rule that picks an
/// activity's sectors from them.
///
/// The store ships it as `reference/dac-sectors.json`; the web layer decodes that file once and hands the value to
/// ``IATIActivityWriter``. A row with a topic is that topic's sector; the row marked default is its key area's
/// sector when an activity names none of that area's topics; rows with neither are related codes, listed for
/// reference and never chosen.
public struct DACSectorMapping: Sendable, Decodable {
    /// One purpose code tied to a key area and, where it fits, to a topic within it.
    public struct Entry: Sendable, Hashable, Decodable {
        /// The 5-digit DAC purpose code, for example `15132`.
        public var code: String
        /// Its name in the IATI Sector code list, for example `Police`.
        public var name: String
        /// The slug of the key area it belongs to.
        public var keyArea: String
        /// The slug of the topic it is the sector of, if any.
        public var topic: String?
        /// Whether it is the key area's sector when an activity names none of the area's topics.
        public var isDefault: Bool
        /// Whether an imported activity with this code gets this row's key area and topic, among the code's rows.
        public var isImport: Bool

        /// Creates the entry.
        public init(
            code: String, name: String, keyArea: String, topic: String? = nil, isDefault: Bool = false,
            isImport: Bool = false
        ) {
            self.code = code
            self.name = name
            self.keyArea = keyArea
            self.topic = topic
            self.isDefault = isDefault
            self.isImport = isImport
        }

        /// Reads the entry; `topic` may be null or absent and `default` absent (false).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            code = try container.decode(String.self, forKey: .code)
            name = try container.decode(String.self, forKey: .name)
            keyArea = try container.decode(String.self, forKey: .keyArea)
            topic = try container.decodeIfPresent(String.self, forKey: .topic)
            isDefault = try container.decodeIfPresent(Bool.self, forKey: .isDefault) ?? false
            isImport = try container.decodeIfPresent(Bool.self, forKey: .isImport) ?? false
        }

        private enum CodingKeys: String, CodingKey {
            case code, name, keyArea, topic
            case isDefault = "default"
            case isImport = "import"
        }
    }

    /// Where the codes come from, in words.
    public var source: String
    /// The rows, in the file's order; a code may appear in several.
    public var entries: [Entry]

    /// A mapping with no rows: activities are then written without sectors.
    public static let empty = DACSectorMapping(source: "", entries: [])

    /// Creates the mapping.
    public init(source: String, entries: [Entry]) {
        self.source = source
        self.entries = entries
    }

    /// The purpose codes of an activity in `keyAreas` with `topics`, each once, in the order of its key areas.
    ///
    /// For each key area, the codes of the rows naming that area and one of `topics` (in the order of `topics`);
    /// when there are none, the area's default code. A key area the mapping does not know adds nothing.
    public func sectors(keyAreas: [String], topics: [String]) -> [String] {
        var codes: [String] = []
        for area in keyAreas {
            let rows = entries.filter { $0.keyArea == area }
            var chosen = topics.flatMap { topic in rows.filter { $0.topic == topic }.map(\.code) }
            if chosen.isEmpty { chosen = rows.filter(\.isDefault).map(\.code) }
            for code in chosen where !codes.contains(code) { codes.append(code) }
        }
        return codes
    }

    /// The key area and, if any, the topic an imported activity with purpose code `code` gets: the code's row
    /// marked import, else the row that is its key area's default, else its only row; nil for a code the table
    /// does not hold or holds ambiguously.
    public func area(forCode code: String) -> (keyArea: String, topic: String?)? {
        let rows = entries.filter { $0.code == code }
        guard
            let row = rows.first(where: \.isImport) ?? rows.first(where: \.isDefault)
                ?? (rows.count == 1 ? rows[0] : nil)
        else { return nil }
        return (row.keyArea, row.isDefault ? nil : row.topic)
    }

    private enum CodingKeys: String, CodingKey {
        case source
        case entries = "sectors"
    }
}
