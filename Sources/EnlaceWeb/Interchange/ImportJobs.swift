import EnlaceCore
import Foundation
import ServiceLifecycle

/// The imports started from the upload page, while they run and for an hour after, so that the person who started
/// one can watch its progress and read its report. Kept in memory: a restart forgets them (the activities an
/// import wrote stay, with their audit entries).
actor ImportJobs {
    /// One import.
    struct Job: Sendable {
        let id: String
        /// Who started it: the only person who may see it.
        let userID: String
        let fileName: String
        let started: Date
        /// Activities read so far.
        var read = 0
        /// How many the file seems to hold, if known.
        var expected: Int?
        /// The report, once it has ended.
        var report: ImportReport?
        /// Whether it stopped on an error other than the file's problems.
        var failed = false
    }

    /// How long an ended job is kept.
    static let keptSeconds: TimeInterval = 3600
    /// The most jobs kept.
    static let maxKept = 50

    private var jobs: [String: Job] = [:]
    /// The tasks of the jobs still running.
    private var running: [String: Task<Void, Never>] = [:]
    /// Whether the server is stopping: no job starts any more.
    private var stopping = false

    /// Runs `work` as job `id`'s task, unless the server is stopping (then it answers false and runs nothing).
    func launch(_ id: String, _ work: @escaping @Sendable () async -> Void) -> Bool {
        guard !stopping else { return false }
        running[id] = Task {
            await work()
            self.ended(id)
        }
        return true
    }

    private func ended(_ id: String) { running[id] = nil }

    /// Whether a job is running.
    var isRunning: Bool { !running.isEmpty }

    /// Cancels every running job and waits for each to end (an import rolls back whole), for a stopping server.
    func stop() async {
        stopping = true
        let tasks = running.values
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    /// Records a new job of `userID` and answers its id.
    func start(userID: String, fileName: String, at now: Date) -> String {
        forget(before: now)
        let id = UUID().uuidString.lowercased()
        jobs[id] = Job(id: id, userID: userID, fileName: fileName, started: now)
        return id
    }

    /// Notes progress.
    func read(_ count: Int, of expected: Int?, job id: String) {
        jobs[id]?.read = count
        jobs[id]?.expected = expected
    }

    /// Records the end of a job.
    func finish(_ id: String, report: ImportReport?) {
        jobs[id]?.report = report
        jobs[id]?.failed = report == nil
        if let report { jobs[id]?.read = report.read }
    }

    /// Job `id` if `userID` started it; nil otherwise, as for a job that never was.
    func job(_ id: String, for userID: String) -> Job? {
        guard let job = jobs[id], job.userID == userID else { return nil }
        return job
    }

    private func forget(before now: Date) {
        jobs = jobs.filter {
            $0.value.report == nil && !$0.value.failed || now.timeIntervalSince($0.value.started) < Self.keptSeconds
        }
        if jobs.count >= Self.maxKept,
            let oldest = jobs.values.filter({ $0.report != nil || $0.failed }).min(by: { $0.started < $1.started })
        {
            jobs[oldest.id] = nil
        }
    }
}

/// Stops the running imports when the server stops, before the database closes.
struct ImportJobsService: Service {
    let jobs: ImportJobs

    func run() async throws {
        try? await gracefulShutdown()
        await jobs.stop()
    }
}
