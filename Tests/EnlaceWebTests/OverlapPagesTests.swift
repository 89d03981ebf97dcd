import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Overlap and coverage pages")
struct OverlapPagesTests {
    @Test("queue, side-by-side page, decision form with messages, and the panel on each activity")
    func reviewInPages() async throws {
        try await TestApp.run { client, world in
            let english = try await createActivity(client, world)
            let spanish = try await createActivity(client, world, spanishTwin, as: "colombia")
            let secretariat = try await signIn(client, as: "secretariat")
            let overlapPath = try await client.execute(uri: "/overlaps", method: .get, headers: secretariat.page) {
                response async throws in
                #expect(response.status == .ok)
                #expect(response.text.contains("1 overlap"))
                #expect(response.text.contains("Curso de interdicción marítima para la Armada de Honduras"))
                let marker = try #require(response.text.range(of: "href=\"/overlaps/"))
                return "/overlaps/" + String(response.text[marker.upperBound...].prefix { $0 != "\"" })
            }
            try await client.execute(uri: overlapPath, method: .get, headers: secretariat.page) {
                response async throws in
                let html = response.text
                #expect(response.status == .ok)
                #expect(html.contains("Maritime interdiction course for the Honduran Navy"))
                #expect(html.contains("Same beneficiary: “Fuerza Naval de Honduras” and “Armada de Honduras”."))
                #expect(html.contains("Same topic: Maritime interdiction."))
                #expect(html.contains("id=\"decision-form\""))
                #expect(!html.contains("{{"))
            }
            // A complementary decision without a reason comes back with the message, and writes nothing.
            try await client.execute(
                uri: overlapPath, method: .post, headers: secretariat.form,
                body: form([("_csrf", secretariat.csrf), ("status", "complementary"), ("reason", ""), ("version", "1")])
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains("This field is required."))
                #expect(response.text.contains("id=\"error-summary\""))
            }
            try await client.execute(
                uri: overlapPath, method: .post, headers: secretariat.form,
                body: form([
                    ("_csrf", secretariat.csrf), ("status", "duplicate"), ("continuing", english),
                    ("reason", "Same unit"),
                    ("version", "1"),
                ])
            ) { response async throws in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == overlapPath + "?decided=1")
            }
            // The same form again, from a page opened before: refused as stale.
            try await client.execute(
                uri: overlapPath, method: .post, headers: secretariat.form,
                body: form([("_csrf", secretariat.csrf), ("status", "resolved"), ("version", "1")])
            ) { response async throws in
                #expect(response.status == .conflict)
                #expect(response.text.contains("id=\"stale-notice\""))
            }
            try await client.execute(uri: overlapPath, method: .get, headers: secretariat.page) {
                response async throws in
                #expect(response.text.contains("Duplicate"))
                #expect(response.text.contains("Overlap decided"))
            }
            let colombia = try await signIn(client, as: "colombia")
            try await client.execute(
                uri: "/activities/\(spanish)?saved=1", method: .get, headers: colombia.page
            ) { response async throws in
                #expect(response.text.contains("It may overlap 1 other activity"))
                #expect(response.text.contains("id=\"overlap-panel\""))
                #expect(response.text.contains("Maritime interdiction course for the Honduran Navy"))
            }
            try await client.execute(uri: "/overlaps", method: .get, headers: [.accept: "text/html"]) {
                response async throws in #expect(response.status == .seeOther)
            }
        }
    }

    @Test("the secretariat sends the redacted notice from the overlap's page; it names nothing of the hidden activity")
    func redactedNotice() async throws {
        try await TestApp.run { client, world in
            let english = try await createActivity(client, world)
            var hidden = spanishTwin
            hidden["releasability"] = ["marking": "restricted", "releasableTo": ["HN"]]
            let secret = try await createActivity(client, world, hidden, as: "colombia")
            let contributor = try await signIn(client, as: "contributor")
            let notice =
                "Overlap notice: another provider has a possibly overlapping activity; contact the secretariat."
            for uri in ["/activities/\(english)", "/overlaps"] {
                try await client.execute(uri: uri, method: .get, headers: contributor.page) { response async throws in
                    #expect(!response.text.contains(notice), "\(uri) before the secretariat said anything")
                }
            }
            let overlap = try await client.execute(
                uri: "/api/v1/activities/\(secret)/overlaps", method: .get, headers: world.auth("secretariat")
            ) { response async throws in
                try #require(((try json(response)["items"] as? [[String: Any]])?.first?["id"]) as? String)
            }
            let secretariat = try await signIn(client, as: "secretariat")
            try await client.execute(uri: "/overlaps/\(overlap)", method: .get, headers: secretariat.page) {
                response async throws in #expect(response.text.contains("id=\"notify-owners\""))
            }
            try await client.execute(uri: "/overlaps/\(overlap)", method: .get, headers: contributor.page) {
                response async throws in #expect(response.status == .notFound)
            }
            try await client.execute(
                uri: "/overlaps/\(overlap)/notices", method: .post, headers: secretariat.form,
                body: form([("_csrf", secretariat.csrf)])
            ) { response async throws in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/overlaps/\(overlap)?notified=1")
            }
            for uri in ["/activities/\(english)", "/overlaps"] {
                try await client.execute(uri: uri, method: .get, headers: contributor.page) { response async throws in
                    let html = response.text
                    #expect(
                        html.contains(
                            "Overlap notice: another provider has a possibly overlapping activity; contact the secretariat."
                        ),
                        "\(uri)")
                    #expect(!html.contains("Curso de interdicción"), "\(uri)")
                    #expect(!html.contains("Armada de Honduras"), "\(uri)")
                    #expect(!html.contains("Mar 9, 2026") && !html.contains("Mar 20, 2026"), "\(uri)")
                }
            }
        }
    }

    @Test("the coverage page draws the heatmap on the server, each cell linking to its activities")
    func coveragePage() async throws {
        try await TestApp.run { client, world in
            _ = try await createActivity(client, world, ["releasability": ["marking": "public"]])
            try await client.execute(uri: "/coverage?year=2026", method: .get, headers: [.accept: "text/html"]) {
                response async throws in
                let html = response.text
                #expect(response.status == .ok)
                #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"coverage-heatmap\""))
                #expect(
                    html.contains(
                        "href=\"/activities?country=HN&amp;keyArea=narco-trafficking&amp;from=2026-01-01&amp;to=2026-12-31\""
                    ))
                #expect(html.contains("cell cell--gap"))
                #expect(html.contains("href=\"/api/v1/coverage.csv?year=2026\""))
            }
            try await client.execute(
                uri: "/coverage?from=2026-03-01&to=2026-03-31", method: .get,
                headers: [.accept: "text/html", .acceptLanguage: "fr"]
            ) { response async throws in
                #expect(response.text.contains("Couverture et lacunes"))
                #expect(response.text.contains("coverage.csv?from=2026-03-01&amp;to=2026-03-31"))
            }
        }
    }
}
