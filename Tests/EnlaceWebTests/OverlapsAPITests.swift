import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The Spanish twin of the default activity body: Colombia's police trains the same unit the week after.
var spanishTwin: [String: Any] {
    [
        "title": "Curso de interdicción marítima para la Armada de Honduras",
        "description": "Abordaje, inspección de embarcaciones y cadena de custodia.",
        "language": "es", "providers": [["organization": "CO-PONAL", "role": "implementing"]],
        "beneficiary": "Armada de Honduras", "plannedStart": "2026-03-09", "plannedEnd": "2026-03-20",
    ]
}

@Suite("Overlaps over the API")
struct OverlapsAPITests {
    @Test("saving shows the overlap; the list filters; the explanation speaks the caller's language")
    func detectionOnSave() async throws {
        try await TestApp.run { client, world in
            let english = try await createActivity(client, world)
            let spanish = try await client.execute(
                uri: "/api/v1/activities", method: .post, headers: world.json("colombia"),
                body: try activityJSON(spanishTwin)
            ) { response async throws in
                #expect(response.status == .created)
                let body = try json(response)
                let overlaps = try #require(body["overlaps"] as? [[String: Any]])
                #expect(overlaps.count == 1)
                #expect((overlaps.first?["activity"] as? [String: Any])?["id"] as? String == english)
                #expect(body["overlapNotice"] == nil, "a save answers nothing about records beyond its saver's reach")
                return try #require(body["id"] as? String)
            }
            // An unrelated activity in another country is not a candidate.
            _ = try await createActivity(client, world, ["recipientCountries": ["GT"], "title": "Guatemala"])

            try await client.execute(
                uri: "/api/v1/overlaps?country=HN&keyArea=narco-trafficking&status=open", method: .get,
                headers: world.auth("secretariat") + [.acceptLanguage: "es"]
            ) { response async throws in
                #expect(response.status == .ok)
                let body = try json(response)
                #expect(body["total"] as? Int == 1)
                let item = try #require((body["items"] as? [[String: Any]])?.first)
                let ids = (item["activities"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(Set(ids) == [english, spanish])
                #expect((item["score"] as? Double ?? 0) >= 0.65)
                let factors = try #require(item["factors"] as? [[String: Any]])
                #expect(
                    factors.map { $0["factor"] as? String } == [
                        "time", "topic", "beneficiary", "location", "kind", "text",
                    ])
                let beneficiary = factors.first { $0["factor"] as? String == "beneficiary" }
                #expect((beneficiary?["explanation"] as? String)?.hasPrefix("Mismo beneficiario") == true)
                #expect(item["statusLabel"] as? String == "Abierto")
                let summary = try #require(item["explanation"] as? String)
                #expect(summary.contains("Mismo tema: Interdicción marítima."), "\(summary)")
            }
            for query in ["country=GT", "status=duplicate", "provider=ES-GC", "sameProvider=true"] {
                try await client.execute(
                    uri: "/api/v1/overlaps?\(query)", method: .get, headers: world.auth("secretariat")
                ) { response async throws in #expect(try json(response)["total"] as? Int == 0, "\(query)") }
            }
            try await client.execute(
                uri: "/api/v1/overlaps?country=XX&colour=red", method: .get, headers: world.auth("secretariat")
            ) { response async throws in
                #expect(response.status == .badRequest)
                #expect(Set(try errorFields(response)) == ["country", "colour"])
            }
        }
    }

    @Test("decisions: If-Match required and checked, reasons enforced, and a material change reopens the pair")
    func decisions() async throws {
        try await TestApp.run { client, world in
            let english = try await createActivity(client, world)
            let spanish = try await createActivity(client, world, spanishTwin, as: "colombia")
            let id = try await client.execute(
                uri: "/api/v1/activities/\(english)/overlaps", method: .get, headers: world.auth("contributor")
            ) { response async throws in
                try #require(((try json(response)["items"] as? [[String: Any]])?.first?["id"]) as? String)
            }
            let uri = "/api/v1/overlaps/\(id)"
            let body = ByteBuffer(string: #"{"status": "complementary", "reason": "Theory first, then practice"}"#)
            try await client.execute(uri: uri, method: .patch, headers: world.json("secretariat"), body: body) {
                response async throws in #expect(response.status == .preconditionRequired)
            }
            try await client.execute(
                uri: uri, method: .patch, headers: world.json("secretariat") + [.ifMatch: "\"v9\""], body: body
            ) { response async throws in #expect(response.status == .preconditionFailed) }
            try await client.execute(
                uri: uri, method: .patch, headers: world.json("secretariat") + [.ifMatch: "\"v1\""],
                body: ByteBuffer(string: #"{"status": "complementary", "colour": "red"}"#)
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(try errorFields(response) == ["colour"])
            }
            try await client.execute(
                uri: uri, method: .patch, headers: world.json("secretariat") + [.ifMatch: "\"v1\""],
                body: ByteBuffer(string: #"{"status": "complementary"}"#)
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try errorCodes(response) == ["reason": "required"])
            }
            try await client.execute(
                uri: uri, method: .patch, headers: world.json("secretariat") + [.ifMatch: "\"v1\""],
                body: ByteBuffer(string: #"{"status": "duplicate", "continuing": "someone-else"}"#)
            ) { response async throws in #expect(try errorCodes(response) == ["continuing": "not_in_pair"]) }
            try await client.execute(
                uri: uri, method: .patch, headers: world.json("secretariat") + [.ifMatch: "\"v1\""], body: body
            ) { response async throws in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag]?.hasPrefix("\"v2-") == true)
                let decided = try json(response)
                #expect(decided["status"] as? String == "complementary")
                #expect(decided["reason"] as? String == "Theory first, then practice")
            }
            // Spain's viewer may see both but may change neither: refused.
            try await client.execute(
                uri: uri, method: .patch, headers: world.json("viewer") + [.ifMatch: "\"v2\""], body: body
            ) { response async throws in #expect(response.status == .forbidden) }

            // Colombia moves its course by a week: still an overlap, but no longer what was decided.
            try await client.execute(
                uri: "/api/v1/activities/\(spanish)", method: .patch,
                headers: world.auth("colombia") + [.contentType: "application/merge-patch+json", .ifMatch: "\"v1\""],
                body: ByteBuffer(string: #"{"plannedStart": "2026-03-16", "plannedEnd": "2026-03-27"}"#)
            ) { response async throws in
                #expect(response.status == .ok)
                #expect((try json(response)["overlaps"] as? [[String: Any]])?.first?["status"] as? String == "open")
            }
            try await client.execute(uri: uri, method: .get, headers: world.auth("secretariat")) {
                response async throws in
                let reopened = try json(response)
                #expect(reopened["status"] as? String == "open")
                #expect(reopened["reason"] is NSNull)
            }
        }
    }

    @Test(
        "a member whose activity overlaps one they may not see hears of it only when the secretariat sends the bare notice"
    )
    func redaction() async throws {
        try await TestApp.run { client, world in
            let english = try await createActivity(client, world)
            var hidden = spanishTwin
            hidden["releasability"] = ["marking": "restricted", "releasableTo": ["HN"]]
            let secret = try await createActivity(client, world, hidden, as: "colombia")
            let overlapID = try await client.execute(
                uri: "/api/v1/activities/\(secret)/overlaps", method: .get, headers: world.auth("colombia")
            ) { response async throws in
                try #require(((try json(response)["items"] as? [[String: Any]])?.first?["id"]) as? String)
            }
            let message =
                "Overlap notice: another provider has a possibly overlapping activity; contact the secretariat."
            // Nothing until the secretariat chooses to tell.
            try await client.execute(
                uri: "/api/v1/activities/\(english)/overlaps", method: .get, headers: world.auth("contributor")
            ) { response async throws in #expect(try json(response)["notice"] is NSNull) }
            // Only those who see everything send notices; the one who sees both but not everything may not.
            try await client.execute(
                uri: "/api/v1/overlaps/\(overlapID)/notices", method: .post, headers: world.auth("colombia")
            ) { response async throws in #expect(response.status == .forbidden) }
            try await client.execute(
                uri: "/api/v1/overlaps/\(overlapID)/notices", method: .post, headers: world.auth("secretariat")
            ) { response async throws in
                #expect(response.status == .created)
                // Colombia owns the hidden one and sees the other: only the United States is told.
                #expect(try json(response)["activities"] as? [String] == [english])
            }
            try await client.execute(
                uri: "/api/v1/activities/\(english)/overlaps", method: .get, headers: world.auth("contributor")
            ) { response async throws in
                let body = try json(response)
                #expect((body["items"] as? [Any])?.isEmpty == true)
                #expect(body["notice"] as? String == message)
                #expect(!response.text.contains("Curso") && !response.text.contains("CO-PONAL"))
                #expect(!response.text.contains(secret) && !response.text.contains("2026-03-09"))
            }
            try await client.execute(uri: "/api/v1/overlaps", method: .get, headers: world.auth("contributor")) {
                response async throws in
                let body = try json(response)
                #expect(body["total"] as? Int == 0)
                let notices = try #require(body["notices"] as? [[String: Any]])
                #expect(notices.count == 1)
                #expect(Set(notices.first?.keys.map { $0 } ?? []) == ["activity", "message"])
                #expect(notices.first?["activity"] as? String == english)
                #expect(!response.text.contains(secret) && !response.text.contains(overlapID))
            }
            try await client.execute(
                uri: "/api/v1/overlaps/\(overlapID)", method: .get, headers: world.auth("contributor")
            ) { response async throws in #expect(response.status == .notFound) }
            // Spain's viewer sees the English activity but is not of its government: not even the notice.
            try await client.execute(
                uri: "/api/v1/activities/\(english)/overlaps", method: .get, headers: world.auth("viewer")
            ) { response async throws in #expect(try json(response)["notice"] is NSNull) }
            // The answer to a save says nothing of it: a save must not be a probe.
            try await client.execute(
                uri: "/api/v1/activities/\(english)", method: .patch,
                headers: world.auth("contributor") + [
                    .contentType: "application/merge-patch+json", .ifMatch: "\"v1\"",
                ],
                body: ByteBuffer(string: #"{"participantsTrained": 12}"#)
            ) { response async throws in
                let body = try json(response)
                #expect(body["overlapNotice"] == nil)
                #expect(!response.text.contains("contact the secretariat"))
                #expect((body["overlaps"] as? [Any])?.isEmpty == true)
            }
            // A decision answers the notice: it is withdrawn.
            let version = try await client.execute(
                uri: "/api/v1/overlaps/\(overlapID)", method: .get, headers: world.auth("secretariat")
            ) { response async throws in try #require(try json(response)["version"] as? Int) }
            try await client.execute(
                uri: "/api/v1/overlaps/\(overlapID)", method: .patch,
                headers: world.json("secretariat") + [.ifMatch: "\"v\(version)\""],
                body: ByteBuffer(string: #"{"status": "complementary", "reason": "Different units."}"#)
            ) { response async throws in #expect(response.status == .ok) }
            try await client.execute(
                uri: "/api/v1/activities/\(english)/overlaps", method: .get, headers: world.auth("contributor")
            ) { response async throws in #expect(try json(response)["notice"] is NSNull) }
            // A decided pair is not told of again: a notice sent now would never be withdrawn.
            try await client.execute(
                uri: "/api/v1/overlaps/\(overlapID)/notices", method: .post, headers: world.auth("secretariat")
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try errorCodes(response) == ["status": "not_open"])
            }
        }
    }

    @Test("coverage counts what each caller may see, as JSON and as CSV")
    func coverage() async throws {
        try await TestApp.run { client, world in
            _ = try await createActivity(client, world, ["participantsTrained": 20])
            var hidden = spanishTwin
            hidden["releasability"] = ["marking": "restricted", "releasableTo": ["HN"]]
            hidden["budget"] = ["amount": "1000", "currency": "EUR"]
            _ = try await createActivity(client, world, hidden, as: "colombia")
            func cell(_ who: String?) async throws -> [String: Any] {
                try await client.execute(uri: "/api/v1/coverage?year=2026", method: .get, headers: world.auth(who)) {
                    response async throws in
                    #expect(response.status == .ok)
                    let cells = try #require(try json(response)["cells"] as? [[String: Any]])
                    return try #require(
                        cells.first {
                            $0["country"] as? String == "HN" && $0["keyArea"] as? String == "narco-trafficking"
                        })
                }
            }
            let full = try await cell("secretariat")
            #expect(full["activities"] as? Int == 2)
            #expect(full["providers"] as? Int == 3)
            #expect(full["openOverlaps"] as? Int == 1)
            #expect(full["participantsTrained"] as? Int == 20)
            #expect((full["budget"] as? [String: Any])?["amount"] as? String == "125000.5")
            #expect((full["budget"] as? [String: Any])?["notConverted"] as? Int == 1)
            #expect(full["gap"] as? Bool == false)
            let member = try await cell("contributor")
            #expect(member["activities"] as? Int == 1)
            #expect(member["openOverlaps"] as? Int == 0)
            let anonymous = try await cell(nil)
            #expect(anonymous["activities"] as? Int == 0 && anonymous["gap"] as? Bool == true)

            try await client.execute(
                uri: "/api/v1/coverage.csv?from=2026-03-01&to=2026-03-31", method: .get,
                headers: world.auth("secretariat")
            ) { response async throws in
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                let text = response.text
                #expect(text.hasPrefix("\u{FEFF}country,key_area,from,to,activities"))
                #expect(text.contains("HN,narco-trafficking,2026-03-01,2026-03-31,2,20,125000.5,USD,1,3,"))
            }
            try await client.execute(
                uri: "/api/v1/coverage?year=2026&from=2026-01-01&saturation=1", method: .get, headers: world.auth(nil)
            ) { response async throws in
                #expect(response.status == .badRequest)
                #expect(Set(try errorFields(response)) == ["year", "saturation"])
            }
        }
    }
}
