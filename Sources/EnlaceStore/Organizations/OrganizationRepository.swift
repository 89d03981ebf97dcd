public import EnlaceCore
import Foundation
import SQLKit

/// Organisations: read by everyone, written by administrators, the command line and the demo.
///
/// Every write advances the `organizations` change counter, so that each instance's directory
/// (and so every principal built from it) follows at once.
public struct OrganizationRepository: Sendable {
    let database: Database
    let clock: WallClock
    let catalog: ReferenceCatalog
    let directory: OrganizationDirectory

    /// Every organisation, by code.
    public func all() async throws -> [Organization] {
        try await directory.current(database).byCode.values.sorted { $0.code < $1.code }
    }

    /// The organisation with `code`, if any.
    public func find(code: String) async throws -> Organization? {
        try await directory.current(database).byCode[code]
    }

    /// `code` and the organisations above it, nearest first.
    public func lineage(of code: String) async throws -> [String] {
        try await directory.current(database).lineage(of: code)
    }

    /// Creates a new organisation after checking it; `actor` is the administrator (nil from the command line).
    public func create(_ organization: Organization, actor: Principal?) async throws -> Organization {
        try await write(organization, actor: actor, creating: true)
    }

    /// Replaces an existing organisation's name, kind, country, parent and membership.
    public func update(_ organization: Organization, actor: Principal) async throws -> Organization {
        try await write(organization, actor: actor, creating: false)
    }

    /// Stores organisations without the checks of ``create(_:actor:)``: for the demo and test fixtures,
    /// whose data is known good. New codes are created, existing ones replaced.
    public func save(_ organizations: [Organization]) async throws {
        let now = clock.now()
        try await database.write { db in
            for organization in organizations {
                try await Self.upsert(organization, at: now, db)
            }
            _ = try await ChangeCounters.advance(.organizations, db)
        }
    }

    private func write(_ organization: Organization, actor: Principal?, creating: Bool) async throws -> Organization {
        var organization = organization
        organization.name = organization.name.trimmingCharacters(in: .whitespaces)
        var errors: [FieldError] = []
        if !ActivityInput.isOrganizationCode(organization.code) {
            errors.append(FieldError("code", .invalidFormat, ["expected": "US-INL"]))
        }
        if organization.name.isEmpty {
            errors.append(FieldError("name", .required))
        } else if organization.name.count > 200 {
            errors.append(FieldError("name", .tooLong, ["max": "200"]))
        }
        if let country = organization.country, catalog.country(country) == nil {
            errors.append(FieldError("country", .unknownCode, ["value": country]))
        }
        let directory = try await self.directory.current(database)
        let existing = directory.byCode[organization.code]
        if creating, existing != nil { errors.append(FieldError("code", .taken)) }
        if !creating, existing == nil { throw EnlaceError.notFound(entity: "organization", id: organization.code) }
        if let parent = organization.parent {
            if directory.byCode[parent] == nil {
                errors.append(FieldError("parent", .unknownCode, ["value": parent]))
            } else if directory.lineage(of: parent).contains(organization.code) {
                errors.append(FieldError("parent", .cycle, ["value": parent]))
            }
        }
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
        let now = clock.now()
        let saved = organization
        try await database.write { db in
            try await Self.upsert(saved, at: now, db)
            _ = try await ChangeCounters.advance(.organizations, db)
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: creating ? .create : .update, entityType: "organization",
                        entityID: saved.code,
                        changes: FieldChange.diff(existing.map(Self.auditFields) ?? [:], Self.auditFields(saved)))
                ], at: now, db)
        }
        return saved
    }

    private static func upsert(_ organization: Organization, at now: Date, _ db: any SQLDatabase) async throws {
        try await db.insert(into: "organizations")
            .columns("code", "name", "kind", "country", "parent_code", "is_member", "created_at", "updated_at")
            .values(
                organization.code, organization.name, organization.kind.rawValue, organization.country,
                organization.parent, organization.isMember ? 1 : 0, Timestamp.format(now), Timestamp.format(now)
            )
            .onConflict(with: ["code"]) {
                $0.set(excludedValueOf: "name").set(excludedValueOf: "kind").set(excludedValueOf: "country")
                    .set(excludedValueOf: "parent_code").set(excludedValueOf: "is_member")
                    .set(excludedValueOf: "updated_at")
            }
            .run()
    }

    static func auditFields(_ organization: Organization) -> [String: String] {
        var fields = [
            "code": organization.code, "name": organization.name, "kind": organization.kind.rawValue,
            "member": organization.isMember ? "true" : "false",
        ]
        if let country = organization.country { fields["country"] = country }
        if let parent = organization.parent { fields["parent"] = parent }
        return fields
    }

    static func decode(_ row: any SQLRow) throws -> Organization {
        Organization(
            code: try row.decode(column: "code", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            kind: OrganizationKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .agency,
            country: try row.decode(column: "country", as: String?.self),
            parent: try row.decode(column: "parent_code", as: String?.self),
            isMember: try row.decode(column: "is_member", as: Int.self) != 0)
    }
}

extension OrganizationRepository {
    /// The codes among `codes` that name no organisation, checked inside the caller's transaction.
    static func unknownCodes(_ codes: [String], _ db: any SQLDatabase) async throws -> Set<String> {
        let asked = Array(Set(codes)).sorted()
        guard !asked.isEmpty else { return [] }
        let known = Set(
            try await db.raw("SELECT code FROM organizations WHERE code IN (\(binds: asked))").all()
                .map { try $0.decode(column: "code", as: String.self) })
        return Set(asked).subtracting(known)
    }
}
