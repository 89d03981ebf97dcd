import EnlaceCore
import EnlaceStore
import Foundation
import HTTPTypes
import Hummingbird

/// Administration: organisations, people, invitations and the audit trail. Administrators only.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /admin | the overview |
/// | GET | /admin/organizations | the directory and the form for a new organisation |
/// | POST | /admin/organizations | creates an organisation |
/// | GET | /admin/organizations/{code} | the form for one organisation |
/// | POST | /admin/organizations/{code} | updates it |
/// | GET | /admin/users | people and the invitation form |
/// | POST | /admin/users/invite | records an invitation and shows its link once |
/// | POST | /admin/users/{id}/roles | replaces a person's roles |
/// | POST | /admin/users/{id}/deactivate | deactivates (sessions and tokens end) |
/// | POST | /admin/users/{id}/reactivate | lets them sign in again |
/// | GET | /admin/audit | the audit trail, filtered |
/// | POST | /admin/audit/verify | walks the hash chain and shows the result |
struct AdminController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.admin, use: overview)
        router.get(SitePaths.organizations, use: organizations)
        router.post(SitePaths.organizations, use: createOrganization)
        router.get(SitePaths.organization, use: organization)
        router.post(SitePaths.organization, use: updateOrganization)
        router.get(SitePaths.users, use: users)
        router.post(SitePaths.inviteUser, use: invite)
        router.post(SitePaths.userRoles, use: setRoles)
        router.post(SitePaths.deactivateUser, use: deactivate)
        router.post(SitePaths.reactivateUser, use: reactivate)
        router.get(SitePaths.audit, use: audit)
        router.post(SitePaths.verifyAudit, use: verify)
    }

    @Sendable func overview(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin(writing: true)
        return pages.render(
            OverviewPage(), title: translations.text("admin.title", context.language),
            section: .admin, request: request, context: context)
    }

    // MARK: - Organisations

    /// The administration's front page: links only.
    struct OverviewPage {}

    struct OrganizationsPage {
        struct Row {
            let code: String
            let name: String
            let kind: String
            let country: String
            let parent: String
            let member: Bool
            let href: String
        }

        let rows: [Row]
        let form: OrganizationForm
    }

    struct OrganizationForm {
        let action: String
        let isNew: Bool
        let code: String
        let name: String
        let kinds: [Option]
        let countries: [Option]
        let parents: [Option]
        let member: Bool
        let errors: [String]
        let hasErrors: Bool
    }

    @Sendable func organizations(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin(writing: true)
        return try await organizationsPage(form: nil, errors: [], request: request, context: context)
    }

    @Sendable func createOrganization(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireAdmin(writing: true)
        let organization = Self.organization(from: try await FormData.read(request, context: context), code: nil)
        do {
            _ = try await store.organizations.create(organization, actor: admin)
            return .redirect(to: SitePaths.organizations.link, type: .normal)
        } catch EnlaceError.invalid(let errors) {
            return try await organizationsPage(form: organization, errors: errors, request: request, context: context)
        }
    }

    @Sendable func organization(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin(writing: true)
        guard let organization = try await store.organizations.find(code: try context.parameters.require("code")) else {
            throw RequestError.notFound
        }
        return try await organizationPage(organization, errors: [], request: request, context: context)
    }

    @Sendable func updateOrganization(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireAdmin(writing: true)
        let code = try context.parameters.require("code")
        let organization = Self.organization(from: try await FormData.read(request, context: context), code: code)
        do {
            _ = try await store.organizations.update(organization, actor: admin)
            return .redirect(to: SitePaths.organizations.link, type: .normal)
        } catch EnlaceError.invalid(let errors) {
            return try await organizationPage(organization, errors: errors, request: request, context: context)
        }
    }

    private static func organization(from form: FormData, code: String?) -> Organization {
        func text(_ name: String) -> String? {
            guard let value = form.value(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        return Organization(
            code: code ?? (text("code") ?? "").uppercased(), name: text("name") ?? "",
            kind: OrganizationKind(rawValue: text("kind") ?? "") ?? .agency, country: text("country"),
            parent: text("parent"), isMember: form.value("member") == "on")
    }

    private func organizationsPage(
        form organization: Organization?, errors: [FieldError], request: Request, context: AppRequestContext
    ) async throws -> Response {
        let all = try await store.organizations.all()
        let rows = all.map { organization in
            OrganizationsPage.Row(
                code: organization.code, name: organization.name,
                kind: translations.text("organizationKinds.\(organization.kind.rawValue)", context.language),
                country: organization.country ?? "", parent: organization.parent ?? "", member: organization.isMember,
                href: SitePaths.organization(organization.code))
        }
        let form = organizationForm(
            organization ?? Organization(code: "", name: "", kind: .agency, country: nil, parent: nil, isMember: true),
            isNew: true, all: all, errors: errors, language: context.language)
        return pages.render(
            OrganizationsPage(rows: rows, form: form),
            title: translations.text("admin.organizations", context.language), section: .admin, request: request,
            context: context, status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    private func organizationPage(
        _ organization: Organization, errors: [FieldError], request: Request, context: AppRequestContext
    ) async throws -> Response {
        let form = organizationForm(
            organization, isNew: false, all: try await store.organizations.all(), errors: errors,
            language: context.language)
        return pages.render(
            form, title: organization.name, section: .admin, request: request, context: context,
            status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    private func organizationForm(
        _ organization: Organization, isNew: Bool, all: [Organization], errors: [FieldError], language: Language
    ) -> OrganizationForm {
        let messages = errors.map {
            translations.text("fields.\($0.field)", language) + ": " + translations.message(for: $0, language)
        }
        return OrganizationForm(
            action: isNew ? SitePaths.organizations.link : SitePaths.organization(organization.code), isNew: isNew,
            code: organization.code, name: organization.name,
            kinds: .make(
                OrganizationKind.allCases.map {
                    ($0.rawValue, translations.text("organizationKinds.\($0.rawValue)", language))
                }, selected: [organization.kind.rawValue]),
            countries: .make(
                [("", "—")] + store.catalog.countries.map { ($0.code, $0.names[language]) },
                selected: [organization.country ?? ""]),
            parents: .make(
                [("", "—")] + all.filter { $0.code != organization.code }.map { ($0.code, "\($0.name) (\($0.code))") },
                selected: [organization.parent ?? ""]),
            member: organization.isMember, errors: messages, hasErrors: !messages.isEmpty)
    }

    // MARK: - People

    struct UsersPage {
        struct Row {
            let id: String
            let email: String
            let name: String
            let organization: String
            let roles: [Option]
            let active: Bool
            let secondFactor: Bool
            let rolesAction: String
            let deactivateAction: String
            let reactivateAction: String
        }

        let rows: [Row]
        let organizations: [Option]
        let roles: [Option]
        let invitationLink: String?
        let errors: [String]
        let hasErrors: Bool
    }

    @Sendable func users(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin(writing: true)
        return try await usersPage(link: nil, errors: [], request: request, context: context)
    }

    @Sendable func invite(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireAdmin(writing: true)
        let form = try await FormData.read(request, context: context)
        let roles = Set(form.values("roles").compactMap(Role.init(rawValue:)))
        do {
            let secret = try await store.users.invite(
                email: form.value("email") ?? "", name: form.value("name") ?? "",
                organization: form.value("organization") ?? "", roles: roles, actor: admin)
            let scheme = request.headers[HTTPField.Name("X-Forwarded-Proto")!] ?? "http"
            let link = "\(scheme)://\(request.head.authority ?? "localhost")/invitations/\(secret)"
            return try await usersPage(link: link, errors: [], request: request, context: context)
        } catch EnlaceError.invalid(let errors) {
            return try await usersPage(link: nil, errors: errors, request: request, context: context)
        }
    }

    @Sendable func setRoles(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireAdmin(writing: true)
        let form = try await FormData.read(request, context: context)
        let roles = Set(form.values("roles").compactMap(Role.init(rawValue:)))
        do {
            _ = try await store.users.setRoles(id: try context.parameters.require("id"), roles: roles, actor: admin)
            return .redirect(to: SitePaths.users.link, type: .normal)
        } catch EnlaceError.invalid(let errors) {
            return try await usersPage(link: nil, errors: errors, request: request, context: context)
        }
    }

    @Sendable func deactivate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireAdmin(writing: true)
        _ = try await store.users.deactivate(id: try context.parameters.require("id"), actor: admin)
        return .redirect(to: SitePaths.users.link, type: .normal)
    }

    @Sendable func reactivate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireAdmin(writing: true)
        _ = try await store.users.reactivate(id: try context.parameters.require("id"), actor: admin)
        return .redirect(to: SitePaths.users.link, type: .normal)
    }

    private func usersPage(
        link: String?, errors: [FieldError], request: Request, context: AppRequestContext
    )
        async throws -> Response
    {
        let language = context.language
        let roleChoices = Role.allCases.map { ($0.rawValue, translations.text("userRoles.\($0.rawValue)", language)) }
        let rows = try await store.users.all().map { account in
            UsersPage.Row(
                id: account.id, email: account.email, name: account.name, organization: account.organization,
                roles: .make(roleChoices, selected: Set(account.roles.map(\.rawValue))), active: account.active,
                secondFactor: account.secondFactor, rolesAction: SitePaths.userRoles(account.id),
                deactivateAction: SitePaths.deactivateUser(account.id),
                reactivateAction: SitePaths.reactivateUser(account.id))
        }
        let messages = errors.map {
            translations.text("fields.\($0.field)", language) + ": " + translations.message(for: $0, language)
        }
        let model = UsersPage(
            rows: rows,
            organizations: .make(
                try await store.organizations.all().map { ($0.code, "\($0.name) (\($0.code))") }, selected: []),
            roles: .make(roleChoices, selected: [Role.viewer.rawValue]), invitationLink: link, errors: messages,
            hasErrors: !messages.isEmpty)
        return pages.render(
            model, title: translations.text("admin.users", language), section: .admin,
            request: request, context: context, status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    // MARK: - Audit

    struct AuditPage {
        struct Row {
            let sequence: Int
            let when: String
            let actor: String
            let action: String
            let entity: String
            let changes: String
        }

        let rows: [Row]
        let totalText: String
        let nextHref: String?
        let actor: String
        let entityType: String
        let entityID: String
        let actions: [Option]
        let verification: String?
        let verificationBroken: Bool
    }

    @Sendable func audit(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin(writing: true)
        return try await auditPage(verification: nil, request: request, context: context)
    }

    @Sendable func verify(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin(writing: true)
        let result = try await store.audit.verify()
        return try await auditPage(verification: result, request: request, context: context)
    }

    private func auditPage(
        verification: AuditVerification?, request: Request, context: AppRequestContext
    )
        async throws -> Response
    {
        let parameters = request.uri.queryParameters
        var filter = AuditLog.Filter()
        func value(_ name: String) -> String? {
            parameters.get(name).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        filter.actorUser = value("actor")
        filter.entityType = value("entityType")
        filter.entityID = value("entityID")
        filter.action = value("action").flatMap(AuditAction.init(rawValue:))
        let page = try await store.audit.list(filter, limit: 50, cursor: value("cursor"))
        let format = LocaleFormat(context.language)
        let language = context.language
        let rows = page.items.map { entry in
            AuditPage.Row(
                sequence: entry.sequence, when: format.dateTime(entry.occurredAt),
                actor: [entry.actorOrganization, entry.actorUser].compactMap { $0 }.joined(separator: " · "),
                action: translations.text("audit.actions.\(entry.action.rawValue)", language),
                entity: "\(entry.entityType) \(entry.entityID)",
                changes: entry.changes.map { "\($0.field): \($0.before ?? "—") → \($0.after ?? "—")" }
                    .joined(separator: "; "))
        }
        var query: [(String, String)] = []
        for name in ["actor", "entityType", "entityID", "action"] {
            if let text = value(name) { query.append((name, text)) }
        }
        let verificationText = verification.map { result in
            result.firstBrokenLink.map {
                translations.text("audit.broken", language, ["sequence": String($0), "reason": result.reason ?? ""])
            } ?? translations.text("audit.whole", language, ["count": String(result.entries)])
        }
        let model = AuditPage(
            rows: rows, totalText: translations.plural("audit.count", count: page.total, format),
            nextHref: page.nextCursor.map { SitePaths.audit.with(query + [("cursor", $0)]) },
            actor: value("actor") ?? "", entityType: value("entityType") ?? "", entityID: value("entityID") ?? "",
            actions: .make(
                [("", translations.text("filters.any", language))]
                    + AuditAction.allCases.map {
                        ($0.rawValue, translations.text("audit.actions.\($0.rawValue)", language))
                    },
                selected: [value("action") ?? ""]),
            verification: verificationText, verificationBroken: verification?.firstBrokenLink != nil)
        return pages.render(
            model, title: translations.text("admin.audit", language), section: .admin,
            request: request, context: context)
    }
}

extension AdminController.OrganizationsPage: PageModel {
    static let template = PageTemplate.organizations
}

extension AdminController.OrganizationForm: PageModel {
    static let template = PageTemplate.organization
}

extension AdminController.UsersPage: PageModel {
    static let template = PageTemplate.users
}

extension AdminController.AuditPage: PageModel {
    static let template = PageTemplate.audit
}

extension AdminController.OverviewPage: PageModel {
    static let template = PageTemplate.adminOverview
}
