public import EnlaceCore
public import Foundation

/// Reads an IATI activity file with libxml2's streaming reader (``XMLReader``), one `iati-activity` at a time, so
/// that a file of any size is read in the memory of one activity.
///
/// The first element must be `iati-activities` of a version in ``versions``; otherwise, or when the XML is not well
/// formed, reading stops with the ``ImportProblem`` that says so, by line and column. External entities are never
/// resolved.
public enum IATIActivityParser {
    /// The IATI versions Enlace reads.
    public static let versions: Set<String> = ["2.01", "2.02", "2.03"]
    /// The most elements one activity may hold (a real one holds tens to a few thousand).
    public static let maxElements = 100_000
    /// The most text one element keeps, in bytes; the rest is read over (a title is at most 300 characters).
    static let maxText = 65_536

    /// Reads `stream`, calling `activity` with each activity element in file order; `activity` answers false to
    /// stop. Throws the file's problem, if it has one.
    public static func parse(_ stream: InputStream, activity: @escaping (IATIActivityElement) -> Bool) throws {
        // A machine without libxml2 fails here with that reason, not with a problem of the file.
        let reader = try XMLReader(stream)
        let handler = Handler(reader: reader, deliver: activity)
        do {
            while !handler.stopped, try reader.read() {
                switch reader.node {
                case .elementStart:
                    let name = reader.name
                    let empty = reader.isEmptyElement
                    handler.start(name, Handler.Attributes(reader.attributes()))
                    if empty, !handler.stopped { handler.end() }
                case .elementEnd: handler.end()
                case .text: if handler.collecting { handler.characters(reader.value) }
                case .doctype, .entityReference:
                    // IATI files declare no document type; an entity the file declares itself is never expanded,
                    // and dropping it would lose text silently.
                    handler.problem = ImportProblem(
                        .notXML, line: reader.line,
                        parameters: ["detail": "a document type declaration (DOCTYPE) or an entity it declares"])
                    handler.stopped = true
                case .other: break
                }
            }
        } catch {
            // The line and column say where; libxml2's errors do not reliably say what to a reader of the report.
            if handler.problem == nil, !handler.stopped {
                handler.problem = ImportProblem(.notXML, line: error.line, column: error.column)
            }
        }
        if let problem = handler.problem { throw problem }
        if !handler.sawRoot { throw ImportProblem(.notXML, line: 1, column: 1) }
        if !handler.stopped && handler.count == 0 { throw ImportProblem(.empty, line: handler.rootLine) }
    }

    /// Reads the file at `url` as ``parse(_:activity:)`` does.
    public static func parse(contentsOf url: URL, activity: @escaping (IATIActivityElement) -> Bool) throws {
        guard let stream = InputStream(url: url) else {
            throw ImportProblem(.notXML, line: 1, parameters: ["detail": "the file cannot be opened"])
        }
        try parse(stream, activity: activity)
    }

    /// What the reader meets, in order: keeps the path of open elements and builds the current activity from them.
    private final class Handler {
        typealias Element = IATIActivityElement

        /// An element's attributes, by qualified name (an element has a handful: a list is quicker than a table).
        struct Attributes {
            let pairs: [(name: String, value: String)]
            init(_ pairs: [(name: String, value: String)]) { self.pairs = pairs }
            subscript(_ name: String) -> String? { pairs.first { $0.name == name }?.value }
        }

        let reader: XMLReader
        let deliver: (Element) -> Bool
        var problem: ImportProblem?
        var sawRoot = false
        var rootLine = 1
        var stopped = false
        var count = 0
        private var rootLang: String?
        /// The open elements from `iati-activity` down.
        private var path: [Tag] = []
        private var activity: Element?
        /// Whether an activity is being read (`activity != nil` would copy the activity to compare it).
        private var reading = false
        /// The elements of the current activity so far.
        private var elements = 0
        private var text = ""
        private(set) var collecting = false
        private var narrativeLang: String?
        private var organization: Element.Organization?
        private var activityDescription: Element.Description?
        private var transactionDescription: [Element.Narrative] = []
        private var location: Element.Location?
        private var budget: Element.Budget?
        private var transaction: Element.Transaction?
        private var value = Element.Value()

