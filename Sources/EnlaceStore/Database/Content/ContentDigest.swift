import Crypto
import Foundation
import SQLKit

/// A digest of what a database holds: every row of every table, independent of the engine, of the order rows are
/// stored in and of the pages they sit on. Two databases with the same digest hold the same rows, so a backup
/// restored elsewhere, on either engine, is proved identical by comparing the two.
///
/// Each row is written in a canonical form (its values in the order of their columns' names, each with its kind)
/// and hashed with SHA-256; a table's row hashes are added up modulo 2²⁵⁶, which does not depend on their order;
/// and the digest is the SHA-256 of every table's name, columns, row count and sum, in the order of the names.
public struct ContentDigest: Sendable, Equatable {
    /// The digest, in hexadecimal.
    public let digest: String
    /// Each table's name and number of rows, by name.
    public let tables: [TableCount]
}

/// A table and how many rows it holds.
public struct TableCount: Sendable, Equatable {
    public let table: String
    public let rows: Int
}

extension Database {
    /// The digest of everything this database holds, read in one snapshot: a server may keep writing meanwhile.
    public func contentDigest() async throws -> ContentDigest {
        let engine = engine
        return try await snapshot { db in
            let catalog = try await TableCatalog.read(db, engine: engine)
            var summary: [UInt8] = []
            var counts: [TableCount] = []
            for table in catalog.tables {
                var sum = RowSum()
                var count = 0
                try await TableRows(table: table, engine: engine).forEachPage(db) { page in
                    for row in page {
                        sum.add(SHA256.hash(data: CanonicalRow.bytes(row)))
                        count += 1
                    }
                }
                let columns = table.columns.map { "\($0.name):\($0.kind)" }.joined(separator: ",")
                summary += Array("\(table.name)|\(columns)|\(count)|\(sum.hex)\n".utf8)
                counts.append(TableCount(table: table.name, rows: count))
            }
            let digest = SHA256.hash(data: summary).map { String(format: "%02x", $0) }.joined()
            return ContentDigest(digest: digest, tables: counts)
        }
    }
}

/// The bytes a row is hashed as: each value with its kind, a text with its length, so that no two rows share them.
enum CanonicalRow {
    static func bytes(_ row: [CellValue]) -> [UInt8] {
        var bytes: [UInt8] = []
        for value in row {
            switch value {
            case .null: bytes.append(0)
            case .integer(let value): bytes += [1] + Array(String(value).utf8) + [0]
            case .real(let value): bytes += [2] + Array(value.description.utf8) + [0]
            case .text(let value):
                let utf8 = Array(value.utf8)
                bytes += [3] + Array(String(utf8.count).utf8) + [0x3A] + utf8
            }
        }
        return bytes
    }
}

/// A sum of 256-bit numbers modulo 2²⁵⁶, in four 64-bit limbs, most significant first.
struct RowSum {
    private var limbs: [UInt64] = [0, 0, 0, 0]

    mutating func add(_ digest: SHA256.Digest) {
        let bytes = Array(digest)
        var carry: UInt64 = 0
        for limb in (0..<4).reversed() {
            var value: UInt64 = 0
            for byte in bytes[(limb * 8)..<(limb * 8 + 8)] { value = value << 8 | UInt64(byte) }
            let (partial, overflow1) = limbs[limb].addingReportingOverflow(value)
            let (total, overflow2) = partial.addingReportingOverflow(carry)
            limbs[limb] = total
            carry = (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)
        }
    }

    var hex: String { limbs.map { String(format: "%016llx", $0) }.joined() }
}
