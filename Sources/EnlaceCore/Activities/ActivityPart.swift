/// One text field of an ``ActivityPart``: its name within the part and what kind of text it holds.
public struct ActivityPartField: Sendable, Hashable {
    /// What kind of text a field holds; a form offers the matching input, a page links it.
    public enum Kind: String, Sendable {
        case text
        case email
        case phone
    }

    /// The field's name within its part (`email`); empty for a part that is one text (`targetGroup`).
    public let name: String
    /// What kind of text it holds.
    public let kind: Kind
    /// The longest text the part's rule accepts, in characters.
    public let maxLength: Int
    /// Whether a part that is given must give this field.
    public let isRequired: Bool

    /// Describes the field.
    public init(_ name: String, _ kind: Kind = .text, maxLength: Int, isRequired: Bool = false) {
        self.name = name
        self.kind = kind
        self.maxLength = maxLength
        self.isRequired = isRequired
    }

    /// Its full name in `part`: `partnerContact.email`, or `targetGroup` for a part that is one text. The same
    /// name serves the API's field errors, the form's inputs and the audit trail.
    public func path(in part: String) -> String { name.isEmpty ? part : part + "." + name }
}

/// A part's fields as texts, by field name; an empty text is the same as none.
public typealias ActivityPartTexts = [String: String]

/// An optional member of an activity made of text fields (the implementing-partner contact, say), described once.
///
/// Everything generic about a part reads this description: the audit trail (`partnerContact.email`), the
/// history's and the record's redaction for a reader (``isReadable(by:owner:)``), the store's columns, the
/// API's wire shape (an object of strings, or a string for a one-text part), the form's inputs and the
/// detail page's line. Adding a part is its type with its rule, its line in ``ActivityParts/all``, and its
/// columns with their migration in the store (`docs/architecture.md`).
public protocol ActivityPart: Sendable, Hashable {
    /// The API member, the form's and the audit's prefix, the label's key: `partnerContact`.
    static var name: String { get }
    /// The fields, in the order a form and a page show them.
    static var fields: [ActivityPartField] { get }
    /// The part that `texts` describe, nil when every text is empty; what is wrong goes to `errors`, each
    /// under its field's ``ActivityPartField/path(in:)``. The part's one rule.
    static func validated(_ texts: ActivityPartTexts, _ errors: inout [FieldError]) -> Self?
    /// The part as stored texts gave it back (already valid once).
    init(stored texts: ActivityPartTexts)
    /// Its fields' texts, the empty ones left out.
    var texts: ActivityPartTexts { get }
    /// Whether `viewer`, who reads the activity, may read this part of an activity `owner` owns. By default
    /// every reader of the activity may.
    static func isReadable(by viewer: Viewer, owner: String) -> Bool
}

extension ActivityPart {
    public static func isReadable(by viewer: Viewer, owner: String) -> Bool { true }

    /// Whether `other` is this very part.
    fileprivate func isEqual(to other: any ActivityPart) -> Bool { (other as? Self) == self }
}

/// The parts an activity has, at most one of each kind.
public struct ActivityParts: Sendable, Hashable {
    /// Every kind of part an activity may have, in the order pages show them.
    public static let all: [any ActivityPart.Type] = [TargetGroup.self, PartnerContact.self]

    private var values: [String: any ActivityPart] = [:]

    /// No parts.
    public init() {}

    /// The part of kind `type`, if the activity has one.
    public subscript<Part: ActivityPart>(_ type: Part.Type) -> Part? {
        get { values[Part.name] as? Part }
        set {
            Self.requireListed(Part.self)
            values[Part.name] = newValue
        }
    }

    /// The part of the kind named `name`, if the activity has one.
    public subscript(named name: String) -> (any ActivityPart)? { values[name] }

    /// Adds `part`, replacing one of its kind.
    public mutating func insert(_ part: any ActivityPart) {
        Self.requireListed(type(of: part))
        values[type(of: part).name] = part
    }

    /// Stops on a kind of part missing from ``all``: redaction, storage and the wire know only those listed, so an
    /// unlisted part would be neither stored nor hidden from those who may not read it.
    private static func requireListed(_ kind: any ActivityPart.Type) {
        precondition(
            all.contains { ObjectIdentifier($0) == ObjectIdentifier(kind) }, "\(kind.name) is not in ActivityParts.all")
    }

    /// Removes the part of the kind named `name`.
    public mutating func remove(named name: String) { values[name] = nil }

    /// The parts it has, in the order of ``all``.
    public var present: [any ActivityPart] { Self.all.compactMap { values[$0.name] } }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.values.count == rhs.values.count
            && lhs.values.allSatisfy { name, part in rhs.values[name].map(part.isEqual(to:)) ?? false }
    }

    public func hash(into hasher: inout Hasher) {
        for part in present {
            hasher.combine(type(of: part).name)
            part.hash(into: &hasher)
        }
    }

    /// The parts an input's texts describe (a part whose texts are all empty is none), with their problems in
    /// `errors`. A name that is no part's is ignored: the API and the form only read parts they know.
    static func validated(_ inputs: [String: ActivityPartTexts], _ errors: inout [FieldError]) -> ActivityParts {
        var parts = ActivityParts()
        for kind in all {
            guard let texts = inputs[kind.name], let part = kind.validated(texts, &errors) else { continue }
            parts.insert(part)
        }
        return parts
    }

    /// The texts of each part, by the part's name: what an input that describes these parts holds.
    var inputs: [String: ActivityPartTexts] {
        Dictionary(uniqueKeysWithValues: present.map { (type(of: $0).name, $0.texts) })
    }

    /// The audit trail's field names and texts of every part.
    var auditFields: [(String, String)] {
        present.flatMap { part in
            let kind = type(of: part)
            let texts = part.texts
            return kind.fields.compactMap { field in texts[field.name].map { (field.path(in: kind.name), $0) } }
        }
    }

    /// Whether the audit field `field` belongs to the part named `name`.
    static func isAuditField(_ field: String, of name: String) -> Bool {
        field == name || (field.hasPrefix(name) && field.dropFirst(name.count).first == ".")
    }
}

extension ActivityPart {
    /// Whether the part is one text (one field without a name), which the API gives as a string.
    public static var isOneText: Bool { fields.count == 1 && fields[0].name.isEmpty }
}
