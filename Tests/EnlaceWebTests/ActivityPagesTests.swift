import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

let validForm: [(String, String)] = [
    ("title", "Curso de interdicción marítima para la Fuerza Naval"), ("description", "Dos semanas."),
    ("language", "es"),
    ("providers[0].organization", "CO-ARC"), ("providers[0].role", "implementing"),
    ("providers[1].organization", ""), ("providers[1].role", "implementing"),
    ("recipientCountries", "HN"), ("recipientCountries", "GT"), ("beneficiary", "Fuerza Naval de Honduras"),
    ("keyAreas", "narco-trafficking"), ("topics", "maritime-interdiction"), ("kind", "course"),
    ("modality", "in-country"), ("plannedStart", "2026-05-04"), ("plannedEnd", "2026-05-15"), ("actualStart", ""),
    ("actualEnd", ""), ("status", "1"), ("participantsPlanned", "25"), ("participantsTrained", ""),
    ("budget.amount", "1500000"), ("budget.currency", "COP"), ("location.name", ""), ("location.lat", ""),
    ("location.lon", ""), ("releasability.marking", "members"),
]

@Suite("Activity pages")
struct ActivityPagesTests {
    @Test("dashboard, list, detail and form render, in English by default and Spanish on request")
    func pagesRender() async throws {
        try await TestApp.run { client, world in
            let id = try await createActivity(client, world, ["releasability": ["marking": "public"]])
            let browser = try await signIn(client, as: "contributor")
            for uri in [
                "/", "/activities", "/activities?country=HN&keyArea=narco-trafficking&q=maritime", "/activities/\(id)",
                "/activities/new", "/activities/\(id)/edit", "/activities/\(id)/history", "/account",
            ] {
                try await client.execute(uri: uri, method: .get, headers: browser.page) { response async throws in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(response.text.contains("<html lang=\"en\">"), "\(uri)")
                    #expect(!response.text.contains("{{"), "\(uri)")
                }
            }
            try await client.execute(
                uri: "/activities", method: .get, headers: [.acceptLanguage: "es-CO,es;q=0.9,en;q=0.5"]
            ) { response async throws in
                #expect(response.text.contains("<html lang=\"es\">"))
                #expect(response.text.contains("1 actividad"))
            }
            try await client.execute(uri: "/activities/\(id)", method: .get) { response async throws in
                #expect(response.text.contains("Maritime interdiction course for the Honduran Navy"))
                #expect(response.text.contains("$125,000.50"))
                #expect(response.text.contains("Mar 2, 2026"))
            }
        }
    }

