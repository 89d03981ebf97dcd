import ArgumentParser
import EnlaceStore
import EnlaceWeb
import Foundation

/// `enlace db …`: the database as a whole.
struct Db: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Look at the database as a whole.", subcommands: [Checksum.self])

    struct Checksum: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a digest of everything the database holds, the same on SQLite and PostgreSQL.",
            discussion: """
                Every row of every table, read in one snapshot, independent of the engine and of how it stores the \
                rows: two databases with the same digest hold the same rows. Compare a backup's restore with its \
                source, on one engine or across the two.
                """)

        @Flag(help: "Print each table's row count before the digest.") var tables = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let (configuration, logger) = try database.resolve()
            let digest = try await Database.using(configuration.database, logger: logger) {
                try await $0.contentDigest()
            }
            if tables { for table in digest.tables { print("\(table.rows)\t\(table.table)") } }
            print(digest.digest)
        }
    }
}
