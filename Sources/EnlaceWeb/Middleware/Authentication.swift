import EnlaceCore
import EnlaceStore
import Foundation
import HTTPTypes
import Hummingbird

/// Finds out who is asking: a bearer token under `/api`, the session cookie on pages.
///
/// An invalid bearer token is refused (401); a missing one means anonymous. Cookies are ignored
/// under `/api`, so a page visited in a browser can never make the API act for its user.
///
/// A session that has passed its password but not its second step is no session anywhere but on the
/// second step itself and at sign-out: elsewhere the browser is a visitor, and a page it asks for
/// leads it back to the second step.
struct Authentication: RouterMiddleware {
    typealias Context = AppRequestContext

    /// A signed-in browser session as a request sees it.
    struct Session: Sendable {
        let secret: String
        let context: SessionContext
    }

    static let sessionCookie = "enlace_session"
    /// What a session that owes its second step may reach.
    static let secondStepPaths: Set<String> = [SitePaths.secondFactor, SitePaths.logout]
    /// What a person who must set up a second factor, and has none yet, may still reach.
    static let setUpPaths: Set<String> = ["/account/second-factor", SitePaths.logout]
    static let visitorCookie = "enlace_csrf"

    let store: Store
    let settings: WebSecuritySettings

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        var context = context
        if request.uri.path.hasPrefix("/api/") {
            if let header = request.headers[.authorization] {
                guard header.hasPrefix("Bearer "),
                    let found = try await store.tokens.resolve(String(header.dropFirst(7)))
                else { throw EnlaceError.unauthenticated }
                guard !owesSecondFactor(found.account) else { throw EnlaceError.forbidden(field: nil) }
                context.viewer = .person(found.principal)
            }
            return try await next(request, context)
        }
        var newVisitorToken: String?
        if let secret = request.cookies[Self.sessionCookie]?.value,
            let session = try await store.sessions.resolve(secret)
        {
            context.csrfToken = session.csrfToken
            if session.awaitingSecondFactor {
                context.pendingSignIn = Session(secret: secret, context: session)
                if !Self.secondStepPaths.contains(request.uri.path), !request.uri.path.hasPrefix("/static/"),
                    request.method == .get, request.acceptsHTML
                {
                    return .redirect(to: SitePaths.secondFactor, type: .normal)
                }
            } else {
                context.session = Session(secret: secret, context: session)
                context.viewer = .person(session.principal)
                // Roles that must use a second factor see nothing but its set-up page until they have one.
                if owesSecondFactor(session.account), !Self.setUpPaths.contains(request.uri.path),
                    !request.uri.path.hasPrefix("/static/")
                {
                    return .redirect(to: "/account/second-factor", type: .normal)
                }
            }
        } else if let visitor = request.cookies[Self.visitorCookie]?.value, visitor.count >= 20 {
            context.csrfToken = visitor
        } else {
            newVisitorToken = Base64URL.encode((0..<24).map { _ in UInt8.random(in: .min ... .max) })
            context.csrfToken = newVisitorToken ?? ""
        }
        var response = try await next(request, context)
        if let newVisitorToken {
            response.setCookie(
                Cookie(
                    name: Self.visitorCookie, value: newVisitorToken, path: "/", secure: settings.secureCookies,
                    httpOnly: true, sameSite: .lax))
        }
        return response
    }

    /// The cookie that tells a browser which has signed in to an account before (see ``Authenticator``).
    static let deviceCookieName = "enlace_device"

    /// The device cookie `value`, kept a year: `HttpOnly`, `SameSite=Lax`, and `Secure` behind TLS.
    static func deviceCookie(_ value: String, settings: WebSecuritySettings) -> Cookie {
        Cookie(
            name: deviceCookieName, value: value, maxAge: 365 * 86_400, path: "/", secure: settings.secureCookies,
            httpOnly: true, sameSite: .lax)
    }

    /// The session cookie: `HttpOnly`, `SameSite=Lax`, and `Secure` when Enlace is behind TLS.
    static func sessionCookie(_ secret: String, settings: WebSecuritySettings) -> Cookie {
        Cookie(
            name: sessionCookie, value: secret, path: "/", secure: settings.secureCookies, httpOnly: true,
            sameSite: .lax)
    }

    private func owesSecondFactor(_ account: UserAccount) -> Bool {
        !account.secondFactor && !account.roles.isDisjoint(with: settings.secondFactorRequiredFor)
    }
}