    @Test("the dashboard's bars keep every label whole, in each language, and give their figures as a table")
    func dashboardChart() async throws {
        try await TestApp.run { client, world in
            _ = try await createActivity(
                client, world,
                ["keyAreas": ["resilient-communities"], "topics": [String](), "releasability": ["marking": "public"]])
            for (language, label) in [("en", "Fostering resilient communities"), ("fr", "Communautés résilientes")] {
                try await client.execute(uri: "/", method: .get, headers: [.acceptLanguage: language]) {
                    response async throws in
                    let html = response.text
                    // The label stands on a line of its own, from the left edge: nothing cuts it to a column's width.
                    #expect(html.contains("<text class=\"bar-chart__label\" x=\"0\" y=\"141\">\(label)</text>"))
                    #expect(html.contains("width=\"84.0%\""))
                    #expect(html.contains("<details class=\"chart-figures\">"))
                    #expect(
                        html.contains(
                            "<th scope=\"row\"><a href=\"/activities?keyArea=resilient-communities\">\(label)</a></th><td class=\"num\">1</td>"
                        ))
                }
            }
        }
    }

    @Test("a search typed into the list's form, its spaces sent as +, finds the activity; %2B stays a plus")
    func searchWithSpaces() async throws {
        try await TestApp.run { client, world in
            _ = try await createActivity(client, world, ["releasability": ["marking": "public"]])
            for (query, found) in [
                ("maritime+interdiction", true), ("maritime%20interdiction", true), ("maritime%2Binterdiction", false),
            ] {
                try await client.execute(uri: "/activities?q=" + query, method: .get) { response async throws in
                    #expect(response.text.contains("1 activity") == found, "\(query)")
                }
            }
        }
    }

    @Test("the language switcher sets a cookie and returns to the page, never off the site")
    func languageSwitcher() async throws {
        try await TestApp.run { client, world in
            try await client.execute(uri: "/language/pt?back=/activities%3Fcountry%3DHN", method: .get) {
                response async throws in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/activities?country=HN")
                #expect(response.headers[.setCookie]?.contains("enlace_lang=pt") == true)
                #expect(response.headers[.setCookie]?.contains("HttpOnly") == true)
            }
            for back in ["//evil.example/", "https://evil.example/", "/\\evil.example"] {
                let encoded = back.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                try await client.execute(uri: "/language/es?back=\(encoded)", method: .get) { response async throws in
                    #expect(response.headers[.location] == "/", "\(back)")
                }
            }
            try await client.execute(uri: "/language/xx", method: .get, headers: [.accept: "text/html"]) {
                response async throws in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "enlace_lang=fr"]) {
                response async throws in
                #expect(response.text.contains("<html lang=\"fr\">"))
                #expect(response.text.contains("Tableau de bord"))
            }
        }
    }

    @Test("a bad form comes back with messages and what was typed, and writes nothing; a good one redirects")
    func createThroughForm() async throws {
        try await TestApp.run { client, world in
            let browser = try await signIn(client, as: "contributor")
            var bad = validForm.filter { $0.0 != "title" && $0.0 != "participantsPlanned" && $0.0 != "plannedEnd" }
            bad += [
                ("title", ""), ("participantsPlanned", "twenty"), ("plannedEnd", "2026-04-01"), ("_csrf", browser.csrf),
            ]
            try await client.execute(uri: "/activities", method: .post, headers: browser.form, body: form(bad)) {
                response async throws in
                #expect(response.status == .unprocessableContent)
                let html = response.text
                #expect(html.contains("Please correct the following"))
                #expect(html.contains("This field is required."))
                #expect(html.contains("value=\"twenty\""))
                #expect(html.contains("The end cannot be before the start"))
                #expect(html.contains("Fuerza Naval de Honduras"))
                #expect(html.contains("<option value=\"GT\" selected>"))
            }
            #expect(try await total(client, world) == 0)
            let location = try await client.execute(
                uri: "/activities", method: .post, headers: browser.form,
                body: form(validForm + [("_csrf", browser.csrf)])
            ) { response async throws in
                #expect(response.status == .seeOther)
                return try #require(response.headers[.location])
            }
            #expect(location.hasPrefix("/activities/") && location.hasSuffix("?saved=1"))
            try await client.execute(uri: location, method: .get, headers: browser.page) { response async throws in
                #expect(response.text.contains("Curso de interdicción marítima para la Fuerza Naval"))
                #expect(response.text.contains("The activity was saved."))
                #expect(response.text.contains("Recorded by"))
            }
            #expect(try await total(client, world, "?country=GT") == 1)
        }
    }

    @Test("editing with a stale version keeps the input and writes nothing; archiving removes the activity")
    func editAndArchive() async throws {
        try await TestApp.run { client, world in
            let id = try await createActivity(client, world)
            let browser = try await signIn(client, as: "contributor")
            var edit = validForm + [("version", "1"), ("_csrf", browser.csrf)]
            edit = edit.map { $0.0 == "title" ? ("title", "Edited title") : $0 }
            try await client.execute(
                uri: "/activities/\(id)/edit", method: .post, headers: browser.form, body: form(edit)
            ) {
                response async throws in
                #expect(response.status == .seeOther)
            }
            let stale = edit.map { $0.0 == "title" ? ("title", "Stale edit") : $0 }
            try await client.execute(
                uri: "/activities/\(id)/edit", method: .post, headers: browser.form, body: form(stale)
            ) {
                response async throws in
                #expect(response.status == .conflict)
                #expect(response.text.contains("Stale edit"))
                #expect(response.text.contains("Someone else changed this activity"))
            }
            try await client.execute(uri: "/api/v1/activities/\(id)", method: .get, headers: world.auth("contributor"))
            {
                response async throws in
                #expect(try json(response)["title"] as? String == "Edited title")
            }
            try await client.execute(
                uri: "/activities/\(id)/archive", method: .post, headers: browser.form,
                body: form([("version", "2"), ("_csrf", browser.csrf)])
            ) { response async throws in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/activities?archived=1")
            }
            try await client.execute(uri: "/activities/\(id)", method: .get, headers: browser.page) {
                response async throws in
                #expect(response.status == .notFound)
                #expect(response.text.contains("Not found"))
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            }
        }
    }
}
