import ArgumentParser
import EnlaceCore
import EnlaceStore
import EnlaceWeb
import Foundation
import Logging

/// Opens the store on the configured database, runs `body`, and closes it; for the management commands.
func withStore<T: Sendable>(
    _ options: DatabaseOptions, warm: Bool = true, _ body: (Store) async throws -> T
) async throws -> T {
    let (configuration, logger) = try options.resolve()
    return try await Database.using(configuration.database, logger: logger) { db in
        try await body(
            try await Store.open(
                database: db, clock: .system, ids: .random, secret: configuration.secret,
                deconfliction: configuration.deconfliction,
                reportingCurrency: configuration.reportingCurrency, warm: warm))
    }
}

/// Turns a validation failure into one line per field for the terminal.
func describe(_ error: EnlaceError) -> String {
    switch error {
    case .invalid(let errors):
        errors.map { error in
            let details = error.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                separator: ", ")
            return "\(error.field): \(error.code.rawValue)" + (details.isEmpty ? "" : " (\(details))")
        }.joined(separator: "\n")
    case .notFound(let entity, let id): "no \(entity) \(id)"
    default: "\(error)"
    }
}

/// A command that could not do what was asked; ArgumentParser prints the message, without the usage text.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
