import EnlaceCore
import Foundation
import SQLKit

/// Counts failed sign-ins per account and per client address and makes them wait longer and longer.
///
/// Kept in the database, so that every instance behind a load balancer counts the same failures.
struct LoginThrottle: Sendable {
    let database: Database
    let clock: WallClock
    let security: SecurityPolicy

    /// Until when any of `keys` is locked out, if any is.
    func lockedUntil(_ keys: [String]) async throws -> Date? {
        let now = clock.now()
        return try await database.read { db in
            try await db.raw("SELECT locked_until FROM login_throttle WHERE key IN (\(binds: keys))").all()
                .compactMap { Timestamp.parse(try $0.decode(column: "locked_until", as: String.self)) }
                .filter { $0 > now }.max()
        }
    }

    /// Counts one more failure against each of `keys`.
    func fail(_ keys: [String]) async throws {
        let now = clock.now()
        try await database.write { db in
            for key in keys {
                let failures =
                    try await db.raw("SELECT failures FROM login_throttle WHERE key = \(bind: key)").first()?
                    .decode(column: "failures", as: Int.self) ?? 0
                let lockedUntil = now.addingTimeInterval(security.backoff(afterFailures: failures + 1))
                try await db.insert(into: "login_throttle")
                    .columns("key", "failures", "locked_until", "updated_at")
                    .values(key, failures + 1, Timestamp.format(lockedUntil), Timestamp.format(now))
                    .onConflict(with: ["key"]) {
                        $0.set(excludedValueOf: "failures").set(excludedValueOf: "locked_until")
                            .set(excludedValueOf: "updated_at")
                    }
                    .run()
            }
        }
    }

    /// Forgets the failures of `keys` after a success.
    func clear(_ keys: [String]) async throws {
        try await database.write { db in
            try await db.raw("DELETE FROM login_throttle WHERE key IN (\(binds: keys))").run()
        }
    }
}
