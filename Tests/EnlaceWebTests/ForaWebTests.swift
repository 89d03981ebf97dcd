import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The directory of fora over the API and the pages")
struct ForaWebTests {
    @Test("the seeded directory is public; focal points reach members only, never the public or a partner")
    func directoryAndContacts() async throws {
        try await TestApp.run { client, world in
            try await client.execute(uri: "/api/v1/fora?country=HN&limit=100", method: .get, headers: [:]) {
                response async throws in
                let ids = (try json(response)["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(ids.contains("sica") && ids.contains("unodc") && ids.contains("oas-cicad"))
                #expect(!ids.contains("ecowas"))
            }
            let added = try await client.execute(
                uri: "/api/v1/contacts", method: .post, headers: world.json("secretariat"),
                body: ByteBuffer(
                    string:
                        #"{"forum": "oas-cicad", "name": "Ana Gómez", "position": "Maritime officer", "email": "agomez@example.org", "languages": ["es", "en"]}"#
                )
            ) { response async throws in
                #expect(response.status == .created)
                return try #require(try json(response)["id"] as? String)
            }
            try await client.execute(
                uri: "/api/v1/contacts", method: .post, headers: world.json("secretariat"),
                body: ByteBuffer(string: #"{"name": "", "email": "nope", "languages": ["xx"], "extra": 1}"#)
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(
                    Set(try errorCodes(response).keys) == ["forum", "name", "email", "languages[0]", "extra"])
            }
            try await client.execute(uri: "/api/v1/contacts/\(added)", method: .get, headers: world.auth("viewer")) {
                response async throws in
                #expect(response.status == .ok)
                #expect(try json(response)["email"] as? String == "agomez@example.org")
            }
            for (who, status) in [(nil, HTTPResponse.Status.unauthorized), ("partner", .forbidden)] {
                try await client.execute(uri: "/api/v1/contacts", method: .get, headers: world.auth(who)) {
                    #expect($0.status == status)
                }
            }

            // The forum page names its focal points to members, and says why to everyone else.
            let viewer = try await signIn(client, as: "viewer")
            let partner = try await signIn(client, as: "partner")
            for (headers, sees) in [
                (viewer.page, true), (partner.page, false), ([.accept: "text/html"] as HTTPFields, false),
            ] {
                try await client.execute(uri: "/fora/oas-cicad", method: .get, headers: headers) {
                    response async throws in
                    #expect(response.status == .ok)
                    #expect(response.text.contains("Inter-American Drug Abuse Control Commission"))
                    #expect(response.text.contains("Ana Gómez") == sees)
                    #expect(response.text.contains("agomez@example.org") == sees)
                    #expect(response.text.contains("id=\"contacts-members-only\"") == !sees)
                }
            }
            try await client.execute(uri: "/fora?country=HN", method: .get, headers: [.accept: "text/html"]) {
                response async throws in
                #expect(response.text.contains(">SICA<") && !response.text.contains(">ECOWAS<"))
            }
        }
    }

    @Test("the secretariat adds and changes fora: problems per field, If-Match required, stale refused")
    func changes() async throws {
        try await TestApp.run { client, world in
            try await client.execute(
                uri: "/api/v1/fora", method: .post, headers: world.json("secretariat"),
                body: ByteBuffer(
                    string: #"{"id": "Bad Id", "names": {"es": "Sin inglés"}, "scope": "global", "members": ["ZZ"]}"#)
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(
                    Set(try errorCodes(response).keys) == ["id", "names.en", "acronym", "scope", "members[0]"])
            }
            try await client.execute(
                uri: "/api/v1/fora", method: .post, headers: world.json("secretariat"),
                body: ByteBuffer(
                    string:
                        #"{"id": "test-mechanism", "names": {"en": "Test Mechanism"}, "acronym": "TM", "scope": "subregional", "parent": "sica", "members": ["HN", "GT"]}"#
                )
            ) { response async throws in
                #expect(response.status == .created)
                #expect(response.headers[.eTag]?.hasPrefix("\"v1-") == true)
            }
            let patch = ByteBuffer(string: #"{"website": "https://example.org/tm"}"#)
            try await client.execute(
                uri: "/api/v1/fora/test-mechanism", method: .patch, headers: world.json("secretariat"), body: patch
            ) { #expect($0.status == .preconditionRequired) }
            try await client.execute(
                uri: "/api/v1/fora/test-mechanism", method: .patch,
                headers: world.json("secretariat") + [.ifMatch: "\"v1\""], body: patch
            ) { response async throws in
                #expect(response.status == .ok)
                #expect(try json(response)["website"] as? String == "https://example.org/tm")
            }
            try await client.execute(
                uri: "/api/v1/fora/test-mechanism", method: .patch,
                headers: world.json("secretariat") + [.ifMatch: "\"v1\""], body: patch
            ) { #expect($0.status == .preconditionFailed) }
            try await client.execute(uri: "/fora/sica", method: .get, headers: [.accept: "text/html"]) {
                response async throws in
                #expect(response.text.contains("/fora/test-mechanism"))
            }
        }
    }

    @Test("the secretariat keeps the directory on pages: forms come back with messages, focal points come and go")
    func pages() async throws {
        try await TestApp.run { client, world in
            let secretariat = try await signIn(client, as: "secretariat")
            try await client.execute(
                uri: "/fora", method: .post, headers: secretariat.form,
                body: form([
                    ("_csrf", secretariat.csrf), ("id", "Bad Id"), ("names.es", "Sin inglés"), ("scope", "regional"),
                    ("website", "not a url"),
                ])
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains("error-summary") && response.text.contains("value=\"Sin inglés\""))
            }
            try await client.execute(uri: "/api/v1/fora/bad-id", method: .get, headers: [:]) {
                #expect($0.status == .notFound)
            }
            try await client.execute(
                uri: "/fora", method: .post, headers: secretariat.form,
                body: form([
                    ("_csrf", secretariat.csrf), ("id", "andean-community"), ("names.en", "Andean Community"),
                    ("names.es", "Comunidad Andina"), ("acronym", "CAN"), ("scope", "subregional"), ("members", "CO"),
                    ("members", "PE"), ("keyAreas", "combating-crime"),
                ])
            ) { response async throws in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/fora/andean-community")
            }
            try await client.execute(
                uri: "/fora/andean-community/contacts", method: .post, headers: secretariat.form,
                body: form([("_csrf", secretariat.csrf), ("name", ""), ("email", "nope")])
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains("id=\"field-name-error\"") || response.text.contains("field-error"))
            }
            try await client.execute(
                uri: "/fora/andean-community/contacts", method: .post, headers: secretariat.form,
                body: form([
                    ("_csrf", secretariat.csrf), ("name", "Rosa Quispe"), ("email", "rquispe@example.org"),
                    ("languages", "es"),
                ])
            ) { #expect($0.status == .seeOther) }
            let contact = try await client.execute(
                uri: "/api/v1/contacts?forum=andean-community", method: .get, headers: world.auth("secretariat")
            ) { response async throws in
                try #require((try json(response)["items"] as? [[String: Any]])?.first?["id"] as? String)
            }
            try await client.execute(uri: "/fora/andean-community", method: .get, headers: secretariat.page) {
                response async throws in
                #expect(response.text.contains("Rosa Quispe") && response.text.contains("id=\"edit-forum\""))
            }
            // A stale removal is refused; the current one goes through.
            try await client.execute(
                uri: "/contacts/\(contact)/remove", method: .post, headers: secretariat.form,
                body: form([("_csrf", secretariat.csrf), ("version", "7")])
            ) { #expect($0.status == .preconditionFailed) }
            try await client.execute(
                uri: "/contacts/\(contact)/remove", method: .post, headers: secretariat.form,
                body: form([("_csrf", secretariat.csrf), ("version", "1")])
            ) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/fora/andean-community", method: .get, headers: secretariat.page) {
                #expect(!$0.text.contains("Rosa Quispe"))
            }
            let viewer = try await signIn(client, as: "viewer")
            try await client.execute(uri: "/fora/andean-community", method: .get, headers: viewer.page) {
                #expect(!$0.text.contains("id=\"edit-forum\""))
            }
        }
    }

    @Test("the fora panel of an activity: a refused choice comes back on the page with its message, and writes nothing")
    func panel() async throws {
        try await TestApp.run(seed: { store, world in
            _ = try await store.activities.create(Fixtures.input(), by: world.principals["contributor"]!)
        }) { client, world in
            let id = try await client.execute(
                uri: "/api/v1/activities", method: .get, headers: world.auth("contributor")
            ) { response async throws in
                try #require((try json(response)["items"] as? [[String: Any]])?.first?["id"] as? String)
            }
            let contributor = try await signIn(client, as: "contributor")
            try await client.execute(
                uri: "/activities/\(id)/fora", method: .post, headers: contributor.form,
                body: form([("_csrf", contributor.csrf), ("fora", "oas-cicad"), ("fora", "nowhere")])
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains("id=\"field-fora-error\"") && response.text.contains("nowhere"))
                #expect(response.text.contains("<option value=\"oas-cicad\" selected>"))
            }
            try await client.execute(
                uri: "/api/v1/activities/\(id)/fora", method: .get, headers: world.auth("contributor")
            ) { response async throws in #expect((try json(response)["fora"] as? [String]) == []) }
            try await client.execute(
                uri: "/activities/\(id)/fora", method: .post, headers: contributor.form,
                body: form([("_csrf", contributor.csrf), ("fora", "oas-cicad")])
            ) { response async throws in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/activities/\(id)#fora-panel")
            }
            try await client.execute(uri: "/activities/\(id)", method: .get, headers: contributor.page) {
                #expect($0.text.contains("href=\"/fora/oas-cicad\""))
            }
        }
    }
}
