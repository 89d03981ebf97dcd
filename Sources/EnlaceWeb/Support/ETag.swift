import EnlaceCore
import Foundation
import Hummingbird

/// Entity tags derived from record versions, and the `If-Match` rules for updates.
enum ETag {
    /// The tag of version `version`: `"v3"`.
    static func make(version: Int) -> String { "\"v\(version)\"" }

    /// The version an update must replace, from `If-Match`.
    ///
    /// Missing header → ``EnlaceError/versionRequired``; `*` → nil (any current version).
    static func requiredVersion(_ request: Request) throws -> Int? {
        guard let header = request.headers[.ifMatch] else { throw EnlaceError.versionRequired }
        return try version(fromIfMatch: header)
    }

    /// The version named by an `If-Match` value, or nil for `*`; a tag that is not one of ours
    /// yields a version no record has, so the store answers 412 with the current one.
    static func version(fromIfMatch header: String) throws -> Int? {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        if trimmed == "*" { return nil }
        for tag in trimmed.split(separator: ",") {
            var text = tag.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("W/") { text.removeFirst(2) }
            if text.hasPrefix("\"v"), text.hasSuffix("\""), let version = Int(text.dropFirst(2).dropLast()) {
                return version
            }
        }
        return -1
    }
}
