import ArgumentParser
import EnlaceCore
import EnlaceStore
import EnlaceWeb
import Foundation
import Logging

/// `enlace user …`: people.
struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage people.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a person with a password (prompted for, or read from standard input).")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Sign-in email.") var email: String
        @Option(help: "Organisation code.") var org: String
        @Option(help: "Role: admin, secretariat, coordinator, contributor, partner or viewer; repeat for several.")
        var role: [String]
        @Option(help: "The person's name (defaults to the email).") var name: String?
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input instead of prompting.")
        var passwordStdin = false

        func run() async throws {
            let roles = Set(role.compactMap(Role.init(rawValue:)))
            guard roles.count == role.count, !roles.isEmpty else {
                throw ValidationError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let password: String
            if passwordStdin {
                password = readLine(strippingNewline: true) ?? ""
            } else {
                guard let typed = Terminal.readSecret(prompt: "Password for \(email): ") else {
                    throw ValidationError("no password given")
                }
                guard Terminal.readSecret(prompt: "Again: ") == typed else {
                    throw ValidationError("the passwords differ")
                }
                password = typed
            }
            do {
                let account = try await withStore(database) { store in
                    try await store.users.create(
                        email: email, name: name ?? email, organization: org, roles: roles, password: password,
                        actor: nil)
                }
                print("created \(account.email) (\(account.id))")
            } catch let error as EnlaceError {
                throw CommandFailure(describe(error))
            }
        }
    }
}
