import EnlaceCore
import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Funding and vetting over the API and the pages")
struct FundingWebTests {
    /// U.S. funds, Colombia trains, Honduras receives: amounts in USD, EUR and COP; one commitment
    /// released to Colombia only; one expenditure in CFA francs, which has no rate.
    nonisolated(unsafe) static let transactions: [[String: Any]] = [
        ["type": 12, "date": "2026-01-10", "value": ["amount": "500000", "currency": "USD"], "provider": "US-INL"],
        [
            "type": 2, "date": "2026-02-01", "value": ["amount": "400000", "currency": "USD"], "provider": "US-INL",
            "receiver": "CO-ARC",
        ],
        [
            "type": 3, "date": "2026-03-15", "value": ["amount": "300000", "currency": "EUR"], "provider": "US-INL",
            "receiver": "CO-ARC", "notODA": true,
        ],
        ["type": 4, "date": "2026-04-01", "value": ["amount": "800000000", "currency": "COP"], "provider": "CO-ARC"],
        ["type": 4, "date": "2026-04-02", "value": ["amount": "1000", "currency": "XOF"], "provider": "CO-ARC"],
        [
            "type": 2, "date": "2026-02-02", "value": ["amount": "90000", "currency": "USD"], "provider": "US-INL",
            "releasability": ["marking": "restricted", "releasableTo": ["CO"]],
        ],
    ]

    static func summary(
        _ client: any TestClientProtocol, _ world: TestWorld, _ query: String, as who: String?
    ) async throws -> [String: Any] {
        try await client.execute(uri: "/api/v1/funding/summary?" + query, method: .get, headers: world.auth(who)) {
            response async throws in
            #expect(response.status == .ok)
            return try json(response)
        }
    }

