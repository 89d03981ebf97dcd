/// An organisation as an import file names it: its identifier there, its name and, for IATI, its type.
public struct ImportedOrganization: Sendable, Hashable, Codable {
    /// Its identifier in the file (an IATI organisation identifier, or an Enlace code in a spreadsheet); matched
    /// against Enlace organisation codes.
    public var ref: String
    /// Its name in the file, possibly empty.
    public var name: String
    /// Its IATI OrganisationType code, if the file gives one.
    public var type: String?

    /// Creates the organisation.
    public init(ref: String, name: String, type: String? = nil) {
        self.ref = ref
        self.name = name
        self.type = type
    }

    /// The kind an organisation created from this one gets: a multilateral (IATI type 40) is an international
    /// organisation; anything else is taken as an agency, the usual publisher of aid data.
    public var kind: OrganizationKind {
        type == "40" ? .internationalOrganization : .agency
    }
}

/// One activity read from an import file, before the store checks it: where it stands in the file, its
/// identifier there, its owner, and the fields the file carries.
///
/// The members `carries` names replace the stored activity's on an update; the others are kept, and a new activity
/// gets their defaults (see ``ActivityImportDefaults``).
public struct ImportedActivity: Sendable, Hashable {
    /// The line (1-based) where the activity starts in its file, or its row in a spreadsheet.
    public var line: Int
    /// Its identifier in the file (`iati-identifier`); the upsert key. Empty when the file gives none.
    public var identifier: String
    /// The Enlace id it names, when the file is an Enlace export (IATI `<ref>-<id>`, a spreadsheet's id column).
    public var enlaceID: String?
    /// The organisation that reports it, which owns it in Enlace unless the import names an owner.
    public var reportingOrganization: ImportedOrganization?
    /// Every organisation it names, each once, with the reporting one.
    public var organizations: [ImportedOrganization]
    /// The fields the file carries, by their ``ActivityInput`` member names: those absent from `input` are cleared.
    public var carries: Set<String>
    /// Their values.
    public var input: ActivityInput
    /// What reading it found wrong, before any check of the store.
    public var problems: [ImportProblem]
    /// The fingerprint of what the file says of it (``Fingerprint``), with the reader's version: an activity whose
    /// fingerprint, import options and stored version are as at its last import is unchanged without a closer look.
    public var fingerprint: String?
    /// For a spreadsheet, the 1-based column of each field (an ``ActivityInput`` field path or its start, such as
    /// `budget.currency` or `providers`), so that a problem names its cell.
    public var columns: [String: Int] = [:]

    /// The column of `field`: that of the longest field path in ``columns`` that starts it.
    public func column(of field: String) -> Int? {
        var best: (length: Int, column: Int)?
        for (path, column) in columns where field == path || field.hasPrefix(path + ".") || field.hasPrefix(path + "[")
        {
            if path.count > (best?.length ?? -1) { best = (path.count, column) }
        }
        return best?.column
    }

    /// Creates the activity.
    public init(
        line: Int, identifier: String, enlaceID: String? = nil, reportingOrganization: ImportedOrganization? = nil,
        organizations: [ImportedOrganization] = [], carries: Set<String> = [], input: ActivityInput = ActivityInput(),
        problems: [ImportProblem] = []
    ) {
        self.carries = carries
        self.line = line
        self.identifier = identifier
        self.enlaceID = enlaceID
        self.reportingOrganization = reportingOrganization
        self.organizations = organizations
        self.input = input
        self.problems = problems
    }
}

/// The values an imported activity gets for what its file does not carry, when it is new.
public enum ActivityImportDefaults {
    /// IATI says nothing of the kind of help: an advisory mission is the least specific.
    public static let kind = ActivityKind.advisory
    /// Nor of where it happens relative to provider and recipient: in the recipient country, the usual case.
    public static let modality = Modality.inCountry
}

