/// What kind of body an organisation is.
public enum OrganizationKind: String, CaseIterable, Sendable, Codable {
    case government
    case agency
    case internationalOrganization = "international-organization"
    case regionalMechanism = "regional-mechanism"
    case forum
}

/// A government, an agency of one, an international or regional body, or a forum.
public struct Organization: Sendable, Hashable, Codable, Identifiable {
    /// The stable code, for example `US-INL` or `CO-PONAL`.
    public var code: String
    /// The display name.
    public var name: String
    /// What kind of body it is.
    public var kind: OrganizationKind
    /// The ISO 3166-1 alpha-2 country, where it has one.
    public var country: String?
    /// The code of the organisation it belongs to, for example an agency's government.
    public var parent: String?
    /// Whether it is a member of the dialogue (true) or a partner (false).
    public var isMember: Bool

    /// The code is the identity.
    public var id: String { code }

    /// Creates the organisation.
    public init(code: String, name: String, kind: OrganizationKind, country: String?, parent: String?, isMember: Bool) {
        self.code = code
        self.name = name
        self.kind = kind
        self.country = country
        self.parent = parent
        self.isMember = isMember
    }
}
