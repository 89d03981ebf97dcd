/// Runs one piece of work at a time; callers that arrive while it runs wait for that run instead of starting another.
actor SingleFlight {
    private var running: Task<Void, any Error>?

    func run(_ work: @escaping @Sendable () async throws -> Void) async throws {
        if let running {
            try await running.value
            return
        }
        let task = Task { try await work() }
        running = task
        defer { running = nil }
        try await task.value
    }
}
