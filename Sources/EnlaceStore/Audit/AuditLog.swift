import Crypto
public import EnlaceCore
public import Foundation
import SQLKit

/// An audit event before the log has numbered and chained it.
public struct AuditRecord: Sendable {
    /// Who acted, if anyone known.
    public var actor: Principal?
    /// The acting user's id when there is no principal (a login in progress).
    public var actorUser: String?
    /// What happened.
    public var action: AuditAction
    /// The kind of record.
    public var entityType: String
    /// The record's id.
    public var entityID: String
    /// The field changes.
    public var changes: [FieldChange]

    /// Creates the record.
    public init(
        actor: Principal?, actorUser: String? = nil, action: AuditAction, entityType: String, entityID: String,
        changes: [FieldChange] = []
    ) {
        self.actor = actor
        self.actorUser = actorUser
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.changes = changes
    }
}

/// What walking the chain found.
public struct AuditVerification: Sendable, Equatable {
    /// How many entries were checked.
    public let entries: Int
    /// The sequence number of the first entry whose link is broken, or nil when the chain is whole.
    public let firstBrokenLink: Int?
    /// Why that link is broken.
    public let reason: String?
}

/// The append-only audit trail, hash-chained with SHA-256.
///
/// Entries are written inside the transaction of the change they record, so both commit or neither
/// does. The `audit_head` row holds the last number and hash; updating it locks it, so concurrent
/// writers take turns and the chain stays a chain.
public struct AuditLog: Sendable {
    let database: Database
    let clock: WallClock

    /// Appends `records` to the chain inside the caller's transaction.
    static func append(_ records: [AuditRecord], at now: Date, _ db: any SQLDatabase) async throws {
        guard !records.isEmpty else { return }
        let head = try await db.raw("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash").first()
        guard let head, var sequence = try? head.decode(column: "seq", as: Int.self),
            var previous = try? head.decode(column: "hash", as: String.self)
        else { throw StoreError.corruptRow(table: "audit_head", column: "seq") }
        var rows: [[any Encodable & Sendable]] = []
        for record in records {
            sequence += 1
            let entry = AuditEntry(
                sequence: sequence, occurredAt: now, actorUser: record.actor?.userID ?? record.actorUser,
                actorOrganization: record.actor?.organization, action: record.action, entityType: record.entityType,
                entityID: record.entityID, changes: record.changes)
            let hash = AuditChain.hash(previous: previous, entry: entry)
            rows.append([
                sequence, Timestamp.format(now), entry.actorUser, entry.actorOrganization, entry.action.rawValue,
                entry.entityType, entry.entityID, AuditChain.encode(entry.changes), previous, hash,
            ])
            previous = hash
        }
        try await InsertRows.run(
            into: "audit_events",
            columns: [
                "seq", "occurred_at", "actor_user", "actor_organization", "action", "entity_type", "entity_id",
                "changes", "prev_hash", "hash",
            ], rows, db)
        try await db.raw("UPDATE audit_head SET seq = \(bind: sequence), hash = \(bind: previous) WHERE id = 1").run()
    }

    /// Appends `records` in a transaction of their own (logins, failed logins).
    public func record(_ records: [AuditRecord]) async throws {
        let now = clock.now()
        try await database.write { db in try await Self.append(records, at: now, db) }
    }

    /// Walks the whole chain from the start and names the first entry whose link does not hold.
    ///
    /// A link breaks when an entry's stored previous hash is not its predecessor's hash, when its
    /// hash is not SHA-256 over that and its content, when a number is missing, or when the head
    /// does not point at the last entry.
    public func verify() async throws -> AuditVerification {
        try await database.read { db in
            var previous = AuditChain.genesis
            var expected = 1
            var count = 0
            for row in try await db.raw("SELECT * FROM audit_events ORDER BY seq").all() {
                let entry = try Self.decode(row)
                count += 1
                func broken(_ reason: String) -> AuditVerification {
                    AuditVerification(entries: count, firstBrokenLink: entry.sequence, reason: reason)
                }
                if entry.sequence != expected {
                    return AuditVerification(
                        entries: count, firstBrokenLink: expected, reason: "entry \(expected) is missing")
                }
                if try row.decode(column: "prev_hash", as: String.self) != previous {
                    return broken("its previous hash does not match entry \(expected - 1)")
                }
                let stored = try row.decode(column: "hash", as: String.self)
                if stored != AuditChain.hash(previous: previous, entry: entry) {
                    return broken("its content does not match its hash")
                }
                previous = stored
                expected += 1
            }
            let head = try await db.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first()
            if try head?.decode(column: "seq", as: Int.self) != count
                || head?.decode(column: "hash", as: String.self) != previous
            {
                return AuditVerification(
                    entries: count, firstBrokenLink: count + 1, reason: "the head does not point at the last entry")
            }
            return AuditVerification(entries: count, firstBrokenLink: nil, reason: nil)
        }
    }