/// One thing wrong with an import file, named where a person can find it: the line (and column, for a file that
/// is not well formed), the activity's identifier, and the field.
public struct ImportProblem: Sendable, Hashable, Codable, Error {
    /// What is wrong.
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// The file is not well-formed XML (or not a readable spreadsheet).
        case notXML = "not_xml"
        /// The file is not readable as CSV.
        case notCSV = "not_csv"
        /// The file is XML, but not an IATI activity file.
        case notIATI = "not_iati"
        /// The file's IATI version is not one Enlace reads.
        case unsupportedVersion = "unsupported_version"
        /// The file holds no activity.
        case empty
        /// An activity has no identifier.
        case missingIdentifier = "missing_identifier"
        /// Two activities of the import have the same identifier.
        case duplicateIdentifier = "duplicate_identifier"
        /// An organisation the file names is not in Enlace.
        case unknownOrganization = "unknown_organization"
        /// None of an activity's sectors maps to a key area; it is skipped.
        case noKeyArea = "no_key_area"
        /// A field of an activity is invalid; `field` and `fieldError` say how.
        case invalidField = "invalid_field"
        /// The activity the identifier names belongs to an organisation the importer may not write for.
        case forbidden
        /// The activity changed in Enlace while the import ran.
        case conflict
        /// A spreadsheet's header row or hashtag row is missing or names no known column.
        case badHeader = "bad_header"
        /// The file is larger than an import may be.
        case tooLarge = "too_large"
    }

    /// What is wrong.
    public var code: Code
    /// The line (1-based), if known.
    public var line: Int?
    /// The column (1-based), if known.
    public var column: Int?
    /// The activity's identifier, if known.
    public var identifier: String?
    /// The field, in API field names (`title`, `providers[0].organization`), if one.
    public var field: String?
    /// The field's own error, for ``Code/invalidField``.
    public var fieldError: FieldError?
    /// Values the message needs (`ref`, `name`, `version`, `detail`).
    public var parameters: [String: String]

    /// Creates the problem.
    public init(
        _ code: Code, line: Int? = nil, column: Int? = nil, identifier: String? = nil, field: String? = nil,
        fieldError: FieldError? = nil, parameters: [String: String] = [:]
    ) {
        self.code = code
        self.line = line
        self.column = column
        self.identifier = identifier
        self.field = field
        self.fieldError = fieldError
        self.parameters = parameters
    }

    /// The problem in plain English, for a terminal and a log; pages and the API word it in the reader's language.
    public var englishText: String {
        var place: [String] = []
        if let line { place.append("line \(line)" + (column.map { ", column \($0)" } ?? "")) }
        if let identifier, !identifier.isEmpty { place.append(identifier) }
        let prefix = place.isEmpty ? "" : place.joined(separator: ", ") + ": "
        let what: String
        switch code {
        case .notXML:
            what = "not well-formed XML: reading stopped here" + (parameters["detail"].map { " (\($0))" } ?? "")
        case .notCSV: what = "not readable as CSV (\(parameters["detail"] ?? ""))"
        case .notIATI: what = "not an IATI activity file (its root element is <\(parameters["root"] ?? "")>)"
        case .unsupportedVersion:
            what = "IATI version \(parameters["version"] ?? "(none)") is not read; Enlace reads 2.01, 2.02 and 2.03"
        case .empty: what = "the file holds no activity"
        case .missingIdentifier: what = "the activity has no iati-identifier"
        case .duplicateIdentifier: what = "the identifier appears again (first at line \(parameters["first"] ?? "?"))"
        case .unknownOrganization:
            what = "organisation \(parameters["ref"] ?? "") (\(parameters["name"] ?? "")) is not in Enlace"
        case .noKeyArea:
            what = "none of its sectors (\(parameters["sectors"] ?? "none")) maps to a key area; skipped"
        case .invalidField:
            let error =
                fieldError.map {
                    " " + $0.code.rawValue
                        + ($0.parameters.isEmpty
                            ? ""
                            : " \($0.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
                } ?? ""
            what = "\(field ?? "a field") is invalid:" + error
        case .forbidden: what = "the activity belongs to an organisation this import may not write for"
        case .conflict: what = "the activity changed in Enlace while the import ran"
        case .badHeader: what = "the header is not understood (\(parameters["detail"] ?? ""))"
        case .tooLarge: what = "the file is larger than \(parameters["max"] ?? "the limit")"
        }
        return prefix + what
    }
}

/// How an import runs.
public struct ImportOptions: Sendable, Hashable {
    /// The marking every imported activity gets, `public` or `members`; nil gives new activities `members` and
    /// leaves stored ones as they are. Only an owner or an administrator may change a stored activity's marking.
    public var marking: Marking?
    /// The code of the organisation that owns the imported activities, instead of each one's reporting organisation.
    public var owner: String?
    /// Check everything and write nothing.
    public var dryRun: Bool
    /// Keep the valid activities when some are invalid, instead of refusing the whole file.
    public var partial: Bool
    /// Create the organisations the file names that Enlace does not know, instead of stopping.
    public var createOrganizations: Bool

