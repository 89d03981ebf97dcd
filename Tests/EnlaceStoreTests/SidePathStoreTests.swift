import EnlaceCore
import EnlaceTestSupport
import Foundation
import SQLKit
import Testing

@testable import EnlaceStore

/// The side paths around the releasability rule and the credentials, held shut in the store, on both engines.
///
/// Each test here was written against a finding of the trust review (issue 15) and seen to fail before its fix.
@Suite("Side paths in the store: write answers, copied titles, history, credentials")
struct SidePathStoreTests {
    /// A transaction released to Colombia alone, on a U.S.-INL activity.
    static func colombianTransaction() -> ActivityInput.TransactionInput {
        .init(
            type: 3, date: "2026-03-05", value: .init(amount: "1000", currency: "USD"),
            description: "Colombia-only disbursement",
            releasability: .init(marking: "restricted", releasableTo: ["CO"]))
    }

    @Test(
        "the answer to an activity update carries only the transactions its editor may read",
        arguments: TestDatabase.engines)
    func activityWriteAnswer(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            var input = Fixtures.input()
            input.transactions = [Self.colombianTransaction()]
            let created = try await store.activities.create(input, by: people.contributor)
            // A coordinator of a sibling agency edits it as their government's, and may not read the transaction.
            let agency = people.all["agency"]!
            #expect(try await store.activities.find(id: created.id, for: .person(agency)).draft.transactions.isEmpty)
            var change = input
            change.title = "Maritime interdiction course, second edition"
            change.transactions = nil
            let saved = try await store.activities.update(
                id: created.id, with: change, expectedVersion: 1, by: agency)
            #expect(saved.draft.transactions.isEmpty, "the editor's answer names a transaction they may not read")
            #expect(saved == (try await store.activities.find(id: created.id, for: .person(agency))))
            // The transaction itself is kept for those who may read it.
            let owner = try await store.activities.find(id: created.id, for: .person(people.contributor))
            #expect(owner.draft.transactions.count == 1)
        }
    }

    @Test(
        "the answer to a proposal revision carries only the links its editor may read",
        arguments: TestDatabase.engines)
    func proposalWriteAnswer(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let colombia = people.all["colombia"]!
            var restricted = OverlapStoreTests.spanishTwin()
            restricted.releasability = .init(marking: "restricted", releasableTo: ["CO"])
            let hidden = try await store.activities.create(restricted, by: colombia)
            var input = ProposalStoreTests.input(lead: "US")
            input.leads = ["US", "CO"]
            input.activities = [hidden.id]
            let proposal = try await store.proposals.create(input, by: colombia)
            // U.S.-INL leads too, through its government, and may not read the Colombian activity.
            var revision = ProposalInput(
                try await store.proposals.find(id: proposal.id, for: .person(people.contributor)))
            revision.title = "Regional maritime interdiction cell, revised"
            let saved = try await store.proposals.update(
                id: proposal.id, with: revision, expectedVersion: nil, by: people.contributor)
            #expect(
                !saved.draft.activities.contains(hidden.id), "the editor's answer names an activity they may not read")
            #expect(
                try await store.proposals.find(id: proposal.id, for: .person(colombia)).draft.activities == [hidden.id])
        }
    }

    @Test(
        "an agenda item accepted from a suggestion shows each reader only the titles they may read",
        arguments: TestDatabase.engines)
    func agendaTitles(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            var english = Fixtures.input()
            english.releasability = .init(marking: "members", releasableTo: nil)
            _ = try await store.activities.create(english, by: people.contributor)
            // Released to Colombia and the United States: the chair (U.S.-INL) reads it, Spain does not.
            var twin = OverlapStoreTests.spanishTwin()
            twin.releasability = .init(marking: "restricted", releasableTo: ["CO", "US"])
            let hidden = try await store.activities.create(twin, by: people.all["colombia"]!)
            let series = try await store.meetings.createSeries(MeetingStoreTests.series(), by: people.contributor)
            let next = try await MeetingStoreTests.seriesMeetings(store, series.id, people.everyone)[0].id
            let suggested = try await store.meetings.suggestions(meetingID: next, for: .person(people.contributor))
            #expect(suggested.count == 1)
            _ = try await store.meetings.answerSuggestion(
                meetingID: next, overlapID: suggested[0].record.id, accept: true, by: people.contributor)

            let chair = try await store.meetings.agenda(meetingID: next, for: .person(people.contributor))
            #expect(chair.count == 1)
            #expect(chair[0].title.contains(hidden.draft.title))
            let spain = try await store.meetings.agenda(meetingID: next, for: .person(people.all["viewer"]!))
            #expect(spain.count == 1, "the item stays in its place")
            #expect(!spain.contains { $0.title.contains(hidden.draft.title) }, "Spain reads a title not released to it")
            #expect(!spain.contains { $0.links.contains { $0.reference == hidden.id } })
        }
    }

    @Test(
        "an activity's history shows each entry only to readers who could read the record as it then stood",
        arguments: TestDatabase.engines)
    func historyBeforeRelease(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            var secret = Fixtures.input(title: "Confidential canary operation")
            secret.description = "Confidential canary description"
            secret.releasability = .init(marking: "restricted", releasableTo: ["CO"])
            let created = try await store.activities.create(secret, by: people.contributor)
            var released = Fixtures.input(title: "Maritime course")
            released.releasability = .init(marking: "public", releasableTo: nil)
            _ = try await store.activities.update(
                id: created.id, with: released, expectedVersion: 1, by: people.contributor)

            let owner = try await store.activityHistory(id: created.id, for: .person(people.contributor))
            #expect(owner.entries.count >= 2)
            for viewer in [Viewer.anonymous, .person(people.all["viewer"]!), .person(people.all["partner"]!)] {
                let (_, entries) = try await store.activityHistory(id: created.id, for: viewer)
                let text = entries.flatMap(\.changes).flatMap { [$0.field, $0.before ?? "", $0.after ?? ""] }
                #expect(
                    !text.contains { $0.contains("Confidential canary") }, "\(viewer) reads the title before release")
                #expect(!text.contains("CO"), "\(viewer) reads the old release list")
            }
            // Colombia could read it all along: it sees the whole history.
            let (_, colombia) = try await store.activityHistory(id: created.id, for: .person(people.all["colombia"]!))
            #expect(colombia.count == owner.entries.count)
        }
    }

    @Test(
        "a history does not tell that a hidden transaction changed, nor how many there are",
        arguments: TestDatabase.engines)
    func historyOfHiddenTransactions(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            var input = Fixtures.input()
            input.releasability = .init(marking: "members", releasableTo: nil)
            let created = try await store.activities.create(input, by: people.contributor)
            // Only a transaction released to Colombia is added; then an open one, after it.
            input.transactions = [Self.colombianTransaction()]
            _ = try await store.activities.update(
                id: created.id, with: input, expectedVersion: 1, by: people.contributor)
            input.transactions = [
                Self.colombianTransaction(),
                .init(type: 3, date: "2026-04-01", value: .init(amount: "50", currency: "USD"), description: "Open"),
            ]
            _ = try await store.activities.update(
                id: created.id, with: input, expectedVersion: 2, by: people.contributor)
            // A coordinator of a sibling agency saves the open transaction as they see it: the hidden one
            // goes to the end, and the open one moves up; for readers that is no change of transactions.
            var agencyInput = input
            agencyInput.title = "Maritime interdiction course, renamed"
            agencyInput.transactions = [
                .init(type: 3, date: "2026-04-01", value: .init(amount: "50", currency: "USD"), description: "Open")
            ]
            _ = try await store.activities.update(
                id: created.id, with: agencyInput, expectedVersion: 3, by: people.all["agency"]!)
            let (_, spain) = try await store.activityHistory(id: created.id, for: .person(people.all["viewer"]!))
            #expect(
                spain.map(\.action) == [.create, .update, .update], "an entry that changed only hidden parts is shown")
            let fields = spain.flatMap(\.changes).map(\.field)
            #expect(fields.contains("transactions") && !fields.contains { $0.hasPrefix("transactions[") })
            #expect(spain.last?.changes.map(\.field) == ["title"], "a move of the open transaction shows as a change")
            let (_, owner) = try await store.activityHistory(id: created.id, for: .person(people.contributor))
            #expect(owner.count == 4)
        }
    }

    @Test("a deactivation is never lost to a change made meanwhile", arguments: TestDatabase.engines)
    func deactivationRace(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let admin = people.all["admin"]!
            let id = people.all["spare"]!.userID
            for trial in 0..<12 {
                let roles: Set<Role> = trial.isMultiple(of: 2) ? [.viewer] : [.partner]
                async let deactivated = Result(catching: { try await store.users.deactivate(id: id, actor: admin) })
                async let changed = Result(catching: {
                    try await store.users.setRoles(id: id, roles: roles, actor: admin)
                })
                let outcome = await (deactivated, changed)
                if case .success = outcome.0 {
                    #expect(
                        try await store.users.find(id: id).active == false,
                        "trial \(trial): said deactivated, still active")
                }
                _ = try await store.users.reactivate(id: id, actor: admin)
            }
        }
    }

    @Test("each recovery code works once, even when sent twice at the same moment", arguments: TestDatabase.engines)
    func recoveryCodesOnce(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let admin = people.all["admin"]!
            try await store.users.enableSecondFactor(
                id: admin.userID, secret: "JBSWY3DPEHPK3PXPJBSW", recoveryCodes: ["abcdefghjk", "mnpqrstuvw"],
                actor: admin)
            let uses = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await store.users.consumeRecoveryCode(id: admin.userID, code: "abcdefghjk") }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(uses == 1)
            #expect(try await store.users.consumeRecoveryCode(id: admin.userID, code: "mnpqrstuvw"))
        }
    }

    @Test(
        "calendar feed keys are kept only as hashes and die with the account", arguments: TestDatabase.engines)
    func feedKeys(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let spare = people.all["spare"]!
            let key = try await store.feedKeys.key(for: spare.userID)
            #expect(try await store.feedKeys.resolve(key) != nil)
            let stored = try await store.database.read { db in
                try await db.raw("SELECT * FROM calendar_keys").all().flatMap { row in
                    row.allColumns.compactMap { try? row.decode(column: $0, as: String.self) }
                }
            }
            #expect(!stored.contains(key), "the key is stored as it is")
            _ = try await store.users.deactivate(id: spare.userID, actor: people.all["admin"]!)
            _ = try await store.users.reactivate(id: spare.userID, actor: people.all["admin"]!)
            #expect(try await store.feedKeys.resolve(key) == nil, "the key outlived the account's deactivation")
        }
    }
}

