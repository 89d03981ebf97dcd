import EnlaceCore
import Foundation
import Testing

@testable import EnlaceInterop

@Suite("IATI 2.03 activity export")
struct IATIActivityWriterTests {
    // MARK: Fixtures

    static func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    static func money(_ amount: String, _ currency: String) -> Money {
        Money(amount: Decimal(string: amount)!, currency: currency)
    }

    /// 2026-01-01T00:00:00Z.
    static let newYear = Date(timeIntervalSince1970: 1_767_225_600)

    static let organizations: [String: IATIOrganization] = [
        "US-INL": IATIOrganization(
            ref: "XM-EXAMPLE-INL", name: "Bureau of International Narcotics and Law Enforcement Affairs", type: "10"),
        "CO-PONAL": IATIOrganization(
            Organization(
                code: "CO-PONAL", name: "Policía Nacional de Colombia", kind: .agency, country: "CO", parent: "CO",
                isMember: true),
            ref: "XM-EXAMPLE-PONAL"),
        "NAVY": IATIOrganization(ref: "XM-A&B", name: "Fuerza \"Naval\" & <Guardacostas>", type: "10"),
    ]

    static let mapping = DACSectorMapping(
        source: "test",
        entries: [
            DACSectorMapping.Entry(
                code: "16063", name: "Narcotics control", keyArea: "narco-trafficking", isDefault: true),
            DACSectorMapping.Entry(
                code: "16063", name: "Narcotics control", keyArea: "narco-trafficking", topic: "maritime-interdiction"),
            DACSectorMapping.Entry(
                code: "15132", name: "Police", keyArea: "strengthening-institutions",
                topic: "police-professionalisation"),
            DACSectorMapping.Entry(
                code: "15137", name: "Prisons", keyArea: "strengthening-institutions", topic: "prison-management"),
            DACSectorMapping.Entry(
                code: "15130", name: "Legal and judicial development", keyArea: "strengthening-institutions",
                isDefault: true),
        ])

    /// Generated 2026-06-01T00:00:00Z.
    static let writer = IATIActivityWriter(
        generated: Date(timeIntervalSince1970: 1_780_272_000), organizations: organizations, sectors: mapping)

    /// An activity with every part the export writes.
    static func fullActivity() -> Activity {
        var contactPart = ActivityParts()
        contactPart[PartnerContact.self] = PartnerContact(
            name: "Ana Pérez", position: "Programme officer", email: "ana.perez@example.org", phone: "+504 2222 0000")
        let draft = ActivityDraft(
            title: "Maritime interdiction course for the Honduran Navy",
            description: "Boarding, search and chain of custody at sea.", language: .en,
            providers: [
                Provider(organization: "US-INL", role: .funding),
                Provider(organization: "CO-PONAL", role: .implementing),
            ],
            recipientCountries: ["HN", "GT", "SV"], beneficiary: "Honduran Navy",
            keyAreas: ["narco-trafficking", "strengthening-institutions"],
            topics: ["maritime-interdiction", "police-professionalisation"], kind: .course, modality: .inCountry,
            plannedStart: day("2026-02-01"), plannedEnd: day("2026-11-30"), actualStart: day("2026-02-09"),
            actualEnd: day("2026-11-20"), status: .implementation, participantsPlanned: 40,
            budget: money("250000.5", "USD"), location: Location(name: "Puerto Cortés", lat: 15.8476, lon: -87.9423),
            budgetLines: [
                BudgetLine(
                    kind: .original, periodStart: day("2026-02-01"), periodEnd: day("2026-11-30"),
                    value: money("250000.5", "USD"))
            ],
            transactions: [
                FundingTransaction(
                    type: .commitment, date: day("2026-01-15"), value: money("250000.5", "USD"), provider: "US-INL",
                    receiver: "CO-PONAL"),
                FundingTransaction(
                    type: .disbursement, date: day("2026-03-01"), value: money("120000", "USD"), provider: "US-INL",
                    receiver: "CO-PONAL", description: "First tranche"),
                FundingTransaction(
                    type: .expenditure, date: day("2026-06-30"), value: money("98000.25", "USD"), provider: "CO-PONAL"),
            ],
            parts: contactPart)
        // 2026-03-04T05:06:07Z.
        return Activity(
            id: "act-1", owner: "US-INL", draft: draft, version: 3, createdAt: newYear,
            updatedAt: Date(timeIntervalSince1970: 1_772_600_767))
    }

