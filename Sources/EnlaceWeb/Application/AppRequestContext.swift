import EnlaceCore
public import Hummingbird

/// What every handler knows about its request beyond the request itself.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The language the answer is written in: the switcher's cookie, else `Accept-Language`, else English.
    var language: Language = .en
    /// Who is asking; anonymous until the authentication middleware finds a session or a token.
    var viewer: Viewer = .anonymous
    /// The fully signed-in browser session, for pages.
    var session: Authentication.Session?
    /// A session past its password but still owing its second step: read by the second step and sign-out
    /// alone; everywhere else the browser is a visitor.
    var pendingSignIn: Authentication.Session?
    /// The anti-forgery token this request's forms must carry (the session's, or the visitor cookie's).
    var csrfToken: String = ""

    /// The client's IP address, for throttling sign-ins: the peer's, or behind a trusted proxy the
    /// address it forwarded (see ``TrustedProxies``).
    var clientAddress: String
    /// `https` when a trusted proxy says the client came over TLS, else `http`.
    var scheme = "http"

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Bodies over 1 MiB are refused with 413 before a handler reads them.
    public var maxUploadSize: Int { 1 << 20 }

    /// The signed-in person, or ``EnlaceError/unauthenticated``.
    func requirePrincipal() throws -> Principal {
        guard let principal = viewer.principal else { throw EnlaceError.unauthenticated }
        return principal
    }

    /// The signed-in person when `policy` lets them act, else ``EnlaceError/forbidden(field:)``: asked
    /// before a body is read, so that a write nobody may make costs nothing to refuse.
    func requirePrincipal(allowedBy policy: (Viewer) -> Bool) throws -> Principal {
        let principal = try requirePrincipal()
        guard policy(viewer) else { throw EnlaceError.forbidden(field: nil) }
        return principal
    }

    /// The signed-in administrator; `writing` asks for a read-write token too.
    func requireAdmin(writing: Bool) throws -> Principal {
        let principal = try requirePrincipal()
        guard principal.has(.admin), !writing || principal.scope == .readWrite else {
            throw EnlaceError.forbidden(field: nil)
        }
        return principal
    }
}