extension Result where Failure == any Error {
    /// The outcome of `body`, thrown or returned.
    init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}

@Suite("The sign-in throttle's keys")
struct ThrottleKeyTests {
    @Test("an IPv6 client counts by its /64; IPv4, mapped or not, by its address")
    func addressKeys() {
        #expect(LoginThrottle.addressKey("203.0.113.5") == "address:203.0.113.5")
        #expect(LoginThrottle.addressKey("::ffff:203.0.113.5") == "address:203.0.113.5")
        #expect(LoginThrottle.addressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == "address:2001:db8:1:2::/64")
        #expect(LoginThrottle.addressKey("2001:db8:1:2::7") == "address:2001:db8:1:2::/64")
        #expect(LoginThrottle.addressKey("2001:db8::7") == "address:2001:db8:0:0::/64")
        #expect(LoginThrottle.addressKey("::1") == "address:0:0:0:0::/64")
    }

    @Test(
        "a device cookie is a count of its own, for its account only, until the credentials change or a year passes",
        arguments: TestDatabase.engines)
    func deviceCookies(engine: DatabaseEngine) async throws {
        let (clock, move) = Fixtures.movableClock()
        try await withStore(engine, clock: clock) { store, people in
            let auth = store.authenticator
            let viewer = try await store.users.find(id: people.all["viewer"]!.userID)
            let other = try await store.users.find(id: people.all["spare"]!.userID)
            let cookie = try await auth.deviceCookie(for: viewer)
            #expect(try await auth.deviceNonce(cookie, of: viewer.email) != nil)
            #expect(
                try await auth.deviceNonce(cookie, of: other.email) == nil, "one account's cookie passed for another")
            var parts = cookie.split(separator: ".").map(String.init)
            parts[1] = String(Int(parts[1])! + 1)
            #expect(try await auth.deviceNonce(parts.joined(separator: "."), of: viewer.email) == nil, "a moved date")
            // Whoever holds the cookie and guesses locks the cookie's count, not the account's.
            for index in 0..<6 {
                _ = try await auth.signIn(
                    email: viewer.email, password: "a wrong guess", address: "198.51.100.\(index)", device: cookie)
            }
            let holder = try await auth.signIn(
                email: viewer.email, password: Fixtures.password, address: "198.51.100.99", device: cookie)
            guard case .throttled = holder else {
                Issue.record("the cookie's holder guessed on: \(holder)")
                return
            }
            let owner = try await auth.signIn(
                email: viewer.email, password: Fixtures.password, address: "203.0.113.1", device: nil)
            guard case .success = owner else {
                Issue.record("the account was locked by the cookie's holder: \(owner)")
                return
            }
            // A year on, the cookie is a stranger's.
            move(Authenticator.deviceLifetime)
            #expect(try await auth.deviceNonce(cookie, of: viewer.email) == nil, "a cookie outlived its year")
            move(0)
            // A new password ends it; so does a new second factor.
            try await store.users.setPassword(id: viewer.id, password: "another long and personal phrase", actor: nil)
            #expect(try await auth.deviceNonce(cookie, of: viewer.email) == nil, "a cookie outlived the password")
            let fresh = try await auth.deviceCookie(for: viewer)
            #expect(try await auth.deviceNonce(fresh, of: viewer.email) != nil)
            try await store.users.enableSecondFactor(
                id: viewer.id, secret: "JBSWY3DPEHPK3PXPJBSW", recoveryCodes: ["abcdefghjk"],
                actor: people.all["viewer"]!)
            #expect(try await auth.deviceNonce(fresh, of: viewer.email) == nil, "a cookie outlived a new factor")
        }
    }

    @Test(
        "an account's passwords wait a minute at most, an address a quarter of an hour, second-factor codes a day")
    func backoffs() {
        #expect(SecurityPolicy.standard.backoff(afterFailures: 40, of: .account) == 60)
        #expect(SecurityPolicy.standard.backoff(afterFailures: 40) == 900)
        #expect(SecurityPolicy.standard.backoff(afterFailures: 40, of: .secondFactor) == 86_400)
        #expect(SecurityPolicy.standard.backoff(afterFailures: 5_000, of: .secondFactor) == 86_400)
    }
}

