public import EnlaceCore
import Foundation

/// The real bodies the directory starts with, from `fora.json` (sources in `docs/fora-sources.md`).
public enum ForumSeed {
    /// The seeded fora, parents first.
    public static func load() throws -> [Forum] {
        guard let url = Bundle.module.url(forResource: "fora", withExtension: "json", subdirectory: "reference") else {
            throw ConfigurationError("the reference data file fora.json is missing from the installation")
        }
        let entries = try JSONDecoder().decode([Entry].self, from: Data(contentsOf: url))
        return try entries.map { entry in
            guard let scope = ForumScope(rawValue: entry.scope) else {
                throw ConfigurationError("fora.json gives \(entry.id) an unknown scope \(entry.scope)")
            }
            func languages(_ texts: [String: String]) -> [Language: String] {
                Dictionary(
                    uniqueKeysWithValues: texts.compactMap { code, text in
                        text.isEmpty ? nil : Language(rawValue: code).map { ($0, text) }
                    })
            }
            return Forum(
                id: entry.id,
                draft: ForumDraft(
                    names: LocalizedText(languages(entry.name)), acronym: entry.acronym, scope: scope,
                    parent: entry.parent.isEmpty ? nil : entry.parent, members: entry.members,
                    keyAreas: entry.keyAreas, topics: entry.topics,
                    website: entry.website.isEmpty ? nil : entry.website, description: languages(entry.description)),
                version: 1)
        }
    }

    private struct Entry: Decodable {
        let id: String
        let name: [String: String]
        let acronym: String
        let scope: String
        let parent: String
        let members: [String]
        let keyAreas: [String]
        let topics: [String]
        let website: String
        let description: [String: String]
    }
}
