import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird
import HummingbirdOTP

/// The signed-in person's own account: API tokens and the second factor.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /account | profile, tokens, second-factor state |
/// | POST | /account/tokens | creates a token and shows its secret once |
/// | POST | /account/tokens/{id}/revoke | revokes one of the person's tokens |
/// | GET | /account/second-factor | a new secret to enter in an authenticator app |
/// | POST | /account/second-factor | checks a code for that secret and turns the second factor on |
struct AccountController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations
    let clock: WallClock

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("account", use: show)
        router.post("account/tokens", use: createToken)
        router.post("account/tokens/{id}/revoke", use: revokeToken)
        router.post("account/feed-key", use: replaceFeedKey)
        router.get("account/second-factor", use: showSecondFactorSetup)
        router.post("account/second-factor", use: enableSecondFactor)
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
        let scopes: [Option]
        let feedURL: String
        let organizationFeedURL: String
        let feedReplaced: Bool
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await account(request: request, context: context, newSecret: nil, error: nil)
    }

    /// Replaces the person's calendar feed key: every address that carried the old one stops working.
    @Sendable func replaceFeedKey(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let session = context.session else { throw EnlaceError.unauthenticated }
        _ = try await store.feedKeys.replace(for: session.context.account, actor: principal)
        return .redirect(to: SitePaths.account + "?feedReplaced=1#feeds", type: .normal)
    }

    @Sendable func createToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let session = context.session else { throw EnlaceError.unauthenticated }
        let form = try await FormData.read(request, context: context)
        let scope = TokenScope(rawValue: form.value("scope") ?? "") ?? .read
        do {
            let (_, secret) = try await store.tokens.create(
                for: session.context.account, name: form.value("name") ?? "", scope: scope, actor: principal)
            return try await account(request: request, context: context, newSecret: secret, error: nil)
        } catch EnlaceError.invalid(let errors) {
            let message = errors.map { translations.message(for: $0, context.language) }.joined(separator: " ")
            return try await account(request: request, context: context, newSecret: nil, error: message)
        }
    }

    @Sendable func revokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard let session = context.session else { throw EnlaceError.unauthenticated }
        try await store.tokens.revoke(
            id: try context.parameters.require("id"), of: session.context.account, actor: principal)
        return .redirect(to: SitePaths.account, type: .normal)
    }

    struct SecondFactorSetupPage {
        let secret: String
        let uri: String
        let error: String?
        let recoveryCodes: [String]
        let done: Bool
    }

    @Sendable func showSecondFactorSetup(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = context.session else { throw EnlaceError.unauthenticated }
        let secret = SecondFactor.newSecret()
        return setupPage(
            SecondFactorSetupPage(
                secret: secret,
                uri: TOTP(secret: secret).createAuthenticatorURL(
                    label: session.context.account.email, issuer: "Enlace"), error: nil, recoveryCodes: [], done: false),
            request: request, context: context)
    }

    @Sendable func enableSecondFactor(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = context.session else { throw EnlaceError.unauthenticated }
        let form = try await FormData.read(request, context: context)
        let secret = form.value("secret") ?? ""
        let code = (form.value("code") ?? "").filter { !$0.isWhitespace }
        let uri = TOTP(secret: secret).createAuthenticatorURL(label: session.context.account.email, issuer: "Enlace")
        guard secret.count == 20, SecondFactor.accepts(code: code, secret: secret, now: clock.now()) else {
            return setupPage(
                SecondFactorSetupPage(
                    secret: secret, uri: uri, error: translations.text("secondFactor.wrong", context.language),
                    recoveryCodes: [], done: false), request: request, context: context, status: .unprocessableContent)
        }
        let codes = SecondFactor.newRecoveryCodes()
        try await store.users.enableSecondFactor(
            id: session.context.account.id, secret: secret, recoveryCodes: codes, actor: session.context.principal)
        try await store.sessions.completeSecondFactor(session.secret)
        return setupPage(
            SecondFactorSetupPage(secret: "", uri: "", error: nil, recoveryCodes: codes, done: true), request: request,
            context: context)
    }

    private func setupPage(
        _ model: SecondFactorSetupPage, request: Request, context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        pages.render(
            "account/second-factor-setup", model, title: translations.text("secondFactor.setupTitle", context.language),
            section: .account, request: request, context: context, status: status)
    }

    private func account(
        request: Request, context: AppRequestContext, newSecret: String?, error: String?
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
                revoked: token.revokedAt != nil, revokeAction: "/account/tokens/\(token.id)/revoke")
        }
        let key = try await store.feedKeys.key(for: account.id)
        let model = AccountPage(
            name: account.name, email: account.email, organization: principal.organization,
            roles: account.roles.sorted().map { translations.text("userRoles.\($0.rawValue)", language) }
                .joined(separator: ", "),
            secondFactor: account.secondFactor, tokens: tokens, hasTokens: !tokens.isEmpty, newSecret: newSecret,
            error: error,
            scopes: .make(
                TokenScope.allCases.map { ($0.rawValue, translations.text("tokens.scopes.\($0.rawValue)", language)) },
                selected: [TokenScope.read.rawValue]),
            feedURL: FeedAddress.person(key, request), organizationFeedURL: FeedAddress.organization(key, request),
            feedReplaced: request.uri.queryParameters.get("feedReplaced") != nil)
        return pages.render(
            "account/account", model, title: translations.text("account.title", language), section: .account,
            request: request, context: context, status: error == nil ? .ok : .unprocessableContent)
    }
}
