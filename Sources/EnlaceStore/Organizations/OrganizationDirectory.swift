import EnlaceCore
import SQLKit
import Synchronization

/// Every organisation in memory, with the hierarchy between them, kept in step with the database
/// by the `organizations` change counter. Principals are built from it on every request.
final class OrganizationDirectory: Sendable {
    /// The organisations as of one moment.
    struct Snapshot: Sendable {
        let byCode: [String: Organization]
        let children: [String: [String]]

        init(_ organizations: [Organization]) {
            byCode = Dictionary(organizations.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
            var children: [String: [String]] = [:]
            for organization in organizations {
                if let parent = organization.parent { children[parent, default: []].append(organization.code) }
            }
            self.children = children
        }

        /// `code` and every organisation above it, nearest first.
        func lineage(of code: String) -> [String] {
            var result = [code]
            var current = byCode[code]?.parent
            while let parent = current, !result.contains(parent) {
                result.append(parent)
                current = byCode[parent]?.parent
            }
            return result
        }

        /// `code` and every organisation below it.
        func descendants(of code: String) -> Set<String> {
            var result: Set<String> = [code]
            var pending = [code]
            while let next = pending.popLast() {
                for child in children[next] ?? [] where result.insert(child).inserted { pending.append(child) }
            }
            return result
        }
    }

    private let state = Mutex((snapshot: Snapshot([]), counter: -1))
    private let counters: ChangeCounters

    init(counters: ChangeCounters) {
        self.counters = counters
    }

    /// The directory as of the database's latest committed change.
    func current(_ database: Database) async throws -> Snapshot {
        let target = try await counters.current(database)[ChangeCounters.Name.organizations.rawValue] ?? 0
        let (snapshot, counter) = state.withLock { ($0.snapshot, $0.counter) }
        if counter >= target { return snapshot }
        let organizations = try await database.read { db in
            try await db.raw("SELECT * FROM organizations ORDER BY code").all().map(OrganizationRepository.decode)
        }
        let fresh = Snapshot(organizations)
        state.withLock { state in
            if state.counter < target { state = (fresh, target) }
        }
        return fresh
    }
}
