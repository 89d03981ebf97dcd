import Foundation

/// What one template reads from its context, with the partials it includes: the members of `page` it names
/// (`{{page.title}}`, `{{#page.rows}}`) and the names under `paths`. Names read inside a section without a
/// prefix are not counted: Mustache looks for them up the whole context, so they need not be the model's.
struct TemplateReads: Sendable, Equatable {
    var page: Set<String> = []
    var paths: Set<String> = []
    var partials: Set<String> = []

    /// Every template under `directory`, by name (`activities/list`), partials resolved.
    static func scan(_ directory: URL) throws -> [String: TemplateReads] {
        var own: [String: TemplateReads] = [:]
        let root = directory.standardizedFileURL.path
        let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "mustache" else { continue }
            let path = file.standardizedFileURL.path
            let name = String(path.dropFirst(root.count + 1).dropLast(".mustache".count))
            own[name] = parse(try String(contentsOf: file, encoding: .utf8))
        }
        return own.mapValues { resolve($0, in: own) }
    }

    /// What `source` itself reads.
    static func parse(_ source: String) -> TemplateReads {
        var reads = TemplateReads()
        for tag in tags(source) {
            let kind = tag.first
            if kind == "!" { continue }
            if kind == ">" {
                reads.partials.insert(tag.dropFirst().trimmingCharacters(in: .whitespaces))
                continue
            }
            let name = tag.drop { "#^/&{".contains($0) }.trimmingCharacters(in: .whitespaces)
            let parts = name.split(separator: ".", maxSplits: 2)
            guard parts.count >= 2 else { continue }
            if parts[0] == "page" { reads.page.insert(String(parts[1])) }
            if parts[0] == "paths" { reads.paths.insert(String(parts[1])) }
        }
        return reads
    }

    /// The text between each `{{` and the next `}}`.
    private static func tags(_ source: String) -> [Substring] {
        var tags: [Substring] = []
        var rest = source[...]
        while let open = rest.range(of: "{{"), let close = rest.range(of: "}}", range: open.upperBound..<rest.endIndex)
        {
            tags.append(rest[open.upperBound..<close.lowerBound])
            rest = rest[close.upperBound...]
        }
        return tags
    }

    private static func resolve(_ reads: TemplateReads, in all: [String: TemplateReads]) -> TemplateReads {
        var result = reads
        var seen: Set<String> = []
        var queue = Array(reads.partials)
        while let next = queue.popLast() {
            guard seen.insert(next).inserted, let partial = all[next] else { continue }
            result.page.formUnion(partial.page)
            result.paths.formUnion(partial.paths)
            queue.append(contentsOf: partial.partials)
        }
        return result
    }
}
