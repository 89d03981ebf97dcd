public import EnlaceCore
public import Foundation
import SQLKit

/// The imports started from the upload page, while they run and for an hour after, kept in the database so that
/// the person who started one can watch its progress and read its report through any instance behind a proxy.
/// The instance that runs an import notes its progress here; one that stops without saying how the import ended
/// leaves it unfinished, and after ``staleAfter`` without news it shows as interrupted (its transaction, never
/// committed, wrote nothing).
public struct ImportJobStore: Sendable {
    let database: Database
    let clock: WallClock

    /// One import, as its page shows it.
    public struct Job: Sendable {
        public let id: String
        /// Who started it: the only person who may see it.
        public let userID: String
        public let fileName: String
        public let started: Date
        /// When its instance last said it was running.
        public let seen: Date
        /// Activities read so far.
        public var read: Int
        /// How many the file seems to hold, if known.
        public var expected: Int?
        /// The report, once it has ended.
        public let report: ImportReport?
        /// Whether it stopped on an error other than the file's problems.
        public var failed: Bool
    }

    /// Whether the instance running an import can note its progress here while the import's transaction runs:
    /// PostgreSQL's writers run side by side, while SQLite writes one transaction at a time, the import's (there,
    /// with one instance on the file, the instance's own memory has the progress).
    public var notesProgress: Bool { database.engine == .postgres }

    /// How long an ended job is kept.
    public static let keptSeconds: TimeInterval = 3600
    /// How long a job without news of its end is kept: an import on SQLite notes no progress while it runs (see
    /// ``notesProgress``), so one that runs for hours is not taken for abandoned.
    public static let abandonedSeconds: TimeInterval = 86_400
    /// The most ended jobs kept for one person.
    public static let maxKeptPerPerson = 20
    /// How long a running job may go without news before it shows as interrupted: its instance notes its progress
    /// every few seconds.
    public static let staleAfter: TimeInterval = 60

    /// Records the start of job `id` of `userID`, reading `fileName`, and forgets the person's jobs that ended more
    /// than an hour ago or beyond the most kept (one without news of its end is kept for a day: it may still be
    /// running).
    public func start(_ id: String, userID: String, fileName: String) async throws {
        let now = clock.now()
        let stamp = Timestamp.format(now)
        let forgotten = Timestamp.format(now.addingTimeInterval(-Self.keptSeconds))
        let abandoned = Timestamp.format(now.addingTimeInterval(-Self.abandonedSeconds))
        try await database.write { db in
            try await db.raw(
                """
                DELETE FROM import_jobs WHERE user_id = \(bind: userID) AND seen_at < \(bind: forgotten)
                AND (report IS NOT NULL OR failed = 1 OR seen_at < \(bind: abandoned))
                """
            ).run()
            let ended = try await db.raw(
                """
                SELECT id FROM import_jobs WHERE user_id = \(bind: userID) AND (report IS NOT NULL OR failed = 1)
                ORDER BY started_at DESC, id
                """
            ).all().map { try $0.decode(column: "id", as: String.self) }
            let beyond = Array(ended.dropFirst(Self.maxKeptPerPerson - 1))
            if !beyond.isEmpty {
                try await db.raw("DELETE FROM import_jobs WHERE id IN \(SQLBind.group(beyond))").run()
            }
            try await db.raw(
                """
                INSERT INTO import_jobs (id, user_id, file_name, started_at, seen_at, read_count, expected, report, failed)
                VALUES (\(bind: id), \(bind: userID), \(bind: fileName), \(bind: stamp), \(bind: stamp), 0, NULL, NULL, 0)
                """
            ).run()
        }
    }

    /// Notes that job `id` is running and has read `read` of about `expected` activities.
    public func progress(_ id: String, read: Int, expected: Int?) async throws {
        let now = Timestamp.format(clock.now())
        try await database.write { db in
            try await db.raw(
                """
                UPDATE import_jobs SET read_count = \(bind: read), expected = \(bind: expected), seen_at = \(bind: now)
                WHERE id = \(bind: id) AND report IS NULL AND failed = 0
                """
            ).run()
        }
    }

    /// Records the end of job `id`: its report, or nil when it stopped on an error.
    public func finish(_ id: String, report: ImportReport?) async throws {
        var kept = report
        // The ids of what changed are for the overlap check, not for the page: a large import's would weigh.
        kept?.changed = []
        let encoded = try kept.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        let now = Timestamp.format(clock.now())
        try await database.write { db in
            try await db.raw(
                """
                UPDATE import_jobs SET report = \(bind: encoded), failed = \(bind: report == nil ? 1 : 0),
                read_count = \(bind: report?.read ?? 0), seen_at = \(bind: now)
                WHERE id = \(bind: id)
                """
            ).run()
        }
    }

    /// Job `id` if `userID` started it; nil otherwise, as for a job that never was. One that ran on an instance
    /// that stopped without news of its end shows as failed.
    public func job(_ id: String, for userID: String) async throws -> Job? {
        let row = try await database.read { db in
            try await db.raw(
                """
                SELECT id, user_id, file_name, started_at, seen_at, read_count, expected, report, failed
                FROM import_jobs WHERE id = \(bind: id) AND user_id = \(bind: userID)
                """
            ).first()
        }
        guard let row else { return nil }
        let report =
            try row.decodeNil(column: "report")
            ? nil
            : try JSONDecoder().decode(
                ImportReport.self, from: Data(try row.decode(column: "report", as: String.self).utf8))
        let seen = Timestamp.parse(try row.decode(column: "seen_at", as: String.self)) ?? .distantPast
        let stale = report == nil && clock.now().timeIntervalSince(seen) > Self.staleAfter
        return Job(
            id: try row.decode(column: "id", as: String.self),
            userID: try row.decode(column: "user_id", as: String.self),
            fileName: try row.decode(column: "file_name", as: String.self),
            started: Timestamp.parse(try row.decode(column: "started_at", as: String.self)) ?? seen, seen: seen,
            read: try row.decode(column: "read_count", as: Int.self),
            expected: try row.decode(column: "expected", as: Int?.self), report: report,
            failed: try row.decode(column: "failed", as: Int.self) != 0 || stale)
    }
}
