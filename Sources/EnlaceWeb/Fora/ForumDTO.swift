import EnlaceCore

/// Fora and focal points as the API writes and reads them.
enum ForumDTO {
    static func texts(_ values: [Language: String]) -> JSONValue {
        .object(Language.allCases.compactMap { language in values[language].map { (language.rawValue, .string($0)) } })
    }

    static func encode(_ forum: Forum) -> JSONValue {
        let draft = forum.draft
        return .object([
            ("id", .string(forum.id)), ("names", texts(draft.names.values)), ("acronym", .string(draft.acronym)),
            ("scope", .string(draft.scope.rawValue)), ("parent", .string(draft.parent)),
            ("members", .strings(draft.members)), ("keyAreas", .strings(draft.keyAreas)),
            ("topics", .strings(draft.topics)), ("website", .string(draft.website)),
            ("description", texts(draft.description)), ("version", .integer(forum.version)),
        ])
    }

    static let readOnlyMembers = ["version"]

    /// The input a body describes, and the errors of shape found on the way.
    static func decode(_ body: JSONValue) -> (ForumInput, [FieldError]) {
        var reader = FieldReader(body)
        var input = ForumInput()
        input.id = reader.string("id")
        input.names = reader.texts("names")
        input.acronym = reader.string("acronym")
        input.scope = reader.string("scope")
        input.parent = reader.string("parent")
        input.members = reader.strings("members")
        input.keyAreas = reader.strings("keyAreas")
        input.topics = reader.strings("topics")
        input.website = reader.string("website")
        input.description = reader.texts("description")
        for member in readOnlyMembers { _ = reader.value(member) }
        reader.rejectUnknown()
        return (input, reader.errors)
    }

    static func encode(_ contact: Contact) -> JSONValue {
        let draft = contact.draft
        return .object([
            ("id", .string(contact.id)), ("forum", .string(contact.forum)), ("name", .string(draft.name)),
            ("organization", .string(draft.organization)), ("position", .string(draft.position)),
            ("email", .string(draft.email)), ("phone", .string(draft.phone)),
            ("languages", .strings(draft.languages.map(\.rawValue))), ("version", .integer(contact.version)),
        ])
    }

    /// A contact's input, its forum (when sent), and the errors of shape found on the way.
    static func decodeContact(_ body: JSONValue) -> (ContactInput, String?, [FieldError]) {
        var reader = FieldReader(body)
        var input = ContactInput()
        let forum = reader.string("forum")
        input.name = reader.string("name")
        input.organization = reader.string("organization")
        input.position = reader.string("position")
        input.email = reader.string("email")
        input.phone = reader.string("phone")
        input.languages = reader.strings("languages")
        _ = reader.value("id")
        _ = reader.value("version")
        reader.rejectUnknown()
        return (input, forum, reader.errors)
    }
}
