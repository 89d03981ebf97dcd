import EnlaceCore
import Testing

@Suite("Fora and focal points: validation and who may read them")
struct ForumTests {
    static func input() -> ForumInput {
        var input = ForumInput()
        input.id = "test-mechanism"
        input.names = ["en": "Test Mechanism", "es": "Mecanismo de Prueba"]
        input.acronym = "TM"
        input.scope = "subregional"
        input.members = ["HN", "GT"]
        input.keyAreas = ["narco-trafficking"]
        input.topics = ["maritime-interdiction"]
        input.website = "https://example.org/tm"
        input.description = ["en": "A mechanism for tests."]
        return input
    }

    static func errors(_ body: () throws(EnlaceError) -> Void) -> [String: FieldError.Code] {
        do {
            try body()
            return [:]
        } catch .invalid(let errors) {
            return Dictionary(errors.map { ($0.field, $0.code) }, uniquingKeysWith: { first, _ in first })
        } catch {
            return ["unexpected": .invalidType]
        }
    }

    @Test("a forum validates, and its input describes it exactly; bad fields are named")
    func forum() throws {
        let draft = try Self.input().validated(against: testCatalog)
        #expect(draft.names[.es] == "Mecanismo de Prueba" && draft.scope == .subregional)
        let forum = Forum(id: "test-mechanism", draft: draft, version: 1)
        #expect(try ForumInput(forum).validated(against: testCatalog) == draft)

        var bad = Self.input()
        bad.names = ["es": "Sin inglés", "xx": "?"]
        bad.acronym = nil
        bad.scope = "global"
        bad.members = ["HN", "ZZ"]
        bad.topics = ["cybercrime"]
        bad.website = "www.example.org"
        bad.parent = "Not A Slug"
        let found = Self.errors { () throws(EnlaceError) in _ = try bad.validated(against: testCatalog) }
        #expect(found["names.en"] == .required && found["names.xx"] == .unknownField)
        #expect(found["acronym"] == .required && found["scope"] == .unknownCode)
        #expect(found["members[1]"] == .unknownCode && found["topics[0]"] == .topicOutsideAreas)
        #expect(found["website"] == .invalidFormat && found["parent"] == .invalidFormat)
        #expect(ForumInput.isSlug("oas-cicad") && !ForumInput.isSlug("-oas") && !ForumInput.isSlug("OAS"))
    }

    @Test("a focal point validates; members read focal points, the public and non-members do not")
    func contact() throws {
        var input = ContactInput()
        input.name = "María Pérez"
        input.email = "mperez@example.org"
        input.phone = "+504 2234-5678"
        input.languages = ["es", "en"]
        #expect(try input.validated().languages == [.es, .en])
        input.name = " "
        input.email = "nobody"
        input.phone = "call me"
        input.languages = ["es", "de"]
        let found = Self.errors { () throws(EnlaceError) in _ = try input.validated() }
        #expect(
            found == [
                "name": .required, "email": .invalidFormat, "phone": .invalidFormat, "languages[1]": .unknownCode,
            ])

        func person(_ roles: Set<Role>, member: Bool) -> Viewer {
            .person(
                Principal(
                    userID: "u", email: "u@example.org", organization: member ? "ES" : "HN", lineage: [],
                    descendants: [], country: nil, isMember: member, roles: roles))
        }
        #expect(!ForumPolicy.canSeeContacts(.anonymous))
        #expect(!ForumPolicy.canSeeContacts(person([.partner], member: false)))
        #expect(ForumPolicy.canSeeContacts(person([.viewer], member: true)))
        #expect(ForumPolicy.canEdit(person([.secretariat], member: true)))
        #expect(!ForumPolicy.canEdit(person([.coordinator], member: true)))
    }
}
