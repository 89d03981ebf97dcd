import ArgumentParser
import EnlaceCore
import EnlaceDemo
import EnlaceStore
import EnlaceWeb
import Foundation
import Hummingbird
import Logging

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `enlace bench …`: benchmarks that print figures. Speed is measured here, never in timed tests.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a benchmark and print its figures.",
        subcommands: [
            BenchList.self, BenchStart.self, BenchSoak.self, BenchDeconflict.self, BenchFunding.self, BenchInput.self,
            BenchImport.self,
        ])
}

/// `enlace bench list`: the filtered list endpoint under load, against the same app's in-memory ceiling.
///
/// Seeds N activities into a fresh SQLite (or the given PostgreSQL), serves the app on loopback and
/// drives it with `wrk`: first `GET /api/v1/activities?…` (50 rows), then `GET /bench/ceiling`, which
/// returns a precomputed body of the same size through the same middleware.
struct BenchList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Benchmark the filtered activity list.")

    @Option(help: "Activities to seed.") var activities = 100_000
    @Option(help: "wrk connections.") var connections = 64
    @Option(help: "wrk threads.") var threads = 2
    @Option(help: "Seconds per wrk run.") var duration = 15
    @Option(help: "Port to serve on during the run.") var port = 18_080
    @Option(help: "The list query to measure.")
    var query = "country=HN&keyArea=narco-trafficking&sort=-plannedStart&limit=50"
    @Option(
        name: .customLong("database-url"),
        help: "Benchmark on this database instead of a fresh SQLite file (it must be empty).")
    var databaseURL: String?
    @Option(
        name: .customLong("data-dir"),
        help: "Keep the seeded SQLite database in this folder (reused if it is already seeded).")
    var dataDirectory: String?

    func run() async throws {
        guard let wrk = Self.which("wrk") else {
            throw ConfigurationError("wrk is not installed; install it with: apt-get install -y wrk")
        }
        let logger = ProcessLogging.bootstrap(level: .warning)
        let folder =
            dataDirectory.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("enlace-bench-\(UUID().uuidString)")
        defer { if dataDirectory == nil { try? FileManager.default.removeItem(at: folder) } }
        let location =
            try databaseURL.map { try DatabaseLocation(url: $0) }
            ?? .sqlite(path: folder.appendingPathComponent("enlace.sqlite").path)

        let secret = try ServerSecret.load(path: folder.appendingPathComponent("secret.key").path)
        let token = try await Self.seed(
            location, activities: activities, secret: secret, reusing: dataDirectory != nil, logger: logger
        ) { store in try await Self.memberToken(store) }

        var configuration = AppConfiguration(
            host: "127.0.0.1", port: port, database: location, logLevel: .warning, secret: secret)
        configuration.benchmarkCeiling = true
        let app = try await buildApplication(configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            defer { group.cancelAll() }
            let base = "http://127.0.0.1:\(port)"
            let listURL = "\(base)/api/v1/activities?\(query)"
            let authorization = "Bearer \(token)"
            let body = try await Self.fetch(listURL, authorization: authorization, retries: 50)
            let rows = (try? JSONSerialization.jsonObject(with: body) as? [String: Any])?["items"] as? [Any]
            let ceilingURL = "\(base)/bench/ceiling?size=\(body.count)"
            let ceilingBody = try await Self.fetch(ceilingURL, authorization: authorization)
            print(
                "list answer: \(rows?.count ?? 0) rows, \(body.count) bytes; ceiling answer: \(ceilingBody.count) bytes; both as \(Self.member) (a member's token)"
            )

            let list = try Self.runWrk(
                wrk, url: listURL, authorization: authorization, threads: threads, connections: connections,
                duration: duration)
            let ceiling = try Self.runWrk(
                wrk, url: ceilingURL, authorization: authorization, threads: threads, connections: connections,
                duration: duration)
            let ratio = list.requestsPerSecond / ceiling.requestsPerSecond * 100
            print("")
            print(
                "engine \(location.engine.rawValue), \(activities) activities, \(connections) connections, \(duration) s per run"
            )
            print(
                String(
                    format: "list    %9.0f req/s   p50 %6.2f ms   p99 %6.2f ms", list.requestsPerSecond, list.p50,
                    list.p99))
            print(
                String(
                    format: "ceiling %9.0f req/s   p50 %6.2f ms   p99 %6.2f ms", ceiling.requestsPerSecond, ceiling.p50,
                    ceiling.p99))
            print(
                String(
                    format: "list / ceiling: %.1f %% (target ≥ 35 %%); list p99 %.2f ms (target ≤ 20 ms)", ratio,
                    list.p99))
        }
    }

    struct WrkResult {
        var requestsPerSecond = 0.0
        var p50 = 0.0
        var p99 = 0.0
        /// Answers other than 2xx and 3xx, and socket errors (connect, read, write, time-out).
        var errors = 0
        /// wrk's lines about those errors, and a script's `statuses:` line (what each 4xx and 5xx was).
        var errorLines: [String] = []
    }

    /// Migrates `location` and fills it with `activities` demo activities, unless `reusing` and it already holds
    /// some; then hands the store to `finish` (for the tokens a benchmark needs) and returns what that returns.
    static func seed<T: Sendable>(
        _ location: DatabaseLocation, activities: Int, secret: ServerSecret, reusing: Bool, logger: Logger,
        finish: @escaping @Sendable (Store) async throws -> T
    ) async throws -> T {
        print("seeding \(activities) activities into \(location) …")
        let seedStart = ContinuousClock.now
        let result = try await Database.using(location, logger: logger) { db in
            try await Migrator(database: db).migrate(logger: logger)
            let store = try await Store.open(database: db, clock: .system, ids: .random, secret: secret)
            let display = ProgressDisplay.standardError()
            defer { display.finish() }
            if try await DemoDataset.load(into: store, count: activities, progress: display.show) == nil {
                guard reusing else {
                    throw ConfigurationError("the benchmark database already holds activities; give it an empty one")
                }
                print("reusing the activities already in \(location)")
            }
            return try await finish(store)
        }
        print("seeded in \(ContinuousClock.now - seedStart)")
        return result
    }

    /// The demo's viewer (Spain, a member): who the benchmark reads as.
    static let member = "viewer@demo.enlace.example"

    /// A read-only token of ``member``, who is created when the database predates the demo's people.
    static func memberToken(_ store: Store) async throws -> String {
        let account: UserAccount
        if let found = try await store.users.find(email: member) {
            account = found
        } else {
            account = try await store.users.create(
                email: member, name: "Víctor Viewer", organization: "ES", roles: [.viewer],
                password: "demo viewer passphrase 2026", actor: nil)
        }
        return try await store.tokens.create(for: account, name: "bench list", scope: .read, actor: nil).secret
    }

    /// Runs wrk against `url`, with `authorization` on every request, or with the requests a Lua `script` makes.
    static func runWrk(
        _ wrk: String, url: String, authorization: String?, threads: Int, connections: Int, duration: Int,
        script: String? = nil
    ) throws -> WrkResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments =
            ["-t\(threads)", "-c\(connections)", "-d\(duration)s", "--latency", "--timeout", "10s"]
            + (authorization.map { ["-H", "Authorization: \($0)"] } ?? []) + (script.map { ["-s", $0] } ?? []) + [url]
        let pipe = Pipe()
        let complaints = Pipe()
        process.standardOutput = pipe
        process.standardError = complaints
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errorOutput = String(decoding: complaints.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // wrk runs plain GETs when its script does not load: that would measure something else.
        guard process.terminationStatus == 0, errorOutput.isEmpty else {
            throw ConfigurationError("wrk failed: \(errorOutput.prefix(1_000))")
        }
        var result = WrkResult()
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.first == "Requests/sec:", fields.count > 1 { result.requestsPerSecond = Double(fields[1]) ?? 0 }
            if fields.first == "50%", fields.count > 1 { result.p50 = milliseconds(String(fields[1])) }
            if fields.first == "99%", fields.count > 1 { result.p99 = milliseconds(String(fields[1])) }
            if line.contains("Non-2xx") || line.contains("Socket errors") {
                if script == nil { print("warning: wrk saw errors: \(line)") }
                result.errors += line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }.reduce(0, +)
                result.errorLines.append(line.trimmingCharacters(in: .whitespaces))
            }
            if line.hasPrefix("statuses:"), fields.count > 1 { result.errorLines.append(String(line)) }
        }
        return result
    }

    /// wrk prints latencies as `812.00us`, `3.21ms` or `1.02s`.
    static func milliseconds(_ text: String) -> Double {
        if text.hasSuffix("us") { return (Double(text.dropLast(2)) ?? 0) / 1000 }
        if text.hasSuffix("ms") { return Double(text.dropLast(2)) ?? 0 }
        if text.hasSuffix("s") { return (Double(text.dropLast(1)) ?? 0) * 1000 }
        return Double(text) ?? 0
    }

    static func which(_ program: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func fetch(_ url: String, authorization: String, retries: Int = 0) async throws -> Data {
        guard let target = URL(string: url) else { throw ConfigurationError("bad URL \(url)") }
        var request = URLRequest(url: target)
        request.setValue(authorization, forHTTPHeaderField: "Authorization")
        for attempt in 0...retries {
            do {
                let (data, _) = try await URLSession.shared.data(for: request)
                return data
            } catch  where attempt < retries {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        throw ConfigurationError("the benchmark server did not answer at \(url)")
    }
}
