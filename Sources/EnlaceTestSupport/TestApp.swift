public import EnlaceCore
public import EnlaceStore
import EnlaceWeb
import Foundation
public import HummingbirdTesting
import Logging

/// The web application on a fresh SQLite file, driven in-process, for web tests.
public enum TestApp {
    /// Runs `body` against a new app whose store was prepared by `seed` (by default: the fixture organisations).
    public static func run<T: Sendable>(
        clock: WallClock = Fixtures.tickingClock(),
        seed: @escaping @Sendable (Store) async throws -> Void = {
            try await $0.organizations.save(Fixtures.organizations)
        },
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let (location, cleanup) = try await TestDatabase.makeLocation(.sqlite)
        let configuration = AppConfiguration(
            database: location, logLevel: .warning, clock: clock, ids: Fixtures.sequentialIDs())
        do {
            let app = try await buildApplication(configuration: configuration, prepare: seed)
            let result = try await app.test(.router, body)
            try await cleanup()
            return result
        } catch {
            try? await cleanup()
            throw error
        }
    }
}
