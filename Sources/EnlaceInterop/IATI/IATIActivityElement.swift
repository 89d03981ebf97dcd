import EnlaceCore

/// One `iati-activity` element as read, before any mapping onto Enlace: the values the importer uses, as strings,
/// in file order.
public struct IATIActivityElement: Sendable, Hashable {
    /// A `narrative` with its `xml:lang`, if any.
    public struct Narrative: Sendable, Hashable {
        /// The language code, if the element names one.
        public var lang: String?
        /// The text, trimmed.
        public var text: String
    }

    /// An organisation element (`reporting-org`, `participating-org`, `provider-org`, `receiver-org`).
    public struct Organization: Sendable, Hashable {
        /// `@ref`, trimmed; may be empty.
        public var ref = ""
        /// `@type`.
        public var type: String?
        /// `@role` (participating organisations).
        public var role: String?
        /// The narratives of its name.
        public var names: [Narrative] = []
    }

    /// A `value` with its currency and value date.
    public struct Value: Sendable, Hashable {
        /// The amount as written.
        public var amount = ""
        /// `@currency`, if given.
        public var currency: String?
        /// `@value-date`.
        public var valueDate: String?
    }

    /// A `sector` (of the activity or of a transaction).
    public struct Sector: Sendable, Hashable {
        /// `@vocabulary`; IATI's default is `1`, the DAC 5-digit codes.
        public var vocabulary: String?
        /// `@vocabulary-uri`.
        public var vocabularyURI: String?
        /// `@code`.
        public var code: String
    }

    /// A `budget`.
    public struct Budget: Sendable, Hashable {
        /// `@type`: 1 original, 2 revised.
        public var type: String?
        /// `period-start/@iso-date`.
        public var periodStart: String?
        /// `period-end/@iso-date`.
        public var periodEnd: String?
        /// Its value.
        public var value = Value()
    }

    /// A `transaction`.
    public struct Transaction: Sendable, Hashable {
        /// `transaction-type/@code`.
        public var type: String?
        /// `transaction-date/@iso-date`.
        public var date: String?
        /// Its value.
        public var value = Value()
        /// The narratives of its `description`.
        public var description: [Narrative] = []
        /// `provider-org`.
        public var provider: Organization?
        /// `receiver-org`.
        public var receiver: Organization?
        /// Its sectors, used when the activity names none.
        public var sectors: [Sector] = []
    }

    /// A `description`: its `@type` and narratives.
    public struct Description: Sendable, Hashable {
        /// `@type`: 1 general, 2 objectives, 3 target groups, 4 other.
        public var type: String?
        /// Its narratives.
        public var narratives: [Narrative] = []
    }

    /// An `activity-date`.
    public struct DateEntry: Sendable, Hashable {
        /// `@type`: 1 planned start, 2 actual start, 3 planned end, 4 actual end.
        public var type: String
        /// `@iso-date`.
        public var date: String
    }

    /// A `location`.
    public struct Location: Sendable, Hashable {
        /// The narratives of its `name`.
        public var names: [Narrative] = []
        /// `point/pos`: latitude and longitude separated by white space.
        public var position: String?
    }

    /// The line where the element starts.
    public var line: Int
    /// `@xml:lang`, else the file's.
    public var lang: String?
    /// `@default-currency`.
    public var defaultCurrency: String?
    /// `iati-identifier`, trimmed.
    public var identifier = ""
    /// `reporting-org`.
    public var reportingOrganization: Organization?
    /// The narratives of `title`.
    public var titles: [Narrative] = []
    /// Each `description`.
    public var descriptions: [Description] = []
    /// Each `participating-org`.
    public var participatingOrganizations: [Organization] = []
    /// `activity-status/@code`.
    public var status: String?
    /// Each `activity-date`.
    public var dates: [DateEntry] = []
    /// Each `recipient-country/@code`.
    public var recipientCountries: [String] = []
    /// Each `recipient-region/@code`.
    public var recipientRegions: [String] = []
    /// The activity's sectors.
    public var sectors: [Sector] = []
    /// The first `location`.
    public var location: Location?
    /// Each `budget`.
    public var budgets: [Budget] = []
    /// Each `transaction`.
    public var transactions: [Transaction] = []

    /// Starts an element read at `line`.
    public init(line: Int) {
        self.line = line
    }

    /// The fingerprint of everything the import reads of the element but its line: equal for an activity written
    /// the same way in two files.
    public var fingerprint: String {
        var print = Fingerprint()
        func organization(_ organization: Organization?) {
            print.add(organization?.ref)
            print.add(organization?.type)
            print.add(organization?.role)
            narratives(organization?.names ?? [])
        }
        func narratives(_ narratives: [Narrative]) {
            for narrative in narratives {
                print.add(narrative.lang)
                print.add(narrative.text)
            }
            print.add([])
        }
        func value(_ value: Value) {
            print.add([value.amount, value.currency ?? "-", value.valueDate ?? "-"])
        }
        print.add([lang ?? "-", defaultCurrency ?? "-", identifier, status ?? "-"])
        organization(reportingOrganization)
        narratives(titles)
        for description in descriptions {
            print.add(description.type)
            narratives(description.narratives)
        }
        print.add([])
        for participating in participatingOrganizations { organization(participating) }
        print.add([])
        print.add(dates.flatMap { [$0.type, $0.date] })
        print.add(recipientCountries)
        print.add(recipientRegions)
        print.add(sectors.flatMap { [$0.vocabulary ?? "-", $0.vocabularyURI ?? "-", $0.code] })
        if let location {
            narratives(location.names)
            print.add(location.position)
        }
        print.add([])
        for budget in budgets {
            print.add([budget.type ?? "-", budget.periodStart ?? "-", budget.periodEnd ?? "-"])
            value(budget.value)
        }
        print.add([])
        for transaction in transactions {
            print.add([transaction.type ?? "-", transaction.date ?? "-"])
            value(transaction.value)
            narratives(transaction.description)
            organization(transaction.provider)
            organization(transaction.receiver)
            print.add(transaction.sectors.flatMap { [$0.vocabulary ?? "-", $0.vocabularyURI ?? "-", $0.code] })
        }
        return print.text
    }
}
