public import EnlaceCore
public import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads an IATI activity file with Foundation's event-driven `XMLParser`, one `iati-activity` at a time, so that a
/// file of any size is read in the memory of one activity.
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
        let parser = XMLParser(stream: stream)
        let handler = Handler(parser: parser, deliver: activity)
        parser.delegate = handler
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        _ = parser.parse()
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

    /// The parser's delegate: keeps the path of open elements and builds the current activity from them.
    private final class Handler: NSObject, XMLParserDelegate {
        typealias Element = IATIActivityElement
        let parser: XMLParser
        let deliver: (Element) -> Bool
        var problem: ImportProblem?
        var sawRoot = false
        var rootLine = 1
        var stopped = false
        var count = 0
        private var rootLang: String?
        /// The open elements from `iati-activity` down.
        private var path: [String] = []
        private var activity: Element?
        /// The elements of the current activity so far.
        private var elements = 0
        private var text = ""
        private var collecting = false
        private var narrativeLang: String?
        private var organization: Element.Organization?
        private var activityDescription: Element.Description?
        private var transactionDescription: [Element.Narrative] = []
        private var location: Element.Location?
        private var budget: Element.Budget?
        private var transaction: Element.Transaction?
        private var value = Element.Value()

        /// The elements whose text is read.
        private static let textElements: Set<String> = ["narrative", "iati-identifier", "value", "pos"]

        init(parser: XMLParser, deliver: @escaping (Element) -> Bool) {
            self.parser = parser
            self.deliver = deliver
        }

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            guard sawRoot else {
                sawRoot = true
                rootLine = parser.lineNumber
                if name != "iati-activities" {
                    stop(ImportProblem(.notIATI, line: parser.lineNumber, parameters: ["root": name]))
                } else if let version = attributes["version"], IATIActivityParser.versions.contains(version) {
                    rootLang = attributes["xml:lang"]
                } else {
                    stop(
                        ImportProblem(
                            .unsupportedVersion, line: parser.lineNumber,
                            parameters: ["version": attributes["version"] ?? ""]))
                }
                return
            }
            if path.isEmpty {
                guard name == "iati-activity" else { return skip(name) }
                elements = 0
                var started = Element(line: parser.lineNumber)
                started.lang = attributes["xml:lang"] ?? rootLang
                started.defaultCurrency = attributes["default-currency"]
                activity = started
                path = [name]
                return
            }
            let parent = path.last ?? ""
            path.append(name)
            elements += 1
            // An activity far larger than any real one (the store takes at most 500 transactions, 50 providers)
            // stops the reading: its cost stays bounded however the file is made.
            if elements > IATIActivityParser.maxElements || path.count > 32 {
                return stop(
                    ImportProblem(
                        .tooLarge, line: parser.lineNumber, identifier: activity?.identifier,
                        parameters: ["max": "\(IATIActivityParser.maxElements) elements in one activity"]))
            }
            collecting = Self.textElements.contains(name)
            text = ""
            switch (name, parent) {
            case ("narrative", _): narrativeLang = attributes["xml:lang"]
            case ("reporting-org", "iati-activity"), ("participating-org", "iati-activity"),
                ("provider-org", "transaction"), ("receiver-org", "transaction"):
                organization = Element.Organization(
                    ref: (attributes["ref"] ?? "").trimmed(),
                    type: attributes["type"], role: attributes["role"])
            case ("description", "iati-activity"): activityDescription = Element.Description(type: attributes["type"])
            case ("description", "transaction"): transactionDescription = []
            case ("activity-status", "iati-activity"): activity?.status = attributes["code"]
            case ("activity-date", "iati-activity"):
                if let type = attributes["type"], let date = attributes["iso-date"] {
                    activity?.dates.append(Element.DateEntry(type: type, date: date))
                }
            case ("recipient-country", "iati-activity"):
                if let code = attributes["code"] { activity?.recipientCountries.append(code) }
            case ("recipient-region", "iati-activity"):
                if let code = attributes["code"] { activity?.recipientRegions.append(code) }
            case ("sector", "iati-activity"), ("sector", "transaction"):
                if let code = attributes["code"] {
                    let sector = Element.Sector(
                        vocabulary: attributes["vocabulary"], vocabularyURI: attributes["vocabulary-uri"], code: code)
                    if parent == "transaction" {
                        transaction?.sectors.append(sector)
                    } else {
                        activity?.sectors.append(sector)
                    }
                }
            case ("location", "iati-activity"): location = activity?.location == nil ? Element.Location() : nil
            case ("budget", "iati-activity"): budget = Element.Budget(type: attributes["type"])
            case ("period-start", "budget"): budget?.periodStart = attributes["iso-date"]
            case ("period-end", "budget"): budget?.periodEnd = attributes["iso-date"]
            case ("value", "budget"), ("value", "transaction"):
                value = Element.Value(currency: attributes["currency"], valueDate: attributes["value-date"])
            case ("transaction", "iati-activity"): transaction = Element.Transaction()
            case ("transaction-type", "transaction"): transaction?.type = attributes["code"]
            case ("transaction-date", "transaction"): transaction?.date = attributes["iso-date"]
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if collecting, text.utf8.count < IATIActivityParser.maxText { text += string }
        }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            if collecting, text.utf8.count < IATIActivityParser.maxText,
                let string = String(data: block, encoding: .utf8)
            {
                text += string
            }
        }

        func parser(
            _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
        ) {
            guard !path.isEmpty, activity != nil else { return }
            if path.count == 1 {
                if let finished = activity {
                    count += 1
                    if !deliver(finished) {
                        stopped = true
                        parser.abortParsing()
                    }
                }
                activity = nil
                path = []
                return
            }
            path.removeLast()
            let parent = path.last ?? ""
            collecting = false
            switch (name, parent) {
            case ("narrative", _):
                let narrative = Element.Narrative(
                    lang: narrativeLang, text: text.trimmed())
                let grandparent = path.count >= 2 ? path[path.count - 2] : ""
                switch (parent, grandparent) {
                case ("title", "iati-activity"): activity?.titles.append(narrative)
                case ("description", "iati-activity"): activityDescription?.narratives.append(narrative)
                case ("description", "transaction"): transactionDescription.append(narrative)
                case ("name", "location"): location?.names.append(narrative)
                case ("reporting-org", _), ("participating-org", _), ("provider-org", _), ("receiver-org", _):
                    organization?.names.append(narrative)
                default: break
                }
            case ("iati-identifier", "iati-activity"):
                activity?.identifier = text.trimmed()
            case ("reporting-org", "iati-activity"):
                activity?.reportingOrganization = organization
                organization = nil
            case ("participating-org", "iati-activity"):
                if let organization { activity?.participatingOrganizations.append(organization) }
                organization = nil
            case ("provider-org", "transaction"):
                transaction?.provider = organization
                organization = nil
            case ("receiver-org", "transaction"):
                transaction?.receiver = organization
                organization = nil
            case ("description", "iati-activity"):
                if let activityDescription { activity?.descriptions.append(activityDescription) }
                activityDescription = nil
            case ("description", "transaction"): transaction?.description = transactionDescription
            case ("pos", "point"): location?.position = text
            case ("location", "iati-activity"):
                if let location { activity?.location = location }
                location = nil
            case ("value", "budget"):
                value.amount = text.trimmed()
                budget?.value = value
            case ("value", "transaction"):
                value.amount = text.trimmed()
                transaction?.value = value
            case ("budget", "iati-activity"):
                if let budget { activity?.budgets.append(budget) }
                budget = nil
            case ("transaction", "iati-activity"):
                if let transaction { activity?.transactions.append(transaction) }
                transaction = nil
            default: break
            }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred error: any Error) {
            guard problem == nil, !stopped else { return }
            // The line and column say where; libxml2's error codes, as Foundation passes them on, do not reliably
            // say what.
            problem = ImportProblem(.notXML, line: parser.lineNumber, column: parser.columnNumber)
        }

        /// An element between the root and the activities (none in IATI 2): read over.
        private func skip(_ name: String) {}

        private func stop(_ found: ImportProblem) {
            problem = found
            stopped = true
            parser.abortParsing()
        }
    }
}
