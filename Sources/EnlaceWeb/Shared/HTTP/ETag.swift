import Crypto
import EnlaceCore
import Foundation
import Hummingbird

/// Entity tags derived from record versions, and the `If-Match` rules for updates.
///
/// A tag names the record's version, which is what `If-Match` checks, and a digest of the representation
/// its reader received: two readers who see different views of one version get different tags, so no
/// cache between them can take one's for the other's. (The version itself moves when anything in the
/// record changes, a part some readers may not see included; see docs/security.md.)
enum ETag {
    /// The bare tag of version `version`, `"v3"`: what a 412 names as current.
    static func make(version: Int) -> String { "\"v\(version)\"" }

    /// The tag of version `version` as `representation` shows it: `"v3-1f2e3d4c5b6a"`.
    static func make(version: Int, representation: ByteBuffer) -> String {
        let digest = SHA256.hash(data: representation.readableBytesView)
        let hex = digest.prefix(6).map { String(format: "%02x", $0) }.joined()
        return "\"v\(version)-\(hex)\""
    }

    /// The version an update must replace, from `If-Match`.
    ///
    /// Missing header → ``EnlaceError/versionRequired``; `*` → nil (any current version).
    static func requiredVersion(_ request: Request) throws -> Int? {
        guard let header = request.headers[.ifMatch] else { throw EnlaceError.versionRequired }
        return try version(fromIfMatch: header)
    }

    /// How many times a save with `If-Match: *` is tried when others' saves keep coming in between.
    static let anyVersionAttempts = 10

    /// Runs `save` once with the version `If-Match` named; for `*` (`expected` nil), runs it again, up to
    /// ``anyVersionAttempts`` times, while another save comes in between its read of the current version and
    /// its write. `save` reads the current version itself when `expected` is nil.
    static func saving<T>(expected: Int?, _ save: () async throws -> T) async throws -> T {
        var attempts = 1
        while true {
            do {
                return try await save()
            } catch EnlaceError.staleVersion where expected == nil && attempts < anyVersionAttempts {
                attempts += 1
            }
        }
    }

    /// The version named by an `If-Match` value, or nil for `*`; a tag that is not one of ours
    /// yields a version no record has, so the store answers 412 with the current one.
    static func version(fromIfMatch header: String) throws -> Int? {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        if trimmed == "*" { return nil }
        for tag in trimmed.split(separator: ",") {
            var text = tag.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("W/") { text.removeFirst(2) }
            guard text.hasPrefix("\"v"), text.hasSuffix("\"") else { continue }
            let inner = text.dropFirst(2).dropLast()
            if let version = Int(inner.prefix { $0 != "-" }) { return version }
        }
        return -1
    }
}