    /// An activity with only what a draft must have: no description, budget, location or transactions, one
    /// country, no topics, and an owner the organisation lookup does not know.
    static func minimalActivity() -> Activity {
        let draft = ActivityDraft(
            title: "Foro regional de fiscales", language: .es,
            providers: [Provider(organization: "ES", role: .funding)],
            recipientCountries: ["HN"], keyAreas: ["strengthening-institutions"], kind: .conference,
            modality: .virtual, plannedStart: day("2026-05-01"), plannedEnd: day("2026-05-02"), status: .pipeline)
        return Activity(id: "min-1", owner: "ES", draft: draft, version: 1, createdAt: newYear, updatedAt: newYear)
    }

    /// An activity whose texts hold XML's special characters, a line break, a tab and characters XML forbids.
    static func escapingActivity() -> Activity {
        let draft = ActivityDraft(
            title: "Ports & \"harbours\" <north> it's\u{0}\u{1B}", description: "Line one\r\nLine two\ttabbed",
            language: .en, providers: [Provider(organization: "NAVY", role: .implementing)],
            recipientCountries: ["hn"], keyAreas: ["unknown-area"], kind: .advisory, modality: .inCountry,
            plannedStart: day("2026-05-01"), plannedEnd: day("2026-05-02"), status: .implementation,
            location: Location(name: "  ", lat: 0.000_01, lon: -87.2))
        return Activity(id: "esc-1", owner: "NAVY", draft: draft, version: 1, createdAt: newYear, updatedAt: newYear)
    }

