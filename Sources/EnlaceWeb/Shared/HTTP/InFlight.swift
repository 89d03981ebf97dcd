import EnlaceCore
import Synchronization

/// Counts the pieces of costly work running now (files written, imports), refusing one too many.
final class InFlight: Sendable {
    fileprivate let count = Mutex(0)
    /// The most that may run at once.
    let limit: Int

    /// Creates the counter for at most `limit` at once.
    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a place, or throws `busy` when every place is taken. The place is given back when the last
    /// reference to it goes: when its work ends, fails, or never starts (a HEAD request, an error before a
    /// body), so that no answer can keep a place for good.
    func enter() throws -> Place {
        let entered = count.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
        guard entered else { throw EnlaceError.busy(retryAfter: 5) }
        return Place(self)
    }

    /// Takes a place, waiting up to `patience` for one to come free (an import that is just ending), then as
    /// ``enter()``.
    func enter(waiting patience: Duration) async throws -> Place {
        let deadline = ContinuousClock.now + patience
        while ContinuousClock.now < deadline {
            if let place = try? enter() { return place }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try enter()
    }

    /// How many places are taken.
    var current: Int { count.withLock { $0 } }

    /// One piece of work's place.
    final class Place: Sendable {
        private let inFlight: InFlight

        fileprivate init(_ inFlight: InFlight) { self.inFlight = inFlight }

        deinit { inFlight.count.withLock { $0 -= 1 } }
    }
}
