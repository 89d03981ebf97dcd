import SQLKit

/// The few places where SQLite and PostgreSQL need different SQL.
enum SQLDialectHelpers {
    /// An IEEE double: SQLite's REAL is one, PostgreSQL's REAL is single precision.
    static func double(_ engine: DatabaseEngine) -> SQLDataType {
        switch engine {
        case .sqlite: .real
        case .postgres: .custom(SQLRaw("DOUBLE PRECISION"))
        }
    }

    /// A column constraint that makes text compare byte by byte, as SQLite always does.
    ///
    /// PostgreSQL's default collation follows the locale and may ignore punctuation; keyset
    /// pagination needs the same order on both engines and in the core's reference sort.
    static func bytewiseCollation(_ engine: DatabaseEngine) -> [SQLColumnConstraintAlgorithm] {
        switch engine {
        case .sqlite: []
        case .postgres: [.collate(name: SQLIdentifier("C"))]
        }
    }
}