    /// `count` activities drawn from `seed`: any number of countries, key areas, topics, budget lines and
    /// transactions, with and without a location.
    static func generatedActivities(count: Int, seed: UInt64) -> [Activity] {
        var random = SeededRandom(seed: seed)
        let owners = ["US-INL", "CO-PONAL", "NAVY", "ES"]
        let countries = ["HN", "GT", "SV", "CO", "PA", "CR", "MX", "DO"]
        let areas = ["narco-trafficking", "strengthening-institutions", "resilient-communities"]
        let topics = ["maritime-interdiction", "police-professionalisation", "prison-management"]
        let places = ["Puerto Cortés", "Tegucigalpa & San Pedro", "La Ceiba \"norte\""]
        var activities: [Activity] = []
        for index in 0..<count {
            let start = day("2024-01-01").adding(days: Int.random(in: 0...900, using: &random))
            let end = start.adding(days: Int.random(in: 0...500, using: &random))
            let currency = ["USD", "EUR", "COP"].randomElement(using: &random)!
            var lines: [BudgetLine] = []
            for line in 0..<Int.random(in: 0...3, using: &random) {
                let amount = Money(
                    amount: Decimal(Int.random(in: 1...90_000_000, using: &random)) / 100, currency: currency)
                lines.append(
                    BudgetLine(
                        kind: line == 0 ? .original : .revised, periodStart: start,
                        periodEnd: start.adding(days: Int.random(in: 0...366, using: &random)), value: amount))
            }
            var transactions: [FundingTransaction] = []
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                let amount = Money(
                    amount: Decimal(Int.random(in: 1...90_000_000, using: &random)) / 100, currency: currency)
                transactions.append(
                    FundingTransaction(
                        type: TransactionType.allCases.randomElement(using: &random)!,
                        date: start.adding(days: Int.random(in: -30...400, using: &random)), value: amount,
                        provider: Bool.random(using: &random) ? owners.randomElement(using: &random)! : nil,
                        receiver: Bool.random(using: &random) ? "Unlisted & Co" : nil,
                        description: Bool.random(using: &random) ? "Tramo <\(index)>" : ""))
            }
            let providerCount = Int.random(in: 1...3, using: &random)
            var providers: [Provider] = []
            for code in owners.shuffled(using: &random).prefix(providerCount) {
                providers.append(
                    Provider(organization: code, role: Bool.random(using: &random) ? .funding : .implementing))
            }
            let countryCount = Int.random(in: 1...countries.count, using: &random)
            let areaCount = Int.random(in: 1...areas.count, using: &random)
            let topicCount = Int.random(in: 0...topics.count, using: &random)
            let location: Location? =
                Bool.random(using: &random)
                ? Location(
                    name: places.randomElement(using: &random)!,
                    lat: Bool.random(using: &random) ? Double(Int.random(in: -9000...9000, using: &random)) / 100 : nil,
                    lon: Double(Int.random(in: -18000...18000, using: &random)) / 100)
                : nil
            let draft = ActivityDraft(
                title: "Activity \(index) & <friends>", description: index % 3 == 0 ? "" : "Description \(index)",
                language: Language.allCases.randomElement(using: &random)!, providers: providers,
                recipientCountries: Array(countries.shuffled(using: &random).prefix(countryCount)),
                keyAreas: Array(areas.shuffled(using: &random).prefix(areaCount)),
                topics: Array(topics.shuffled(using: &random).prefix(topicCount)),
                kind: ActivityKind.allCases.randomElement(using: &random)!,
                modality: Modality.allCases.randomElement(using: &random)!, plannedStart: start, plannedEnd: end,
                actualStart: Bool.random(using: &random) ? start : nil,
                status: ActivityStatus.allCases.randomElement(using: &random)!,
                budget: Bool.random(using: &random) ? Money(amount: 1000, currency: currency) : nil, location: location,
                budgetLines: lines, transactions: transactions)
            activities.append(
                Activity(
                    id: random.uuid(), owner: owners.randomElement(using: &random)!, draft: draft, version: 1,
                    createdAt: newYear, updatedAt: newYear.addingTimeInterval(Double(index) * 3_600)))
        }
        return activities
    }

    // MARK: Writer

    @Test("a full activity, a minimal one and one with special characters are written exactly as expected")
    func exactDocument() {
        let expected: [String] = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<iati-activities version="2.03" generated-datetime="2026-06-01T00:00:00Z">"#,
            #"  <iati-activity last-updated-datetime="2026-03-04T05:06:07Z" xml:lang="en" default-currency="USD">"#,
            #"    <iati-identifier>XM-EXAMPLE-INL-act-1</iati-identifier>"#,
            #"    <reporting-org ref="XM-EXAMPLE-INL" type="10">"#,
            #"      <narrative>Bureau of International Narcotics and Law Enforcement Affairs</narrative>"#,
            #"    </reporting-org>"#,
            #"    <title>"#,
            #"      <narrative>Maritime interdiction course for the Honduran Navy</narrative>"#,
            #"    </title>"#,
            #"    <description type="1">"#,
            #"      <narrative>Boarding, search and chain of custody at sea.</narrative>"#,
            #"    </description>"#,
            #"    <participating-org ref="XM-EXAMPLE-INL" type="10" role="1">"#,
            #"      <narrative>Bureau of International Narcotics and Law Enforcement Affairs</narrative>"#,
            #"    </participating-org>"#,
            #"    <participating-org ref="XM-EXAMPLE-PONAL" type="10" role="4">"#,
            #"      <narrative>Policía Nacional de Colombia</narrative>"#,
            #"    </participating-org>"#,
            #"    <activity-status code="2"/>"#,
            #"    <activity-date type="1" iso-date="2026-02-01"/>"#,
            #"    <activity-date type="3" iso-date="2026-11-30"/>"#,
            #"    <activity-date type="2" iso-date="2026-02-09"/>"#,
            #"    <activity-date type="4" iso-date="2026-11-20"/>"#,
            #"    <recipient-country code="HN" percentage="33.33"/>"#,
            #"    <recipient-country code="GT" percentage="33.33"/>"#,
            #"    <recipient-country code="SV" percentage="33.34"/>"#,
            #"    <location>"#,
            #"      <name>"#,
            #"        <narrative>Puerto Cortés</narrative>"#,
            #"      </name>"#,
            #"      <point srsName="http://www.opengis.net/def/crs/EPSG/0/4326">"#,
            #"        <pos>15.8476 -87.9423</pos>"#,
            #"      </point>"#,
            #"    </location>"#,
            #"    <sector vocabulary="1" code="16063" percentage="50"/>"#,
            #"    <sector vocabulary="1" code="15132" percentage="50"/>"#,
            #"    <sector vocabulary="99" vocabulary-uri="urn:x-enlace:key-areas-and-topics" code="narco-trafficking" percentage="25"/>"#,
            #"    <sector vocabulary="99" vocabulary-uri="urn:x-enlace:key-areas-and-topics" code="strengthening-institutions" percentage="25"/>"#,
            #"    <sector vocabulary="99" vocabulary-uri="urn:x-enlace:key-areas-and-topics" code="maritime-interdiction" percentage="25"/>"#,
            #"    <sector vocabulary="99" vocabulary-uri="urn:x-enlace:key-areas-and-topics" code="police-professionalisation" percentage="25"/>"#,
            #"    <budget type="1" status="1">"#,
            #"      <period-start iso-date="2026-02-01"/>"#,
            #"      <period-end iso-date="2026-11-30"/>"#,
            #"      <value currency="USD" value-date="2026-02-01">250000.5</value>"#,
            #"    </budget>"#,
            #"    <transaction>"#,
            #"      <transaction-type code="2"/>"#,
            #"      <transaction-date iso-date="2026-01-15"/>"#,
            #"      <value currency="USD" value-date="2026-01-15">250000.5</value>"#,
            #"      <provider-org ref="XM-EXAMPLE-INL" type="10">"#,
            #"        <narrative>Bureau of International Narcotics and Law Enforcement Affairs</narrative>"#,
            #"      </provider-org>"#,
            #"      <receiver-org ref="XM-EXAMPLE-PONAL" type="10">"#,
            #"        <narrative>Policía Nacional de Colombia</narrative>"#,
            #"      </receiver-org>"#,
            #"    </transaction>"#,
            #"    <transaction>"#,
            #"      <transaction-type code="3"/>"#,
            #"      <transaction-date iso-date="2026-03-01"/>"#,
            #"      <value currency="USD" value-date="2026-03-01">120000</value>"#,
            #"      <description>"#,
            #"        <narrative>First tranche</narrative>"#,
            #"      </description>"#,
            #"      <provider-org ref="XM-EXAMPLE-INL" type="10">"#,
            #"        <narrative>Bureau of International Narcotics and Law Enforcement Affairs</narrative>"#,
            #"      </provider-org>"#,
            #"      <receiver-org ref="XM-EXAMPLE-PONAL" type="10">"#,
            #"        <narrative>Policía Nacional de Colombia</narrative>"#,
            #"      </receiver-org>"#,
            #"    </transaction>"#,
            #"    <transaction>"#,
            #"      <transaction-type code="4"/>"#,
            #"      <transaction-date iso-date="2026-06-30"/>"#,
            #"      <value currency="USD" value-date="2026-06-30">98000.25</value>"#,
            #"      <provider-org ref="XM-EXAMPLE-PONAL" type="10">"#,
            #"        <narrative>Policía Nacional de Colombia</narrative>"#,
            #"      </provider-org>"#,
            #"    </transaction>"#,
            #"  </iati-activity>"#,
            #"  <iati-activity last-updated-datetime="2026-01-01T00:00:00Z" xml:lang="es">"#,
            #"    <iati-identifier>ES-min-1</iati-identifier>"#,
            #"    <reporting-org ref="ES" type="90">"#,
            #"      <narrative>ES</narrative>"#,
            #"    </reporting-org>"#,
            #"    <title>"#,
            #"      <narrative>Foro regional de fiscales</narrative>"#,
            #"    </title>"#,
            #"    <description type="1">"#,
            #"      <narrative>Foro regional de fiscales</narrative>"#,
            #"    </description>"#,
            #"    <participating-org ref="ES" role="1">"#,
            #"      <narrative>ES</narrative>"#,
            #"    </participating-org>"#,
            #"    <activity-status code="1"/>"#,
            #"    <activity-date type="1" iso-date="2026-05-01"/>"#,
            #"    <activity-date type="3" iso-date="2026-05-02"/>"#,
            #"    <recipient-country code="HN"/>"#,
            #"    <sector vocabulary="1" code="15130"/>"#,
            #"    <sector vocabulary="99" vocabulary-uri="urn:x-enlace:key-areas-and-topics" code="strengthening-institutions"/>"#,
            #"  </iati-activity>"#,
            #"  <iati-activity last-updated-datetime="2026-01-01T00:00:00Z" xml:lang="en">"#,
            #"    <iati-identifier>XM-A&amp;B-esc-1</iati-identifier>"#,
            #"    <reporting-org ref="XM-A&amp;B" type="10">"#,
            #"      <narrative>Fuerza &quot;Naval&quot; &amp; &lt;Guardacostas&gt;</narrative>"#,
            #"    </reporting-org>"#,
            #"    <title>"#,
            #"      <narrative>Ports &amp; &quot;harbours&quot; &lt;north&gt; it&apos;s</narrative>"#,
            #"    </title>"#,
            #"    <description type="1">"#,
            #"      <narrative>Line one&#13;"#,
            "Line two\ttabbed</narrative>",
            #"    </description>"#,
            #"    <participating-org ref="XM-A&amp;B" type="10" role="4">"#,
            #"      <narrative>Fuerza &quot;Naval&quot; &amp; &lt;Guardacostas&gt;</narrative>"#,
            #"    </participating-org>"#,
            #"    <activity-status code="2"/>"#,
            #"    <activity-date type="1" iso-date="2026-05-01"/>"#,
            #"    <activity-date type="3" iso-date="2026-05-02"/>"#,
            #"    <recipient-country code="HN"/>"#,
            #"    <location>"#,
            #"      <point srsName="http://www.opengis.net/def/crs/EPSG/0/4326">"#,
            #"        <pos>0.00001 -87.2</pos>"#,
            #"      </point>"#,
            #"    </location>"#,
            #"    <sector vocabulary="99" vocabulary-uri="urn:x-enlace:key-areas-and-topics" code="unknown-area"/>"#,
            #"  </iati-activity>"#,
            #"</iati-activities>"#,
        ]
        let document = Self.writer.document([Self.fullActivity(), Self.minimalActivity(), Self.escapingActivity()])
        #expect(document == expected.joined(separator: "\n") + "\n")
        #expect(!document.contains("Ana Pérez"))
    }

    @Test("the document is header, each activity and footer, so a stream of pieces equals the whole")
    func streaming() {
        let activities = Self.generatedActivities(count: 20, seed: 17)
        let pieces = Self.writer.header() + activities.map(Self.writer.activity).joined() + Self.writer.footer()
        #expect(pieces == Self.writer.document(activities))
        #expect(Self.writer.header().hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities "))
        #expect(Self.writer.footer() == "</iati-activities>\n")
    }

    @Test("the children of every generated activity come in the schema's order, the required ones present")
    func schemaOrder() {
        let order = [
            "iati-identifier", "reporting-org", "title", "description", "participating-org", "other-identifier",
            "activity-status", "activity-date", "contact-info", "activity-scope", "recipient-country",
            "recipient-region", "location", "sector", "tag", "country-budget-items", "humanitarian-scope",
            "policy-marker", "collaboration-type", "default-flow-type", "default-finance-type", "default-aid-type",
            "default-tied-status", "budget", "planned-disbursement", "capital-spend", "transaction", "document-link",
            "related-activity", "legacy-data", "conditions", "result", "crs-add", "fss",
        ]
        let activities = [Self.fullActivity(), Self.minimalActivity()] + Self.generatedActivities(count: 200, seed: 3)
        for activity in activities {
            let names = Self.elementNames(in: Self.writer.activity(activity), depth: 2)
            let positions = names.map { order.firstIndex(of: $0) ?? -1 }
            #expect(!positions.contains(-1), "\(names)")
            #expect(positions == positions.sorted(), "\(names)")
            for required in ["iati-identifier", "reporting-org", "title", "description", "activity-status"] {
                #expect(names.filter { $0 == required }.count == 1, "\(required) in \(names)")
            }
            #expect(names.contains("participating-org") && names.contains("activity-date"))
        }
    }

    @Test("recipient-country and sector percentages add up to exactly 100, and are left out when there is one")
    func percentagesAddUp() {
        for count in 0...120 {
            let shares = IATIActivityWriter.percentages(count: count)
            #expect(shares.count == count)
            if count == 1 { #expect(shares == [nil]) }
            if count > 1 {
                let values = shares.compactMap { share in share.flatMap { Decimal(string: $0) } }
                #expect(values.count == count)
                #expect(values.reduce(0, +) == 100, "\(count): \(shares)")
                #expect(values.allSatisfy { $0 > 0 })
            }
        }
        for activity in Self.generatedActivities(count: 200, seed: 11) + [Self.fullActivity()] {
            let xml = Self.writer.activity(activity)
            for element in ["recipient-country", "sector vocabulary=\"1\"", "sector vocabulary=\"99\""] {
                let shares = Self.attribute("percentage", of: element, in: xml)
                if shares.count == 1 { #expect(shares == [nil]) }
                if shares.count > 1 {
                    let values = shares.compactMap { share in share.flatMap { Decimal(string: $0) } }
                    #expect(values.count == shares.count)
                    #expect(values.reduce(0, +) == 100, "\(element): \(shares)")
                }
            }
        }
        #expect(IATIActivityWriter.percentages(count: 3) == ["33.33", "33.33", "33.34"])
        #expect(
            IATIActivityWriter.percentages(count: 8) == [
                "12.5", "12.5", "12.5", "12.5", "12.5", "12.5", "12.5", "12.5",
            ])
    }

    @Test("&, <, >, quotes are escaped; tabs and line breaks survive in attributes; forbidden characters go")
    func escaping() {
        #expect(
            IATIActivityWriter.escape(#"a & b < c > d "e" 'f'"#)
                == "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;")
        #expect(IATIActivityWriter.escape("a\u{0}b\u{8}c\u{1B}d\u{FFFE}e\u{FFFF}f") == "abcdef")
        #expect(IATIActivityWriter.escape("Año 😀 \u{7F}") == "Año 😀 \u{7F}")
        #expect(IATIActivityWriter.escape("a\tb\nc\r\nd") == "a\tb\nc&#13;\nd")
        #expect(IATIActivityWriter.escape("a\tb\nc\r\nd", attribute: true) == "a&#9;b&#10;c&#13;&#10;d")
        let xml = Self.writer.activity(Self.escapingActivity())
        #expect(xml.contains("<narrative>Ports &amp; &quot;harbours&quot; &lt;north&gt; it&apos;s</narrative>"))
        #expect(xml.contains(#"<reporting-org ref="XM-A&amp;B" type="10">"#))
        #expect(!xml.contains("\u{0}") && !xml.contains("\u{1B}"))
    }

    @Test("an activity without budget, location, transactions or description leaves those out")
    func minimal() {
        let xml = Self.writer.activity(Self.minimalActivity())
        #expect(
            Self.elementNames(in: xml, depth: 2) == [
                "iati-identifier", "reporting-org", "title", "description", "participating-org", "activity-status",
                "activity-date", "activity-date", "recipient-country", "sector", "sector",
            ])
        for absent in ["default-currency", "<budget", "<location", "<transaction", "percentage="] {
            #expect(!xml.contains(absent), "\(absent)")
        }
        // The schema wants a description: the title stands in for a missing one.
        #expect(xml.contains("<description type=\"1\">\n      <narrative>Foro regional de fiscales</narrative>"))
        // The key area's default sector, as no topic is named; the owner, unknown, under its own code.
        #expect(xml.contains(#"<sector vocabulary="1" code="15130"/>"#))
        #expect(xml.contains(#"<iati-identifier>ES-min-1</iati-identifier>"#))
    }

    @Test("a total budget over a planned period of at most 366 days, and no budget lines, becomes one budget")
    func totalBudget() {
        var activity = Self.minimalActivity()
        activity.draft.budget = Self.money("5000", "EUR")
        let short = Self.writer.activity(activity)
        #expect(short.contains(#"default-currency="EUR""#))
        #expect(short.contains(#"<budget type="1" status="1">"#))
        #expect(short.contains(#"<value currency="EUR" value-date="2026-05-01">5000</value>"#))
        activity.draft.plannedEnd = Self.day("2027-05-03")
        let long = Self.writer.activity(activity)
        #expect(long.contains(#"default-currency="EUR""#))
        #expect(!long.contains("<budget"))
    }

    @Test("the identifier comes from the caller when given, and organisations become IATI types by kind")
    func identifierAndOrganizations() {
        let writer = IATIActivityWriter(
            generated: Self.newYear, organizations: Self.organizations, sectors: Self.mapping,
            identifier: { activity, reportingRef in reportingRef + "-ENLACE-" + activity.id.uppercased() })
        #expect(
            writer.activity(Self.fullActivity()).contains(
                "<iati-identifier>XM-EXAMPLE-INL-ENLACE-ACT-1</iati-identifier>"))
        #expect(IATIOrganization.organizationType(of: .government) == "10")
        #expect(IATIOrganization.organizationType(of: .agency) == "10")
        #expect(IATIOrganization.organizationType(of: .internationalOrganization) == "40")
        #expect(IATIOrganization.organizationType(of: .regionalMechanism) == "40")
        #expect(IATIOrganization.organizationType(of: .forum) == "90")
        #expect(
            Self.organizations["CO-PONAL"]
                == IATIOrganization(ref: "XM-EXAMPLE-PONAL", name: "Policía Nacional de Colombia", type: "10"))
    }

    @Test("numbers and times are written without exponent, with a point, in UTC")
    func formats() {
        #expect(IATIActivityWriter.coordinate(0.000_01) == "0.00001")
        #expect(IATIActivityWriter.coordinate(-87.9423) == "-87.9423")
        #expect(IATIActivityWriter.coordinate(15) == "15")
        #expect(IATIActivityWriter.coordinate(-0.5) == "-0.5")
        #expect(IATIActivityWriter.coordinate(.nan) == nil)
        #expect(IATIActivityWriter.coordinate(180.5) == nil)
        #expect(IATIActivityWriter.hundredths(3334) == "33.34")
        #expect(IATIActivityWriter.hundredths(1205) == "12.05")
        #expect(IATIActivityWriter.dateTime(Date(timeIntervalSince1970: 1_772_600_767.9)) == "2026-03-04T05:06:07Z")
        #expect(IATIActivityWriter.dateTime(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(
            Money(amount: Decimal(sign: .plus, exponent: 7, significand: 1), currency: "USD").amountText == "10000000")
    }

    // MARK: Schema validation

    @Test(
        "xmllint finds the export valid against the official IATI 2.03 activity schema",
        .enabled(
            if: (xmllint != nil && activitySchema != nil) || isCI,
            "needs xmllint and ../shared/reference/iati-2.03 beside the checkout; in CI their absence is an issue"))
    func validAgainstSchema() throws {
        guard let xmllint = Self.xmllint, let schema = Self.activitySchema else {
            Issue.record("needs xmllint (Debian: libxml2-utils) and ../shared/reference/iati-2.03 beside the checkout")
            return
        }
        let activities =
            [Self.fullActivity(), Self.minimalActivity(), Self.escapingActivity()]
            + Self.generatedActivities(count: 100, seed: 2026)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("enlace-iati-\(UUID().uuidString).xml")
        try Data(Self.writer.document(activities).utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = xmllint
        process.arguments = ["--noout", "--nonet", "--schema", schema.path, file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(report)")
    }

    // MARK: Sector mapping

    @Test("sectors come from the activity's topics first, else from its key areas' defaults, each code once")
    func sectorSelection() {
        #expect(Self.mapping.sectors(keyAreas: ["narco-trafficking"], topics: []) == ["16063"])
        #expect(
            Self.mapping.sectors(
                keyAreas: ["strengthening-institutions"], topics: ["prison-management", "police-professionalisation"])
                == ["15137", "15132"])
        // A topic of one key area does not stop another area from getting its default.
        #expect(
            Self.mapping.sectors(
                keyAreas: ["narco-trafficking", "strengthening-institutions"], topics: ["prison-management"])
                == ["16063", "15137"])
        #expect(
            Self.mapping.sectors(keyAreas: ["narco-trafficking"], topics: ["maritime-interdiction"]) == ["16063"])
        #expect(Self.mapping.sectors(keyAreas: ["unknown-area"], topics: ["maritime-interdiction"]).isEmpty)
        #expect(DACSectorMapping.empty.sectors(keyAreas: ["narco-trafficking"], topics: []).isEmpty)
    }

    @Test("the shipped dac-sectors.json: 15132 Police is the default of combating crime; it agrees with taxonomy.json")
    func shippedMapping() throws {
        let mapping = try Self.shippedMapping()
        #expect(mapping.entries.filter { $0.code == "15132" && $0.isDefault }.map(\.keyArea) == ["combating-crime"])
        #expect(mapping.sectors(keyAreas: ["combating-crime"], topics: []) == ["15132"])
        #expect(
            mapping.sectors(keyAreas: ["strengthening-institutions"], topics: ["police-professionalisation"])
                == ["15132"])
        let taxonomy = try JSONDecoder().decode(
            Taxonomy.self,
            from: Data(
                contentsOf: Self.repositoryRoot.appendingPathComponent(
                    "Sources/EnlaceStore/Resources/reference/taxonomy.json")))
        for area in taxonomy.keyAreas {
            #expect(mapping.entries.filter { $0.keyArea == area.slug && $0.isDefault }.count == 1, "\(area.slug)")
            for topic in area.topics {
                // The topic's sector is the code taxonomy.json gives it.
                #expect(mapping.sectors(keyAreas: [area.slug], topics: [topic.slug]) == [topic.dac], "\(topic.slug)")
            }
        }
        for entry in mapping.entries {
            let area = taxonomy.keyAreas.first { $0.slug == entry.keyArea }
            #expect(area != nil, "\(entry.code): key area \(entry.keyArea)")
            if let topic = entry.topic {
                #expect(area?.topics.contains { $0.slug == topic } == true, "\(entry.code): topic \(topic)")
                #expect(!entry.isDefault, "\(entry.code): a default names no topic")
            }
            #expect(entry.code.count == 5 && entry.code.allSatisfy(\.isNumber), "\(entry.code)")
        }
    }

    @Test(
        "every code in dac-sectors.json is current in the IATI Sector list, under the same name",
        .enabled(
            if: sectorNames != nil || isCI,
            "needs ../shared/reference/iati-2.03/codelists/Sector.xml beside the checkout; an issue in CI"))
    func shippedCodesAreOfficial() throws {
        guard let names = Self.sectorNames else {
            Issue.record("checking dac-sectors.json needs ../shared/reference/iati-2.03/codelists/Sector.xml")
            return
        }
        #expect(names.count > 100)
        for entry in try Self.shippedMapping().entries {
            #expect(names[entry.code] == entry.name, "\(entry.code) \(entry.name)")
        }
    }

    // MARK: Helpers

    /// The package's root: this file is `Tests/EnlaceInteropTests/IATIActivityWriterTests.swift`.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Whether the tests run in CI, where a missing tool is an issue rather than a reason to skip.
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    /// `path` under the shared IATI 2.03 reference folder beside the checkout, if it is there.
    static func sharedReference(_ path: String) -> URL? {
        let candidates = [
            repositoryRoot.appendingPathComponent("../shared/reference/iati-2.03/" + path),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                .appendingPathComponent("../shared/reference/iati-2.03/" + path),
        ]
        return candidates.map(\.standardizedFileURL).first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The official activity schema, if it is beside the checkout.
    static var activitySchema: URL? { sharedReference("schemas/iati-activities-schema.xsd") }

    /// The `xmllint` on the search path, if any.
    static var xmllint: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories =
            path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]
        return directories.map { URL(fileURLWithPath: $0).appendingPathComponent("xmllint") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// The English name of each current (not withdrawn) code in the IATI Sector list, if it is beside the checkout.
    static var sectorNames: [String: String]? {
        guard let url = sharedReference("codelists/Sector.xml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return nil }
        var names: [String: String] = [:]
        for item in text.components(separatedBy: "<codelist-item").dropFirst() {
            let header = item.prefix { $0 != ">" }
            guard !header.contains("withdrawn"),
                let code = Self.substring(between: "<code>", and: "</code>", in: item[...]),
                let nameStart = item.range(of: "<name>"),
                let name = Self.substring(
                    between: "<narrative>", and: "</narrative>", in: item[nameStart.upperBound...])
            else { continue }
            names[code] = name.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
        return names
    }

    /// What lies between the first `start` in `text` and the `end` after it.
    static func substring(between start: String, and end: String, in text: Substring) -> String? {
        guard let open = text.range(of: start), let close = text[open.upperBound...].range(of: end) else { return nil }
        return String(text[open.upperBound..<close.lowerBound])
    }

    /// The shipped mapping, read from the store's resources.
    static func shippedMapping() throws -> DACSectorMapping {
        let url = repositoryRoot.appendingPathComponent("Sources/EnlaceStore/Resources/reference/dac-sectors.json")
        return try JSONDecoder().decode(DACSectorMapping.self, from: Data(contentsOf: url))
    }

    /// The names of the elements that start a line at `depth` (two spaces a level) in `xml`, in order.
    static func elementNames(in xml: String, depth: Int) -> [String] {
        let indent = String(repeating: "  ", count: depth)
        return xml.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix(indent + "<"), !line.hasPrefix(indent + "</") else { return nil }
            return String(line.dropFirst(indent.count + 1).prefix { $0 != " " && $0 != ">" && $0 != "/" })
        }
    }

    /// The value of attribute `name` on each `element` start tag in `xml`, nil where it is absent.
    static func attribute(_ name: String, of element: String, in xml: String) -> [String?] {
        xml.split(separator: "\n").filter { $0.contains("<" + element + " ") }.map { line -> String? in
            guard let start = line.range(of: " " + name + "=\""),
                let end = line[start.upperBound...].firstIndex(of: "\"")
            else { return nil }
            return String(line[start.upperBound..<end])
        }
    }

    /// The part of taxonomy.json the mapping must agree with.
    struct Taxonomy: Decodable {
        struct Area: Decodable {
            let slug: String
            let topics: [Topic]
        }
        struct Topic: Decodable {
            let slug: String
            let dac: String
        }
        let keyAreas: [Area]
    }
}
