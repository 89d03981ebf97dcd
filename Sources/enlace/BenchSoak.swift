import ArgumentParser
import EnlaceCore
import EnlaceStore
import EnlaceWeb
import Foundation
import Logging

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `enlace bench soak`: does the server stay up, and stay the same size, under a long mixed load?
///
/// Seeds the database `enlace bench list` seeds (or reuses it, `--data-dir`), starts `enlace serve` on it as a child
/// process, and drives it with `wrk` for `--minutes`, one minute at a time, with a mix of the requests people make:
/// filtered lists, records, text searches, pages in a signed-in browser's session, and saves (a coordinator's
/// changes to its government's activities, each with its overlap check). After each minute it prints the minute's
/// rate, p50 and p99, its errors (answers that are not 2xx or 3xx, and socket errors), and the server's resident
/// memory; at the end, the memory's growth from minute 2 to the last.
struct BenchSoak: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak", abstract: "Benchmark `enlace serve` under a long mixed load: errors, p99 and memory.")

    @Option(help: "Activities to seed.") var activities = 100_000
    @Option(help: "wrk connections.") var connections = 64
    @Option(help: "wrk threads.") var threads = 2
    @Option(help: "Minutes of load.") var minutes = 10
    @Option(help: "Seconds per measured step (a minute unless told).") var step = 60
    @Option(help: "Port the server listens on during the run.") var port = 18_082
    @Option(
        name: .customLong("data-dir"),
        help: "Keep the seeded SQLite database in this folder (reused if it is already seeded).")
    var dataDirectory: String?

    struct Credentials: Sendable {
        let member: String
        let coordinator: String
        let session: String
    }

    func run() async throws {
        guard let wrk = BenchList.which("wrk") else {
            throw ConfigurationError("wrk is not installed; install it with: apt-get install -y wrk")
        }
        let logger = ProcessLogging.bootstrap(level: .warning)
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent(
            "enlace-bench-soak-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temporary) }
        let folder = dataDirectory.map { URL(fileURLWithPath: $0) } ?? temporary.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let secret = try ServerSecret.load(path: folder.appendingPathComponent("secret.key").path)
        let credentials = try await BenchList.seed(
            .sqlite(path: folder.appendingPathComponent("enlace.sqlite").path), activities: activities,
            secret: secret, reusing: dataDirectory != nil, logger: logger
        ) { store in
            let coordinator = try await Self.account(store, "coordinator@demo.enlace.example")
            let viewer = try await Self.account(store, BenchList.member)
            return Credentials(
                member: try await BenchList.memberToken(store),
                coordinator: try await store.tokens.create(
                    for: coordinator, name: "bench soak", scope: .readWrite, actor: nil
                ).secret,
                session: try await store.sessions.start(for: viewer, awaitingSecondFactor: false))
        }

        let server = try BenchServer.start(directory: folder, port: port)
        defer { server.stop() }
        let base = "http://127.0.0.1:\(port)"
        try await server.waitUntilReady(base: base)
        let script = temporary.appendingPathComponent("soak.lua")
        try await mix(base: base, credentials: credentials).write(to: script, atomically: true, encoding: .utf8)

        print("")
        print(
            "engine sqlite, \(activities) activities, \(connections) connections, \(minutes) × \(step) s of 35 % lists, 20 % records, 15 % searches, 20 % pages, 10 % saves"
        )
        var resident: [Int] = []
        var errors = 0
        for minute in 1...minutes {
            let result = try BenchList.runWrk(
                wrk, url: base, authorization: nil, threads: threads, connections: connections, duration: step,
                script: script.path)
            guard server.isRunning else { throw ConfigurationError("enlace serve stopped during minute \(minute)") }
            let memory = BenchStart.residentMegabytes(of: server.pid)
            resident.append(memory)
            errors += result.errors
            print(
                String(
                    format: "minute %2d: %7.0f req/s   p50 %7.2f ms   p99 %7.2f ms   errors %d   resident %d MB",
                    minute,
                    result.requestsPerSecond, result.p50, result.p99, result.errors, memory))
            if result.errors > 0 { print("           " + result.errorLines.joined(separator: "; ")) }
        }
        if resident.count >= 2 {
            let growth = Double(resident.last! - resident[1]) / Double(max(resident[1], 1)) * 100
            print(
                String(
                    format:
                        "errors %d (target 0); resident %d MB after minute 2, %d MB at the end: %+.1f %% (target ≤ 10 %%)",
                    errors, resident[1], resident.last!, growth))
        }
    }

    static func account(_ store: Store, _ email: String) async throws -> UserAccount {
        guard let account = try await store.users.find(email: email) else {
            throw ConfigurationError("the benchmark database has no \(email); seed an empty one")
        }
        return account
    }

    /// The wrk script: each request drawn at random from the mix, over records found through the API.
    func mix(base: String, credentials: Credentials) async throws -> String {
        func ids(
            _ query: String, token: String, where keep: ([String: Any]) -> Bool = { _ in true }
        ) async throws -> [String] {
            let data = try await BenchList.fetch(
                "\(base)/api/v1/activities?\(query)", authorization: "Bearer \(token)")
            let items = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["items"] as? [[String: Any]]
            let found = (items ?? []).filter(keep).compactMap { $0["id"] as? String }
            guard !found.isEmpty else { throw ConfigurationError("the list \(query) found no activities") }
            return found
        }
        let readable = try await ids("limit=200&sort=-plannedStart", token: credentials.member)
        // The coordinator's government's own: those it may change.
        let own = try await ids("provider=US-INL&limit=200", token: credentials.coordinator) {
            ($0["owner"] as? String).map { $0 == "US" || $0.hasPrefix("US-") } ?? false
        }
        let countries = ["HN", "GT", "SV", "CO", "MX", "PE", "EC", "PA", "CR", "DO"]
        let areas = ["narco-trafficking", "combating-crime", "strengthening-institutions", "resilient-communities"]
        let words = ["maritime", "interdiction", "forensic", "training", "border", "prison", "cyber", "police"]
        let lists = countries.flatMap { country in
            areas.map { "/api/v1/activities?country=\(country)&keyArea=\($0)&sort=-plannedStart&limit=50" }
        }
        func lua(_ items: [String]) -> String {
            "{" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "}"
        }
        return """
            local lists = \(lua(lists))
            local records = \(lua(readable.map { "/api/v1/activities/\($0)" }))
            local searches = \(lua(words.map { "/api/v1/activities?q=\($0)&limit=20" }))
            local pages = \(lua(countries.map { "/activities?country=\($0)" } + readable.prefix(40).map { "/activities/\($0)" }))
            local saves = \(lua(own.map { "/api/v1/activities/\($0)" }))
            local member = {["Authorization"] = "Bearer \(credentials.member)"}
            local browser = {["Cookie"] = "enlace_session=\(credentials.session)", ["Accept"] = "text/html"}
            local writer = {["Authorization"] = "Bearer \(credentials.coordinator)",
                ["Content-Type"] = "application/merge-patch+json", ["If-Match"] = "*"}
            local count = 0
            local function pick(list) return list[math.random(#list)] end
            -- What each answer of 400 or more was, counted by every thread and added up at the end.
            statuses = {}
            local threads = {}
            setup = function(thread) table.insert(threads, thread) end
            response = function(status, headers, body)
                if status >= 400 then statuses[status] = (statuses[status] or 0) + 1 end
            end
            done = function(summary, latency, requests)
                local total = {}
                for _, thread in ipairs(threads) do
                    for status, n in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + n end
                end
                local parts = {}
                for status, n in pairs(total) do table.insert(parts, status .. " × " .. n) end
                table.sort(parts)
                io.write("statuses: " .. table.concat(parts, ", ") .. "\\n")
            end
            init = function(args) math.randomseed(os.time() + math.floor(os.clock() * 1000000)) end
            request = function()
                local draw = math.random(100)
                if draw <= 35 then return wrk.format("GET", pick(lists), member)
                elseif draw <= 55 then return wrk.format("GET", pick(records), member)
                elseif draw <= 70 then return wrk.format("GET", pick(searches), member)
                elseif draw <= 90 then return wrk.format("GET", pick(pages), browser)
                else
                    count = count + 1
                    return wrk.format("PATCH", pick(saves), writer, '{"title": "Soak change ' .. (count % 100) .. '"}')
                end
            end
            """
    }
}
