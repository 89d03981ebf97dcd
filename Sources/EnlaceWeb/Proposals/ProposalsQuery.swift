import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// What a proposals query or path asks for, read the same way by the API and by the pages.
enum ProposalsQuery {
    /// The proposals a list query asks for (the API and the page).
    static func filtered(
        _ proposals: [Proposal], _ parameters: Parameters, catalog: ReferenceCatalog, strict: Bool
    ) throws -> [Proposal] {
        var query = QueryReader(parameters, allowed: ["status", "keyArea", "limit", "cursor"])
        let status = query.code("status") { ProposalStatus(rawValue: $0) }
        let area = query.code("keyArea") { catalog.keyArea($0) != nil ? $0 : nil }
        try query.finish(strict: strict)
        return proposals.filter { proposal in
            (status.map { proposal.status == $0 } ?? true) && (area.map(proposal.draft.keyAreas.contains) ?? true)
        }
    }

    /// The two versions `from` and `to` name: by default the one before the current, and the current. A
    /// number no version has names nothing (404), as its own address would.
    static func compared(
        _ store: Store, id: String, _ parameters: Parameters, for viewer: Viewer, strict: Bool
    ) async throws -> (ProposalVersion, ProposalVersion) {
        let proposal = try await store.proposals.find(id: id, for: viewer)
        var query = QueryReader(parameters, allowed: ["from", "to"])
        let range = 1...Int(Int32.max)
        let to = query.number("to", in: range) ?? proposal.textVersion
        let from = query.number("from", in: range) ?? max(to - 1, 1)
        try query.finish(strict: strict)
        return (
            try await store.proposals.version(id: id, number: from, for: viewer),
            try await store.proposals.version(id: id, number: to, for: viewer)
        )
    }

    /// The whole number in path parameter `name`; anything else names nothing.
    static func number(_ context: AppRequestContext, _ name: String, entity: String, id: String) throws -> Int {
        let text = try context.parameters.require(name)
        guard let number = Int(text), number > 0 else {
            throw EnlaceError.notFound(entity: entity, id: "\(id)/\(text)")
        }
        return number
    }
}
