import ArgumentParser
import EnlaceCore
import EnlaceDemo
import EnlaceStore
import EnlaceWeb
import Foundation

/// `enlace demo`: fills an empty database with the demo dataset, or prints its labelled pairs.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill an empty database with the deterministic demo dataset.")

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print the labelled near-duplicate pairs as CSV instead of loading anything.")
    var labels = false

    @Option(help: "Activities to generate: the demo's 2,400, or more to try Enlace at scale (as `bench list` seeds).")
    var activities = 2_400

    func validate() throws {
        guard (1...1_000_000).contains(activities) else { throw ValidationError("--activities: from 1 to 1,000,000") }
    }

    func run() async throws {
        if labels {
            print("first,second,label,note")
            for pair in DemoDataset.generate().labelledPairs {
                print("\(pair.first),\(pair.second),\(pair.isOverlap ? "overlap" : "distinct"),\"\(pair.note)\"")
            }
            return
        }
        let configuration = try AppConfiguration.resolve(
            flags: database.flags, environment: ProcessInfo.processInfo.environment)
        let logger = ProcessLogging.bootstrap(level: configuration.logLevel)
        try await Database.using(configuration.database, logger: logger) { db in
            try await Migrator(database: db).migrate(logger: logger)
            let store = try await Store.open(
                database: db, clock: .system, ids: .random, secret: configuration.secret,
                deconfliction: configuration.deconfliction,
                reportingCurrency: configuration.reportingCurrency)
            let display = ProgressDisplay.standardError()
            defer { display.finish() }
            if let count = try await DemoDataset.load(into: store, count: activities, progress: display.show) {
                print("demo data loaded into \(configuration.database): \(count) activities")
            } else {
                print("the database already holds activities; nothing loaded")
            }
        }
    }
}
