import EnlaceCore
import Foundation
import Testing

@testable import EnlaceInterop

@Suite("IATI activity import: reading and mapping")
struct IATIActivityReaderTests {
    // MARK: Fixtures

    static let catalog: ReferenceCatalog = {
        let names = LocalizedText([.en: "x"])
        let areas = ["narco-trafficking", "combating-crime", "strengthening-institutions", "resilient-communities"]
        return ReferenceCatalog(
            countries: [], currencies: [], keyAreas: areas.map { KeyArea(slug: $0, names: names) },
            topics: [
                Topic(slug: "maritime-interdiction", keyArea: "narco-trafficking", dacCode: "16063", names: names),
                Topic(slug: "prison-management", keyArea: "strengthening-institutions", dacCode: "15137", names: names),
                Topic(
                    slug: "anti-corruption-internal-affairs", keyArea: "strengthening-institutions", dacCode: "15113",
                    names: names),
                Topic(slug: "anti-money-laundering", keyArea: "combating-crime", dacCode: "15113", names: names),
            ], kinds: [], modalities: [], statuses: [])
    }()

    /// The shipped table (an empty one if it cannot be read, which `shippedMapping` then reports).
    static let mapping = IATIActivityMapping(
        sectors: (try? IATIActivityWriterTests.shippedMapping()) ?? .empty, catalog: catalog)

    /// The elements of `xml`, or the file's problem.
    static func read(_ xml: String) -> (elements: [IATIActivityElement], problem: ImportProblem?) {
        var elements: [IATIActivityElement] = []
        do {
            try IATIActivityParser.parse(InputStream(data: Data(xml.utf8))) {
                elements.append($0)
                return true
            }
            return (elements, nil)
        } catch let problem as ImportProblem {
            return (elements, problem)
        } catch {
            Issue.record("unexpected error \(error)")
            return (elements, nil)
        }
    }

    static let full = """
        <?xml version="1.0" encoding="UTF-8"?>
        <iati-activities version="2.02" xml:lang="en">
          <iati-activity default-currency="EUR" xml:lang="es">
            <iati-identifier> XM-DAC-41114-1 </iati-identifier>
            <reporting-org ref="XM-DAC-41114" type="40"><narrative>UNDP</narrative></reporting-org>
            <title><narrative xml:lang="en">Prison management</narrative><narrative>Gestión penitenciaria</narrative></title>
            <description type="2"><narrative>Objectives</narrative></description>
            <description type="1"><narrative>Formación de <![CDATA[guardias & directores]]></narrative></description>
            <participating-org ref="XM-DAC-41114" role="1" type="40"><narrative>UNDP</narrative></participating-org>
            <participating-org ref="HN-INP" role="4" type="10"><narrative>Instituto Nacional Penitenciario</narrative></participating-org>
            <participating-org role="4"><narrative>A partner without an identifier</narrative></participating-org>
            <activity-status code="2"/>
            <activity-date type="1" iso-date="2026-02-01"/>
            <activity-date type="2" iso-date="2026-02-03"/>
            <activity-date type="3" iso-date="2026-11-30"/>
            <recipient-country code="hn" percentage="100"/>
            <recipient-region code="389"/>
            <location><name><narrative>Tegucigalpa</narrative></name><point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><pos>14.0723 -87.1921</pos></point></location>
            <sector vocabulary="1" code="15137" percentage="60"/>
            <sector code="15113" percentage="40"/>
            <sector vocabulary="2" code="151"/>
            <budget type="1" status="1">
              <period-start iso-date="2026-02-01"/><period-end iso-date="2026-11-30"/>
              <value value-date="2026-02-01">250000.50</value>
            </budget>
            <transaction>
              <transaction-type code="3"/><transaction-date iso-date="2026-03-01"/>
              <value currency="USD" value-date="2026-03-01">1000</value>
              <description><narrative>First disbursement</narrative></description>
              <provider-org ref="XM-DAC-41114"><narrative>UNDP</narrative></provider-org>
              <receiver-org ref="HN-INP"><narrative>INP</narrative></receiver-org>
            </transaction>
          </iati-activity>
        </iati-activities>
        """

    // MARK: Reading

