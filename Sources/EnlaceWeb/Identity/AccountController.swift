import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird
import HummingbirdOTP

/// The signed-in person's own account: password, API tokens, calendar addresses and the second factor.
///
/// Every route needs a full session: one that still owes its second step is a visitor here.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /account | profile, tokens, second-factor state |
/// | POST | /account/password | changes the password (the current one is asked); ends every other session |
/// | POST | /account/tokens | creates a token (the current password is asked) and shows its secret once |
/// | POST | /account/tokens/{id}/revoke | revokes one of the person's tokens |
/// | POST | /account/feed-key | replaces the calendar key: old feed addresses stop working |
/// | GET | /account/second-factor | a new secret, chosen and kept by the server, for an authenticator app |
/// | POST | /account/second-factor | checks a code for that secret, and the current password (a first factor) or a code of the old one; other sessions end |
struct AccountController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations
    let clock: WallClock
    let settings: WebSecuritySettings

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.account, use: show)
        router.post(SitePaths.accountPassword, use: changePassword)
        router.post(SitePaths.accountTokens, use: createToken)
        router.post(SitePaths.revokeToken, use: revokeToken)
        router.post(SitePaths.accountFeedKey, use: replaceFeedKey)
        router.get(SitePaths.accountSecondFactor, use: showSecondFactorSetup)
        router.post(SitePaths.accountSecondFactor, use: enableSecondFactor)
    }

    struct AccountPage {
        struct TokenRow {
            let id: String
            let name: String
            let prefix: String
            let scope: String
            let created: String
            let lastUsed: String
            let revoked: Bool
            let revokeAction: String
        }

        let name: String
        let email: String
        let organization: String
        let roles: String
        let secondFactor: Bool
        let tokens: [TokenRow]
        let hasTokens: Bool
        let newSecret: String?
        let error: String?
        let passwordErrors: [String]
        let passwordChanged: Bool
        let scopes: [Option]
        let feedURL: String
        let organizationFeedURL: String
        let feedReplaced: Bool
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await account(request: request, context: context, newSecret: nil, error: nil)
    }

    /// A new password, given with the current one (throttled as a sign-in is). Every session of the person
    /// ends, this one included, which comes back under a new id.
    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let session = context.session else { throw EnlaceError.unauthenticated }
        let form = try await FormData.read(request, context: context)
        let password = form.value("password") ?? ""
        let person = session.context.account
        do {
            guard password == form.value("confirm") else { throw EnlaceError.invalid("confirm", .mismatch) }
            try await store.authenticator.confirmPassword(
                form.value("current") ?? "", of: person, address: context.clientAddress,
                device: request.cookies[Authentication.deviceCookieName]?.value)
            try await store.users.setPassword(id: person.id, password: password, actor: principal)
        } catch EnlaceError.invalid(let errors) {
            return try await account(
                request: request, context: context, newSecret: nil, error: nil,
                passwordErrors: errors.map { translations.message(for: $0, context.language) })
        } catch EnlaceError.throttled(let seconds) {
            var response = try await account(
                request: request, context: context, newSecret: nil, error: nil,
                passwordErrors: [translations.text("signIn.throttled", context.language, ["seconds": String(seconds)])],
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        var response = Response.redirect(to: SitePaths.account.link + "?passwordChanged=1", type: .normal)
        response.setCookie(
            Authentication.sessionCookie(
                try await store.sessions.start(for: person, awaitingSecondFactor: false), settings: settings))
        // The browser's device cookie died with the old password; this browser has just proved itself.
        response.setCookie(
            Authentication.deviceCookie(try await store.authenticator.deviceCookie(for: person), settings: settings))
        return response
    }

    /// Replaces the person's calendar feed key: every address that carried the old one stops working.
    @Sendable func replaceFeedKey(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let session = context.session else { throw EnlaceError.unauthenticated }
        _ = try await store.feedKeys.replace(for: session.context.account, actor: principal)
        return .redirect(to: SitePaths.account.link + "?feedReplaced=1#feeds", type: .normal)
    }

    @Sendable func createToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let session = context.session else { throw EnlaceError.unauthenticated }
        let form = try await FormData.read(request, context: context)
        let scope = TokenScope(rawValue: form.value("scope") ?? "") ?? .read
        do {
            // A token outlives the session that made it: whoever holds the session must also know the password.
            try await store.authenticator.confirmPassword(
                form.value("current") ?? "", of: session.context.account, address: context.clientAddress,
                device: request.cookies[Authentication.deviceCookieName]?.value)
            let (_, secret) = try await store.tokens.create(
                for: session.context.account, name: form.value("name") ?? "", scope: scope, actor: principal)
            return try await account(request: request, context: context, newSecret: secret, error: nil)
        } catch EnlaceError.invalid(let errors) {
            let message = errors.map { translations.message(for: $0, context.language) }.joined(separator: " ")
            return try await account(request: request, context: context, newSecret: nil, error: message)
        } catch EnlaceError.throttled(let seconds) {
            var response = try await account(
                request: request, context: context, newSecret: nil,
                error: translations.text("signIn.throttled", context.language, ["seconds": String(seconds)]),
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
    }

    @Sendable func revokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let session = context.session else { throw EnlaceError.unauthenticated }
        try await store.tokens.revoke(
            id: try context.parameters.require("id"), of: session.context.account, actor: principal)
        return .redirect(to: SitePaths.account.link, type: .normal)
    }

    struct SecondFactorSetupPage {
        let secret: String
        let uri: String
        let error: String?
        let recoveryCodes: [String]
        let done: Bool
        /// Whether a factor is in place already: replacing it needs one of its codes.
        let replacing: Bool
    }

    /// A new secret for an authenticator app. The server keeps it with the session: the form that turns it
    /// on names no secret, so nobody can choose one for the account.
    @Sendable func showSecondFactorSetup(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        guard let session = context.session else { throw EnlaceError.unauthenticated }
        let secret = SecondFactor.newSecret()
        try await store.sessions.setUp(totpSecret: secret, in: session.secret)
        return setupPage(
            setUp(secret, session: session, error: nil), request: request, context: context)
    }

    /// Turns on the factor of the set-up page: a code of the new secret confirms it, and the person proves who
    /// they are, with a current code of the factor in place (or a recovery code), or, for a first factor, their
    /// password. Every other session of the person ends, and this one gets a new id.
    @Sendable func enableSecondFactor(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let session = context.session else { throw EnlaceError.unauthenticated }
        guard let secret = session.context.setUpSecret else {
            return .redirect(to: SitePaths.accountSecondFactor.link, type: .normal)
        }
        let form = try await FormData.read(request, context: context)
        let now = clock.now()
        let account = session.context.account
        func refused(_ error: String, _ status: HTTPResponse.Status) -> Response {
            setupPage(setUp(secret, session: session, error: error), request: request, context: context, status: status)
        }
        // The new code first: a typo in it must not use up a recovery code of the old factor.
        guard let step = SecondFactor.timeStep(of: SecondFactor.typed(form.value("code")), secret: secret, now: now)
        else {
            return refused(translations.text("secondFactor.wrong", context.language), .unprocessableContent)
        }
        do {
            if account.secondFactor {
                let current = SecondFactor.typed(form.value("current"))
                try await store.authenticator.confirmSecondFactor(
                    current, of: account, address: context.clientAddress,
                    device: request.cookies[Authentication.deviceCookieName]?.value,
                    timeStep: { SecondFactor.timeStep(of: current, secret: $0, now: now) })
            } else {
                try await store.authenticator.confirmPassword(
                    form.value("current") ?? "", of: account, address: context.clientAddress,
                    device: request.cookies[Authentication.deviceCookieName]?.value)
            }
        } catch EnlaceError.invalid {
            let key = account.secondFactor ? "secondFactor.wrongCurrent" : "secondFactor.wrongPassword"
            return refused(translations.text(key, context.language), .unprocessableContent)
        } catch EnlaceError.throttled(let seconds) {
            var response = refused(
                translations.text("signIn.throttled", context.language, ["seconds": String(seconds)]),
                .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        }
        let codes = SecondFactor.newRecoveryCodes()
        try await store.users.enableSecondFactor(
            id: account.id, secret: secret, recoveryCodes: codes, step: step, actor: principal)
        let renewal = try await store.sessions.renew(session.secret, endingOthers: true)
        var renewed = context
        renewed.csrfToken = renewal.csrfToken
        var response = setupPage(
            SecondFactorSetupPage(secret: "", uri: "", error: nil, recoveryCodes: codes, done: true, replacing: false),
            request: request, context: renewed)
        response.setCookie(Authentication.sessionCookie(renewal.secret, settings: settings))
        response.setCookie(
            Authentication.deviceCookie(try await store.authenticator.deviceCookie(for: account), settings: settings))
        return response
    }

    private func setUp(_ secret: String, session: Authentication.Session, error: String?) -> SecondFactorSetupPage {
        SecondFactorSetupPage(
            secret: SecondFactor.manualKey(secret),
            uri: TOTP(secret: secret).createAuthenticatorURL(label: session.context.account.email, issuer: "Enlace"),
            error: error, recoveryCodes: [], done: false, replacing: session.context.account.secondFactor)
    }

    private func setupPage(
        _ model: SecondFactorSetupPage, request: Request, context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        pages.render(
            model, title: translations.text("secondFactor.setupTitle", context.language),
            section: .account, request: request, context: context, status: status)
    }

    private func account(
        request: Request, context: AppRequestContext, newSecret: String?, error: String?,
        passwordErrors: [String] = [], status: HTTPResponse.Status? = nil
    ) async throws
        -> Response
    {
        let principal = try context.requirePrincipal()
        guard let session = context.session else { throw EnlaceError.unauthenticated }
        let account = session.context.account
        let format = LocaleFormat(context.language)
        let language = context.language
        let tokens = try await store.tokens.list(for: account).map { token in
            AccountPage.TokenRow(
                id: token.id, name: token.name, prefix: token.prefix, scope: token.scope.rawValue,
                created: format.dateTime(token.createdAt), lastUsed: token.lastUsedAt.map(format.dateTime) ?? "—",
                revoked: token.revokedAt != nil, revokeAction: SitePaths.revokeToken(token.id))
        }
        let key = try await store.feedKeys.key(for: account.id)
        let model = AccountPage(
            name: account.name, email: account.email, organization: principal.organization,
            roles: account.roles.sorted().map { translations.text("userRoles.\($0.rawValue)", language) }
                .joined(separator: ", "),
            secondFactor: account.secondFactor, tokens: tokens, hasTokens: !tokens.isEmpty, newSecret: newSecret,
            error: error, passwordErrors: passwordErrors,
            passwordChanged: request.uri.queryParameters.get("passwordChanged") != nil,
            scopes: .make(
                TokenScope.allCases.map { ($0.rawValue, translations.text("tokens.scopes.\($0.rawValue)", language)) },
                selected: [TokenScope.read.rawValue]),
            feedURL: FeedAddress.person(key, request, context),
            organizationFeedURL: FeedAddress.organization(key, request, context),
            feedReplaced: request.uri.queryParameters.get("feedReplaced") != nil)
        return pages.render(
            model, title: translations.text("account.title", language), section: .account,
            request: request, context: context,
            status: status ?? (error == nil && passwordErrors.isEmpty ? .ok : .unprocessableContent))
    }
}

extension AccountController.AccountPage: PageModel {
    static let template = PageTemplate.account
}

extension AccountController.SecondFactorSetupPage: PageModel {
    static let template = PageTemplate.secondFactorSetup
}
