/// The limits a forum and a contact keep.
public enum ForumLimits {
    /// A name, an organisation, a position.
    public static let name = 200
    /// An acronym.
    public static let acronym = 30
    /// A description, per language.
    public static let description = 2_000
    /// A web address.
    public static let website = 300
    /// A phone number.
    public static let phone = 40
}

/// A forum as a caller sent it.
public struct ForumInput: Sendable, Hashable {
    /// The slug for a new forum; ignored on a change.
    public var id: String?
    /// Names by language code; English is required.
    public var names: [String: String]?
    public var acronym: String?
    /// A ``ForumScope`` code.
    public var scope: String?
    public var parent: String?
    public var members: [String]?
    public var keyAreas: [String]?
    public var topics: [String]?
    public var website: String?
    /// Descriptions by language code.
    public var description: [String: String]?

    /// An empty input.
    public init() {}

    /// The input that describes `forum` exactly.
    public init(_ forum: Forum) {
        let draft = forum.draft
        id = forum.id
        names = Dictionary(uniqueKeysWithValues: draft.names.values.map { ($0.key.rawValue, $0.value) })
        acronym = draft.acronym
        scope = draft.scope.rawValue
        parent = draft.parent
        members = draft.members
        keyAreas = draft.keyAreas
        topics = draft.topics
        website = draft.website
        description = Dictionary(uniqueKeysWithValues: draft.description.map { ($0.key.rawValue, $0.value) })
    }

    /// Whether `text` is a forum slug: lower-case letters and digits in words joined by hyphens.
    public static func isSlug(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (2...40).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-"),
            !text.contains("--")
        else { return false }
        return bytes.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "-")
        }
    }

    /// The forum this input describes; otherwise ``EnlaceError/invalid(_:)`` with every reason.
    public func validated(against catalog: ReferenceCatalog) throws(EnlaceError) -> ForumDraft {
        var errors: [FieldError] = []
        let names = Self.texts("names", names, max: ForumLimits.name, &errors)
        if names[.en] == nil { errors.append(FieldError("names.en", .required)) }
        let acronym = ActivityInput.clean(acronym)
        if let acronym, acronym.count > ForumLimits.acronym {
            errors.append(FieldError("acronym", .tooLong, ["max": "\(ForumLimits.acronym)"]))
        } else if acronym == nil {
            errors.append(FieldError("acronym", .required))
        }
        let scope = ActivityInput.required("scope", ActivityInput.clean(scope), &errors) { ForumScope(rawValue: $0) }
        let parent = ActivityInput.clean(parent)
        if let parent, !Self.isSlug(parent) { errors.append(FieldError("parent", .invalidFormat, ["expected": "oas"])) }
        let members = ActivityInput.codes("members", members, required: false, &errors) { catalog.country($0) != nil }
        let (areas, topics) = ActivityInput.areasAndTopics(
            keyAreas, topics, required: false, catalog: catalog, &errors)
        let website = ActivityInput.clean(website)
        if let website, !Self.isWebAddress(website) {
            errors.append(FieldError("website", .invalidFormat, ["expected": "https://example.org"]))
        }
        let description = Self.texts("description", description, max: ForumLimits.description, &errors)
        guard errors.isEmpty, names[.en] != nil, let acronym, let scope else { throw .invalid(errors) }
        return ForumDraft(
            names: LocalizedText(names), acronym: acronym, scope: scope, parent: parent, members: members,
            keyAreas: areas, topics: topics, website: website, description: description)
    }

    /// A new forum's id and content; otherwise ``EnlaceError/invalid(_:)`` with every reason, the
    /// id's among them.
    public func validatedNew(against catalog: ReferenceCatalog) throws(EnlaceError) -> (id: String, draft: ForumDraft) {
        let id = ActivityInput.clean(id) ?? ""
        var errors: [FieldError] = []
        if !Self.isSlug(id) {
            errors.append(
                FieldError("id", id.isEmpty ? .required : .invalidFormat, id.isEmpty ? [:] : ["expected": "cicad"]))
        }
        switch Result(catching: { () throws(EnlaceError) in try validated(against: catalog) }) {
        case .success(let draft):
            guard errors.isEmpty else { throw .invalid(errors) }
            return (id, draft)
        case .failure(.invalid(let found)): throw .invalid(errors + found)
        case .failure(let other): throw other
        }
    }

    /// Whether `text` is an absolute http(s) address without spaces.
    static func isWebAddress(_ text: String) -> Bool {
        (text.hasPrefix("https://") || text.hasPrefix("http://")) && text.count <= ForumLimits.website
            && !text.contains(where: \.isWhitespace) && text.split(separator: "/").count >= 2
    }

    /// Texts by language code, each within `max` characters; blank ones are left out.
    static func texts(
        _ field: String, _ values: [String: String]?, max: Int, _ errors: inout [FieldError]
    ) -> [Language: String] {
        var result: [Language: String] = [:]
        for (code, raw) in (values ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let language = Language(rawValue: code) else {
                errors.append(FieldError("\(field).\(code)", .unknownField))
                continue
            }
            guard let text = ActivityInput.clean(raw) else { continue }
            if text.count > max { errors.append(FieldError("\(field).\(code)", .tooLong, ["max": "\(max)"])) }
            result[language] = text
        }
        return result
    }
}

/// A contact as a caller sent it.
public struct ContactInput: Sendable, Hashable {
    public var name: String?
    public var organization: String?
    public var position: String?
    public var email: String?
    public var phone: String?
    /// Language codes.
    public var languages: [String]?

    /// An empty input.
    public init() {}

    /// The input that describes `draft` exactly.
    public init(_ draft: ContactDraft) {
        name = draft.name
        organization = draft.organization
        position = draft.position
        email = draft.email
        phone = draft.phone
        languages = draft.languages.map(\.rawValue)
    }

    /// The contact this input describes; otherwise ``EnlaceError/invalid(_:)`` with every reason.
    public func validated() throws(EnlaceError) -> ContactDraft {
        var errors: [FieldError] = []
        let person = PersonFields(name: name, position: position, email: email, phone: phone).validated(&errors)
        let organization = ActivityInput.clean(organization) ?? ""
        if organization.count > ForumLimits.name {
            errors.append(FieldError("organization", .tooLong, ["max": "\(ForumLimits.name)"]))
        }
        let codes = ActivityInput.codes("languages", languages, required: false, &errors) {
            Language(rawValue: $0) != nil
        }
        guard errors.isEmpty, let person else { throw .invalid(errors) }
        return ContactDraft(
            name: person.name, organization: organization, position: person.position, email: person.email,
            phone: person.phone, languages: codes.compactMap(Language.init(rawValue:)))
    }
}