    /// Creates the options; by default members-only, all or nothing, written.
    public init(
        marking: Marking? = nil, owner: String? = nil, dryRun: Bool = false, partial: Bool = false,
        createOrganizations: Bool = false
    ) {
        self.marking = marking
        self.owner = owner
        self.dryRun = dryRun
        self.partial = partial
        self.createOrganizations = createOrganizations
    }
}

/// What an import did, or would have done.
public struct ImportReport: Sendable, Hashable, Codable {
    /// Activities read from the file.
    public var read = 0
    /// Activities created.
    public var created = 0
    /// Activities whose content changed.
    public var updated = 0
    /// Activities found as they already were.
    public var unchanged = 0
    /// Activities left out for their problems.
    public var skipped = 0
    /// Organisations created (with `createOrganizations`).
    public var organizationsCreated: [ImportedOrganization] = []
    /// Organisations the file names that Enlace does not know, each once.
    public var unknownOrganizations: [ImportedOrganization] = []
    /// The problems, in file order: the first ``maxProblems`` of them (``problemCount`` counts them all), so that a
    /// file of a million bad activities costs no more memory than one of a thousand.
    public private(set) var problems: [ImportProblem] = []
    /// How many problems there were.
    public private(set) var problemCount = 0
    /// The most problems a report keeps.
    public static let maxProblems = 1000
    /// The most unknown organisations a report lists.
    public static let maxUnknownOrganizations = 1000
    /// Whether anything was written: false for a dry run and for a refused file.
    public var written = false
    /// Whether it was a dry run.
    public var dryRun = false
    /// The ids of the activities created or updated, for the overlap check.
    public var changed: [String] = []

    /// An empty report.
    public init() {}

    /// Whether the file was refused whole: problems without `partial`, or a problem with the file itself.
    public var refused: Bool { !written && !dryRun && problemCount > 0 }

    /// Counts `found` and keeps those that fit under ``maxProblems``.
    public mutating func add(_ found: [ImportProblem]) {
        problemCount += found.count
        problems += found.prefix(Swift.max(0, Self.maxProblems - problems.count))
    }
}

extension ActivityInput {
    /// The names of the members, as ``overlaid(with:carrying:)`` takes them.
    public static let memberNames: [String] = members.map(\.name) + ActivityParts.all.map { $0.name }

    /// This input with the members named in `carrying` taken from `carried`, absent ones included: what an import
    /// applies to a stored activity, whose other members stay as they are.
    public func overlaid(with carried: ActivityInput, carrying names: Set<String>) -> ActivityInput {
        var merged = self
        for member in Self.members where names.contains(member.name) { member.copy(carried, &merged) }
        for part in ActivityParts.all where names.contains(part.name) {
            merged.parts[part.name] = carried.parts[part.name]
        }
        return merged
    }

    /// Each member by name, with how to copy it from one input to another.
    private static let members: [(name: String, copy: @Sendable (ActivityInput, inout ActivityInput) -> Void)] = [
        ("title", { $1.title = $0.title }), ("description", { $1.description = $0.description }),
        ("language", { $1.language = $0.language }), ("providers", { $1.providers = $0.providers }),
        ("recipientCountries", { $1.recipientCountries = $0.recipientCountries }),
        ("beneficiary", { $1.beneficiary = $0.beneficiary }),
        ("keyAreas", { $1.keyAreas = $0.keyAreas }),
        ("topics", { $1.topics = $0.topics }), ("kind", { $1.kind = $0.kind }),
        ("modality", { $1.modality = $0.modality }), ("plannedStart", { $1.plannedStart = $0.plannedStart }),
        ("plannedEnd", { $1.plannedEnd = $0.plannedEnd }), ("actualStart", { $1.actualStart = $0.actualStart }),
        ("actualEnd", { $1.actualEnd = $0.actualEnd }), ("status", { $1.status = $0.status }),
        ("participantsPlanned", { $1.participantsPlanned = $0.participantsPlanned }),
        ("participantsTrained", { $1.participantsTrained = $0.participantsTrained }),
        ("budget", { $1.budget = $0.budget }), ("location", { $1.location = $0.location }),
        ("releasability", { $1.releasability = $0.releasability }),
        ("budgetLines", { $1.budgetLines = $0.budgetLines }), ("transactions", { $1.transactions = $0.transactions }),
        ("vetting", { $1.vetting = $0.vetting }), ("indicators", { $1.indicators = $0.indicators }),
    ]
}
