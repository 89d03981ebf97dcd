import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// Signing in and out, the second factor, and accepting an invitation.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /login | the sign-in form |
/// | POST | /login | starts a session; 303 to `next`, or to the second-factor step |
/// | GET | /login/second-factor | the code form, for a session that owes it |
/// | POST | /login/second-factor | completes the session with a TOTP or recovery code |
/// | POST | /logout | ends the session on the server |
/// | GET | /invitations/{token} | the form to choose a password |
/// | POST | /invitations/{token} | creates the account, signs in |
struct SignInController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations
    let settings: WebSecuritySettings
    let clock: WallClock

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.login, use: showSignIn)
        router.post(SitePaths.login, use: signIn)
        router.get(SitePaths.secondFactor, use: showSecondFactor)
        router.post(SitePaths.secondFactor, use: secondFactor)
        router.post(SitePaths.logout, use: signOut)
        router.get(SitePaths.invitation, use: showInvitation)
        router.post(SitePaths.invitation, use: acceptInvitation)
    }

    struct SignInPage {
        let email: String
        let next: String
        let error: String?
    }

    @Sendable func showSignIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = request.uri.queryParameters.get("next").flatMap { SitePaths.isLocal($0) ? $0 : nil } ?? "/"
        return page(SignInPage(email: "", next: next, error: nil), request: request, context: context)
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context: context)
        let email = form.value("email") ?? ""
        let next = form.value("next").flatMap { SitePaths.isLocal($0) ? $0 : nil } ?? "/"
        switch try await store.authenticator.signIn(
            email: email, password: form.value("password") ?? "", address: context.clientAddress,
            device: request.cookies[Authentication.deviceCookieName]?.value)
        {
        case .success(let account):
            let secret = try await store.sessions.start(for: account, awaitingSecondFactor: account.secondFactor)
            var response = Response.redirect(
                to: account.secondFactor ? SitePaths.secondFactor.link + "?" + SitePaths.query([("next", next)]) : next,
                type: .normal)
            response.setCookie(sessionCookie(secret))
            if !account.secondFactor { response.setCookie(try await deviceCookie(for: account)) }
            return response
        case .failure:
            let message = translations.text("signIn.failed", context.language)
            return page(
                SignInPage(email: email, next: next, error: message), request: request, context: context,
                status: .unauthorized)
        case .throttled(let until):
            let seconds = max(1, Int(until.timeIntervalSince(clock.now()).rounded(.up)))
            let message = translations.text("signIn.throttled", context.language, ["seconds": String(seconds)])
            var response = page(
                SignInPage(email: email, next: next, error: message), request: request, context: context,
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
    }

    struct SecondFactorPage {
        let next: String
        let error: String?
    }

    @Sendable func showSecondFactor(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard context.pendingSignIn != nil else { return .redirect(to: "/", type: .normal) }
        let next = request.uri.queryParameters.get("next").flatMap { SitePaths.isLocal($0) ? $0 : nil } ?? "/"
        return secondFactorPage(SecondFactorPage(next: next, error: nil), request: request, context: context)
    }

    /// The second step: a current code, or a recovery code, each accepted once; wrong codes are throttled
    /// as wrong passwords are. Passing it replaces the session with a new one, under a new id.
    @Sendable func secondFactor(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let pending = context.pendingSignIn else { return .redirect(to: SitePaths.login.link, type: .normal) }
        let form = try await FormData.read(request, context: context)
        let next = form.value("next").flatMap { SitePaths.isLocal($0) ? $0 : nil } ?? "/"
        let code = SecondFactor.typed(form.value("code"))
        let now = clock.now()
        switch try await store.authenticator.secondStep(
            pending.context.account, code: code, address: context.clientAddress,
            device: request.cookies[Authentication.deviceCookieName]?.value,
            timeStep: { SecondFactor.timeStep(of: code, secret: $0, now: now) })
        {
        case .success:
            var response = Response.redirect(to: next, type: .normal)
            response.setCookie(sessionCookie(try await store.sessions.completeSecondFactor(pending.secret).secret))
            response.setCookie(try await deviceCookie(for: pending.context.account))
            return response
        case .failure:
            return secondFactorPage(
                SecondFactorPage(next: next, error: translations.text("secondFactor.wrong", context.language)),
                request: request, context: context, status: .unauthorized)
        case .throttled(let until):
            let seconds = max(1, Int(until.timeIntervalSince(now).rounded(.up)))
            var response = secondFactorPage(
                SecondFactorPage(
                    next: next,
                    error: translations.text("signIn.throttled", context.language, ["seconds": String(seconds)])),
                request: request, context: context, status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let session = context.session ?? context.pendingSignIn {
            try await store.sessions.end(session.secret)
            try await store.audit.record([
                AuditRecord(
                    actor: context.session?.context.principal, actorUser: session.context.account.id, action: .logout,
                    entityType: "account", entityID: session.context.account.email)
            ])
        }
        var response = Response.redirect(to: "/", type: .normal)
        response.setCookie(
            Cookie(
                name: Authentication.sessionCookie, value: "", maxAge: 0, path: "/", secure: settings.secureCookies,
                httpOnly: true, sameSite: .lax))
        return response
    }

    private func secondFactorPage(
        _ model: SecondFactorPage, request: Request, context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) -> Response {
        pages.render(
            model, title: translations.text("secondFactor.title", context.language),
            section: .none, request: request, context: context, status: status)
    }

    struct InvitationPage {
        let email: String
        let name: String
        let organization: String
        let action: String
        let errors: [String]
        let hasErrors: Bool
    }

    @Sendable func showInvitation(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        guard let invitation = try await store.users.invitation(token) else { throw RequestError.notFound }
        return invitationPage(invitation, token: token, errors: [], request: request, context: context)
    }

    @Sendable func acceptInvitation(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        guard let invitation = try await store.users.invitation(token) else { throw RequestError.notFound }
        let form = try await FormData.read(request, context: context)
        let password = form.value("password") ?? ""
        guard password == form.value("confirm") else {
            let mismatch = translations.text("invitation.mismatch", context.language)
            return invitationPage(invitation, token: token, errors: [mismatch], request: request, context: context)
        }
        do {
            let account = try await store.users.accept(invitation: token, password: password)
            var response = Response.redirect(to: "/", type: .normal)
            response.setCookie(sessionCookie(try await store.sessions.start(for: account, awaitingSecondFactor: false)))
            return response
        } catch EnlaceError.invalid(let errors) {
            let messages = errors.map { translations.message(for: $0, context.language) }
            return invitationPage(invitation, token: token, errors: messages, request: request, context: context)
        }
    }

    private func invitationPage(
        _ invitation: (email: String, name: String, organization: String), token: String, errors: [String],
        request: Request, context: AppRequestContext
    ) -> Response {
        pages.render(
            InvitationPage(
                email: invitation.email, name: invitation.name, organization: invitation.organization,
                action: SitePaths.invitation(token), errors: errors, hasErrors: !errors.isEmpty),
            title: translations.text("invitation.title", context.language), section: .none, request: request,
            context: context, status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    private func page(
        _ model: SignInPage, request: Request, context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) -> Response {
        pages.render(
            model, title: translations.text("signIn.title", context.language), section: .none,
            request: request, context: context, status: status)
    }

    private func sessionCookie(_ secret: String) -> Cookie {
        Authentication.sessionCookie(secret, settings: settings)
    }

    /// The cookie that lets this browser past the account's lock next time (see ``Authenticator``).
    private func deviceCookie(for account: UserAccount) async throws -> Cookie {
        Authentication.deviceCookie(try await store.authenticator.deviceCookie(for: account), settings: settings)
    }
}

extension SignInController.SignInPage: PageModel {
    static let template = PageTemplate.signIn
}

extension SignInController.SecondFactorPage: PageModel {
    static let template = PageTemplate.secondFactor
}

extension SignInController.InvitationPage: PageModel {
    static let template = PageTemplate.invitation
}
