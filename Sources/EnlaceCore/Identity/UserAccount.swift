public import Foundation

/// A person who can sign in: their organisation and roles. Credentials stay in the store.
public struct UserAccount: Sendable, Hashable, Identifiable {
    /// The stable id.
    public var id: String
    /// The sign-in email, in lower case.
    public var email: String
    /// The person's name.
    public var name: String
    /// The code of their organisation.
    public var organization: String
    /// Their roles.
    public var roles: Set<Role>
    /// Whether they may sign in; deactivation ends their sessions and tokens at once.
    public var active: Bool
    /// Whether a second factor (TOTP) is set up.
    public var secondFactor: Bool
    /// Starts at 1 and grows with each change.
    public var version: Int
    /// When the account was created.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates the account value.
    public init(
        id: String, email: String, name: String, organization: String, roles: Set<Role>, active: Bool,
        secondFactor: Bool, version: Int, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.organization = organization
        self.roles = roles
        self.active = active
        self.secondFactor = secondFactor
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether `text` looks like an email address: something, one @, a dotted domain, no spaces.
    public static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."), text.count <= 254
        else { return false }
        return !text.contains { $0.isWhitespace || $0.isNewline }
    }
}
