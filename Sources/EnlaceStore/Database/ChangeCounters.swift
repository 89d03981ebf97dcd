import SQLKit

/// The database's change counters, one per kind of record that the store keeps in memory.
///
/// Every write of such a record advances its counter in the same transaction. Readers compare the
/// counters with what their in-memory copy has seen; one query answers all counters, and
/// concurrent readers share it (see ``BatchedRead``), never with a reading older than themselves.
final class ChangeCounters: Sendable {
    /// The counters there are.
    enum Name: String, Sendable {
        case activities
        case organizations
        case overlaps
        case exchangeRates = "exchange_rates"
    }

    private let batch = BatchedRead<[String: Int]>()

    /// The counters as committed now.
    func current(_ database: Database) async throws -> [String: Int] {
        try await batch.read {
            try await database.read { db in
                var counters: [String: Int] = [:]
                for row in try await db.raw("SELECT name, value FROM enlace_sequences").all() {
                    counters[try row.decode(column: "name", as: String.self)] = try row.decode(
                        column: "value", as: Int.self)
                }
                return counters
            }
        }
    }

    /// Advances counter `name` by `count` inside a write and returns the first of the values reserved.
    ///
    /// The row stays locked until the transaction ends, so concurrent writers take turns and the
    /// values become visible in the order they were handed out.
    static func advance(_ name: Name, by count: Int = 1, _ db: any SQLDatabase) async throws -> Int {
        let row = try await db.raw(
            "UPDATE enlace_sequences SET value = value + \(bind: count) WHERE name = \(bind: name.rawValue) RETURNING value"
        ).first()
        guard let last = try row?.decode(column: "value", as: Int.self) else {
            throw StoreError.corruptRow(table: "enlace_sequences", column: name.rawValue)
        }
        return last - count + 1
    }
}