@Suite("Password hashing off the request threads")
struct PasswordHasherTests {
    @Test("hashes and checks on threads of its own, and turns work away when too much waits")
    func bounded() async throws {
        let hasher = PasswordHasher(cost: 4)
        let hash = try await hasher.hash("a long and personal phrase")
        #expect(try await hasher.verify("a long and personal phrase", hash: hash))
        #expect(try await !hasher.verify("another phrase entirely", hash: hash))
        // One may wait at most: of many at once at a slow cost, some are turned away, at once.
        let strict = PasswordHasher(cost: 10, maximumWaiting: 1)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask { (try? await strict.hash("a long and personal phrase")) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.contains(true) && outcomes.contains(false), "\(outcomes)")
    }
}

@Suite("Credentials under concurrency")
struct CredentialConcurrencyTests {
    @Test("calendar keys made or replaced at the same moment never fail", arguments: TestDatabase.engines)
    func calendarKeys(engine: DatabaseEngine) async throws {
        try await withStore(engine) { store, people in
            let spare = people.all["spare"]!
            let keys = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 { group.addTask { try await store.feedKeys.key(for: spare.userID) } }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(keys.count == 1, "first uses at once answered different keys")
            let account = try await store.users.find(id: spare.userID)
            let replaced = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<4 { group.addTask { try await store.feedKeys.replace(for: account, actor: spare) } }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            let current = try await store.feedKeys.key(for: spare.userID)
            #expect(replaced.contains(current) && keys.first != current)
        }
    }

    @Test("two instances starting at once on one folder read one secret, readable by its owner alone")
    func secretFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("enlace-secret-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("secret.key").path
        let fingerprints = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<6 { group.addTask { try ServerSecret.load(path: path).fingerprint } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(fingerprints.count == 1)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["secret.key"], "a draft left over")
    }
}
