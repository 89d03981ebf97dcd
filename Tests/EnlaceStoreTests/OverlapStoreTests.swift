import EnlaceCore
import EnlaceStore
import EnlaceTestSupport
import Foundation
import SQLKit
import Synchronization
import Testing

@Suite("Overlap records in the store: detection on save, review, releasability, full pass, coverage")
struct OverlapStoreTests {
    /// The Spanish twin of ``Fixtures/input(title:)``: Colombia's navy trains the same unit the week after.
    static func spanishTwin() -> ActivityInput {
        var input = Fixtures.input(title: "Curso de interdicción marítima para la Armada de Honduras")
        input.description = "Abordaje, inspección de embarcaciones y cadena de custodia."
        input.language = "es"
        input.providers = [.init(organization: "CO-PONAL", role: "implementing")]
        input.beneficiary = "Armada de Honduras"
        input.plannedStart = "2026-03-09"
        input.plannedEnd = "2026-03-20"
        return input
    }

    @Test(
        "saving finds the overlap; a decision sticks through a reword and reopens on a material change",
        arguments: TestDatabase.engines)
    func reviewCycle(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let colombia = people.all["colombia"]!
            let english = try await store.activities.create(Fixtures.input(), by: people.contributor)
            let spanish = try await store.activities.create(Self.spanishTwin(), by: colombia)
            let found = try await store.overlaps.forActivity(id: spanish.id, for: people.everyone)
            #expect(found.overlaps.count == 1)
            let overlap = try #require(found.overlaps.first)
            #expect(Set([overlap.first.id, overlap.second.id]) == [english.id, spanish.id])
            #expect(overlap.record.status == .open && overlap.record.active)
            #expect(overlap.record.assessment.score >= DeconflictionSettings.standard.threshold)
            #expect(!overlap.record.assessment.sameProvider)

            // A complementary decision needs a reason, and a stale version is refused.
            await #expect(throws: EnlaceError.invalid("reason", .required)) {
                try await store.overlaps.decide(
                    id: overlap.record.id, OverlapDecisionInput(status: "complementary"), expectedVersion: 1,
                    by: people.secretariat)
            }
            await #expect(throws: EnlaceError.staleVersion(entity: "overlap", id: overlap.record.id, current: 1)) {
                try await store.overlaps.decide(
                    id: overlap.record.id, OverlapDecisionInput(status: "resolved"), expectedVersion: 7,
                    by: people.secretariat)
            }
            let decided = try await store.overlaps.decide(
                id: overlap.record.id,
                OverlapDecisionInput(status: "complementary", reason: "Boarding theory, then the practical week"),
                expectedVersion: 1, by: people.secretariat)
            #expect(decided.record.status == .complementary && decided.record.version == 2)
            #expect(decided.record.decidedBy == people.secretariat.userID)

            // Rewording the title is not material: the decision stands.
            var reworded = Self.spanishTwin()
            reworded.title = "Curso de interdicción marítima (Armada de Honduras)"
            _ = try await store.activities.update(id: spanish.id, with: reworded, expectedVersion: 1, by: colombia)
            #expect(
                try await store.overlaps.find(id: overlap.record.id, for: people.everyone).record.status
                    == .complementary)

            // Moving the dates is: the pair reopens, and the trail says so.
            var moved = reworded
            moved.plannedStart = "2026-03-16"
            moved.plannedEnd = "2026-03-27"
            _ = try await store.activities.update(id: spanish.id, with: moved, expectedVersion: 2, by: colombia)
            let reopened = try await store.overlaps.find(id: overlap.record.id, for: people.everyone)
            #expect(reopened.record.status == .open && reopened.record.reason == nil)
            let history = try await store.audit.history(entityType: "overlap", entityID: overlap.record.id)
            #expect(history.map(\.action) == [.decide, .reopen])

            // A duplicate names the activity that continues, one of the pair.
            await #expect(throws: EnlaceError.invalid("continuing", .notInPair, ["value": "elsewhere"])) {
                try await store.overlaps.decide(
                    id: overlap.record.id, OverlapDecisionInput(status: "duplicate", continuing: "elsewhere"),
                    expectedVersion: nil, by: people.secretariat)
            }
            let duplicate = try await store.overlaps.decide(
                id: overlap.record.id, OverlapDecisionInput(status: "duplicate", continuing: english.id),
                expectedVersion: nil, by: colombia)
            #expect(duplicate.record.status == .duplicate && duplicate.record.continuing == english.id)

            // Archiving one of the two takes the pair off every list.
            try await store.activities.archive(id: spanish.id, expectedVersion: nil, by: colombia)
            let listed = try await store.overlaps.list(OverlapFilter(), limit: 10, cursor: nil, for: people.everyone)
            #expect(listed.page.total == 0)
            #expect(try await store.overlaps.forActivity(id: english.id, for: people.everyone).overlaps.isEmpty)
        }
    }

    @Test(
        "a member whose activity overlaps one they may not see hears of it from the secretariat alone, in one bare notice",
        arguments: TestDatabase.engines)
    func redaction(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let colombia = people.all["colombia"]!
            let english = try await store.activities.create(Fixtures.input(), by: people.contributor)
            var hiddenInput = Self.spanishTwin()
            hiddenInput.releasability = .init(marking: "restricted", releasableTo: ["HN"])
            let hidden = try await store.activities.create(hiddenInput, by: colombia)
            var hiddenAgain = hiddenInput
            hiddenAgain.plannedStart = "2026-03-02"
            hiddenAgain.plannedEnd = "2026-03-13"
            _ = try await store.activities.create(hiddenAgain, by: colombia)

            let all = try await store.overlaps.list(OverlapFilter(), limit: 10, cursor: nil, for: people.everyone)
            #expect(all.page.total == 3)
            let overlapID = try #require(
                all.page.items.first {
                    $0.record.first == english.id
                        || $0.record.second == english.id
                }?.record.id)

            let owner = Viewer.person(people.contributor)
            // Nothing until the secretariat chooses to tell: a save or a read is never a probe.
            let untold = try await store.overlaps.forActivity(id: english.id, for: owner)
            #expect(untold.overlaps.isEmpty && !untold.hiddenNotice)
            #expect(try await store.overlaps.list(OverlapFilter(), limit: 10, cursor: nil, for: owner).notices.isEmpty)
            await #expect(throws: EnlaceError.forbidden(field: nil)) {
                try await store.overlaps.notify(id: overlapID, by: colombia)
            }
            #expect(try await store.overlaps.notify(id: overlapID, by: people.secretariat) == [english.id])
            let own = try await store.overlaps.forActivity(id: english.id, for: owner)
            #expect(own.overlaps.isEmpty && own.hiddenNotice)
            let ownList = try await store.overlaps.list(OverlapFilter(), limit: 10, cursor: nil, for: owner)
            #expect(ownList.page.total == 0 && ownList.page.items.isEmpty)
            #expect(ownList.notices == [english.id])
            await #expect(throws: EnlaceError.notFound(entity: "overlap", id: overlapID)) {
                try await store.overlaps.find(id: overlapID, for: owner)
            }
            await #expect(throws: EnlaceError.notFound(entity: "overlap", id: overlapID)) {
                try await store.overlaps.decide(
                    id: overlapID, OverlapDecisionInput(status: "resolved"), expectedVersion: nil,
                    by: people.contributor)
            }
            // Someone of another government who sees the English activity hears nothing.
            let spain = Viewer.person(people.all["viewer"]!)
            let other = try await store.overlaps.forActivity(id: english.id, for: spain)
            #expect(other.overlaps.isEmpty && !other.hiddenNotice)
            #expect(try await store.overlaps.list(OverlapFilter(), limit: 10, cursor: nil, for: spain).notices.isEmpty)
            // Nobody outside the secretariat counts the hidden pairs in coverage.
            let window = CalendarDate(year: 2026, month: 1, day: 1)!...CalendarDate(year: 2026, month: 12, day: 31)!
            #expect(
                try await store.coverage(window: window, for: owner).cell("HN", "narco-trafficking")?.openOverlaps == 0)
            let full = try await store.coverage(window: window, for: people.everyone)
            #expect(full.cell("HN", "narco-trafficking")?.openOverlaps == 3)
            #expect(full.cell("HN", "narco-trafficking")?.activities == 3)
            #expect(full.cell("HN", "combating-crime")?.isGap == true)
            #expect(
                try await store.coverage(window: window, for: owner).cell("HN", "narco-trafficking")?.activities == 1)
            // The owner of the hidden activity, and the secretariat, see the pair whole.
            #expect(try await store.overlaps.forActivity(id: hidden.id, for: .person(colombia)).overlaps.count == 2)
        }
    }

    /// Generated drafts moved into few countries and months of 2026 (`place` gives each its countries and
    /// month), twenty days long, so that many of them overlap.
    static func crowdedDrafts(
        count: Int, seed: UInt64, _ store: Store, place: (ActivityDraft) -> ([String], Int)
    ) -> [ActivityDraft] {
        Fixtures.randomDrafts(count: count, seed: seed, catalog: store.catalog).map { draft in
            var draft = draft
            let (countries, month) = place(draft)
            draft.recipientCountries = countries
            draft.plannedStart = CalendarDate(year: 2026, month: month, day: 1)!
            draft.plannedEnd = draft.plannedStart.adding(days: 20)
            return draft
        }
    }

    @Test(
        "the full pass records what incremental checks on save record, and a second pass changes nothing",
        arguments: TestDatabase.engines)
    func fullPassAgreesWithSaves(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let drafts = Self.crowdedDrafts(count: 160, seed: 11, store) { draft in
                ([["HN", "GT", "SV"][draft.title.count % 3]], 1 + draft.title.count % 6)
            }
            for draft in drafts {
                _ = try await store.activities.create(ActivityInput(draft), by: people.contributor)
            }
            let saved = try await store.overlaps.list(OverlapFilter(), limit: 200, cursor: nil, for: people.everyone)
            #expect(saved.page.total > 0)
            let summary = try await store.overlaps.scan()
            #expect(summary.overlaps == saved.page.total)
            #expect(summary.inserted == 0 && summary.updated == 0)
            let again = try await store.overlaps.scan()
            #expect(again.inserted == 0 && again.updated == 0 && again.reopened == 0)

            // Paging walks every pair once, highest score first.
            var seen: [OverlapView] = []
            var cursor: String?
            repeat {
                let page = try await store.overlaps.list(
                    OverlapFilter(), limit: 7, cursor: cursor, for: people.everyone)
                seen += page.page.items
                cursor = page.page.nextCursor
            } while cursor != nil
            #expect(seen.map(\.record.id) == saved.page.items.map(\.record.id))
            #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.record.assessment.score >= $1.record.assessment.score })
            let guatemala = try await store.overlaps.list(
                OverlapFilter(country: "GT"), limit: 200, cursor: nil, for: people.everyone)
            #expect(guatemala.page.items.allSatisfy { $0.first.draft.recipientCountries == ["GT"] })
            #expect(guatemala.page.total < saved.page.total)
        }
    }

    @Test(
        "a full pass ends while activities keep being saved, and what it leaves a quiet pass does not change",
        arguments: TestDatabase.engines)
    func fullPassUnderWrites(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let drafts = Self.crowdedDrafts(count: 60, seed: 23, store) { _ in (["HN"], 3) }
            for draft in drafts.prefix(20) {
                _ = try await store.activities.create(ActivityInput(draft), by: people.contributor)
            }
            // A writer that saves without pause while passes run: each save moves the activities' sequence.
            let writer = Task {
                for draft in drafts.dropFirst(20) {
                    _ = try await store.activities.create(ActivityInput(draft), by: people.contributor)
                }
            }
            for _ in 0..<4 { _ = try await store.overlaps.scan() }
            try await writer.value
            let quiet = try await store.overlaps.scan()
            #expect(quiet.inserted == 0 && quiet.updated == 0 && quiet.reopened == 0 && quiet.deactivated == 0)
            let recorded = try await store.overlaps.list(OverlapFilter(), limit: 200, cursor: nil, for: people.everyone)
            #expect(recorded.page.total == quiet.overlaps)
        }
    }

    @Test("a bulk load is found by the full pass", arguments: TestDatabase.engines)
    func bulkLoadThenScan(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let first = try await store.activities.create(Fixtures.input(), by: people.contributor)
            let twin = try Self.spanishTwin().validated(against: store.catalog)
            try await store.activities.insert([
                Activity(
                    id: "bulk-1", owner: "CO-ARC", draft: twin, version: 1, createdAt: Fixtures.epoch,
                    updatedAt: Fixtures.epoch)
            ])
            #expect(try await store.overlaps.forActivity(id: first.id, for: people.everyone).overlaps.isEmpty)
            let summary = try await store.overlaps.scan()
            #expect(summary.inserted == 1 && summary.overlaps == 1)
            #expect(try await store.overlaps.forActivity(id: first.id, for: people.everyone).overlaps.count == 1)
        }
    }

    @Test(
        "a full pass stopped between batches keeps what it recorded; passes stopped and then completed leave one pass's",
        arguments: TestDatabase.engines)
    func interruptedPasses(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let drafts = Self.crowdedDrafts(count: 120, seed: 31, store) { draft in (["HN"], 1 + draft.title.count % 2)
            }
            // Stored without their checks on save, so that the pass has everything to record.
            try await store.activities.insert(
                drafts.enumerated().map { index, draft in
                    Activity(
                        id: "bulk-\(index)", owner: "CO-ARC", draft: draft, version: 1, createdAt: Fixtures.epoch,
                        updatedAt: Fixtures.epoch)
                })
            /// The active records as (pair, score, status), in pair order.
            func records() async throws -> [String] {
                try await store.database.read { db in
                    try await db.raw(
                        """
                        SELECT first_id, second_id, score, status FROM activity_overlaps WHERE active = 1
                        ORDER BY first_id, second_id
                        """
                    ).all().map { row in
                        [
                            try row.decode(column: "first_id", as: String.self),
                            try row.decode(column: "second_id", as: String.self),
                            String(try row.decode(column: "score", as: Double.self)),
                            try row.decode(column: "status", as: String.self),
                        ].joined(separator: " ")
                    }
                }
            }
            /// A pass of batches of 3 pairs, cancelled once `batches` of them are recorded.
            func stoppedPass(after batches: Int) async throws {
                let recorded = Mutex(0)
                let pass = Task {
                    try await store.overlaps.scan(
                        progress: { report in
                            guard report.what == "overlap pairs recorded" else { return }
                            let count = recorded.withLock {
                                $0 += 1
                                return $0
                            }
                            if count == batches { withUnsafeCurrentTask { $0?.cancel() } }
                        }, batchPairs: 3)
                }
                await #expect(throws: CancellationError.self) { _ = try await pass.value }
            }

            try await stoppedPass(after: 1)
            let afterOne = try await records().count
            #expect(afterOne >= 3)
            try await stoppedPass(after: 2)
            let afterTwo = try await records().count
            #expect(afterTwo > afterOne)
            let completed = try await store.overlaps.scan(batchPairs: 3)
            #expect(completed.overlaps > afterTwo + 6, "the pairs are many batches")
            #expect(completed.inserted == completed.overlaps - afterTwo)
            let interrupted = try await records()
            #expect(interrupted.count == completed.overlaps)

            // The same activities, every record gone, and one pass.
            try await store.database.write { db in try await db.raw("DELETE FROM activity_overlaps").run() }
            let single = try await store.overlaps.scan()
            #expect(single.inserted == single.overlaps)
            #expect(try await records() == interrupted)
            #expect(try await store.overlaps.scan(batchPairs: 3).updated == 0)
        }
    }
}