        /// The elements the reading looks at, each known once by its name; any other is `other`.
        enum Tag {
            case activity, narrative, identifier, value, pos, reportingOrg, participatingOrg, providerOrg, receiverOrg
            case description, activityStatus, activityDate, recipientCountry, recipientRegion, sector, location
            case budget, periodStart, periodEnd, transaction, transactionType, transactionDate, title, name, point
            case other

            private static let byName: [String: Tag] = [
                "iati-activity": .activity,
                "narrative": .narrative,
                "iati-identifier": .identifier,
                "value": .value,
                "pos": .pos,
                "reporting-org": .reportingOrg,
                "participating-org": .participatingOrg,
                "provider-org": .providerOrg,
                "receiver-org": .receiverOrg,
                "description": .description,
                "activity-status": .activityStatus,
                "activity-date": .activityDate,
                "recipient-country": .recipientCountry,
                "recipient-region": .recipientRegion,
                "sector": .sector,
                "location": .location,
                "budget": .budget,
                "period-start": .periodStart,
                "period-end": .periodEnd,
                "transaction": .transaction,
                "transaction-type": .transactionType,
                "transaction-date": .transactionDate,
                "title": .title,
                "name": .name,
                "point": .point,
            ]

            init(_ name: String) { self = Self.byName[name] ?? .other }

            /// Whether the element's text is read.
            var hasText: Bool { self == .narrative || self == .identifier || self == .value || self == .pos }
        }

        init(reader: XMLReader, deliver: @escaping (Element) -> Bool) {
            self.reader = reader
            self.deliver = deliver
        }

        func start(_ name: String, _ attributes: Attributes) {
            let tag = Tag(name)
            guard sawRoot else {
                sawRoot = true
                rootLine = reader.line
                if name != "iati-activities" {
                    stop(ImportProblem(.notIATI, line: reader.line, parameters: ["root": name]))
                } else if let version = attributes["version"], IATIActivityParser.versions.contains(version) {
                    rootLang = attributes["xml:lang"]
                } else {
                    stop(
                        ImportProblem(
                            .unsupportedVersion, line: reader.line,
                            parameters: ["version": attributes["version"] ?? ""]))
                }
                return
            }
            if path.isEmpty {
                guard tag == .activity else { return skip(name) }
                elements = 0
                var started = Element(line: reader.line)
                started.lang = attributes["xml:lang"] ?? rootLang
                started.defaultCurrency = attributes["default-currency"]
                activity = started
                reading = true
                path = [tag]
                return
            }
            let parent = path.last ?? .other
            path.append(tag)
            elements += 1
            // An activity far larger than any real one (the store takes at most 500 transactions, 50 providers)
            // stops the reading: its cost stays bounded however the file is made.
            if elements > IATIActivityParser.maxElements || path.count > 32 {
                return stop(
                    ImportProblem(
                        .tooLarge, line: reader.line, identifier: activity?.identifier,
                        parameters: ["max": "\(IATIActivityParser.maxElements) elements in one activity"]))
            }
            collecting = tag.hasText
            text = ""
            switch (tag, parent) {
            case (.narrative, _): narrativeLang = attributes["xml:lang"]
            case (.reportingOrg, .activity), (.participatingOrg, .activity),
                (.providerOrg, .transaction), (.receiverOrg, .transaction):
                organization = Element.Organization(
                    ref: (attributes["ref"] ?? "").trimmed(),
                    type: attributes["type"], role: attributes["role"])
            case (.description, .activity): activityDescription = Element.Description(type: attributes["type"])
            case (.description, .transaction): transactionDescription = []
            case (.activityStatus, .activity): activity?.status = attributes["code"]
            case (.activityDate, .activity):
                if let type = attributes["type"], let date = attributes["iso-date"] {
                    activity?.dates.append(Element.DateEntry(type: type, date: date))
                }
            case (.recipientCountry, .activity):
                if let code = attributes["code"] { activity?.recipientCountries.append(code) }
            case (.recipientRegion, .activity):
                if let code = attributes["code"] { activity?.recipientRegions.append(code) }
            case (.sector, .activity), (.sector, .transaction):
                if let code = attributes["code"] {
                    let sector = Element.Sector(
                        vocabulary: attributes["vocabulary"], vocabularyURI: attributes["vocabulary-uri"], code: code)
                    if parent == .transaction {
                        transaction?.sectors.append(sector)
                    } else {
                        activity?.sectors.append(sector)
                    }
                }
            case (.location, .activity): location = activity?.location == nil ? Element.Location() : nil
            case (.budget, .activity): budget = Element.Budget(type: attributes["type"])
            case (.periodStart, .budget): budget?.periodStart = attributes["iso-date"]
            case (.periodEnd, .budget): budget?.periodEnd = attributes["iso-date"]
            case (.value, .budget), (.value, .transaction):
                value = Element.Value(currency: attributes["currency"], valueDate: attributes["value-date"])
            case (.transaction, .activity): transaction = Element.Transaction()
            case (.transactionType, .transaction): transaction?.type = attributes["code"]
            case (.transactionDate, .transaction): transaction?.date = attributes["iso-date"]
            default: break
            }
        }

