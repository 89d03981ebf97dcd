/// Failures inside the store that are not the caller's fault; they surface as 500s and are logged.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// A stored value cannot be read back; the database was changed outside Enlace.
    case corruptRow(table: String, column: String)

    public var description: String {
        switch self {
        case .corruptRow(let table, let column): "unreadable value in \(table).\(column)"
        }
    }
}
