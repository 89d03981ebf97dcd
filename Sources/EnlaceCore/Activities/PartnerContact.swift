/// The person to call at the partner that carries an activity out: its implementing-partner contact.
///
/// Like a forum's focal points, a contact is for members only: the activity's readers who are not
/// signed in to a member organisation (or to the owner's) read the activity without it, in every answer
/// (detail, lists, the answer to a write, history).
public struct PartnerContact: Sendable, Hashable {
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

        /// The input that describes `contact` exactly.
        public init(_ contact: PartnerContact) {
            self.init(name: contact.name, position: contact.position, email: contact.email, phone: contact.phone)
        }

        /// The contact, nil when every member is empty; problems go to `errors` under `field`.
        func validated(_ field: String, _ errors: inout [FieldError]) -> PartnerContact? {
            let fields = PersonFields(name: name, position: position, email: email, phone: phone)
            guard !fields.isEmpty else { return nil }
            guard let person = fields.validated(prefix: field + ".", &errors) else { return nil }
            return PartnerContact(
                name: person.name, position: person.position, email: person.email, phone: person.phone)
        }
    }

    /// The audit trail's names and texts for the contact: empty members are left out.
    var auditFields: [(String, String)] {
        [
            (Self.auditPrefix + "name", name), (Self.auditPrefix + "position", position),
            (Self.auditPrefix + "email", email), (Self.auditPrefix + "phone", phone),
        ].filter { !$0.1.isEmpty }
    }

    /// The prefix of the contact's fields in the audit trail.
    static let auditPrefix = "partnerContact."

    /// Whether `viewer` may read the contact of an activity owned by `owner`: the owner's people, and the
    /// signed-in people of member organisations (as for a forum's focal points).
    public static func isReadable(by viewer: Viewer, owner: String) -> Bool {
        if viewer.principal?.descendants.contains(owner) == true { return true }
        return ForumPolicy.canSeeContacts(viewer)
    }
}
