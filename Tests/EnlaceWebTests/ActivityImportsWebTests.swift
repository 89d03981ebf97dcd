import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import EnlaceWeb

/// IATI files in: the API, the upload page, and the round trip through an export.
@Suite("Activity imports over the API and the pages")
struct ActivityImportsWebTests {
    /// A file of one US-INL activity, `XM-IMPORT-1`, titled `title`.
    static func file(title: String = "Imported maritime course") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <iati-activities version="2.03">
          <iati-activity default-currency="USD" xml:lang="en">
            <iati-identifier>XM-IMPORT-1</iati-identifier>
            <reporting-org ref="US-INL" type="10"><narrative>INL</narrative></reporting-org>
            <title><narrative>\(title)</narrative></title>
            <description type="1"><narrative>Boarding and search.</narrative></description>
            <participating-org ref="US-INL" role="1"/>
            <participating-org ref="CO-ARC" role="4"/>
            <activity-status code="2"/>
            <activity-date type="1" iso-date="2027-03-01"/>
            <activity-date type="3" iso-date="2027-03-12"/>
            <recipient-country code="HN"/>
            <sector vocabulary="1" code="16063"/>
          </iati-activity>
        </iati-activities>
        """
    }

    static func post(
        _ client: any TestClientProtocol, _ world: TestWorld, _ body: String, query: String = "", as who: String?,
        type: String? = nil, to format: String = "iati"
    ) async throws -> (status: HTTPResponse.Status, body: [String: Any]) {
        var headers = world.auth(who)
        headers[.contentType] = type ?? (format == "csv" ? "text/csv" : "application/xml")
        return try await client.execute(
            uri: "/api/v1/imports/\(format)" + query, method: .post, headers: headers, body: ByteBuffer(string: body)
        ) { response async throws in
            (response.status, (try? json(response)) ?? [:])
        }
    }

    @Test("the API imports, answers the report, and a second import changes nothing", arguments: TestDatabase.engines)
    func api(engine: DatabaseEngine) async throws {
        try await TestApp.run(engine: engine) { client, world in
            let dryRun = try await Self.post(client, world, Self.file(), query: "?dryRun=true", as: "coordinator")
            #expect(
                dryRun.status == .ok && dryRun.body["created"] as? Int == 1 && dryRun.body["written"] as? Bool == false)
            #expect(try await total(client, world, "?q=Imported") == 0)

            let first = try await Self.post(client, world, Self.file(), as: "coordinator")
            #expect(first.status == .ok && first.body["created"] as? Int == 1 && first.body["written"] as? Bool == true)
            let again = try await Self.post(client, world, Self.file(), as: "admin")
            #expect(again.status == .ok && again.body["unchanged"] as? Int == 1 && again.body["created"] as? Int == 0)
            let changed = try await Self.post(
                client, world, Self.file(title: "Imported maritime course, revised"), as: "admin")
            #expect(changed.body["updated"] as? Int == 1)

            // The activity shows its identifier, and keeps its Enlace id.
            let listed = try await client.execute(
                uri: "/api/v1/activities?q=revised", method: .get, headers: world.auth("contributor")
            ) { try json($0)["items"] as? [[String: Any]] ?? [] }
            #expect(listed.count == 1 && listed.first?["iatiIdentifier"] as? String == "XM-IMPORT-1")
            #expect(listed.first?["kind"] as? String == "advisory" && listed.first?["owner"] as? String == "US-INL")
        }
    }

    @Test("bad files, bad options and people who may not import are refused, and nothing is written")
    func refused() async throws {
        try await TestApp.run { client, world in
            let notXML = try await Self.post(client, world, "not xml at all", as: "admin")
            #expect(notXML.status == .unprocessableContent)
            #expect(notXML.body["type"] as? String == "/problems/import-refused")
            let report = try #require(notXML.body["report"] as? [String: Any])
            let problems = try #require(report["problems"] as? [[String: Any]])
            #expect(problems.first?["code"] as? String == "not_xml" && problems.first?["line"] as? Int == 1)

            let unknown = try await Self.post(
                client, world, Self.file().replacingOccurrences(of: "CO-ARC", with: "XM-NOBODY"), as: "admin")
            #expect(unknown.status == .unprocessableContent)
            let unknownReport = try #require(unknown.body["report"] as? [String: Any])
            #expect(
                (unknownReport["unknownOrganizations"] as? [[String: Any]])?.first?["ref"] as? String == "XM-NOBODY")

            #expect(
                try await Self.post(client, world, Self.file(), query: "?marking=restricted", as: "admin").status
                    == .badRequest)
            #expect(
                try await Self.post(client, world, Self.file(), query: "?colour=red", as: "admin").status == .badRequest
            )
            #expect(
                try await Self.post(client, world, Self.file(), as: "admin", type: "application/json").status
                    == .unsupportedMediaType)
            #expect(try await Self.post(client, world, Self.file(), as: "contributor").status == .forbidden)
            #expect(try await Self.post(client, world, Self.file(), as: "viewer").status == .forbidden)
            #expect(try await Self.post(client, world, Self.file(), as: nil).status == .unauthorized)
            // Colombia's coordinator… there is none: the United States coordinator may not import Colombia's.
            let colombian = try await Self.post(
                client, world, Self.file().replacingOccurrences(of: "ref=\"US-INL\"", with: "ref=\"CO-PONAL\""),
                as: "coordinator")
            #expect(colombian.status == .unprocessableContent)
            #expect(try await total(client, world, "?q=Imported") == 0)
        }
    }

    @Test("an export imported into an empty installation exports the same file", arguments: TestDatabase.engines)
    func roundTrip(engine: DatabaseEngine) async throws {
        let exported = try await TestApp.run(engine: engine) { client, world in
            _ = try await createActivity(
                client, world,
                [
                    "title": "Round trip course", "actualStart": "2026-03-03", "status": 2,
                    "topics": ["maritime-interdiction", "air-interdiction"], "recipientCountries": ["HN", "GT"],
                    "budgetLines": [
                        [
                            "kind": 1, "periodStart": "2026-03-02", "periodEnd": "2026-03-13",
                            "value": ["amount": "1200.5", "currency": "USD"],
                        ]
                    ],
                    "transactions": [
                        [
                            "type": 2, "date": "2026-02-01", "value": ["amount": "1000", "currency": "USD"],
                            "provider": "US-INL", "receiver": "CO-ARC", "description": "Commitment",
                        ]
                    ],
                ])
            _ = try await createActivity(
                client, world,
                ["title": "Round trip second course", "keyAreas": ["combating-crime"], "topics": [], "language": "es"])
            return try await client.execute(
                uri: "/api/v1/iati/activities.xml?q=Round", method: .get, headers: world.auth("secretariat")
            ) { $0.text }
        }
        #expect(exported.components(separatedBy: "<iati-activity ").count == 3)
        let again = try await TestApp.run(engine: engine) { client, world in
            let imported = try await Self.post(client, world, exported, as: "admin")
            #expect(imported.status == .ok && imported.body["created"] as? Int == 2)
            return try await client.execute(
                uri: "/api/v1/iati/activities.xml?q=Round", method: .get, headers: world.auth("secretariat")
            ) { $0.text }
        }
        // The same activities, each the same but for when it was recorded; in the order of their ids, which differ.
        func comparable(_ text: String) -> [String] {
            text.components(separatedBy: "<iati-activity ").map { activity in
                activity.split(separator: "\n").map(String.init).filter {
                    !$0.contains("generated-datetime") && !$0.contains("last-updated-datetime")
                        && $0 != "</iati-activities>"
                }.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            }.sorted()
        }
        #expect(comparable(again) == comparable(exported))
    }

    @Test(
        "a spreadsheet export imported into an empty installation gives back the same rows; the template imports",
        arguments: TestDatabase.engines)
    func spreadsheetRoundTrip(engine: DatabaseEngine) async throws {
        let exported = try await TestApp.run(engine: engine) { client, world in
            _ = try await createActivity(
                client, world,
                [
                    "title": "Sheet course", "recipientCountries": ["HN", "GT"], "releasability": ["marking": "public"],
                    "status": 1,
                ])
            // Under way, a course needs its units vetted, which a spreadsheet does not carry: this one is planned.
            _ = try await createActivity(
                client, world,
                ["title": "=Sheet second course", "keyAreas": ["combating-crime"], "topics": [], "status": 1])
            return try await client.execute(
                uri: "/api/v1/activities.csv?q=Sheet", method: .get, headers: world.auth("secretariat")
            ) { $0.text }
        }
        // Rows keyed by title, without the columns that name this installation's records and times.
        func rows(_ text: String) -> [String] {
            let lines = text.split(separator: "\r\n").map(String.init)
            return lines.dropFirst(2).map { line in
                line.split(separator: ",", omittingEmptySubsequences: false).enumerated().filter {
                    ![0, 27, 28].contains($0.offset)
                }.map { String($0.element) }.joined(separator: ",")
            }.sorted()
        }
        let again = try await TestApp.run(engine: engine) { client, world in
            let first = try await Self.post(client, world, exported, query: "", as: "admin", to: "csv")
            #expect(first.status == .ok && first.body["created"] as? Int == 2, "\(first.body)")
            let second = try await Self.post(client, world, exported, query: "", as: "admin", to: "csv")
            #expect(second.body["unchanged"] as? Int == 2)
            let admin = try await signIn(client, as: "admin")
            let template = try await client.execute(
                uri: "/imports/template.csv", method: .get, headers: admin.page
            ) { $0.text }
            let fromTemplate = try await Self.post(client, world, template, query: "", as: "admin", to: "csv")
            #expect(fromTemplate.status == .ok && fromTemplate.body["created"] as? Int == 1)
            let codes = try await client.execute(uri: "/imports/code-lists.csv", method: .get, headers: admin.page) {
                $0.text
            }
            #expect(codes.contains("keyAreas,narco-trafficking,") && codes.contains("recipientCountries,HN,"))
            return try await client.execute(
                uri: "/api/v1/activities.csv?q=Sheet", method: .get, headers: world.auth("secretariat")
            ) { $0.text }
        }
        #expect(rows(again) == rows(exported))
        #expect(rows(exported).count == 2)
    }

    /// A `multipart/form-data` body of `parts` (name, value, file name for the file).
    static func multipart(_ boundary: String, _ parts: [(String, String, String?)]) -> ByteBuffer {
        var body = ""
        for (name, value, file) in parts {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\""
            if let file { body += "; filename=\"\(file)\"\r\nContent-Type: text/xml" }
            body += "\r\n\r\n\(value)\r\n"
        }
        return ByteBuffer(string: body + "--\(boundary)--\r\n")
    }

    @Test("the upload page starts the import, shows its report to its starter only, and needs its token first")
    func page() async throws {
        try await TestApp.run { client, world in
            let coordinator = try await signIn(client, as: "coordinator")
            let form = try await client.execute(uri: "/imports", method: .get, headers: coordinator.page) { $0 }
            #expect(form.status == .ok && form.text.contains("enctype=\"multipart/form-data\""))
            let list = try await client.execute(uri: "/activities", method: .get, headers: coordinator.page) { $0.text }
            #expect(list.contains("id=\"import-link\""))

            var headers = coordinator.page
            headers[.contentType] = "multipart/form-data; boundary=XyZ"
            let started = try await client.execute(
                uri: "/imports", method: .post, headers: headers,
                body: Self.multipart(
                    "XyZ",
                    [("_csrf", coordinator.csrf, nil), ("marking", "public", nil), ("file", Self.file(), "inl.xml")])
            ) { $0 }
            #expect(started.status == .seeOther)
            let job = try #require(started.headers[.location])
            #expect(job.hasPrefix("/imports/"))
            var page = ""
            for _ in 0..<100 {
                page = try await client.execute(uri: job, method: .get, headers: coordinator.page) { $0.text }
                if !page.contains("http-equiv=\"refresh\"") { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(page.contains("id=\"import-outcome\"") && page.contains("Imported.") && page.contains("inl.xml"))
            #expect(page.contains("1 read: 1 new"))
            #expect(try await total(client, world, "?q=Imported", as: nil) == 1)

            // Another importer does not see it; someone who may not import is refused the page.
            let admin = try await signIn(client, as: "admin")
            #expect(try await client.execute(uri: job, method: .get, headers: admin.page) { $0.status } == .notFound)
            let contributor = try await signIn(client, as: "contributor")
            #expect(
                try await client.execute(uri: "/imports", method: .get, headers: contributor.page) { $0.status }
                    == .forbidden)
            #expect(
                !(try await client.execute(uri: "/activities", method: .get, headers: contributor.page) { $0.text })
                    .contains("import-link"))

            // The token must come first: after the file, or missing, is refused before the file is read.
            for parts in [
                [("file", Self.file(), "inl.xml"), ("_csrf", coordinator.csrf, nil)],
                [("_csrf", "wrong", nil), ("file", Self.file(), "inl.xml")],
            ] as [[(String, String, String?)]] {
                let status = try await client.execute(
                    uri: "/imports", method: .post, headers: headers, body: Self.multipart("XyZ", parts)
                ) { $0.status }
                #expect(status == .forbidden)
            }
            // A form without a file, or with an unknown owner, comes back with its messages.
            let missing = try await client.execute(
                uri: "/imports", method: .post, headers: headers,
                body: Self.multipart("XyZ", [("_csrf", coordinator.csrf, nil), ("owner", "XM-NOBODY", nil)])
            ) { $0 }
            #expect(missing.status == .unprocessableContent && missing.text.contains("error-summary"))
        }
    }
}

/// What a stopping server does with the imports started from the upload page, and what a second instance shows.
@Suite("Import jobs at a stop, and across instances")
struct ImportJobsStopTests {
    private func withJobStore(_ engine: DatabaseEngine, _ body: (Store) async throws -> Void) async throws {
        try await TestDatabase.withDatabase(engine) { database, _ in
            try await body(
                try await Store.open(
                    database: database, clock: Fixtures.tickingClock(), ids: Fixtures.sequentialIDs(),
                    secret: Fixtures.secret, security: Fixtures.fastSecurity))
        }
    }

    @Test("a stop cancels the running imports and waits for them to end; no import starts after it")
    func stop() async throws {
        try await withJobStore(.sqlite) { store in
            let jobs = ImportJobs(records: store.importJobs)
            let id = try await jobs.start(userID: "u", fileName: "f.xml")
            let (ended, ending) = AsyncStream<Bool>.makeStream()
            #expect(
                await jobs.launch(id) {
                    // An import that would run for a long time, unless cancelled.
                    let cancelled = (try? await Task.sleep(for: .seconds(600))) == nil
                    ending.yield(cancelled)
                    ending.finish()
                    return nil
                })
            await jobs.stop()
            var iterator = ended.makeAsyncIterator()
            #expect(await iterator.next() == true)
            #expect(await jobs.launch("another") { nil } == false)
            // The stopped import is recorded as failed, for any instance that shows it.
            #expect(try await store.importJobs.job(id, for: "u")?.failed == true)
        }
    }

    @Test(
        "an import started through one instance shows its progress and its report through another, to its starter only",
        arguments: TestDatabase.engines)
    func acrossInstances(engine: DatabaseEngine) async throws {
        try await withJobStore(engine) { store in
            let (one, other) = (ImportJobs(records: store.importJobs), ImportJobs(records: store.importJobs))
            let id = try await one.start(userID: "u", fileName: "f.xml")
            let (released, release) = AsyncStream<Void>.makeStream()
            #expect(
                await one.launch(id) {
                    for await _ in released { break }
                    var report = ImportReport()
                    report.read = 7
                    report.created = 7
                    report.written = true
                    return report
                })
            await one.read(5, of: 7, job: id)
            #expect(try await one.job(id, for: "u")?.read == 5)
            let seen = try await other.job(id, for: "u")
            #expect(seen?.report == nil && seen?.failed == false && seen?.fileName == "f.xml")
            if store.importJobs.notesProgress {
                // The running instance notes its progress every few seconds.
                try await Task.sleep(for: ImportJobs.noteEvery * 2)
                #expect(try await other.job(id, for: "u")?.read == 5)
            }
            #expect(try await other.job(id, for: "someone else") == nil)
            release.yield()
            while await one.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            let ended = try await other.job(id, for: "u")
            #expect(ended?.report?.created == 7 && ended?.read == 7 && ended?.failed == false)
        }
    }
}
