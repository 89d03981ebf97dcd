/// What a person may do in Enlace; a person holds one or more roles.
public enum Role: String, CaseIterable, Sendable, Codable, Comparable {
    /// Manages organisations, users and reference data.
    case admin
    /// Runs the coordinating entity; sees every record, to deconflict.
    case secretariat
    /// A member government's focal point: records and edits its government's activities.
    case coordinator
    /// An agency officer: records activities for their own organisation.
    case contributor
    /// A recipient country's focal point: sees what is released to its country.
    case partner
    /// Reads what is released to their organisation.
    case viewer

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What an API token may do.
public enum TokenScope: String, CaseIterable, Sendable, Codable {
    /// Only reads.
    case read
    /// Reads and, within the owner's roles, writes.
    case readWrite = "read-write"
}
