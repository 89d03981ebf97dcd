public import Foundation

/// What happened, for the audit trail.
public enum AuditAction: String, CaseIterable, Sendable, Codable {
    case create
    case update
    case archive
    case markingChange = "marking-change"
    case login
    case loginFailed = "login-failed"
    case logout
    case roleChange = "role-change"
    case tokenCreate = "token-create"
    case tokenRevoke = "token-revoke"
    case invite
    case passwordSet = "password-set"
    case deactivate
    case reactivate
    case secondFactor = "second-factor"
    /// A coordinator decided an overlap.
    case decide
    /// An overlap reopened because one of its activities changed materially.
    case reopen
    /// A record removed for good (a focal point who left their post).
    case delete
    /// The secretariat told an activity's owners of an overlap they may not see.
    case notify
}

/// One field's value before and after a change; nil where the field was absent.
public struct FieldChange: Sendable, Hashable, Codable {
    /// The field, in API names (`title`, `releasability.marking`).
    public var field: String
    /// The value before, as text.
    public var before: String?
    /// The value after, as text.
    public var after: String?

    /// Creates the change.
    public init(field: String, before: String?, after: String?) {
        self.field = field
        self.before = before
        self.after = after
    }

    /// The fields that differ between two field maps, in field order.
    public static func diff(_ before: [String: String], _ after: [String: String]) -> [FieldChange] {
        Set(before.keys).union(after.keys).sorted().compactMap { field in
            before[field] == after[field] ? nil : FieldChange(field: field, before: before[field], after: after[field])
        }
    }
}

/// One event of the append-only audit trail. The store chains entries with SHA-256 over the
/// previous hash and ``canonical``, so that changing any stored entry breaks the chain after it.
public struct AuditEntry: Sendable, Hashable {
    /// The position in the chain, from 1.
    public var sequence: Int
    /// When it happened.
    public var occurredAt: Date
    /// The user who acted, or nil (a failed login for no known account, the system).
    public var actorUser: String?
    /// The actor's organisation, if any.
    public var actorOrganization: String?
    /// What happened.
    public var action: AuditAction
    /// The kind of record (`activity`, `user`, `session`…).
    public var entityType: String
    /// The record's id.
    public var entityID: String
    /// The field changes.
    public var changes: [FieldChange]

    /// Creates the entry.
    public init(
        sequence: Int, occurredAt: Date, actorUser: String?, actorOrganization: String?, action: AuditAction,
        entityType: String, entityID: String, changes: [FieldChange]
    ) {
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.actorUser = actorUser
        self.actorOrganization = actorOrganization
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.changes = changes
    }

    /// The one byte-exact text of the entry that the hash covers: fields in a fixed order,
    /// each length-prefixed, so that no two different entries share a canonical form.
    public var canonical: [UInt8] {
        var parts = [
            String(sequence), Timestamp.format(occurredAt), actorUser ?? "", actorOrganization ?? "", action.rawValue,
            entityType, entityID, String(changes.count),
        ]
        for change in changes {
            parts += [change.field, change.before.map { "=" + $0 } ?? "-", change.after.map { "=" + $0 } ?? "-"]
        }
        var bytes: [UInt8] = []
        for part in parts {
            bytes += Array(String(part.utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes += Array(part.utf8)
        }
        return bytes
    }
}