    @Test("every part the import uses is read, in file order, with the activity's line")
    func readsEverything() throws {
        let (elements, problem) = Self.read(Self.full)
        #expect(problem == nil)
        let element = try #require(elements.first)
        #expect(elements.count == 1)
        #expect(element.line == 3)
        #expect(element.identifier == "XM-DAC-41114-1")
        #expect(element.lang == "es" && element.defaultCurrency == "EUR")
        #expect(element.titles.map(\.text) == ["Prison management", "Gestión penitenciaria"])
        #expect(element.descriptions.map(\.type) == ["2", "1"])
        #expect(element.descriptions[1].narratives.first?.text == "Formación de guardias & directores")
        #expect(element.participatingOrganizations.map(\.ref) == ["XM-DAC-41114", "HN-INP", ""])
        #expect(element.dates.map(\.type) == ["1", "2", "3"])
        #expect(element.recipientRegions == ["389"])
        #expect(element.sectors.map(\.code) == ["15137", "15113", "151"])
        #expect(element.location?.position == "14.0723 -87.1921")
        #expect(element.budgets.first?.value.amount == "250000.50")
        #expect(element.transactions.first?.receiver?.ref == "HN-INP")
    }

    @Test("each kind of bad file is refused with its problem, by line and column where it has them")
    func badFiles() {
        let notXML = Self.read("this is not XML")
        #expect(notXML.problem?.code == .notXML && notXML.problem?.line == 1)
        let truncated = Self.read(
            "<?xml version=\"1.0\"?>\n<iati-activities version=\"2.03\">\n<iati-activity>\n<title>")
        #expect(truncated.problem?.code == .notXML && truncated.problem?.line == 4)
        let mismatched = Self.read(
            "<iati-activities version=\"2.03\">\n  <iati-activity></iati-activityy>\n</iati-activities>")
        #expect(
            mismatched.problem?.code == .notXML && mismatched.problem?.line == 2 && mismatched.problem?.column != nil)
        let organisations = Self.read("<?xml version=\"1.0\"?>\n<iati-organisations version=\"2.03\"/>")
        #expect(
            organisations.problem?.code == .notIATI && organisations.problem?.parameters["root"] == "iati-organisations"
        )
        let old = Self.read("<iati-activities version=\"1.05\"><iati-activity/></iati-activities>")
        #expect(old.problem?.code == .unsupportedVersion && old.problem?.parameters["version"] == "1.05")
        let unversioned = Self.read("<iati-activities><iati-activity/></iati-activities>")
        #expect(unversioned.problem?.code == .unsupportedVersion)
        let empty = Self.read("<iati-activities version=\"2.01\"></iati-activities>")
        #expect(empty.problem?.code == .empty)
        let nothing = Self.read("")
        #expect(nothing.problem?.code == .notXML)
    }

    @Test("an entity that would expand into a huge text, or reach outside the file, is not expanded")
    func entities() {
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
            <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
            <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
            <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
            <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
            <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
            <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            <!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <iati-activities version="2.03"><iati-activity><iati-identifier>X-1</iati-identifier>
            <title><narrative>&lol9;&secret;</narrative></title></iati-activity></iati-activities>
            """
        let (elements, problem) = Self.read(laughs)
        let title = elements.first?.titles.first?.text ?? ""
        #expect(title.count < 100_000)
        #expect(!title.contains("root:"))
        // A file that declares its own entities is refused, not read with its entities dropped.
        #expect(problem?.code == .notXML)
        let declared = Self.read(
            """
            <!DOCTYPE iati-activities [<!ENTITY t "Border programme">]>
            <iati-activities version="2.03"><iati-activity><iati-identifier>X-1</iati-identifier>
            <title><narrative>&t;</narrative></title></iati-activity></iati-activities>
            """)
        #expect(declared.elements.isEmpty && declared.problem?.code == .notXML)
    }

    @Test("an activity's line is its start tag's, past line 65,535 too (where libxml2 keeps an element's line no more)")
    func linesOfLargeFiles() throws {
        var xml = "<iati-activities version=\"2.03\">\n"
        var expected: [Int] = []
        var line = 2
        for index in 0..<25_000 {
            if index.isMultiple(of: 1_000) {
                xml += "<!-- part \(index / 1_000) -->\n"
                line += 1
            }
            expected.append(line)
            xml += "  <iati-activity>\n    <iati-identifier>XM-\(index)</iati-identifier>\n  </iati-activity>\n"
            line += 3
        }
        xml += "</iati-activities>\n"
        #expect(line > 70_000)
        let (elements, problem) = Self.read(xml)
        #expect(problem == nil)
        #expect(elements.map(\.line) == expected)
        let broken = Self.read(String(xml.dropLast(20)))
        #expect(broken.problem?.code == .notXML && (broken.problem?.line ?? 0) > 70_000)
    }

    @Test("the official IATI examples are each read without a crash (their version is a placeholder)")
    func officialExamples() throws {
        guard let folder = IATIActivityWriterTests.sharedReference("examples") else {
            if IATIActivityWriterTests.isCI { Issue.record("needs ../shared/reference/iati-2.03/examples") }
            return
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".xml") }
        #expect(files.count > 30)
        for file in files.sorted() {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            // As published, `version="xx"`: refused for it, by line.
            #expect(Self.read(text).problem?.code == .unsupportedVersion, "\(file)")
            let (elements, problem) = Self.read(
                text.replacingOccurrences(of: "version=\"xx\"", with: "version=\"2.03\""))
            #expect(problem == nil, "\(file): \(String(describing: problem))")
            #expect(elements.count == 1, "\(file)")
            for element in elements { _ = Self.mapping.activity(element) }
        }
    }

    // MARK: Mapping

    @Test("the mapping: language, narratives, providers by role, dates, countries, sectors, money, location")
    func mapping() throws {
        let element = try #require(Self.read(Self.full).elements.first)
        let imported = Self.mapping.activity(element)
        let input = imported.input
        #expect(imported.identifier == "XM-DAC-41114-1" && imported.line == 3 && imported.enlaceID == nil)
        #expect(imported.reportingOrganization?.ref == "XM-DAC-41114" && imported.reportingOrganization?.type == "40")
        #expect(imported.organizations.map(\.ref) == ["XM-DAC-41114", "HN-INP"])
        #expect(input.language == "es")
        // The narrative without a language is the activity's own (Spanish); the general description is chosen.
        #expect(input.title == "Gestión penitenciaria")
        #expect(input.description == "Formación de guardias & directores")
        #expect(
            input.providers == [
                ActivityInput.ProviderInput(organization: "XM-DAC-41114", role: "funding"),
                ActivityInput.ProviderInput(organization: "HN-INP", role: "implementing"),
            ])
        #expect(input.recipientCountries == ["HN"])
        #expect(input.status == 2)
        #expect(input.plannedStart == "2026-02-01" && input.actualStart == "2026-02-03")
        #expect(input.plannedEnd == "2026-11-30" && input.actualEnd == nil)
        // 15137 prisons; 15113 anti-corruption (the row marked for import); the 3-digit code maps to nothing.
        #expect(input.keyAreas == ["strengthening-institutions"])
        #expect(input.topics == ["prison-management", "anti-corruption-internal-affairs"])
        #expect(input.budgetLines?.first?.value == ActivityInput.BudgetInput(amount: "250000.50", currency: "EUR"))
        let transaction = try #require(input.transactions?.first)
        #expect(transaction.type == 3 && transaction.provider == "XM-DAC-41114" && transaction.receiver == "HN-INP")
        #expect(transaction.value?.currency == "USD" && transaction.description == "First disbursement")
        #expect(input.location == ActivityInput.LocationInput(name: "Tegucigalpa", lat: 14.0723, lon: -87.1921))
        #expect(imported.problems.isEmpty)
        #expect(imported.carries.contains("transactions") && !imported.carries.contains("kind"))
    }

    @Test("DAC codes map onto key areas and topics by the table; Enlace's own vocabulary gives them exactly")
    func sectors() {
        func areas(_ codes: [(String?, String)]) -> ([String], [String]) {
            Self.mapping.areas(
                codes.map { IATIActivityElement.Sector(vocabulary: $0.0, vocabularyURI: nil, code: $0.1) })
        }
        #expect(areas([("1", "15132")]) == (["combating-crime"], []))
        #expect(areas([("1", "16063")]) == (["narco-trafficking"], []))
        #expect(areas([("1", "15210")]) == (["strengthening-institutions"], []))
        #expect(areas([("1", "15134")]) == (["strengthening-institutions"], []))
        #expect(areas([("1", "31165")]) == (["narco-trafficking"], ["eradication-alternative-development"]))
        #expect(areas([("1", "11110"), ("2", "151")]) == ([], []))
        let own = Self.mapping.areas([
            IATIActivityElement.Sector(vocabulary: "1", vocabularyURI: nil, code: "15132"),
            IATIActivityElement.Sector(
                vocabulary: "99", vocabularyURI: IATIActivityMapping.taxonomyVocabularyURI, code: "combating-crime"),
            IATIActivityElement.Sector(
                vocabulary: "99", vocabularyURI: IATIActivityMapping.taxonomyVocabularyURI,
                code: "anti-money-laundering"),
        ])
        #expect(own == (["combating-crime"], ["anti-money-laundering"]))
    }

    @Test("an activity whose sectors map to no key area is reported by identifier, never given one")
    func noKeyArea() throws {
        let xml = """
            <iati-activities version="2.03"><iati-activity><iati-identifier>XM-1</iati-identifier>
            <reporting-org ref="XM"/><sector code="11110"/></iati-activity></iati-activities>
            """
        let imported = Self.mapping.activity(try #require(Self.read(xml).elements.first))
        #expect(imported.problems.map(\.code) == [.noKeyArea])
        #expect(imported.problems.first?.identifier == "XM-1" && imported.input.keyAreas == [])
        // With no participating organisation, the reporting one funds it.
        #expect(imported.input.providers == [ActivityInput.ProviderInput(organization: "XM", role: "funding")])
    }

    @Test("an Enlace export's identifier names the Enlace id of its reporting organisation's activity")
    func enlaceIdentifier() throws {
        let id = "41db3d25-28c0-4c2e-834a-81cc992b11dc"
        let xml = """
            <iati-activities version="2.03"><iati-activity><iati-identifier>US-INL-\(id)</iati-identifier>
            <reporting-org ref="US-INL"/></iati-activity>
            <iati-activity><iati-identifier>GB-1-\(id)</iati-identifier><reporting-org ref="US-INL"/></iati-activity>
            <iati-activity><iati-identifier></iati-identifier><reporting-org ref="US-INL"/></iati-activity>
            </iati-activities>
            """
        let activities = Self.read(xml).elements.map(Self.mapping.activity)
        #expect(activities.map(\.enlaceID) == [id, nil, nil])
        #expect(activities[2].problems.contains { $0.code == .missingIdentifier })
    }

    @Test("a feed hands over every activity of a large file in batches and stops reading when left")
    func feed() async throws {
        var xml = "<iati-activities version=\"2.03\">\n"
        for index in 0..<1_050 {
            xml +=
                "<iati-activity><iati-identifier>XM-\(index)</iati-identifier><reporting-org ref=\"XM\"/></iati-activity>\n"
        }
        xml += "</iati-activities>\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString).xml")
        try Data(xml.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var sizes: [Int] = []
        var identifiers: [String] = []
        for try await batch in ImportFeed.iati(url, mapping: Self.mapping, batchSize: 200) {
            sizes.append(batch.count)
            identifiers += batch.map(\.identifier)
        }
        #expect(sizes == [200, 200, 200, 200, 200, 50])
        #expect(identifiers.first == "XM-0" && identifiers.last == "XM-1049" && Set(identifiers).count == 1_050)
        // Left after the first batch: the reading thread stops instead of blocking for good.
        for try await _ in ImportFeed.iati(url, mapping: Self.mapping, batchSize: 10) { break }
        // Its thread ends meanwhile with two batches unread, and its gate is freed: that must not stop the program
        // (libdispatch traps on a semaphore freed below its starting value).
        try await Task.sleep(for: .milliseconds(300))
        // A file problem ends the feed by throwing it.
        try Data("<nope/>".utf8).write(to: url)
        await #expect(throws: ImportProblem.self) {
            for try await _ in ImportFeed.iati(url, mapping: Self.mapping) {}
        }
    }
}
