/// Who is asking: nobody (a visitor of the public portal) or a signed-in person.
///
/// Every read of a marked record takes a viewer; there is no read without one.
public enum Viewer: Sendable, Hashable {
    /// A visitor who has not signed in: sees public records only.
    case anonymous
    /// A signed-in person.
    case person(Principal)

    /// The person, when there is one.
    public var principal: Principal? {
        if case .person(let principal) = self { return principal }
        return nil
    }

    /// Whether the viewer may see every record: the secretariat (to deconflict) and administrators.
    public var seesEverything: Bool {
        principal.map { $0.roles.contains(.secretariat) || $0.roles.contains(.admin) } ?? false
    }
}

/// A signed-in person as the domain sees them: their organisation, its place in the hierarchy, their roles.
public struct Principal: Sendable, Hashable {
    /// The user's id.
    public var userID: String
    /// The user's email, for the record.
    public var email: String
    /// The code of the user's organisation.
    public var organization: String
    /// The organisation and every organisation above it, nearest first (an agency, then its government).
    public var lineage: [String]
    /// The organisation and every organisation below it (a government and its agencies).
    public var descendants: Set<String>
    /// The ISO 3166-1 country of the organisation, if it has one.
    public var country: String?
    /// Whether the organisation is a member of the dialogue (not a partner).
    public var isMember: Bool
    /// The person's roles.
    public var roles: Set<Role>
    /// What the credential used may do: a session can do all the roles allow; a token may be read-only.
    public var scope: TokenScope

    /// Creates the principal.
    public init(
        userID: String, email: String, organization: String, lineage: [String], descendants: Set<String>,
        country: String?, isMember: Bool, roles: Set<Role>, scope: TokenScope = .readWrite
    ) {
        self.userID = userID
        self.email = email
        self.organization = organization
        self.lineage = lineage.isEmpty ? [organization] : lineage
        self.descendants = descendants.union([organization])
        self.country = country
        self.isMember = isMember
        self.roles = roles
        self.scope = scope
    }

    /// The government (or other top organisation) the person belongs to.
    public var government: String { lineage.last ?? organization }

    /// Whether the person holds `role`.
    public func has(_ role: Role) -> Bool { roles.contains(role) }
}
