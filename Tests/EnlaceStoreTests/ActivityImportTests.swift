import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import Foundation
import Synchronization
import Testing

@Suite("Activity import")
struct ActivityImportTests {
    /// What an IATI file carries, as the IATI mapping declares it.
    static let carries: Set<String> = [
        "title", "description", "language", "providers", "recipientCountries", "keyAreas", "topics", "plannedStart",
        "plannedEnd", "actualStart", "actualEnd", "status", "location", "budgetLines", "transactions",
    ]

    /// An imported activity of US-INL with identifier `XM-<number>`, at line `10 × number`, planned in a month of its
    /// own; `change` adjusts its input.
    static func imported(
        _ number: Int, owner: String = "US-INL", change: (inout ActivityInput) -> Void = { _ in }
    ) -> ImportedActivity {
        var input = ActivityInput()
        input.title = "Imported course \(number)"
        input.description = "From an IATI file."
        input.language = "en"
        input.providers = [.init(organization: owner, role: "funding")]
        input.recipientCountries = ["HN"]
        input.keyAreas = ["narco-trafficking"]
        input.topics = ["maritime-interdiction"]
        let start = CalendarDate(year: 2020, month: 1, day: 1)!.adding(days: number * 40)
        input.plannedStart = start.iso
        input.plannedEnd = start.adding(days: 9).iso
        input.status = 1
        input.budgetLines = [
            .init(
                kind: 1, periodStart: start.iso, periodEnd: start.adding(days: 9).iso,
                value: .init(amount: "1000", currency: "USD"))
        ]
        change(&input)
        let organizations = Set((input.providers ?? []).compactMap(\.organization) + [owner]).sorted().map {
            ImportedOrganization(ref: $0, name: "Name of \($0)")
        }
        return ImportedActivity(
            line: number * 10, identifier: "XM-\(number)",
            reportingOrganization: ImportedOrganization(ref: owner, name: owner), organizations: organizations,
            carries: carries, input: input)
    }

    /// A feed of `activities` in batches of two.
    static func feed(_ activities: [ImportedActivity]) -> AsyncStream<[ImportedActivity]> {
        AsyncStream { continuation in
            for start in stride(from: 0, to: activities.count, by: 2) {
                continuation.yield(Array(activities[start..<min(activities.count, start + 2)]))
            }
            continuation.finish()
        }
    }

    static func run(
        _ store: Store, _ activities: [ImportedActivity], _ options: ImportOptions = ImportOptions(),
        by actor: Principal? = nil
    ) async throws -> ImportReport {
        try await store.activities.importActivities(feed(activities), options: options, by: actor)
    }

    static func all(_ store: Store, _ people: People) async throws -> [Activity] {
        try await store.activities.all(
            ActivityFilter(), sort: ActivitySort(.plannedStart, descending: false), pageSize: 100, for: people.everyone
        ).items
    }