        func characters(_ string: String) {
            if collecting, text.utf8.count < IATIActivityParser.maxText { text += string }
        }

        func end() {
            guard !path.isEmpty, reading else { return }
            if path.count == 1 {
                if let finished = activity.take() {
                    count += 1
                    if !deliver(finished) { stopped = true }
                }
                reading = false
                path = []
                return
            }
            let tag = path.removeLast()
            let parent = path.last ?? .other
            collecting = false
            switch (tag, parent) {
            case (.narrative, _):
                let narrative = Element.Narrative(
                    lang: narrativeLang, text: text.trimmed())
                let grandparent = path.count >= 2 ? path[path.count - 2] : .other
                switch (parent, grandparent) {
                case (.title, .activity): activity?.titles.append(narrative)
                case (.description, .activity): activityDescription?.narratives.append(narrative)
                case (.description, .transaction): transactionDescription.append(narrative)
                case (.name, .location): location?.names.append(narrative)
                case (.reportingOrg, _), (.participatingOrg, _), (.providerOrg, _), (.receiverOrg, _):
                    organization?.names.append(narrative)
                default: break
                }
            case (.identifier, .activity):
                activity?.identifier = text.trimmed()
            case (.reportingOrg, .activity):
                activity?.reportingOrganization = organization
                organization = nil
            case (.participatingOrg, .activity):
                if let organization { activity?.participatingOrganizations.append(organization) }
                organization = nil
            case (.providerOrg, .transaction):
                transaction?.provider = organization
                organization = nil
            case (.receiverOrg, .transaction):
                transaction?.receiver = organization
                organization = nil
            case (.description, .activity):
                if let activityDescription { activity?.descriptions.append(activityDescription) }
                activityDescription = nil
            case (.description, .transaction): transaction?.description = transactionDescription
            case (.pos, .point): location?.position = text
            case (.location, .activity):
                if let location { activity?.location = location }
                location = nil
            case (.value, .budget):
                value.amount = text.trimmed()
                budget?.value = value
            case (.value, .transaction):
                value.amount = text.trimmed()
                transaction?.value = value
            case (.budget, .activity):
                if let budget { activity?.budgets.append(budget) }
                budget = nil
            case (.transaction, .activity):
                if let transaction { activity?.transactions.append(transaction) }
                transaction = nil
            default: break
            }
        }

        /// An element between the root and the activities (none in IATI 2): read over.
        private func skip(_ name: String) {}

        private func stop(_ found: ImportProblem) {
            problem = found
            stopped = true
        }
    }
}
