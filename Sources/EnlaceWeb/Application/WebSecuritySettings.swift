public import EnlaceCore

/// The web layer's security settings.
public struct WebSecuritySettings: Sendable {
    /// Whether cookies carry `Secure` (set it when Enlace is served over TLS, directly or behind a proxy).
    public var secureCookies: Bool
    /// Roles that must set up a second factor before they can use Enlace.
    public var secondFactorRequiredFor: Set<Role>
    /// The reverse proxies whose forwarding headers are believed.
    public var trustedProxies: TrustedProxies

    /// Creates the settings.
    public init(
        secureCookies: Bool = false, secondFactorRequiredFor: Set<Role> = [], trustedProxies: TrustedProxies = .none
    ) {
        self.secureCookies = secureCookies
        self.secondFactorRequiredFor = secondFactorRequiredFor
        self.trustedProxies = trustedProxies
    }
}
