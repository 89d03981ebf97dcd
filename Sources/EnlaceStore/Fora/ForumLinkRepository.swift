public import EnlaceCore
import Foundation
import SQLKit

/// Which fora activities and meeting series concern, and, turned around, what links to a forum.
///
/// A link is set by whoever may change the record it starts from (an activity's editors, a series'
/// chairs) and read by whoever may read that record: a forum's page lists only what its reader may see.
public struct ForumLinkRepository: Sendable {
    let database: Database
    let clock: WallClock
    let fora: ForumRepository
    let activities: ActivityRepository
    let meetings: MeetingRepository
    let proposals: ProposalRepository

    /// What links to forum `forum`, of what `viewer` may read.
    public struct Inbound: Sendable {
        public var activities: [Activity]
        public var series: [MeetingSeries]
        public var proposals: [Proposal]
    }

    /// The fora linked from `kind` record `id` (already read by the caller), by acronym.
    public func fora(of kind: ForumLinkKind, _ id: String) async throws -> [Forum] {
        let linked = Set(try await targets(kind, id))
        return try await fora.all().filter { linked.contains($0.id) }
    }

    /// The fora activity `id` concerns, when `viewer` may read it.
    public func fora(ofActivity id: String, for viewer: Viewer) async throws -> [Forum] {
        _ = try await activities.find(id: id, for: viewer)
        return try await fora(of: .activity, id)
    }

    /// The fora series `id` concerns, when `viewer` may read it.
    public func fora(ofSeries id: String, for viewer: Viewer) async throws -> [Forum] {
        _ = try await meetings.series(id: id, for: viewer)
        return try await fora(of: .series, id)
    }

    /// Sets the fora activity `id` concerns; its editors do.
    public func setFora(ofActivity id: String, _ fora: [String], by actor: Principal) async throws -> [Forum] {
        let activity = try await activities.find(id: id, for: .person(actor))
        guard try await activities.canEdit(activity, viewer: .person(actor)) else {
            throw EnlaceError.forbidden(field: "fora")
        }
        return try await set(.activity, id, fora, entity: "activity", by: actor)
    }

    /// Sets the fora series `id` concerns; its chairs do.
    public func setFora(ofSeries id: String, _ fora: [String], by actor: Principal) async throws -> [Forum] {
        let series = try await meetings.series(id: id, for: .person(actor))
        guard meetings.canChair(series, viewer: .person(actor)) else { throw EnlaceError.forbidden(field: "fora") }
        return try await set(.series, id, fora, entity: "series", by: actor)
    }

    /// What links to forum `forum` that `viewer` may read.
    public func inbound(to forum: String, for viewer: Viewer) async throws -> Inbound {
        _ = try await fora.find(id: forum)
        let rows = try await database.read { db in
            try await db.raw(
                "SELECT kind, target_id FROM forum_links WHERE forum_id = \(bind: forum) ORDER BY target_id"
            )
            .all().map { row in
                (try row.decode(column: "kind", as: String.self), try row.decode(column: "target_id", as: String.self))
            }
        }
        var result = Inbound(activities: [], series: [], proposals: [])
        for (kind, id) in rows {
            switch ForumLinkKind(rawValue: kind) {
            case .activity:
                if let activity = try? await activities.find(id: id, for: viewer) { result.activities.append(activity) }
            case .series:
                if let series = try? await meetings.series(id: id, for: viewer) { result.series.append(series) }
            case nil: continue
            }
        }
        if viewer.principal != nil { result.proposals = try await proposals.linking(forum: forum, for: viewer) }
        return result
    }

    private func targets(_ kind: ForumLinkKind, _ id: String) async throws -> [String] {
        try await database.read { db in
            try await db.raw(
                "SELECT forum_id FROM forum_links WHERE kind = \(bind: kind.rawValue) AND target_id = \(bind: id)"
            ).all().map { try $0.decode(column: "forum_id", as: String.self) }
        }
    }

    private func set(
        _ kind: ForumLinkKind, _ id: String, _ chosen: [String], entity: String, by actor: Principal
    ) async throws -> [Forum] {
        let known = Set(try await fora.all().map(\.id))
        var errors: [FieldError] = []
        var ids: [String] = []
        for (index, forum) in chosen.enumerated() {
            if !known.contains(forum) {
                errors.append(FieldError("fora[\(index)]", .unknownCode, ["value": forum]))
            } else if ids.contains(forum) {
                errors.append(FieldError("fora[\(index)]", .duplicate, ["value": forum]))
            } else {
                ids.append(forum)
            }
        }
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
        let chosenIDs = ids
        let before = try await targets(kind, id).sorted()
        try await database.write { db in
            try await db.delete(from: "forum_links").where("kind", .equal, kind.rawValue).where("target_id", .equal, id)
                .run()
            for forum in chosenIDs {
                try await db.insert(into: "forum_links").columns("forum_id", "kind", "target_id")
                    .values(forum, kind.rawValue, id).run()
            }
            try await AuditLog.append(
                [
                    AuditRecord(
                        actor: actor, action: .update, entityType: entity, entityID: id,
                        changes: FieldChange.diff(
                            ["fora": before.joined(separator: ",")], ["fora": chosenIDs.sorted().joined(separator: ",")]
                        ))
                ], at: clock.now(), db)
        }
        return try await fora(of: kind, id)
    }
}

/// What a forum link starts from.
public enum ForumLinkKind: String, Sendable {
    case activity
    case series
}
