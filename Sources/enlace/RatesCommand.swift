import ArgumentParser
import EnlaceCore
import EnlaceInterop
import EnlaceStore
import Foundation

/// `enlace rates …`: dated exchange rates.
struct Rates: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rates", abstract: "Manage exchange rates.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import exchange rates from a CSV file with the columns date, base, quote, rate.",
            discussion: """
                Each row says that one unit of `base` was worth `rate` units of `quote` from `date` on.
                A rate for a pair and day that is already stored is replaced. A file with any bad row
                stores nothing, and every bad cell is named.
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV file.") var file: String

        func run() async throws {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw CommandFailure("cannot read \(file): \(error.localizedDescription)")
            }
            do {
                let count = try await withStore(database) { store in
                    let rates = try ExchangeRateCSV.read(text, against: store.catalog)
                    try await store.rates.save(rates, source: (file as NSString).lastPathComponent, by: nil)
                    return rates.count
                }
                print("imported \(count) exchange rates from \(file)")
            } catch let error as EnlaceError {
                throw CommandFailure(describe(error))
            }
        }
    }
}
