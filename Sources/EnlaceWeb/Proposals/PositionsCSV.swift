import EnlaceCore
import EnlaceInterop
import EnlaceStore
import Hummingbird

/// A round's positions as a spreadsheet: one row per invited member (answered or not), one column per
/// section's comment. The API and the round page both answer with it.
enum PositionsCSV {
    static func make(
        _ store: Store, proposal id: String, round number: Int, for viewer: Viewer
    ) async throws -> Response {
        let round = try await store.proposals.round(proposal: id, number: number, for: viewer)
        let positions = try await store.proposals.positions(proposal: id, round: number, for: viewer)
        let names = Dictionary(
            try await store.organizations.all().map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        var rows = [
            ["member", "member_name", "stance"] + Position.commentKeys.map { "comment_\($0)" } + [
                "recorded_by", "updated_at", "times_recorded",
            ]
        ]
        for member in round.invited {
            let position = positions.first { $0.member == member }
            rows.append(
                [member, names[member] ?? member, position?.stance.rawValue ?? ""]
                    + Position.commentKeys.map { position?.comments[$0] ?? "" } + [
                        position?.recordedBy ?? "", position.map { Timestamp.format($0.updatedAt) } ?? "",
                        position.map { String($0.revision) } ?? "",
                    ])
        }
        return CSVResponse.make(try CSVText.write(rows), name: "enlace-round-\(number)-positions.csv")
    }
}
