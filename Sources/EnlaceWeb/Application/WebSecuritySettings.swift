public import EnlaceCore

/// The web layer's security settings.
public struct WebSecuritySettings: Sendable {
    /// Whether cookies carry `Secure` (set it when Enlace is served over TLS, directly or behind a proxy).
    public var secureCookies: Bool
    /// Roles that must set up a second factor before they can use Enlace.
    public var secondFactorRequiredFor: Set<Role>

    /// Creates the settings.
    public init(secureCookies: Bool = false, secondFactorRequiredFor: Set<Role> = []) {
        self.secureCookies = secureCookies
        self.secondFactorRequiredFor = secondFactorRequiredFor
    }
}
