import EnlaceCore
import HummingbirdBcrypt
import NIOCore
import NIOPosix
import Synchronization

/// Runs bcrypt on threads of its own, a few at a time, so that sign-ins never hold the threads every other
/// request runs on; when too many wait, a new one is turned away at once (``EnlaceError/busy``).
///
/// bcrypt is slow on purpose: at cost 12 a hash takes a quarter of a second of a core. On the shared
/// executor eight parallel sign-ins would stop every other request on a two-core machine.
final class PasswordHasher: Sendable {
    /// The threads hashes run on, shared by every store of the process; started on first use.
    private static let threads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(1, System.coreCount / 2))
        pool.start()
        return pool
    }()

    let cost: UInt8
    /// How many hashes may wait for a thread before new ones are turned away.
    let maximumWaiting: Int
    private let waiting = Atomic<Int>(0)

    init(cost: UInt8, maximumWaiting: Int = 32) {
        self.cost = cost
        self.maximumWaiting = maximumWaiting
    }

    /// The bcrypt hash of `password`.
    func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await run { Bcrypt.hash(password, cost: cost) }
    }

    /// A hash, at this hasher's cost, of nothing anyone knows: verified when an account does not exist, so that the
    /// answer takes as long as for one that does. Made once, on these threads, not while the server starts.
    func decoy() async throws -> String {
        if let made = madeDecoy.withLock({ $0 }) { return made }
        let made = try await hash(Secret.make())
        return madeDecoy.withLock { decoy in
            if decoy == nil { decoy = made }
            return decoy ?? made
        }
    }

    private let madeDecoy = Mutex<String?>(nil)

    /// Whether `password` matches `hash`.
    func verify(_ password: String, hash: String) async throws -> Bool {
        try await run { Bcrypt.verify(password, hash: hash) }
    }

    private func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws -> T {
        guard waiting.add(1, ordering: .relaxed).newValue <= maximumWaiting else {
            waiting.subtract(1, ordering: .relaxed)
            throw EnlaceError.busy(retryAfter: 1)
        }
        defer { waiting.subtract(1, ordering: .relaxed) }
        return try await Self.threads.runIfActive(body)
    }
}
