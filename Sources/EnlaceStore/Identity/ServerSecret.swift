import Crypto
import EnlaceCore
import Foundation
import Glibc
import SQLKit

/// The installation's own secret: keys that must be shown again (calendar feed addresses) are derived from
/// it, so that the database alone, or a copy of it, holds none of them.
///
/// It lives in a file beside the data (`secret.key`, readable by its owner only), made on the first start.
/// Every instance that shares a database must read the same file; the store keeps the secret's
/// fingerprint and refuses a different one (see ``Store/open(database:clock:ids:secret:security:deconfliction:reportingCurrency:)``).
public struct ServerSecret: Sendable {
    let key: SymmetricKey

    /// The secret made of `bytes` (at least 32).
    public init(bytes: [UInt8]) throws {
        guard bytes.count >= 32 else { throw ConfigurationError("the server secret must be at least 32 bytes long") }
        key = SymmetricKey(data: bytes)
    }

    private init(key: SymmetricKey) {
        self.key = key
    }

    /// A new random secret, for tests and tools that keep nothing.
    public static func random() -> ServerSecret {
        ServerSecret(key: SymmetricKey(size: .bits256))
    }

    /// The secret in the file at `path`, made when there is none yet.
    ///
    /// The file holds the secret as base64 text on one line. It is created readable by its owner alone from
    /// its first byte, and only if it does not exist, so two instances starting at once on one volume end
    /// up reading the same secret.
    public static func load(path: String) throws -> ServerSecret {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            do {
                try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw ConfigurationError(
                    "cannot create the folder of the secret file \(path): \(error.localizedDescription)")
            }
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            try create(path, contents: Array((Data(bytes).base64EncodedString() + "\n").utf8))
        }
        guard let text = manager.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) else {
            throw ConfigurationError("cannot read the secret file \(path)")
        }
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ConfigurationError("the secret file \(path) does not hold base64 text")
        }
        do {
            return try ServerSecret(bytes: Array(bytes))
        } catch let error as ConfigurationError {
            throw ConfigurationError("the secret file \(path): \(error.message)")
        }
    }

    /// Writes `contents` to a new file at `path`, mode 0600, unless a file is there already (another instance
    /// made it first: that one is read). The file is written whole under a name of its own and then linked
    /// into place, so that no reader ever finds it half written; on a volume without hard links it is
    /// written in place, still never through a symbolic link nor over a file.
    private static func create(_ path: String, contents: [UInt8]) throws {
        let draft = path + ".\(Secret.make(bytes: 6)).new"
        guard try write(contents, toNew: draft) else {
            throw ConfigurationError("cannot create the secret file \(draft): it exists")
        }
        defer { unlink(draft) }
        if link(draft, path) != 0 {
            switch errno {
            case EEXIST: return
            case EPERM, EOPNOTSUPP, EXDEV: _ = try write(contents, toNew: path)
            case let failure: throw ConfigurationError("cannot create the secret file \(path) (error \(failure))")
            }
        }
        // The new name must outlive a crash, or the next start would make another secret.
        let folder = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    /// Writes `contents` to `path` and syncs it, when no file or link is there (false when one is), mode 0600.
    private static func write(_ contents: [UInt8], toNew path: String) throws -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return false }
            throw ConfigurationError("cannot create the secret file \(path) (error \(errno))")
        }
        defer { close(descriptor) }
        let written = contents.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == contents.count, fsync(descriptor) == 0 else {
            throw ConfigurationError("cannot write the secret file \(path)")
        }
        return true
    }

    /// HMAC-SHA256 of `purpose` and `parts`, each length-prefixed so that no two inputs share a text.
    func mac(_ purpose: String, _ parts: [String]) -> [UInt8] {
        var code = HMAC<SHA256>(key: key)
        for part in [purpose] + parts {
            code.update(data: Array("\(part.utf8.count):".utf8) + Array(part.utf8))
        }
        return Array(code.finalize())
    }

    /// What the database keeps to recognise this secret: a MAC of a fixed text, which reveals nothing of it.
    public var fingerprint: String { Secret.hex(mac("fingerprint", [])) }

    /// Whether `database` was set up with this secret: nil when it records none (it was never opened by a server).
    public func isRecorded(in database: Database) async throws -> Bool? {
        try await database.read { db in
            try await db.raw("SELECT secret_fingerprint FROM server_identity WHERE id = 1").first()?
                .decode(column: "secret_fingerprint", as: String.self)
        }.map { $0 == fingerprint }
    }

    /// Records the fingerprint in `database` on first opening; afterwards refuses any other secret.
    func check(_ database: Database) async throws {
        let fingerprint = self.fingerprint
        let recorded = try await database.write { db -> String? in
            // The first to record wins; every instance then compares itself with what was recorded.
            try await db.insert(into: "server_identity").columns("id", "secret_fingerprint").values(1, fingerprint)
                .ignoringConflicts(with: ["id"]).run()
            return try await db.raw("SELECT secret_fingerprint FROM server_identity WHERE id = 1").first()?
                .decode(column: "secret_fingerprint", as: String.self)
        }
        guard recorded == fingerprint else {
            throw ConfigurationError(
                "the secret file is not the one this database was set up with; every instance that shares a database must read the same secret file (ENLACE_SECRET_FILE)"
            )
        }
    }
}
