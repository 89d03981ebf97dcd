import EnlaceCore
import SQLKit

/// How a forum and a contact map onto their rows: the only writer and reader of them.
enum ForumColumns {
    static let names =
        ["id", "acronym", "scope", "parent", "members", "key_areas", "topics", "website"]
        + Language.allCases.flatMap { ["name_\($0.rawValue)", "description_\($0.rawValue)"] } + ["version"]

    static func values(of forum: Forum) -> [any Encodable & Sendable] {
        let draft = forum.draft
        let head: [any Encodable & Sendable] = [
            forum.id, draft.acronym, draft.scope.rawValue, draft.parent, draft.members.joined(separator: ","),
            draft.keyAreas.joined(separator: ","), draft.topics.joined(separator: ","), draft.website,
        ]
        let texts: [any Encodable & Sendable] = Language.allCases.flatMap { language -> [any Encodable & Sendable] in
            [draft.names.values[language], draft.description[language]]
        }
        return head + texts + [forum.version]
    }

    static func decode(_ row: any SQLRow) throws -> Forum {
        func list(_ column: String) throws -> [String] {
            try row.decode(column: column, as: String.self).split(separator: ",").map(String.init)
        }
        guard let scope = ForumScope(rawValue: try row.decode(column: "scope", as: String.self)) else {
            throw StoreError.corruptRow(table: "fora", column: "scope")
        }
        var names: [Language: String] = [:]
        var description: [Language: String] = [:]
        for language in Language.allCases {
            names[language] = try row.decode(column: "name_\(language.rawValue)", as: String?.self)
            description[language] = try row.decode(column: "description_\(language.rawValue)", as: String?.self)
        }
        guard names[.en] != nil else { throw StoreError.corruptRow(table: "fora", column: "name_en") }
        return Forum(
            id: try row.decode(column: "id", as: String.self),
            draft: ForumDraft(
                names: LocalizedText(names), acronym: try row.decode(column: "acronym", as: String.self), scope: scope,
                parent: try row.decode(column: "parent", as: String?.self), members: try list("members"),
                keyAreas: try list("key_areas"), topics: try list("topics"),
                website: try row.decode(column: "website", as: String?.self), description: description),
            version: try row.decode(column: "version", as: Int.self))
    }

    static let contactNames = [
        "id", "forum_id", "name", "organization", "position", "email", "phone", "languages", "version",
    ]

    static func values(of contact: Contact) -> [any Encodable & Sendable] {
        let draft = contact.draft
        return [
            contact.id, contact.forum, draft.name, draft.organization, draft.position, draft.email, draft.phone,
            draft.languages.map(\.rawValue).joined(separator: ","), contact.version,
        ]
    }

    static func decodeContact(_ row: any SQLRow) throws -> Contact {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        return Contact(
            id: try text("id"), forum: try text("forum_id"),
            draft: ContactDraft(
                name: try text("name"), organization: try text("organization"), position: try text("position"),
                email: try text("email"), phone: try text("phone"),
                languages: try text("languages").split(separator: ",").compactMap { Language(rawValue: String($0)) }),
            version: try row.decode(column: "version", as: Int.self))
    }
}
