import ArgumentParser
import EnlaceCore
import EnlaceStore
import EnlaceWeb
import Foundation
import Logging

/// `enlace org …`: organisations.
struct Org: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org", abstract: "Manage organisations.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an organisation.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Stable code, e.g. US-INL.") var code: String
        @Option(help: "Display name.") var name: String
        @Option(help: "government, agency, international-organization, regional-mechanism or forum.") var kind: String
        @Option(help: "ISO 3166-1 alpha-2 country code.") var country: String?
        @Option(help: "Code of the organisation it belongs to.") var parent: String?
        @Flag(help: "A member of the dialogue (the default).") var member = false
        @Flag(help: "A partner, not a member.") var partner = false

        func run() async throws {
            guard let kind = OrganizationKind(rawValue: kind) else {
                throw ValidationError(
                    "--kind must be one of \(OrganizationKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard !(member && partner) else { throw ValidationError("choose --member or --partner, not both") }
            let organization = Organization(
                code: code, name: name, kind: kind, country: country, parent: parent, isMember: !partner)
            do {
                let saved = try await withStore(database) {
                    try await $0.organizations.create(organization, actor: nil)
                }
                print("created \(saved.code) (\(saved.name))")
            } catch let error as EnlaceError {
                throw CommandFailure(describe(error))
            }
        }
    }
}
