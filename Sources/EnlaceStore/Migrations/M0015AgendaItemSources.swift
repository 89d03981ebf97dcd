import EnlaceCore
import Foundation
import SQLKit

/// An agenda item accepted from an overlap keeps the overlap it came from instead of a copy of the two
/// activities' titles, which anyone who read the meeting read, whether or not they could read the
/// activities. Items accepted before this migration lose the stored copy and get the reference.
struct M0015AgendaItemSources: Migration {
    let version = 15
    let name = "agenda items accepted from an overlap refer to it instead of copying its titles"

    func apply(to db: any SQLDatabase, engine: DatabaseEngine) async throws {
        try await db.alter(table: "agenda_items").column("from_overlap", type: .text).run()
        let accepted = try await db.raw(
            "SELECT meeting_id, overlap_id FROM agenda_suggestions WHERE answer = 'accepted'"
        ).all()
        for row in accepted {
            let meeting = try row.decode(column: "meeting_id", as: String.self)
            let overlap = try row.decode(column: "overlap_id", as: String.self)
            let items = try await db.raw("SELECT id, links FROM agenda_items WHERE meeting_id = \(bind: meeting)").all()
            for item in items {
                let links = try JSONDecoder().decode(
                    [AgendaLink].self, from: Data(try item.decode(column: "links", as: String.self).utf8))
                // What accepting a suggestion wrote, and nothing a chair wrote by hand: the overlap, then its pair.
                guard links.count == 3, links[0] == AgendaLink(kind: .overlap, reference: overlap),
                    links[1].kind == .activity, links[2].kind == .activity
                else { continue }
                try await db.raw(
                    """
                    UPDATE agenda_items SET title = '', from_overlap = \(bind: overlap)
                    WHERE id = \(bind: try item.decode(column: "id", as: String.self))
                    """
                ).run()
            }
        }
    }
}
