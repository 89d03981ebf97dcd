import EnlaceCore
import EnlaceStore
import Foundation
import HTTPTypes
import Hummingbird

/// What the API's and the pages' authentication share: the cookies, and the session a request carries.
enum Authentication {
    /// A signed-in browser session as a request sees it.
    struct Session: Sendable {
        let secret: String
        let context: SessionContext
    }

    static let sessionCookie = "enlace_session"
    /// What a session that owes its second step may reach.
    static let secondStepPaths: Set<String> = [SitePaths.secondFactor.link, SitePaths.logout.link]
    /// What a person who must set up a second factor, and has none yet, may still reach.
    static let setUpPaths: Set<String> = [SitePaths.accountSecondFactor.link, SitePaths.logout.link]
    static let visitorCookie = "enlace_csrf"

    /// Whether `account` holds a role that must use a second factor and has none yet.
    static func owesSecondFactor(_ account: UserAccount, settings: WebSecuritySettings) -> Bool {
        !account.secondFactor && !account.roles.isDisjoint(with: settings.secondFactorRequiredFor)
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
}

/// Finds out who is asking the API: a bearer token. An invalid one is refused (401); a missing one means
/// anonymous. Cookies are ignored, so that a page visited in a browser can never make the API act for its
/// user.
struct TokenAuthentication: RouterMiddleware {
    typealias Context = AppRequestContext

    let store: Store
    let settings: WebSecuritySettings

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        var context = context
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer "),
                let found = try await store.tokens.resolve(String(header.dropFirst(7)))
            else { throw EnlaceError.unauthenticated }
            guard !Authentication.owesSecondFactor(found.account, settings: settings) else {
                throw EnlaceError.forbidden(field: nil)
            }
            context.viewer = .person(found.principal)
        }
        return try await next(request, context)
    }
}

/// Finds out who is asking for a page: the session cookie.
///
/// A session that has passed its password but not its second step is no session anywhere but on the
/// second step itself and at sign-out: elsewhere the browser is a visitor, and a page it asks for
/// leads it back to the second step.
struct SessionAuthentication: RouterMiddleware {
    typealias Context = AppRequestContext

    let store: Store
    let settings: WebSecuritySettings

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws
        -> Response
    {
        var context = context
        var newVisitorToken: String?
        if let secret = request.cookies[Authentication.sessionCookie]?.value,
            let session = try await store.sessions.resolve(secret)
        {
            context.csrfToken = session.csrfToken
            if session.awaitingSecondFactor {
                context.pendingSignIn = Authentication.Session(secret: secret, context: session)
                if !Authentication.secondStepPaths.contains(request.uri.path),
                    request.method == .get, request.acceptsHTML
                {
                    return .redirect(to: SitePaths.secondFactor.link, type: .normal)
                }
            } else {
                context.session = Authentication.Session(secret: secret, context: session)
                context.viewer = .person(session.principal)
                // Roles that must use a second factor see nothing but its set-up page until they have one.
                if Authentication.owesSecondFactor(session.account, settings: settings),
                    !Authentication.setUpPaths.contains(request.uri.path)
                {
                    return .redirect(to: SitePaths.accountSecondFactor.link, type: .normal)
                }
            }
        } else if let visitor = request.cookies[Authentication.visitorCookie]?.value, visitor.count >= 20 {
            context.csrfToken = visitor
        } else {
            newVisitorToken = Base64URL.encode((0..<24).map { _ in UInt8.random(in: .min ... .max) })
            context.csrfToken = newVisitorToken ?? ""
        }
        var response = try await next(request, context)
        if let newVisitorToken {
            response.setCookie(
                Cookie(
                    name: Authentication.visitorCookie, value: newVisitorToken, path: "/",
                    secure: settings.secureCookies,
                    httpOnly: true, sameSite: .lax))
        }
        return response
    }
}
