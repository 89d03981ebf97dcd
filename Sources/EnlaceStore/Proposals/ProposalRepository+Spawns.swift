public import EnlaceCore
import Foundation
import SQLKit

extension ProposalRepository {
    /// The records proposal `id` spawned, oldest first; activities the reader may not see are left out.
    public func spawned(id: String, for viewer: Viewer) async throws -> [SpawnedRecord] {
        _ = try await readable(id, for: viewer)
        let index = try await activities.index(database)
        let records = try await database.read { db in
            try await db.raw(
                "SELECT * FROM proposal_spawns WHERE proposal_id = \(bind: id) ORDER BY created_at, target_id"
            ).all().map(Self.decodeSpawn)
        }
        var visible: [SpawnedRecord] = []
        for record in records {
            switch record.kind {
            case .activity: if index.activity(id: record.id, for: viewer) != nil { visible.append(record) }
            case .series: if (try? await meetings.series(id: record.id, for: viewer)) != nil { visible.append(record) }
            }
        }
        return visible
    }

    /// The proposal that spawned `kind` record `target`, when there is one `viewer` may read.
    public func origin(of kind: SpawnKind, _ target: String, for viewer: Viewer) async throws -> Proposal? {
        let id = try await database.read { db in
            try await db.raw(
                "SELECT proposal_id FROM proposal_spawns WHERE kind = \(bind: kind.rawValue) AND target_id = \(bind: target)"
            ).first()?.decode(column: "proposal_id", as: String.self)
        }
        guard let id else { return nil }
        return try? await find(id: id, for: viewer)
    }

    /// The proposal `id` as `actor` reads it, provided it is adopted: only an adopted proposal spawns.
    func adopted(_ id: String, by actor: Principal) async throws -> Proposal {
        let proposal = try await find(id: id, for: .person(actor))
        guard proposal.status == .adopted else {
            throw EnlaceError.invalid("status", .notAdopted, ["status": proposal.status.rawValue])
        }
        return proposal
    }

    /// The member governments invited to the proposal's last round, for a spawned series.
    func lastInvited(_ id: String) async throws -> [String] {
        try await database.read { db in
            try await db.raw(
                "SELECT invited FROM consultation_rounds WHERE proposal_id = \(bind: id) ORDER BY number DESC"
            ).first()?.decode(column: "invited", as: String.self).split(separator: ",").map(String.init) ?? []
        }
    }

    /// Links `record` back to proposal `id`, inside the write that created it.
    func recordSpawn(_ record: SpawnedRecord, of id: String, by actor: Principal, _ db: any SQLDatabase) async throws {
        try await db.insert(into: "proposal_spawns").columns("proposal_id", "kind", "target_id", "created_at")
            .values(id, record.kind.rawValue, record.id, Timestamp.format(record.createdAt)).run()
        try await Self.audit(
            actor, .create, "\(id)/\(record.kind.rawValue)/\(record.id)", [:],
            ["proposal": id, "kind": record.kind.rawValue, "target": record.id], entity: "spawn", at: clock.now(), db)
    }

    static func decodeSpawn(_ row: any SQLRow) throws -> SpawnedRecord {
        guard let kind = SpawnKind(rawValue: try row.decode(column: "kind", as: String.self)),
            let created = Timestamp.parse(try row.decode(column: "created_at", as: String.self))
        else { throw StoreError.corruptRow(table: "proposal_spawns", column: "kind") }
        return SpawnedRecord(kind: kind, id: try row.decode(column: "target_id", as: String.self), createdAt: created)
    }
}

extension Store {
    /// Spawns from adopted proposal `id` what `input` asks for, linked back to it: a draft activity of
    /// the actor's own (lead) organisation, or, for the secretariat, a meeting series for its mechanisms.
    /// The record and its link back are written in one transaction.
    public func spawn(from id: String, _ input: SpawnInput, by actor: Principal) async throws -> SpawnedRecord {
        let kind = try input.checkedKind()
        let proposal = try await proposals.adopted(id, by: actor)
        let proposals = proposals
        switch kind {
        case .activity:
            guard ProposalPolicy.isLead(actor, proposal.draft.leads) else { throw EnlaceError.forbidden(field: "kind") }
            let activity = try await activities.create(
                input.activity(from: proposal, provider: actor.organization), by: actor
            ) { activity, db in
                try await proposals.recordSpawn(Self.spawned(activity), of: id, by: actor, db)
            }
            return Self.spawned(activity)
        case .series:
            guard ProposalPolicy.canRunWorkflow(.person(actor)) else { throw EnlaceError.forbidden(field: "kind") }
            let members = try await proposals.lastInvited(id)
            let series = try await meetings.createSeries(
                input.series(from: proposal, members: members, today: CalendarDate.today(proposals.clock)), by: actor
            ) { series, db in
                try await proposals.recordSpawn(Self.spawned(series), of: id, by: actor, db)
            }
            return Self.spawned(series)
        }
    }

    private static func spawned(_ activity: Activity) -> SpawnedRecord {
        SpawnedRecord(kind: .activity, id: activity.id, createdAt: activity.createdAt)
    }

    private static func spawned(_ series: MeetingSeries) -> SpawnedRecord {
        SpawnedRecord(kind: .series, id: series.id, createdAt: series.createdAt)
    }
}