    @Test(
        "triangular cooperation in three currencies, a missing rate and a hidden transaction, seen by three organisations"
    )
    func summaryAcrossOrganisations() async throws {
        try await TestApp.run { client, world in
            let activity = try await createActivity(client, world, ["transactions": Self.transactions])
            // The history names the hidden commitment to its owner only.
            func historyFields(_ who: String) async throws -> [String] {
                try await client.execute(
                    uri: "/api/v1/activities/\(activity)/history", method: .get, headers: world.auth(who)
                ) { response async throws in
                    let items = try json(response)["items"] as? [[String: Any]] ?? []
                    return items.flatMap {
                        ($0["changes"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                    }
                }
            }
            #expect(try await historyFields("contributor").contains("restricted.transactions[5]"))
            // Others read the open transactions without their places, which would count the hidden ones.
            #expect(try await historyFields("viewer").contains("transactions"))
            #expect(try await historyFields("viewer").allSatisfy { !$0.hasPrefix("transactions[") })
            #expect(try await historyFields("viewer").allSatisfy { !$0.hasPrefix("restricted.") })
            // Rates on different dates; none for the CFA franc.
            let rates =
                #"{"rates": [{"base": "EUR", "quote": "USD", "date": "2026-03-01", "rate": "1.08"}, {"base": "USD", "quote": "COP", "date": "2026-01-01", "rate": "4000"}, {"base": "EUR", "quote": "USD", "date": "2026-01-01", "rate": "1.02"}]}"#
            try await client.execute(
                uri: "/api/v1/exchange-rates", method: .post, headers: world.json("admin"),
                body: ByteBuffer(string: rates)
            ) { response async throws in #expect(response.status == .created) }
            try await client.execute(
                uri: "/api/v1/exchange-rates", method: .post, headers: world.json("coordinator"),
                body: ByteBuffer(string: rates)
            ) { response async throws in #expect(response.status == .forbidden) }

            let spain = try await Self.summary(client, world, "by=provider", as: "viewer")
            let total = try #require(spain["total"] as? [String: Any])
            #expect(total["pledged"] as? String == "500000")
            #expect(total["committed"] as? String == "400000")
            #expect(total["disbursed"] as? String == "324000")
            #expect(total["spent"] as? String == "200000")
            #expect((total["notODA"] as? [String: Any])?["disbursed"] as? String == "324000")
            #expect(spain["complete"] as? Bool == false)
            let missing = try #require((spain["missingRates"] as? [[String: Any]])?.first)
            #expect(missing["currency"] as? String == "XOF" && missing["amount"] as? String == "1000")
            #expect((spain["rows"] as? [[String: Any]])?.map { $0["key"] as? String } == ["US"])

            // Colombia may read the commitment released to it; the total moves by exactly that.
            let colombia = try await Self.summary(client, world, "by=country", as: "colombia")
            #expect((colombia["total"] as? [String: Any])?["committed"] as? String == "490000")
            #expect((colombia["rows"] as? [[String: Any]])?.map { $0["key"] as? String } == ["HN"])
            // Honduras, a partner, may not read a members' activity: nothing counts.
            let honduras = try await Self.summary(client, world, "by=country", as: "partner")
            #expect((honduras["total"] as? [String: Any])?["transactions"] as? Int == 0)

            try await client.execute(
                uri: "/api/v1/funding/summary.csv?by=area", method: .get, headers: world.auth("viewer")
            ) { response async throws in
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(
                    response.text.contains("narco-trafficking,all,USD,500000,400000,324000,200000,0,0,324000,0,4,1"))
                #expect(response.text.contains("missing rate,2026-04-02..2026-04-02,XOF,1000"))
            }
            try await client.execute(
                uri: "/api/v1/funding/summary?by=donor&from=2030&to=2020", method: .get, headers: world.auth(nil)
            ) { response async throws in
                #expect(response.status == .badRequest)
                #expect(Set(try errorFields(response)) == ["by", "to"])
            }
        }
    }

    @Test(
        "bad funding is refused field by field and writes nothing; pending vetting keeps a course out of implementation"
    )
    func refusals() async throws {
        try await TestApp.run { client, world in
            try await client.execute(
                uri: "/api/v1/activities", method: .post, headers: world.json("contributor"),
                body: try activityJSON([
                    "transactions": [
                        ["type": 7, "date": "2026-02-30", "value": ["amount": "1.23456", "currency": "ZZZ"]]
                    ],
                    "budgetLines": [["kind": 1, "periodStart": "2026-01-01", "periodEnd": "2025-01-01"]],
                ])
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.headers[.contentType] == "application/problem+json")
                let codes = try errorCodes(response)
                #expect(codes["transactions[0].type"] == "unknown_code")
                #expect(codes["transactions[0].date"] == "invalid_format")
                #expect(codes["transactions[0].value.amount"] == "too_precise")
                #expect(codes["transactions[0].value.currency"] == "unknown_code")
                #expect(codes["budgetLines[0].periodEnd"] == "end_before_start")
                #expect(codes["budgetLines[0].value.amount"] == "required")
            }
            #expect(try await total(client, world) == 0)

            let pending: [String: Any] = [
                "status": 1,
                "vetting": ["units": [["unit": "Special Boat Unit", "status": "pending", "submitted": "2026-01-10"]]],
            ]
            let id = try await createActivity(client, world, pending)
            try await client.execute(
                uri: "/api/v1/activities/\(id)", method: .patch,
                headers: world.auth("contributor") + [
                    .contentType: "application/merge-patch+json", .ifMatch: "\"v1\"",
                ],
                body: ByteBuffer(string: #"{"status": 2}"#)
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(try errorCodes(response) == ["status": "vetting_not_cleared"])
            }
            try await client.execute(uri: "/api/v1/activities/\(id)", method: .get, headers: world.auth("contributor"))
            {
                response async throws in
                let body = try json(response)
                #expect(body["status"] as? Int == 1 && body["version"] as? Int == 1)
                #expect(body["vettingState"] as? String == "pending")
            }
            try await client.execute(
                uri: "/api/v1/vetting?country=HN", method: .get, headers: world.auth("coordinator")
            ) { response async throws in
                let open = try json(response)["open"] as? [[String: Any]]
                #expect(open?.map { $0["unit"] as? String } == ["Special Boat Unit"])
            }
        }
    }

    @Test("a transaction released to an organisation that does not exist is refused, field by field")
    func unknownReleaseOrganisation() async throws {
        try await TestApp.run { client, world in
            let transactions: [[String: Any]] = [
                [
                    "type": 2, "date": "2026-02-02", "value": ["amount": "90000", "currency": "USD"],
                    "provider": "US-INL", "receiver": "ZZ-NOBODY",
                    "releasability": ["marking": "restricted", "releasableTo": ["CO", "ZZ-NOPE"]],
                ]
            ]
            let before = try await total(client, world)
            try await client.execute(
                uri: "/api/v1/activities", method: .post, headers: world.json("contributor"),
                body: try activityJSON(["transactions": transactions])
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                let codes = try errorCodes(response)
                #expect(codes["transactions[0].releasability.releasableTo[1]"] == "unknown_code")
                #expect(codes["transactions[0].receiver"] == "unknown_code")
                #expect(codes.count == 2)
            }
            #expect(try await total(client, world) == before)
        }
    }

    @Test("the funding page of an activity: a bad amount comes back with its message, a good one is saved and shown")
    func activityFundingPage() async throws {
        try await TestApp.run { client, world in
            let id = try await createActivity(client, world)
            let browser = try await signIn(client, as: "contributor")
            func add(_ amount: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/activities/\(id)/funding", method: .post, headers: browser.form,
                    body: form([
                        ("_csrf", browser.csrf), ("version", "1"), ("action", "add-transaction"), ("type", "3"),
                        ("date", "2026-03-20"), ("amount", amount), ("currency", "usd"), ("provider", "US-INL"),
                        ("receiver", "CO-ARC"), ("notODA", "on"),
                    ])
                ) { $0 }
            }
            let refused = try await add("12,5")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("id=\"field-amount-error\""))
            #expect(refused.text.contains("value=\"12,5\""))
            let saved = try await add("12500.5")
            #expect(saved.status == .seeOther)
            try await client.execute(uri: "/activities/\(id)", method: .get, headers: browser.page) {
                response async throws in
                #expect(response.text.contains("id=\"transactions\""))
                #expect(response.text.contains("$12,500.50"))
                #expect(response.text.contains("Not ODA"))
            }
            // The version moved on: a form shown before the change is stale and writes nothing.
            let stale = try await add("1")
            #expect(stale.status == .conflict)
            // A vetting choice the form does not offer is refused, not read as the default.
            try await client.execute(
                uri: "/activities/\(id)/funding", method: .post, headers: browser.form,
                body: form([
                    ("_csrf", browser.csrf), ("version", "2"), ("action", "set-vetting"), ("required", "maybe"),
                ])
            ) { response async throws in
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains("maybe"))
            }
            // The vetting report names a country it does not know instead of showing another one.
            try await client.execute(uri: "/vetting?country=XX", method: .get, headers: browser.page) {
                response async throws in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/activities/\(id)", method: .get, headers: world.auth("contributor"))
            {
                response async throws in
                #expect((try json(response)["transactions"] as? [Any])?.count == 1)
            }
        }
    }

    @Test("administrators import rates from CSV: a file with a bad row stores nothing and names the cell")
    func ratesPage() async throws {
        try await TestApp.run { client, world in
            let browser = try await signIn(client, as: "admin")
            func importCSV(_ text: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/admin/rates", method: .post, headers: browser.form,
                    body: form([("_csrf", browser.csrf), ("action", "import"), ("csv", text)])
                ) { $0 }
            }
            let bad = try await importCSV("date,base,quote,rate\n2026-01-01,EUR,USD,1.1\n2026-02-01,EUR,USD,-3\n")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("rows[2].rate"))
            try await client.execute(uri: "/api/v1/exchange-rates", method: .get, headers: world.auth("admin")) {
                response async throws in #expect(try json(response)["total"] as? Int == 0)
            }
            let good = try await importCSV("from,to,date,rate\nEUR,USD,2026-01-01,1.1\nUSD,COP,2026-01-01,4000\n")
            #expect(good.status == .seeOther)
            try await client.execute(uri: "/admin/rates", method: .get, headers: browser.page) {
                response async throws in
                #expect(response.text.contains("id=\"rates-table\""))
                #expect(response.text.contains("4000"))
            }
            try await client.execute(uri: "/funding?by=country", method: .get, headers: browser.page) {
                response async throws in
                #expect(response.status == .ok)
                #expect(response.text.contains("id=\"reporting-currency\">USD<"))
            }
        }
    }
}