    /// Entries about one record, oldest first.
    public func history(entityType: String, entityID: String) async throws -> [AuditEntry] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT * FROM audit_events WHERE entity_type = \(bind: entityType) AND entity_id = \(bind: entityID)
                ORDER BY seq
                """
            ).all().map(Self.decode)
        }
    }

    /// What the audit page and API filter on.
    public struct Filter: Sendable {
        public var actorUser: String?
        public var actorOrganization: String?
        public var action: AuditAction?
        public var entityType: String?
        public var entityID: String?
        public var from: Date?
        public var to: Date?

        /// A filter that matches every entry.
        public init() {}
    }

    /// A page of entries, newest first, after `cursor` (the sequence number last seen).
    public func list(_ filter: Filter, limit: Int, cursor: String?) async throws -> Page<AuditEntry> {
        var conditions: [SQLQueryString] = ["1 = 1"]
        if let value = filter.actorUser { conditions.append("actor_user = \(bind: value)") }
        if let value = filter.actorOrganization { conditions.append("actor_organization = \(bind: value)") }
        if let value = filter.action { conditions.append("action = \(bind: value.rawValue)") }
        if let value = filter.entityType { conditions.append("entity_type = \(bind: value)") }
        if let value = filter.entityID { conditions.append("entity_id = \(bind: value)") }
        if let value = filter.from { conditions.append("occurred_at >= \(bind: Timestamp.format(value))") }
        if let value = filter.to { conditions.append("occurred_at <= \(bind: Timestamp.format(value))") }
        let total = conditions
        var pageConditions = conditions
        if let cursor {
            guard let parsed = PageCursor(token: cursor), parsed.sort == "audit", let before = Int(parsed.key) else {
                throw EnlaceError.invalid("cursor", .invalidCursor)
            }
            pageConditions.append("seq < \(bind: before)")
        }
        let page = pageConditions
        let (rows, count) = try await database.read { db in
            let rows = try await db.raw(
                "SELECT * FROM audit_events WHERE " + page.joined(separator: " AND ")
                    + " ORDER BY seq DESC LIMIT \(literal: limit + 1)"
            ).all().map(Self.decode)
            let count =
                try await db.raw(
                    "SELECT COUNT(*) AS n FROM audit_events WHERE " + total.joined(separator: " AND ")
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            return (rows, count)
        }
        let items = Array(rows.prefix(limit))
        let next =
            rows.count > limit
            ? items.last.map { PageCursor(sort: "audit", key: String($0.sequence), id: "").token } : nil
        return Page(items: items, total: count, nextCursor: next)
    }

    static func decode(_ row: any SQLRow) throws -> AuditEntry {
        guard let action = AuditAction(rawValue: try row.decode(column: "action", as: String.self)),
            let occurredAt = Timestamp.parse(try row.decode(column: "occurred_at", as: String.self))
        else { throw StoreError.corruptRow(table: "audit_events", column: "action") }
        return AuditEntry(
            sequence: try row.decode(column: "seq", as: Int.self), occurredAt: occurredAt,
            actorUser: try row.decode(column: "actor_user", as: String?.self),
            actorOrganization: try row.decode(column: "actor_organization", as: String?.self), action: action,
            entityType: try row.decode(column: "entity_type", as: String.self),
            entityID: try row.decode(column: "entity_id", as: String.self),
            changes: try AuditChain.decode(try row.decode(column: "changes", as: String.self)))
    }
}

/// The hashing and the stored form of the audit chain.
enum AuditChain {
    /// The "previous hash" of the first entry.
    static let genesis = String(repeating: "0", count: 64)

    /// Hex SHA-256 over the previous hash's text and the entry's canonical form.
    static func hash(previous: String, entry: AuditEntry) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(previous.utf8))
        hasher.update(data: entry.canonical)
        return Secret.hex(Array(hasher.finalize()))
    }

    static func encode(_ changes: [FieldChange]) -> String { FieldChange.json(changes) }

    static func decode(_ text: String) throws -> [FieldChange] {
        try JSONDecoder().decode([FieldChange].self, from: Data(text.utf8))
    }
}
