import ArgumentParser
import EnlaceCore
import EnlaceStore
import Foundation

/// `enlace overlaps …`: the overlap detector.
struct Overlaps: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overlaps", abstract: "Find overlapping activities.", subcommands: [Scan.self])

    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the full pass now: score every candidate pair and bring the overlap records in line.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let started = ContinuousClock.now
            let display = ProgressDisplay.standardError()
            defer { display.finish() }
            let summary = try await withStore(database) { try await $0.overlaps.scan(progress: display.show) }
            let elapsed = ContinuousClock.now - started
            print(
                """
                full pass: \(summary.candidates) candidate pairs, \(summary.overlaps) overlaps; \
                \(summary.inserted) new, \(summary.updated) changed (\(summary.reopened) reopened, \
                \(summary.deactivated) no longer found) in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds])))
                """)
        }
    }
}
