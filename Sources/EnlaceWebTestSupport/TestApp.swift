public import EnlaceCore
public import EnlaceStore
public import EnlaceTestSupport
public import EnlaceWeb
import Foundation
public import HTTPTypes
public import HummingbirdTesting
import Logging
import Synchronization

/// What a web test works with: the people of ``Fixtures/people`` and a read-write API token for each.
public struct TestWorld: Sendable {
    /// Read-write tokens by person key; `contributor-read` is a read-only token of the contributor.
    public let tokens: [String: String]
    /// Principals by person key.
    public let principals: [String: Principal]

    /// Headers that authenticate as person `key` with a JSON body.
    public func json(_ key: String?) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let key, let token = tokens[key] { fields[.authorization] = "Bearer \(token)" }
        return fields
    }

    /// Headers that authenticate as person `key`.
    public func auth(_ key: String?) -> HTTPFields {
        var fields: HTTPFields = [:]
        if let key, let token = tokens[key] { fields[.authorization] = "Bearer \(token)" }
        return fields
    }
}

/// The web application on a fresh database (an SQLite file unless told), driven in-process, for web tests.
public enum TestApp {
    /// Runs `body` against a new app with the fixture organisations and people, and `seed` applied afterwards.
    ///
    /// The app answers in-process; with `overTCP` it listens on a loopback port and the client connects to it,
    /// for what needs a real peer address. Every answer of the API is held to `openapi.json`
    /// (``ContractCheckingClient``).
    ///
    /// Over TCP, Hummingbird's client gives up on an answer after 20 s. On a two-core machine running the whole
    /// suite at once an answer can wait that long for a thread; what these tests check is the answers, not their
    /// speed (`enlace bench` measures that). So a run that ends in such a time-out is run again from the start, on a
    /// new database, up to twice; an expectation that failed in an earlier run stays failed.
    public static func run<T: Sendable>(
        engine: DatabaseEngine = .sqlite, clock: WallClock = Fixtures.tickingClock(),
        web: WebSecuritySettings = WebSecuritySettings(), overTCP: Bool = false,
        seed: @escaping @Sendable (Store, TestWorld) async throws -> Void = { _, _ in },
        _ body: @escaping @Sendable (any TestClientProtocol, TestWorld) async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await runOnce(
                    engine: engine, clock: clock, web: web, overTCP: overTCP, seed: seed, body)
            } catch TestClient.Error.readTimeout where overTCP && attempt < 3 {
                attempt += 1
            }
        }
    }

    private static func runOnce<T: Sendable>(
        engine: DatabaseEngine, clock: WallClock, web: WebSecuritySettings, overTCP: Bool,
        seed: @escaping @Sendable (Store, TestWorld) async throws -> Void,
        _ body: @escaping @Sendable (any TestClientProtocol, TestWorld) async throws -> T
    ) async throws -> T {
        let (location, cleanup) = try await TestDatabase.makeLocation(engine)
        let configuration = AppConfiguration(
            port: 0, database: location, logLevel: .warning, web: web, security: Fixtures.fastSecurity, clock: clock,
            ids: Fixtures.sequentialIDs(), secret: Fixtures.secret)
        let world = WorldBox()
        do {
            let app = try await buildApplication(configuration: configuration) { store in
                try await store.organizations.save(Fixtures.organizations)
                let principals = try await Fixtures.createPeople(store)
                var tokens: [String: String] = [:]
                for (key, principal) in principals {
                    let account = try await store.users.find(id: principal.userID)
                    tokens[key] = try await store.tokens.create(
                        for: account, name: "test", scope: .readWrite, actor: nil
                    ).secret
                }
                let contributor = try await store.users.find(id: principals["contributor"]!.userID)
                tokens["contributor-read"] = try await store.tokens.create(
                    for: contributor, name: "read", scope: .read, actor: nil
                ).secret
                let made = TestWorld(tokens: tokens, principals: principals)
                world.set(made)
                try await seed(store, made)
            }
            let result = try await app.test(overTCP ? .live : .router) { client in
                try await body(ContractCheckingClient(client), world.get())
            }
            try await cleanup()
            return result
        } catch {
            try? await cleanup()
            throw error
        }
    }
}

/// Hands the world built while preparing the store to the test body.
final class WorldBox: Sendable {
    private let value = Mutex<TestWorld?>(nil)
    func set(_ world: TestWorld) { value.withLock { $0 = world } }
    func get() -> TestWorld { value.withLock { $0 } ?? TestWorld(tokens: [:], principals: [:]) }
}
