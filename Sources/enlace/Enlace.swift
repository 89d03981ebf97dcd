import ArgumentParser

/// The `enlace` command: serve the application and manage its deployment.
@main
struct Enlace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enlace",
        abstract: "Coordination of security cooperation: the Enlace server and its tools.",
        subcommands: [
            Serve.self, Migrate.self, Demo.self, Org.self, User.self, Token.self, Audit.self, Overlaps.self, Rates.self,
            Import.self, Backup.self, Restore.self, Db.self, Bench.self,
        ],
        defaultSubcommand: Serve.self)
}
