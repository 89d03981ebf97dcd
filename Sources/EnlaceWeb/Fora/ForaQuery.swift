import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// What a directory query of fora asks for, read the same way by the API and by the page.
enum ForaQuery {
    /// The fora a directory query asks for (the API and the page).
    static func filtered(
        _ fora: [Forum], _ parameters: Parameters, catalog: ReferenceCatalog, strict: Bool
    ) throws
        -> [Forum]
    {
        var query = QueryReader(parameters, allowed: ["country", "keyArea", "scope", "limit", "cursor"])
        let country = query.code("country") { catalog.country($0) != nil ? $0 : nil }
        let area = query.code("keyArea") { catalog.keyArea($0) != nil ? $0 : nil }
        let scope = query.code("scope", expected: "universal, regional or subregional") { ForumScope(rawValue: $0) }
        try query.finish(strict: strict)
        return fora.filter { forum in
            (country.map { forum.draft.members.contains($0) || forum.draft.scope == .universal } ?? true)
                && (area.map(forum.draft.keyAreas.contains) ?? true) && (scope.map { forum.draft.scope == $0 } ?? true)
        }
    }
}
