import EnlaceCore
import Foundation
import SQLKit

/// Counts failed attempts (passwords, second-factor codes) per account and per client address, and makes
/// them wait longer and longer.
///
/// An attempt is counted *before* it is checked, as a reservation that a success gives back, so that a
/// burst of parallel guesses is counted in full before any of them is verified: it gets no more tries
/// than the same guesses one after another. Kept in the database, so that every instance behind a load
/// balancer counts the same failures.
struct LoginThrottle: Sendable {
    let database: Database
    let clock: WallClock
    let security: SecurityPolicy

    /// What the key of a client address starts with.
    static let addressPrefix = "address:"
    /// What the key of an account's passwords starts with.
    static let accountPrefix = "account:"
    /// What the key of an account's second-factor codes starts with (then the account's id, or `device:` and
    /// the nonce of the browser's device cookie).
    static let secondFactorPrefix = "second-factor:"
    /// What the key of the passwords tried in a browser with a device cookie starts with.
    static let devicePrefix = "device:"

    /// The key of the passwords of the account signing in as `email` (cut at the longest address there is).
    static func accountKey(_ email: String) -> String { accountPrefix + email.prefix(254) }

    /// The key of `address`: an IPv6 address counts by its /64, which one client commonly holds whole; an
    /// IPv4 address mapped into IPv6 counts as itself.
    static func addressKey(_ address: String) -> String {
        if address.contains("."), let last = address.split(separator: ":").last {
            return addressPrefix + last
        }
        guard address.contains(":") else { return addressPrefix + address }
        let groups = address.split(separator: ":", omittingEmptySubsequences: false)
        // `::` stands for zero groups; expand it so that the first four groups are the /64.
        if let gap = groups.firstIndex(of: "") {
            let head = groups[..<gap].filter { !$0.isEmpty }
            let tail = groups[groups.index(after: gap)...].filter { !$0.isEmpty }
            let zeros = Array(repeating: Substring("0"), count: max(0, 8 - head.count - tail.count))
            return addressPrefix + (head + zeros + tail).prefix(4).joined(separator: ":") + "::/64"
        }
        return addressPrefix + groups.prefix(4).joined(separator: ":") + "::/64"
    }

    /// An attempt counted ahead of its check: what each key's lock was before, and what the count made it.
    struct Reservation: Sendable {
        let locks: [String: (before: String?, after: String)]
    }

    /// The outcome of asking to try.
    enum Turn: Sendable {
        /// The attempt is counted; check it.
        case reserved(Reservation)
        /// A key is locked out until then; nothing was counted.
        case locked(until: Date)
    }

    /// Counts one attempt against each of `keys`; or, when any of them is locked out, counts nothing and
    /// says until when.
    func reserve(_ keys: [String]) async throws -> Turn {
        let now = clock.now()
        let database = database
        return try await database.write { db in
            try await database.serialize(.throttle, db)
            let rows = try await db.raw(
                "SELECT key, failures, locked_until FROM login_throttle WHERE key IN (\(binds: keys))"
            ).all()
            var failures: [String: Int] = [:]
            var locks: [String: String] = [:]
            var lockedUntil: Date?
            for row in rows {
                let key = try row.decode(column: "key", as: String.self)
                failures[key] = try row.decode(column: "failures", as: Int.self)
                locks[key] = try row.decode(column: "locked_until", as: String.self)
                if let until = locks[key].flatMap(Timestamp.parse), until > now {
                    lockedUntil = max(lockedUntil ?? until, until)
                }
            }
            if let lockedUntil { return .locked(until: lockedUntil) }
            // Now and then, forget counts whose lock ended a day ago, so that the table keeps no history; the
            // counts of second-factor codes a month, so that waiting a day does not start a guesser afresh.
            if Int.random(in: 0..<64) == 0 {
                let day = Timestamp.format(now.addingTimeInterval(-86_400))
                let month = Timestamp.format(now.addingTimeInterval(-30 * 86_400))
                try await db.raw(
                    """
                    DELETE FROM login_throttle WHERE updated_at < \(bind: day) AND locked_until < \(bind: day)
                    AND (key NOT LIKE \(bind: Self.secondFactorPrefix + "%") OR updated_at < \(bind: month))
                    """
                ).run()
            }
            var reserved: [String: (before: String?, after: String)] = [:]
            for key in keys {
                let after = try await Self.store(
                    key, failures: (failures[key] ?? 0) + 1, now: now, security: security, db)
                reserved[key] = (locks[key], after)
            }
            return .reserved(Reservation(locks: reserved))
        }
    }

    /// Forgets the attempts counted against `keys` (an account, after a success).
    func clear(_ keys: [String]) async throws {
        try await database.write { db in
            try await db.raw("DELETE FROM login_throttle WHERE key IN (\(binds: keys))").run()
        }
    }

    /// Gives back the attempt `reservation` counted against each of `keys` (an address, after a success):
    /// the count goes down by one, and the lock this attempt set goes back to what it was, unless another
    /// attempt has set one since (its failure still counts).
    func refund(_ reservation: Reservation, _ keys: [String]) async throws {
        let now = Timestamp.format(clock.now())
        let database = database
        try await database.write { db in
            try await database.serialize(.throttle, db)
            for key in keys {
                guard let lock = reservation.locks[key] else { continue }
                try await db.raw(
                    """
                    UPDATE login_throttle SET failures = failures - 1, updated_at = \(bind: now),
                    locked_until = CASE WHEN locked_until = \(bind: lock.after) THEN \(bind: lock.before ?? now)
                    ELSE locked_until END
                    WHERE key = \(bind: key)
                    """
                ).run()
                try await db.raw("DELETE FROM login_throttle WHERE key = \(bind: key) AND failures <= 0").run()
            }
        }
    }

    /// Writes `failures` for `key` with the lock they earn; returns the lock's end, as stored.
    private static func store(
        _ key: String, failures: Int, now: Date, security: SecurityPolicy, _ db: any SQLDatabase
    ) async throws -> String {
        let kind: SecurityPolicy.ThrottleKey =
            key.hasPrefix(addressPrefix) ? .address : key.hasPrefix(secondFactorPrefix) ? .secondFactor : .account
        let backoff = security.backoff(afterFailures: failures, of: kind)
        let lockedUntil = Timestamp.format(now.addingTimeInterval(backoff))
        try await db.insert(into: "login_throttle")
            .columns("key", "failures", "locked_until", "updated_at")
            .values(key, failures, lockedUntil, Timestamp.format(now))
            .onConflict(with: ["key"]) {
                $0.set(excludedValueOf: "failures").set(excludedValueOf: "locked_until").set(
                    excludedValueOf: "updated_at")
            }
            .run()
        return lockedUntil
    }
}
