import ArgumentParser
import EnlaceCore
import EnlaceStore
import EnlaceWeb
import Foundation
import Logging

/// `enlace audit …`: the audit trail.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check the audit trail.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the hash chain; name the first broken link and exit 1 if there is one.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let result = try await withStore(database) { try await $0.audit.verify() }
            if let broken = result.firstBrokenLink {
                print("audit chain BROKEN at entry \(broken): \(result.reason ?? "") (\(result.entries) entries read)")
                throw ExitCode.failure
            }
            print("audit chain intact: \(result.entries) entries")
        }
    }
}
