import ArgumentParser
import EnlaceCore
import EnlaceStore
import EnlaceWeb
import Foundation
import Logging

/// `enlace token …`: API tokens.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API token and print it, alone, on standard output.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The owner's sign-in email.") var email: String
        @Option(help: "read or read-write.") var scope: String
        @Option(help: "A name to recognise it by.") var name = "command line"

        func run() async throws {
            guard let scope = TokenScope(rawValue: scope) else {
                throw ValidationError("--scope must be read or read-write")
            }
            do {
                let secret = try await withStore(database) { store in
                    guard let account = try await store.users.find(email: email), account.active else {
                        throw CommandFailure("no active account \(email)")
                    }
                    return try await store.tokens.create(for: account, name: name, scope: scope, actor: nil).secret
                }
                print(secret)
            } catch let error as EnlaceError {
                throw CommandFailure(describe(error))
            }
        }
    }
}
