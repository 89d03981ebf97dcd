import ArgumentParser
import EnlaceCore
import EnlaceDemo
import EnlaceInterop
import EnlaceStore
import Foundation

/// `enlace bench import`: an IATI import of a generated file into an empty database, then the same file again,
/// beside the Python peer (`Benchmarks/peers/iati_import.py`: lxml `iterparse` and sqlite3) on the same file.
///
/// Each import runs as a process of its own (`enlace import iati`), so that its time and peak memory are its
/// own and not the generator's.
struct BenchImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Benchmark the IATI import against the Python peer.")

    @Option(help: "Activities in the generated file.") var activities = 100_000
    @Option(help: "The seed of the generated file.") var seed: UInt64 = 7
    @Option(help: "The peer importer to compare with.") var peer = "Benchmarks/peers/iati_import.py"
    @Option(help: "Keep the file and databases in this folder.") var folder: String?

    func run() async throws {
        let directory =
            folder.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("enlace-bench-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { if folder == nil { try? FileManager.default.removeItem(at: directory) } }
        let file = directory.appendingPathComponent("activities.xml")
        let generated = try Self.writeFile(file, count: activities, seed: seed)
        print("file: \(activities) activities, \(generated / 1_000_000) MB (seed \(seed))")

        let enlaceData = directory.appendingPathComponent("enlace").path
        try? FileManager.default.removeItem(atPath: enlaceData)
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).path
        _ = try Self.run(executable, ["migrate", "--data-dir", enlaceData])
        let arguments = ["import", "iati", file.path, "--data-dir", enlaceData, "--create-organizations"]
        let first = try Self.measure(executable, arguments)
        let second = try Self.measure(executable, arguments)

        let peerDatabase = directory.appendingPathComponent("peer.sqlite").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: peerDatabase + suffix) }
        let peerFirst = try Self.measurePeer(peer, file.path, peerDatabase)
        let peerSecond = try Self.measurePeer(peer, file.path, peerDatabase)

        print("")
        print("                     first import            second import (unchanged)   second ÷ first")
        print(Self.row("enlace (\(Self.engine))", first, second))
        print(Self.row("peer (python, lxml)", peerFirst, peerSecond))
        print(
            String(
                format: "enlace is %.2f× the peer's speed on the first import (target ≥ 2×), %.2f× on the second",
                peerFirst.seconds / first.seconds, peerSecond.seconds / second.seconds))
        print(
            "enlace peak memory \(max(first.peakMegabytes, second.peakMegabytes)) MB (target ≤ 150 MB); "
                + String(
                    format: "second import %.1f %% of the first (target ≤ 25 %%)", second.seconds / first.seconds * 100)
        )
    }

    static let engine = "SQLite"

    /// One import's time and peak memory.
    struct Measure {
        /// The import's time: the process's, less its overlap check.
        var seconds: Double
        var peakMegabytes: Int
        var summary: String
        var checkSeconds = 0.0
        var checkMegabytes = 0
    }

    static func row(_ name: String, _ first: Measure, _ second: Measure) -> String {
        String(
            format: "%@ %8.2f s  %4d MB    %8.2f s  %4d MB            %5.1f %%",
            name.padding(toLength: 20, withPad: " ", startingAt: 0), first.seconds, first.peakMegabytes,
            second.seconds, second.peakMegabytes, second.seconds / first.seconds * 100)
    }

    /// Writes `count` generated activities to `url` as one IATI file, a thousand at a time; answers its size.
    static func writeFile(_ url: URL, count: Int, seed: UInt64) throws -> Int {
        let today = CalendarDate(year: 2026, month: 6, day: 1)!
        let (activities, organizations) = SyntheticActivities.funded(count: count, seed: seed, today: today)
        let sectors = try JSONDecoder().decode(DACSectorMapping.self, from: ReferenceResources.file("dac-sectors"))
        let writer = IATIActivityWriter(
            generated: Date(timeIntervalSince1970: 1_780_000_000),
            organizations: Dictionary(
                organizations.map { ($0.code, IATIOrganization($0)) }, uniquingKeysWith: { a, _ in a }),
            sectors: sectors)
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var size = 0
        func write(_ text: String) throws {
            let data = Data(text.utf8)
            size += data.count
            try handle.write(contentsOf: data)
        }
        try write(writer.header())
        for start in stride(from: 0, to: activities.count, by: 1000) {
            var chunk = ""
            for activity in activities[start..<min(activities.count, start + 1000)] {
                chunk += writer.activity(activity)
            }
            try write(chunk)
        }
        try write(writer.footer())
        // On disk before the imports start: the kernel's write-back of a fresh 300 MB file would otherwise land in
        // the first import's time.
        try handle.synchronize()
        return size
    }

    /// Runs `enlace` with `arguments`, timing it. Its summary line gives the import's own time and peak memory,
    /// and the line of the overlap check that follows gives that step's time; the import's figure is the process's
    /// whole time less the check.
    static func measure(_ executable: String, _ arguments: [String]) throws -> Measure {
        let started = ContinuousClock.now
        let output = try run(executable, arguments)
        let elapsed = seconds(ContinuousClock.now - started)
        let lines = output.split(separator: "\n").map(String.init)
        let summary = lines.first { $0.contains("read:") } ?? output
        let check = lines.first { $0.hasPrefix("overlap check") }
        func megabytes(_ line: String?) -> Int {
            line?.components(separatedBy: "peak memory ").last.flatMap { Int($0.prefix { $0.isNumber }) } ?? 0
        }
        let checkSeconds = check.map { duration(in: $0.components(separatedBy: "done in ").last ?? "") } ?? 0
        print(summary)
        if let check { print(check) }
        return Measure(
            seconds: elapsed - checkSeconds, peakMegabytes: megabytes(summary), summary: summary,
            checkSeconds: checkSeconds, checkMegabytes: megabytes(check))
    }

    /// The seconds of a duration as `Duration.formatted(.units(…))` writes it: `81 secs, 551 ms`, `1 sec`, `12 ms`.
    static func duration(in text: String) -> Double {
        var total = 0.0
        let words = text.replacingOccurrences(of: ",", with: " ").split(separator: " ")
        for (number, unit) in zip(words, words.dropFirst()) {
            guard let value = Double(number) else { continue }
            if unit.hasPrefix("sec") {
                total += value
            } else if unit.hasPrefix("ms") {
                total += value / 1000
            } else if unit.hasPrefix("min") {
                total += value * 60
            }
        }
        return total
    }

    /// Runs the peer on `file` into `database`; it prints its own time and peak memory as JSON.
    static func measurePeer(_ script: String, _ file: String, _ database: String) throws -> Measure {
        guard FileManager.default.fileExists(atPath: script) else {
            throw ConfigurationError("the peer \(script) is missing; run from the project's folder or give --peer")
        }
        let output = try run("/usr/bin/env", ["python3", script, file, database])
        print("peer: " + output.trimmingCharacters(in: .whitespacesAndNewlines))
        guard let data = output.split(separator: "\n").last.map({ Data($0.utf8) }),
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let seconds = (object["seconds"] as? NSNumber)?.doubleValue
        else { throw ConfigurationError("the peer printed no figures (is lxml installed? pip install lxml)") }
        let kilobytes = (object["peak_rss_kb"] as? NSNumber)?.intValue ?? 0
        return Measure(seconds: seconds, peakMegabytes: kilobytes / 1024, summary: output)
    }

    /// Runs a program and answers its standard output; fails with its standard error when it fails.
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw ConfigurationError(
                "\(executable) \(arguments.joined(separator: " ")) failed:\n\(text)\(String(decoding: errorData, as: UTF8.self))"
            )
        }
        return text
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
