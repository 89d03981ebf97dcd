/// The fields that describe a person to contact (name, position, e-mail, phone), and their one rule,
/// shared by a forum's focal points and an activity's implementing-partner contact.
struct PersonFields {
    var name: String?
    var position: String?
    var email: String?
    var phone: String?

    /// The longest name or position, in characters.
    static let textLimit = 200
    /// The longest phone number, in characters.
    static let phoneLimit = 40

    /// Whether nothing was given.
    var isEmpty: Bool {
        [name, position, email, phone].allSatisfy { ActivityInput.clean($0) == nil }
    }

    /// The cleaned fields, nil with the reasons in `errors` (each field named `prefix` + its name) when any
    /// is wrong: the name is required, an e-mail must be one, a phone holds digits, spaces and `+-().`.
    func validated(
        prefix: String = "", _ errors: inout [FieldError]
    ) -> (
        name: String, position: String, email: String, phone: String
    )? {
        let before = errors.count
        let name = ActivityInput.clean(name)
        if name == nil { errors.append(FieldError(prefix + "name", .required)) }
        let position = ActivityInput.clean(position) ?? ""
        for (field, text) in [("name", name ?? ""), ("position", position)] where text.count > Self.textLimit {
            errors.append(FieldError(prefix + field, .tooLong, ["max": "\(Self.textLimit)"]))
        }
        let email = ActivityInput.clean(email) ?? ""
        if !email.isEmpty && !UserAccount.isEmail(email) {
            errors.append(FieldError(prefix + "email", .invalidFormat, ["expected": "name@example.org"]))
        }
        let phone = ActivityInput.clean(phone) ?? ""
        if phone.count > Self.phoneLimit || !phone.allSatisfy({ $0.isASCII && ($0.isNumber || " +-().".contains($0)) })
        {
            errors.append(FieldError(prefix + "phone", .invalidFormat, ["expected": "+1 202 555 0100"]))
        }
        guard errors.count == before, let name else { return nil }
        return (name, position, email, phone)
    }
}
