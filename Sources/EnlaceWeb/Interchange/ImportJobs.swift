import EnlaceCore
import EnlaceStore
import Foundation
import ServiceLifecycle

/// The imports started from the upload page that this instance runs. Their records (who started each, its progress,
/// its report) are in the database (``ImportJobStore``), so that every instance behind a proxy shows them; this
/// instance keeps their tasks, to stop them with the server, and their latest progress, which it notes in the
/// database every few seconds.
actor ImportJobs {
    let records: ImportJobStore
    /// How often a running import's progress is noted in the database.
    static let noteEvery: Duration = .seconds(2)

    /// The tasks of the jobs running here.
    private var running: [String: Task<Void, Never>] = [:]
    /// Their latest progress: activities read, of about how many.
    private var progress: [String: (read: Int, expected: Int?)] = [:]
    /// Whether the server is stopping: no job starts any more.
    private var stopping = false

    init(records: ImportJobStore) {
        self.records = records
    }

    /// Records a new job of `userID` and answers its id.
    func start(userID: String, fileName: String) async throws -> String {
        let id = UUID().uuidString.lowercased()
        try await records.start(id, userID: userID, fileName: fileName)
        return id
    }

    /// Runs `work` as job `id`'s task and records its report (nil: it failed), unless the server is stopping (then
    /// it answers false and runs nothing).
    func launch(_ id: String, _ work: @escaping @Sendable () async -> ImportReport?) -> Bool {
        guard !stopping else { return false }
        progress[id] = (0, nil)
        let records = records
        running[id] = Task {
            let noting = records.notesProgress ? Task { await self.noteProgress(id) } : nil
            let report = await work()
            noting?.cancel()
            _ = await noting?.value
            // Recorded even when the server is stopping (the database closes after the jobs have ended), from a
            // task of its own: this one may have been cancelled.
            await Task.detached { try? await records.finish(id, report: report) }.value
            self.ended(id)
        }
        return true
    }

    /// Records job `id`'s report before the work that follows it (the overlap check), from a task of its own: this
    /// one may have been cancelled. Its progress is no longer noted: the page shows the report.
    func record(_ id: String, report: ImportReport) async {
        progress[id] = nil
        let records = records
        await Task.detached { try? await records.finish(id, report: report) }.value
    }

    /// Notes job `id`'s progress in the database every few seconds until cancelled.
    private func noteProgress(_ id: String) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: Self.noteEvery)
            guard !Task.isCancelled, let now = progress[id] else { return }
            try? await records.progress(id, read: now.read, expected: now.expected)
        }
    }

    private func ended(_ id: String) {
        running[id] = nil
        progress[id] = nil
    }

    /// Whether a job is running.
    var isRunning: Bool { !running.isEmpty }

    /// Cancels every running job and waits for each to end (an import rolls back whole), for a stopping server.
    func stop() async {
        stopping = true
        let tasks = running.values
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    /// Notes progress.
    func read(_ count: Int, of expected: Int?, job id: String) {
        guard progress[id] != nil else { return }
        progress[id] = (count, expected)
    }

    /// Job `id` if `userID` started it; nil otherwise, as for a job that never was. A job running here has its
    /// latest progress.
    func job(_ id: String, for userID: String) async throws -> ImportJobStore.Job? {
        guard var job = try await records.job(id, for: userID) else { return nil }
        if job.report == nil, let now = progress[id] {
            job.read = now.read
            job.expected = now.expected
            job.failed = false
        }
        return job
    }
}

/// Stops the running imports when the server stops, before the database closes.
struct ImportJobsService: Service, CustomStringConvertible {
    let jobs: ImportJobs

    var description: String { "import jobs" }

    func run() async throws {
        try? await gracefulShutdown()
        await jobs.stop()
    }
}
