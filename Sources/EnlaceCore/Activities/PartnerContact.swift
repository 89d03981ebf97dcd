/// The person to call at the partner that carries an activity out: its implementing-partner contact.
///
/// Like a forum's focal points, a contact is for members only: the activity's readers who are not
/// signed in to a member organisation (or to the owner's) read the activity without it, in every answer
/// (detail, lists, the answer to a write, history).
public struct PartnerContact: ActivityPart {
    /// Full name.
    public var name: String
    /// Their position, for example `Programme officer`; may be empty.
    public var position: String
    /// Work e-mail; may be empty.
    public var email: String
    /// Work phone, in international form; may be empty.
    public var phone: String

    /// Creates the contact.
    public init(name: String, position: String = "", email: String = "", phone: String = "") {
        self.name = name
        self.position = position
        self.email = email
        self.phone = phone
    }

    public static let name = "partnerContact"

    public static let fields = [
        ActivityPartField("name", maxLength: PersonFields.textLimit, isRequired: true),
        ActivityPartField("position", maxLength: PersonFields.textLimit),
        ActivityPartField("email", .email, maxLength: 254),
        ActivityPartField("phone", .phone, maxLength: PersonFields.phoneLimit),
    ]

    /// The contact, nil when every field is empty: a name is required, an e-mail must be one, a phone holds
    /// digits, spaces and `+-().` (the rule of a forum's focal points).
    public static func validated(_ texts: ActivityPartTexts, _ errors: inout [FieldError]) -> Self? {
        let fields = PersonFields(
            name: texts["name"], position: texts["position"], email: texts["email"], phone: texts["phone"])
        guard !fields.isEmpty, let person = fields.validated(prefix: name + ".", &errors) else { return nil }
        return PartnerContact(name: person.name, position: person.position, email: person.email, phone: person.phone)
    }

    public init(stored texts: ActivityPartTexts) {
        self.init(
            name: texts["name"] ?? "", position: texts["position"] ?? "", email: texts["email"] ?? "",
            phone: texts["phone"] ?? "")
    }

    public var texts: ActivityPartTexts {
        ["name": name, "position": position, "email": email, "phone": phone].filter { !$0.value.isEmpty }
    }

    /// The owner's people, and the signed-in people of member organisations (as for a forum's focal points).
    public static func isReadable(by viewer: Viewer, owner: String) -> Bool {
        if viewer.principal?.descendants.contains(owner) == true { return true }
        return ForumPolicy.canSeeContacts(viewer)
    }

    /// A contact as a caller sent it; all members empty means "no contact".
    public struct Input: Sendable, Hashable {
        public var name: String?
        public var position: String?
        public var email: String?
        public var phone: String?

        /// Creates the input.
        public init(name: String? = nil, position: String? = nil, email: String? = nil, phone: String? = nil) {
            self.name = name
            self.position = position
            self.email = email
            self.phone = phone
        }

        /// The input that `texts` describe.
        init(_ texts: ActivityPartTexts) {
            self.init(name: texts["name"], position: texts["position"], email: texts["email"], phone: texts["phone"])
        }

        /// Its members as a part's texts.
        var texts: ActivityPartTexts {
            ["name": name, "position": position, "email": email, "phone": phone].compactMapValues { $0 }
        }
    }
}

extension ActivityDraft {
    /// Whom to call at the implementing partner; members only (see ``PartnerContact``).
    public var partnerContact: PartnerContact? {
        get { parts[PartnerContact.self] }
        set { parts[PartnerContact.self] = newValue }
    }
}

extension ActivityInput {
    /// See ``ActivityDraft/partnerContact``; every member empty means none.
    public var partnerContact: PartnerContact.Input? {
        get { parts[PartnerContact.name].map(PartnerContact.Input.init) }
        set { parts[PartnerContact.name] = newValue?.texts }
    }
}
