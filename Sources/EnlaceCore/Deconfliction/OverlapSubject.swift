/// What overlap detection reads of an activity: where, when, for whom, on what, and in which words.
///
/// Built from an ``Activity``, or directly by the benchmark from a CSV file.
public struct OverlapSubject: Sendable, Hashable {
    /// The activity's id.
    public var id: String
    /// The organisation that owns the record.
    public var owner: String
    /// The funding and implementing organisations' codes.
    public var providers: [String]
    /// ISO 3166-1 alpha-2 codes of the recipient countries.
    public var countries: [String]
    /// Key area slugs.
    public var keyAreas: [String]
    /// Topic slugs.
    public var topics: [String]
    /// The beneficiary institution, as written.
    public var beneficiary: String?
    /// The kind of support, when known.
    public var kind: ActivityKind?
    /// The days it occupies.
    public var window: ClosedRange<CalendarDate>
    /// Where it takes place, when known.
    public var location: Location?
    /// The title.
    public var title: String
    /// The description.
    public var description: String

    /// Creates the subject.
    public init(
        id: String, owner: String = "", providers: [String] = [], countries: [String], keyAreas: [String],
        topics: [String] = [], beneficiary: String? = nil, kind: ActivityKind? = nil,
        window: ClosedRange<CalendarDate>, location: Location? = nil, title: String = "", description: String = ""
    ) {
        self.id = id
        self.owner = owner
        self.providers = providers
        self.countries = countries
        self.keyAreas = keyAreas
        self.topics = topics
        self.beneficiary = beneficiary
        self.kind = kind
        self.window = window
        self.location = location
        self.title = title
        self.description = description
    }

    /// What detection reads of `activity`.
    public init(_ activity: Activity) {
        let draft = activity.draft
        self.init(
            id: activity.id, owner: activity.owner, providers: draft.providers.map(\.organization),
            countries: draft.recipientCountries, keyAreas: draft.keyAreas, topics: draft.topics,
            beneficiary: draft.beneficiary, kind: draft.kind, window: draft.window, location: draft.location,
            title: draft.title, description: draft.description)
    }

    /// A short digest of what makes two activities the same effort or not: place, area, topics,
    /// beneficiary, kind and dates. A review decision stands while both activities keep theirs.
    ///
    /// Rewording a title or fixing a typo in the description does not change it; moving the dates,
    /// the beneficiary or the topic does.
    public var materialFingerprint: String {
        let parts: [String] = [
            countries.sorted().joined(separator: ","), keyAreas.sorted().joined(separator: ","),
            topics.sorted().joined(separator: ","), TextFolding.fold(beneficiary ?? ""), kind?.rawValue ?? "",
            window.lowerBound.iso, window.upperBound.iso, TextFolding.fold(location?.name ?? ""),
        ]
        // FNV-1a, 64 bits: a stable digest to compare, not a secret.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "|").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
