import EnlaceStore
import Foundation

/// `enlace serve` started by a benchmark as a child process, as an operator starts it, on an SQLite data folder.
final class BenchServer {
    private let process: Process
    let started: ContinuousClock.Instant

    private init(process: Process, started: ContinuousClock.Instant) {
        self.process = process
        self.started = started
    }

    /// Starts this executable's `serve` on the database in `directory`, listening on `port`. The background full pass
    /// is left off: a benchmark asks for it when it wants it.
    static func start(directory: URL, port: Int) throws -> BenchServer {
        let process = Process()
        process.executableURL = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["serve", "--data-dir", directory.path, "--port", "\(port)", "--log-level", "warning"]
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ENLACE_") }
        environment["ENLACE_OVERLAP_SCAN_MINUTES"] = "0"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        let started = ContinuousClock.now
        try process.run()
        return BenchServer(process: process, started: started)
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Waits for `/readyz` to answer 200, polling every 10 ms; returns the time from the start.
    @discardableResult
    func waitUntilReady(base: String, patience: Duration = .seconds(300)) async throws -> Duration {
        while true {
            guard process.isRunning else { throw ConfigurationError("enlace serve stopped before it was ready") }
            if (try? await BenchStart.status(of: "\(base)/readyz")) == 200 { return ContinuousClock.now - started }
            guard ContinuousClock.now - started < patience else {
                throw ConfigurationError("enlace serve was not ready after \(patience)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Stops the server as an operator does (SIGTERM) and waits for it to end.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