    @Test(
        "an import cancelled between batches (a stopping server) writes nothing, even when the feed then ends",
        arguments: TestDatabase.engines)
    func cancelled(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let batches = [[Self.imported(1), Self.imported(2)], [Self.imported(3)]]
            // The task is cancelled as it asks for the second batch, which the feed hands over (`handsOver`) or,
            // as a stream does when its consumer is cancelled while it waits, does not: the feed seems to end.
            for handsOver in [true, false] {
                let next = Mutex(0)
                let feed = AsyncStream<[ImportedActivity]> {
                    let index = next.withLock { value in
                        defer { value += 1 }
                        return value
                    }
                    if index == 1 {
                        withUnsafeCurrentTask { $0?.cancel() }
                        if !handsOver { return nil }
                    }
                    return index < batches.count ? batches[index] : nil
                }
                let run = Task { try await store.activities.importActivities(feed, options: ImportOptions(), by: nil) }
                await #expect(throws: CancellationError.self) { _ = try await run.value }
                let stored = try await Self.all(store, people)
                #expect(stored.isEmpty, "hands over: \(handsOver)")
            }
        }
    }

    @Test(
        "importing creates, with the identifier; the same file again changes nothing", arguments: TestDatabase.engines)
    func idempotent(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let file = (1...3).map { Self.imported($0) }
            let first = try await Self.run(store, file)
            #expect(first.written && first.created == 3 && first.problems.isEmpty)
            let stored = try await Self.all(store, people)
            #expect(stored.compactMap(\.iatiIdentifier).sorted() == ["XM-1", "XM-2", "XM-3"])
            #expect(stored.allSatisfy { $0.version == 1 && $0.owner == "US-INL" })
            #expect(stored.allSatisfy { $0.draft.kind == .advisory && $0.draft.releasability.marking == .members })
            let history = try await store.audit.history(entityType: "activity", entityID: stored[0].id)
            #expect(history.map(\.action) == [.create])

            let second = try await Self.run(store, file)
            #expect(second.written && second.unchanged == 3 && second.created == 0 && second.updated == 0)
            #expect(try await Self.all(store, people) == stored)
        }
    }

    @Test(
        "a changed file updates exactly the changed activities, with their history, keeping what IATI does not carry",
        arguments: TestDatabase.engines)
    func updatesChanged(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            _ = try await Self.run(store, (1...3).map { Self.imported($0) })
            let before = try await Self.all(store, people)
            // Someone records in Enlace what IATI does not carry: the kind, the beneficiary.
            let second = try #require(before.first { $0.iatiIdentifier == "XM-2" })
            var edit = ActivityInput(second.draft)
            edit.kind = "equipment"
            edit.beneficiary = "Honduran Navy"
            _ = try await store.activities.update(
                id: second.id, with: edit, expectedVersion: 1, by: people.contributor)

            let file = [
                Self.imported(1), Self.imported(2) { $0.title = "Imported course 2, revised" }, Self.imported(3),
            ]
            let report = try await Self.run(store, file)
            #expect(report.written && report.updated == 1 && report.unchanged == 2)
            let after = try await store.activities.find(id: second.id, for: people.everyone)
            #expect(after.version == 3 && after.draft.title == "Imported course 2, revised")
            #expect(after.draft.kind == .equipment && after.draft.beneficiary == "Honduran Navy")
            #expect(after.iatiIdentifier == "XM-2")
            let history = try await store.audit.history(entityType: "activity", entityID: second.id)
            #expect(history.map(\.action) == [.create, .update, .update])
            #expect(history.last?.changes.map(\.field) == ["title"])
            for other in before where other.id != second.id {
                #expect(try await store.activities.find(id: other.id, for: people.everyone).version == 1)
            }
        }
    }

    @Test(
        "an unchanged file is seen at a glance, but an activity changed in Enlace since is compared again",
        arguments: TestDatabase.engines)
    func fingerprints(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            var file = (1...2).map { Self.imported($0) }
            for index in file.indices { file[index].fingerprint = "test:\(index)" }
            _ = try await Self.run(store, file)
            let first = try #require(try await Self.all(store, people).first { $0.iatiIdentifier == "XM-1" })
            var edit = ActivityInput(first.draft)
            edit.title = "Retitled in Enlace"
            _ = try await store.activities.update(id: first.id, with: edit, expectedVersion: 1, by: people.contributor)
            // The file still says the old title: the changed activity is compared and set back; the other is not read.
            let report = try await Self.run(store, file)
            #expect(report.updated == 1 && report.unchanged == 1)
            #expect(
                try await store.activities.find(id: first.id, for: people.everyone).draft.title == "Imported course 1")
            let again = try await Self.run(store, file)
            #expect(again.unchanged == 2 && again.updated == 0)
            // A different fingerprint for the same content is compared, and found unchanged.
            for index in file.indices { file[index].fingerprint = "test:other:\(index)" }
            #expect(try await Self.run(store, file).unchanged == 2)
            // Options that shape the result are part of what was imported: a new marking is applied.
            let marked = try await Self.run(store, file, ImportOptions(marking: .public))
            #expect(marked.updated == 2)
        }
    }

    @Test(
        "one activity is replaced once per import, and an archived one's identifier may be taken up again",
        arguments: TestDatabase.engines)
    func matchedOnce(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            _ = try await Self.run(store, [Self.imported(1)])
            let stored = try #require(try await Self.all(store, people).first)
            // The same activity by its identifier and again by the Enlace id an export would give it.
            var again = Self.imported(2) { $0.title = "Second entry" }
            again.enlaceID = stored.id
            let report = try await Self.run(store, [Self.imported(1), again], ImportOptions(partial: true))
            #expect(report.problems.map(\.code) == [.duplicateIdentifier] && report.skipped == 1)
            try await store.activities.archive(id: stored.id, expectedVersion: nil, by: people.contributor)
            let revived = try await Self.run(store, [Self.imported(1)])
            #expect(revived.written && revived.created == 1)
        }
    }

    @Test(
        "a transaction marked narrower than its activity keeps its marking, or only its owner may drop it",
        arguments: TestDatabase.engines)
    func narrowerTransactions(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let coordinator = try #require(people.all["coordinator"])
            let admin = try #require(people.all["admin"])
            func file(_ amount: String, restricted: Bool) -> [ImportedActivity] {
                [
                    Self.imported(1) {
                        $0.transactions = [
                            .init(
                                type: 2, date: "2020-01-05", value: .init(amount: amount, currency: "USD"),
                                provider: "US-INL",
                                releasability: restricted ? .init(marking: "restricted", releasableTo: ["CO"]) : nil)
                        ]
                    }
                ]
            }
            _ = try await Self.run(store, file("1000", restricted: true))
            // The same transaction again, as IATI carries it (no marking): kept as marked.
            #expect(try await Self.run(store, file("1000", restricted: false), by: coordinator).unchanged == 1)
            // Changed: its marking would go. Not the coordinator's to decide; an administrator's.
            let refused = try await Self.run(store, file("1500", restricted: false), by: coordinator)
            #expect(!refused.written && refused.problems.map(\.field) == ["transactions"])
            #expect(try await Self.run(store, file("1500", restricted: false), by: admin).updated == 1)
            let stored = try #require(try await Self.all(store, people).first)
            #expect(stored.draft.transactions.map(\.releasability) == [nil])
        }
    }

    @Test(
        "by default one invalid activity refuses the file and writes nothing; partial keeps the valid; a dry run writes nothing",
        arguments: TestDatabase.engines)
    func allOrNothing(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let file = [
                Self.imported(1),
                Self.imported(2) { $0.plannedEnd = "2019-01-01" },
                Self.imported(3) { $0.recipientCountries = ["XX"] },
                Self.imported(4),
            ]
            let refused = try await Self.run(store, file)
            #expect(!refused.written && refused.refused)
            #expect(refused.problems.map(\.code) == [.invalidField, .invalidField])
            #expect(refused.problems.map(\.line) == [20, 30])
            #expect(refused.problems.map(\.identifier) == ["XM-2", "XM-3"])
            #expect(refused.problems.map(\.field) == ["plannedEnd", "recipientCountries[0]"])
            #expect(try await Self.all(store, people).isEmpty)

            let dryRun = try await Self.run(store, file, ImportOptions(dryRun: true, partial: true))
            #expect(!dryRun.written && dryRun.dryRun && dryRun.created == 2 && dryRun.skipped == 2)
            #expect(try await Self.all(store, people).isEmpty)

            let partial = try await Self.run(store, file, ImportOptions(partial: true))
            #expect(partial.written && partial.created == 2 && partial.skipped == 2 && partial.problems.count == 2)
            #expect(try await Self.all(store, people).compactMap(\.iatiIdentifier).sorted() == ["XM-1", "XM-4"])
        }
    }

    @Test(
        "organisations Enlace does not know stop the import and are listed once; asked to, it creates them",
        arguments: TestDatabase.engines)
    func unknownOrganizations(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let partner: (inout ActivityInput) -> Void = {
                $0.providers = [
                    .init(organization: "US-INL", role: "funding"),
                    .init(organization: "XM-OCHA", role: "implementing"),
                ]
            }
            let file = [Self.imported(1, change: partner), Self.imported(2, change: partner), Self.imported(3)]
            let refused = try await Self.run(store, file)
            #expect(!refused.written)
            #expect(refused.unknownOrganizations == [ImportedOrganization(ref: "XM-OCHA", name: "Name of XM-OCHA")])
            #expect(refused.problems.map(\.code) == [.unknownOrganization])
            #expect(refused.skipped == 2)
            #expect(try await store.organizations.find(code: "XM-OCHA") == nil)

            let created = try await Self.run(store, file, ImportOptions(createOrganizations: true))
            #expect(created.written && created.created == 3)
            #expect(created.organizationsCreated.map(\.ref) == ["XM-OCHA"])
            let organization = try await store.organizations.find(code: "XM-OCHA")
            #expect(organization?.name == "Name of XM-OCHA" && organization?.isMember == false)
            #expect(try await Self.all(store, people).filter { $0.draft.providers.count == 2 }.count == 2)
        }
    }

    @Test(
        "an activity without a key area, or named twice, or without an owner, is reported and skipped",
        arguments: TestDatabase.engines)
    func readingProblems(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            var noArea = Self.imported(1) {
                $0.keyAreas = []; $0.topics = []
            }
            noArea.problems = [
                ImportProblem(.noKeyArea, line: 10, identifier: "XM-1", parameters: ["sectors": "11110"])
            ]
            var orphan = Self.imported(3)
            orphan.reportingOrganization = nil
            let report = try await Self.run(
                store, [noArea, Self.imported(2), Self.imported(2), orphan], ImportOptions(partial: true))
            #expect(report.problems.map(\.code) == [.noKeyArea, .duplicateIdentifier, .invalidField])
            #expect(report.problems[1].parameters["first"] == "20" && report.problems[2].field == "reporting-org")
            #expect(report.created == 1 && report.skipped == 3)
            let stored = try await Self.all(store, people)
            #expect(stored.count == 1 && stored[0].draft.keyAreas == ["narco-trafficking"])
        }
    }

    @Test(
        "a person imports only for owners of their government, and never over a record hidden from them",
        arguments: TestDatabase.engines)
    func permissions(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let contributor = try #require(people.all["contributor"])
            let coordinator = try #require(people.all["coordinator"])
            let agency = try #require(people.all["agency"])
            await #expect(throws: EnlaceError.forbidden(field: nil)) {
                _ = try await Self.run(store, [Self.imported(1)], by: contributor)
            }
            // Creating organisations is an administrator's; a coordinator may not through an import.
            await #expect(throws: EnlaceError.forbidden(field: "createOrganizations")) {
                _ = try await Self.run(
                    store, [Self.imported(1)], ImportOptions(createOrganizations: true), by: coordinator)
            }
            // Colombia's activities are not the United States coordinator's to import.
            let colombian = try await Self.run(store, [Self.imported(1, owner: "CO-PONAL")], by: coordinator)
            #expect(!colombian.written && colombian.problems.map(\.code) == [.forbidden])
            await #expect(throws: EnlaceError.forbidden(field: "owner")) {
                _ = try await Self.run(store, [Self.imported(1)], ImportOptions(owner: "CO-PONAL"), by: coordinator)
            }
            // US-INL's activity released to US-INL alone: the US-DEA coordinator may not see it, so may not replace it.
            let hidden = Self.imported(2) { $0.releasability = .init(marking: "restricted", releasableTo: ["US-INL"]) }
            var carriesMarking = hidden
            carriesMarking.carries.insert("releasability")
            #expect(try await Self.run(store, [carriesMarking], by: coordinator).written)
            let replaced = try await Self.run(store, [Self.imported(2) { $0.title = "Replaced" }], by: agency)
            #expect(!replaced.written && replaced.problems.map(\.code) == [.forbidden])
            let stored = try await Self.all(store, people)
            #expect(stored.map(\.draft.title) == ["Imported course 2"])
            // The coordinator may import it again; making it public through the import is the owner's to decide.
            let widened = try await Self.run(
                store, [Self.imported(2)], ImportOptions(marking: .public), by: coordinator)
            #expect(!widened.written && widened.problems.map(\.field) == ["releasability"])
        }
    }
}
