import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// The caller, people, invitations, organisations (writes), tokens and the audit trail over JSON.
///
/// | method | path | who | answer |
/// |---|---|---|---|
/// | GET | /api/v1/me | signed in | the caller |
/// | GET | /api/v1/users | admin | a page of people |
/// | PATCH | /api/v1/users/{id} | admin | changes roles or `active` |
/// | POST | /api/v1/invitations | admin | 201 and the one-time invitation path |
/// | POST | /api/v1/organizations | admin | 201 and the new organisation |
/// | PUT | /api/v1/organizations/{code} | admin | the replaced organisation |
/// | GET | /api/v1/tokens | signed in | the caller's tokens |
/// | POST | /api/v1/tokens | signed in, read-write | 201 and the new token, shown once |
/// | DELETE | /api/v1/tokens/{id} | signed in, read-write | 204; revoked |
/// | GET | /api/v1/audit | admin | a page of audit entries, newest first |
/// | GET | /api/v1/audit/verify | admin | the result of walking the hash chain |
/// | GET | /api/v1/activities/{id}/history | who may see the activity | its audit entries |
struct IdentityAPIController {
    let store: Store

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("me", use: me)
        group.get("users", use: users)
        group.patch("users/{id}", use: changeUser)
        group.post("invitations", use: invite)
        group.post("organizations", use: createOrganization)
        group.put("organizations/{code}", use: replaceOrganization)
        group.get("tokens", use: tokens)
        group.post("tokens", use: createToken)
        group.delete("tokens/{id}", use: revokeToken)
        group.get("audit", use: audit)
        group.get("audit/verify", use: verify)
        group.get("activities/{id}/history", use: history)
    }

    @Sendable func me(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let account = try await store.users.find(id: principal.userID)
        var encoded = Self.encode(account)
        if case .object(var members) = encoded {
            members.append(("scope", .string(principal.scope.rawValue)))
            members.append(("lineage", .strings(principal.lineage)))
            // Calendar feed addresses belong to people; a token may read them but not mint a key.
            let key = try await store.feedKeys.key(for: principal.userID)
            members.append(("feedUrl", .string(FeedAddress.person(key, request, context))))
            members.append(("organizationFeedUrl", .string(FeedAddress.organization(key, request, context))))
            encoded = .object(members)
        }
        return JSONResponse.make(encoded)
    }

    @Sendable func users(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin(writing: false)
        let (limit, cursor) = try MemoryPaging.parameters(request.uri.queryParameters)
        let page = try MemoryPaging.page(try await store.users.all(), key: \.email, limit: limit, cursor: cursor)
        return JSONResponse.page(page, Self.encode)
    }

    @Sendable func changeUser(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireAdmin(writing: true)
        let id = try context.parameters.require("id")
        var reader = FieldReader(
            try await MergePatch.body(of: request, context: context))
        let roleNames = reader.strings("roles")
        let active = reader.value("active")
        reader.rejectUnknown()
        var errors = reader.errors
        var roles: Set<Role>?
        if let roleNames {
            roles = Set(roleNames.compactMap(Role.init(rawValue:)))
            for (index, name) in roleNames.enumerated() where Role(rawValue: name) == nil {
                errors.append(FieldError("roles[\(index)]", .unknownCode, ["value": name]))
            }
        }
        if let active, case .bool = active {
        } else if active != nil {
            errors.append(FieldError("active", .invalidType, ["expected": "boolean"]))
        }
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
        var account = try await store.users.find(id: id)
        if let roles { account = try await store.users.setRoles(id: id, roles: roles, actor: admin) }
        if case .bool(let value) = active, value != account.active {
            account =
                value
                ? try await store.users.reactivate(id: id, actor: admin)
                : try await store.users.deactivate(id: id, actor: admin)
        }
        return JSONResponse.make(Self.encode(account))
    }

    @Sendable func invite(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireAdmin(writing: true)
        var reader = FieldReader(try await JSONResponse.body(of: request, context: context))
        let email = reader.string("email") ?? ""
        let name = reader.string("name") ?? ""
        let organization = reader.string("organization") ?? ""
        let roleNames = reader.strings("roles") ?? []
        reader.rejectUnknown()
        var errors = reader.errors
        for (index, role) in roleNames.enumerated() where Role(rawValue: role) == nil {
            errors.append(FieldError("roles[\(index)]", .unknownCode, ["value": role]))
        }
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
        let secret = try await store.users.invite(
            email: email, name: name, organization: organization,
            roles: Set(roleNames.compactMap(Role.init(rawValue:))),
            actor: admin)
        return JSONResponse.make(
            .object([("email", .string(email.lowercased())), ("acceptPath", .string(SitePaths.invitation(secret)))]),
            status: .created)
    }

    @Sendable func createOrganization(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireAdmin(writing: true)
        let organization = try await Self.organization(from: request, context: context, code: nil)
        let saved = try await store.organizations.create(organization, actor: admin)
        return JSONResponse.make(
            OrganizationDTO.encode(saved), status: .created,
            headers: [.location: "/api/v1/organizations/\(saved.code)"])
    }

    @Sendable func replaceOrganization(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireAdmin(writing: true)
        let code = try context.parameters.require("code")
        let organization = try await Self.organization(from: request, context: context, code: code)
        return JSONResponse.make(
            OrganizationDTO.encode(try await store.organizations.update(organization, actor: admin)))
    }

    @Sendable func tokens(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let account = try await store.users.find(id: principal.userID)
        let (limit, cursor) = try MemoryPaging.parameters(request.uri.queryParameters)
        let page = try MemoryPaging.page(
            try await store.tokens.list(for: account), key: \.id, limit: limit, cursor: cursor)
        return JSONResponse.page(page, Self.encode)
    }

    @Sendable func createToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard principal.scope == .readWrite else { throw EnlaceError.forbidden(field: nil) }
        var reader = FieldReader(try await JSONResponse.body(of: request, context: context))
        let name = reader.string("name") ?? ""
        let scopeName = reader.string("scope") ?? TokenScope.read.rawValue
        reader.rejectUnknown()
        var errors = reader.errors
        let scope = TokenScope(rawValue: scopeName)
        if scope == nil { errors.append(FieldError("scope", .unknownCode, ["value": scopeName])) }
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
        let account = try await store.users.find(id: principal.userID)
        let (token, secret) = try await store.tokens.create(
            for: account, name: name, scope: scope ?? .read, actor: principal)
        guard case .object(var members) = Self.encode(token) else { throw EnlaceError.invalid([]) }
        members.append(("token", .string(secret)))
        return JSONResponse.make(.object(members), status: .created)
    }

    @Sendable func revokeToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard principal.scope == .readWrite else { throw EnlaceError.forbidden(field: nil) }
        let account = try await store.users.find(id: principal.userID)
        try await store.tokens.revoke(id: try context.parameters.require("id"), of: account, actor: principal)
        return Response(status: .noContent)
    }

    @Sendable func audit(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin(writing: false)
        let parameters = request.uri.queryParameters
        var errors: [FieldError] = []
        let allowed: Set<String> = ["actor", "organization", "action", "entityType", "entityID", "from", "to"]
        for (name, _) in parameters where !allowed.union(["limit", "cursor"]).contains(String(name)) {
            errors.append(FieldError(String(name), .unknownField))
        }
        var filter = AuditLog.Filter()
        filter.actorUser = parameters.get("actor")
        filter.actorOrganization = parameters.get("organization")
        filter.entityType = parameters.get("entityType")
        filter.entityID = parameters.get("entityID")
        if let action = parameters.get("action") {
            filter.action = AuditAction(rawValue: action)
            if filter.action == nil { errors.append(FieldError("action", .unknownCode, ["value": action])) }
        }
        for name in ["from", "to"] {
            guard let text = parameters.get(name) else { continue }
            guard let instant = Timestamp.parse(text) else {
                errors.append(FieldError(name, .invalidFormat, ["expected": "2026-01-31T00:00:00Z"]))
                continue
            }
            if name == "from" { filter.from = instant } else { filter.to = instant }
        }
        if !errors.isEmpty { throw RequestError.invalidQuery(errors) }
        let (limit, cursor) = try MemoryPaging.parameters(parameters, allowed: allowed)
        do {
            return JSONResponse.page(try await store.audit.list(filter, limit: limit, cursor: cursor), Self.encode)
        } catch EnlaceError.invalid(let errors) {
            throw RequestError.invalidQuery(errors)
        }
    }

    @Sendable func verify(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin(writing: false)
        let result = try await store.audit.verify()
        return JSONResponse.make(
            .object([
                ("entries", .integer(result.entries)), ("intact", .bool(result.firstBrokenLink == nil)),
                ("firstBrokenLink", .integer(result.firstBrokenLink)), ("reason", .string(result.reason)),
            ]))
    }

    @Sendable func history(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, entries) = try await store.activityHistory(
            id: try context.parameters.require("id"), for: context.viewer)
        return JSONResponse.make(
            .object([
                ("items", .array(entries.map(Self.historyEntry))), ("total", .integer(entries.count)),
                ("nextCursor", .null),
            ]))
    }

    /// An entry of a record's history: the audit entry without its place in the whole trail, whose gaps
    /// would count what happened elsewhere.
    static func historyEntry(_ entry: AuditEntry) -> JSONValue {
        guard case .object(let members) = encode(entry) else { return encode(entry) }
        return .object(members.filter { $0.0 != "sequence" })
    }

    private static func organization(
        from request: Request, context: AppRequestContext, code: String?
    ) async throws
        -> Organization
    {
        var reader = FieldReader(try await JSONResponse.body(of: request, context: context))
        let sentCode = reader.string("code")
        let name = reader.string("name") ?? ""
        let kindName = reader.string("kind")
        let country = reader.string("country")
        let parent = reader.string("parent")
        var member = true
        if let value = reader.value("member") {
            if case .bool(let flag) = value {
                member = flag
            } else {
                reader.rejectUnknown()
                throw EnlaceError.invalid("member", .invalidType, ["expected": "boolean"])
            }
        }
        reader.rejectUnknown()
        var errors = reader.errors
        let kind = kindName.flatMap(OrganizationKind.init(rawValue:))
        if kindName == nil { errors.append(FieldError("kind", .required)) }
        if let kindName, kind == nil { errors.append(FieldError("kind", .unknownCode, ["value": kindName])) }
        if let code, let sentCode, sentCode != code {
            errors.append(FieldError("code", .unchangeable, ["value": code]))
        }
        if code == nil && sentCode == nil { errors.append(FieldError("code", .required)) }
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
        return Organization(
            code: code ?? sentCode ?? "", name: name, kind: kind ?? .agency, country: country, parent: parent,
            isMember: member)
    }

    static func encode(_ account: UserAccount) -> JSONValue {
        .object([
            ("id", .string(account.id)), ("email", .string(account.email)), ("name", .string(account.name)),
            ("organization", .string(account.organization)),
            ("roles", .strings(account.roles.sorted().map(\.rawValue))),
            ("active", .bool(account.active)), ("secondFactor", .bool(account.secondFactor)),
            ("version", .integer(account.version)), ("createdAt", .string(Timestamp.format(account.createdAt))),
            ("updatedAt", .string(Timestamp.format(account.updatedAt))),
        ])
    }

    static func encode(_ token: APIToken) -> JSONValue {
        .object([
            ("id", .string(token.id)), ("name", .string(token.name)), ("prefix", .string(token.prefix)),
            ("scope", .string(token.scope.rawValue)), ("createdAt", .string(Timestamp.format(token.createdAt))),
            ("lastUsedAt", .string(token.lastUsedAt.map(Timestamp.format))),
            ("revokedAt", .string(token.revokedAt.map(Timestamp.format))),
        ])
    }

    static func encode(_ entry: AuditEntry) -> JSONValue {
        .object([
            ("sequence", .integer(entry.sequence)), ("occurredAt", .string(Timestamp.format(entry.occurredAt))),
            ("actor", .string(entry.actorUser)), ("organization", .string(entry.actorOrganization)),
            ("action", .string(entry.action.rawValue)), ("entityType", .string(entry.entityType)),
            ("entityID", .string(entry.entityID)),
            (
                "changes",
                .array(
                    entry.changes.map {
                        .object([
                            ("field", .string($0.field)), ("before", .string($0.before)), ("after", .string($0.after)),
                        ])
                    })
            ),
        ])
    }
}
