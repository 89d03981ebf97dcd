import ArgumentParser
import EnlaceCore
import EnlaceStore
import EnlaceWeb
import Foundation
import Logging

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `enlace bench start`: how soon `enlace serve` answers on a large database, and how much memory it holds.
///
/// Seeds the database `enlace bench list` seeds (or reuses it, `--data-dir`), then starts `enlace serve` on it as a
/// child process, as an operator would after a restart, and measures: the time from the start to the first
/// `/readyz` 200; that the filtered list then answers, whole; the resident memory at that moment; and the resident
/// memory after a full overlap pass (`POST /api/v1/overlaps/scan`) and three seconds later. The same run on an empty
/// database gives the base, so the growth per 100,000 activities can be stated.
struct BenchStart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start", abstract: "Benchmark the start of `enlace serve` on a large database, and its memory.")

    @Option(help: "Activities to seed.") var activities = 100_000
    @Option(help: "Port the server listens on during the run.") var port = 18_081
    @Option(help: "Starts to measure; the figures of each are printed.") var starts = 3
    @Option(
        name: .customLong("data-dir"),
        help: "Keep the seeded SQLite database in this folder (reused if it is already seeded).")
    var dataDirectory: String?

    func run() async throws {
        let logger = ProcessLogging.bootstrap(level: .warning)
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent(
            "enlace-bench-start-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let folder = dataDirectory.map { URL(fileURLWithPath: $0) } ?? temporary.appendingPathComponent("large")
        let empty = temporary.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)

        var tokens: [URL: Tokens] = [:]
        for (directory, count) in [(empty, 0), (folder, activities)] {
            let secret = try ServerSecret.load(path: directory.appendingPathComponent("secret.key").path)
            tokens[directory] = try await BenchList.seed(
                .sqlite(path: directory.appendingPathComponent("enlace.sqlite").path), activities: count,
                secret: secret, reusing: directory == folder && dataDirectory != nil, logger: logger
            ) { store in Tokens(member: try await BenchList.memberToken(store), pass: try await Self.passToken(store)) }
        }

        let base = try await measure(directory: empty, tokens: tokens[empty]!)
        print("")
        print("empty database: " + base.description)
        var figures: [Figures] = []
        for index in 1...starts {
            let measured = try await measure(directory: folder, tokens: tokens[folder]!)
            figures.append(measured)
            print("start \(index) of \(starts), \(activities) activities: " + measured.description)
        }
        let ready = figures.map(\.ready).sorted()
        let afterPass = figures.map(\.afterPass).max() ?? 0
        let growth = Double(afterPass - base.afterPass) * 100_000 / Double(max(activities, 1))
        print("")
        print(
            String(
                format:
                    "ready after %.2f s (median of %d; fastest %.2f s, slowest %.2f s), target ≤ 1.5 s",
                seconds(ready[ready.count / 2]), ready.count, seconds(ready.first!), seconds(ready.last!)))
        print(
            "resident after a full overlap pass: \(afterPass) MB at most (target ≤ 400 MB); an empty database: \(base.afterPass) MB; growth \(Int(growth.rounded())) MB per 100,000 activities"
        )
    }

    struct Tokens: Sendable {
        let member: String
        let pass: String
    }

    struct Figures {
        var ready: Duration = .zero
        var atReady = 0
        var listed = 0
        var listedAfter: Duration = .zero
        var pass: Duration = .zero
        var afterPass = 0
        var settled = 0

        var description: String {
            String(
                format:
                    "ready after %.2f s with %d MB resident; the filtered list answered %d rows %.2f s after the start; full pass %.1f s, then %d MB, %d MB 3 s later",
                seconds(ready), atReady, listed, seconds(listedAfter), seconds(pass), afterPass, settled)
        }
    }

    /// One start of `enlace serve` on the database in `directory`, measured, then stopped.
    func measure(directory: URL, tokens: Tokens) async throws -> Figures {
        let server = try BenchServer.start(directory: directory, port: port)
        defer { server.stop() }
        let base = "http://127.0.0.1:\(port)"
        var figures = Figures()
        figures.ready = try await server.waitUntilReady(base: base)
        figures.atReady = Self.residentMegabytes(of: server.pid)
        let list = try await BenchList.fetch(
            "\(base)/api/v1/activities?country=HN&keyArea=narco-trafficking&sort=-plannedStart&limit=50",
            authorization: "Bearer \(tokens.member)")
        let items = (try? JSONSerialization.jsonObject(with: list) as? [String: Any])?["items"] as? [Any]
        guard let items else { throw ConfigurationError("the list did not answer as it should") }
        figures.listed = items.count
        figures.listedAfter = ContinuousClock.now - server.started
        let passStart = ContinuousClock.now
        guard try await Self.status(of: "\(base)/api/v1/overlaps/scan", method: "POST", token: tokens.pass) == 200
        else {
            throw ConfigurationError("the full overlap pass did not answer 200")
        }
        figures.pass = ContinuousClock.now - passStart
        figures.afterPass = Self.residentMegabytes(of: server.pid)
        try await Task.sleep(for: .seconds(3))
        figures.settled = Self.residentMegabytes(of: server.pid)
        return figures
    }

    /// A read-write token of the demo's secretariat member, who may ask for the full pass.
    static func passToken(_ store: Store) async throws -> String {
        guard let account = try await store.users.find(email: "secretariat@demo.enlace.example") else {
            throw ConfigurationError("the benchmark database has no demo secretariat member; seed an empty one")
        }
        return try await store.tokens.create(for: account, name: "bench start", scope: .readWrite, actor: nil).secret
    }

    /// The status of one request, or nil when nothing answers.
    static func status(of url: String, method: String = "GET", token: String? = nil) async throws -> Int? {
        guard let target = URL(string: url) else { throw ConfigurationError("bad URL \(url)") }
        var request = URLRequest(url: target)
        request.httpMethod = method
        request.timeoutInterval = 600
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode
    }

    /// The resident memory of process `pid` now, in megabytes (Linux's `VmRSS`).
    static func residentMegabytes(of pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Int(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
