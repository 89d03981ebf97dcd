import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body, in order, repeated names kept.
///
/// Fields are found by name through an index, so that a form of many fields costs time in proportion
/// to its size, whatever a handler asks of it; a body of more than ``maxFields`` fields is refused.
struct FormData: Sendable {
    /// The most fields a form may have: the largest of Enlace's forms has a few hundred.
    static let maxFields = 5_000

    let pairs: [(String, String)]
    /// Where each name's values are in ``pairs``, in order.
    private let positions: [String: [Int]]

    init(pairs: [(String, String)]) {
        self.pairs = pairs
        var positions: [String: [Int]] = [:]
        for (offset, pair) in pairs.enumerated() { positions[pair.0, default: []].append(offset) }
        self.positions = positions
    }

    /// Parses `text` as the form encoding does: `&`-separated, `+` for space, percent escapes.
    init(encoded text: String) {
        self.init(
            pairs: text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
            })
    }

    /// One name or value decoded in a single pass over its bytes: `+` is a space, `%XX` a byte. A broken
    /// escape makes it empty, and bytes that are not UTF-8 read as U+FFFD, as Foundation reads them.
    static func decode(_ part: Substring) -> String {
        let utf8 = Array(part.utf8)
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else {
            return String(part)
        }
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            switch utf8[index] {
            case UInt8(ascii: "+"):
                bytes.append(0x20)
                index += 1
            case UInt8(ascii: "%"):
                guard index + 2 < utf8.count, let high = hex(utf8[index + 1]), let low = hex(utf8[index + 2]) else {
                    return ""
                }
                bytes.append(high << 4 | low)
                index += 3
            case let byte:
                bytes.append(byte)
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads the form body of `request`, refusing other media types and bodies of too many fields.
    static func read(_ request: Request, context: AppRequestContext) async throws -> FormData {
        let contentType = request.headers[.contentType]?.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard contentType == "application/x-www-form-urlencoded" else {
            throw RequestError.unsupportedMediaType(expected: "application/x-www-form-urlencoded")
        }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return try parse(String(buffer: buffer))
    }

    /// The form in `text`, or ``RequestError/malformedBody(_:)`` when it has more than ``maxFields`` fields.
    static func parse(_ text: String) throws -> FormData {
        guard text.utf8.lazy.filter({ $0 == UInt8(ascii: "&") }).count < maxFields else {
            throw RequestError.malformedBody("more than \(maxFields) fields in one form")
        }
        let form = FormData(encoded: text)
        // No text Enlace keeps may hold NUL (PostgreSQL cannot store it).
        guard !form.pairs.contains(where: { $0.0.contains("\0") || $0.1.contains("\0") }) else {
            throw RequestError.malformedBody("the NUL character in a field")
        }
        return form
    }

    /// The last value of `name`, or nil when absent.
    func value(_ name: String) -> String? { positions[name]?.last.map { pairs[$0].1 } }

    /// Every value of `name`, in order.
    func values(_ name: String) -> [String] { positions[name]?.map { pairs[$0].1 } ?? [] }

    /// The names the form carries, each once, in order of first appearance.
    var names: [String] {
        var seen: Set<String> = []
        return pairs.map(\.0).filter { seen.insert($0).inserted }
    }
}
