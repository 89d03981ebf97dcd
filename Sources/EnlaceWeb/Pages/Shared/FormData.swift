import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body, in order, repeated names kept.
struct FormData: Sendable {
    let pairs: [(String, String)]

    init(pairs: [(String, String)]) {
        self.pairs = pairs
    }

    /// Parses `text` as the form encoding does: `&`-separated, `+` for space, percent escapes.
    init(encoded text: String) {
        pairs = text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// Reads the form body of `request`, refusing other media types.
    static func read(_ request: Request, context: AppRequestContext) async throws -> FormData {
        let contentType = request.headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard contentType == "application/x-www-form-urlencoded" else {
            throw RequestError.unsupportedMediaType(expected: "application/x-www-form-urlencoded")
        }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return FormData(encoded: String(buffer: buffer))
    }

    /// The last value of `name`, or nil when absent.
    func value(_ name: String) -> String? { pairs.last { $0.0 == name }?.1 }

    /// Every value of `name`, in order.
    func values(_ name: String) -> [String] { pairs.filter { $0.0 == name }.map(\.1) }
}
