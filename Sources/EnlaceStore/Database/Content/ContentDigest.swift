import Crypto
import Foundation
import SQLKit

/// A digest of what a database holds: every row of every table, independent of the engine, of the order rows are
/// stored in and of the pages they sit on. Two databases with the same digest hold the same rows, so a backup
/// restored elsewhere, on either engine, is proved identical by comparing the two.
///
/// Each row is written in a canonical form (its values in the order of their columns' names, each with its kind)
/// and hashed with SHA-256; a table's row hashes are sorted, so that their order does not count, and hashed
/// together; and the digest is the SHA-256 of every table's name, columns, row count and rows' hash, in the order of
/// the names.
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
                // 32 bytes a row: a million rows hold 32 MB while their table is read.
                var hashes: [SHA256.Digest] = []
                try await TableRows(table: table, engine: engine).forEachPage(db) { page in
                    for row in page { hashes.append(SHA256.hash(data: CanonicalRow.bytes(row))) }
                }
                hashes.sort { $0.lexicographicallyPrecedes($1) }
                var rows = SHA256()
                for hash in hashes { rows.update(data: Array(hash)) }
                let columns = table.columns.map { "\($0.name):\($0.kind)" }.joined(separator: ",")
                summary += Array("\(table.name)|\(columns)|\(hashes.count)|\(Self.hex(rows.finalize()))\n".utf8)
                counts.append(TableCount(table: table.name, rows: hashes.count))
            }
            return ContentDigest(digest: Self.hex(SHA256.hash(data: summary)), tables: counts)
        }
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
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
            // SQLite keeps no sign on a zero (it stores a whole real as an integer): nor does the digest.
            case .real(let value): bytes += [2] + Array((value == 0 ? 0 : value).description.utf8) + [0]
            case .text(let value):
                let utf8 = Array(value.utf8)
                bytes += [3] + Array(String(utf8.count).utf8) + [0x3A] + utf8
            }
        }
        return bytes
    }
}
