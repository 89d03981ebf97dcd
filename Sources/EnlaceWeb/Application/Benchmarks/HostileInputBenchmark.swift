import EnlaceCore
import Foundation
import NIOCore

/// What `enlace bench input` measures of the web layer: how long one large or hostile body costs to read
/// (or to refuse), so that the bounds claimed in docs/security.md are figures, not hopes.
public enum HostileInputBenchmark {
    /// One measured case.
    public struct Case: Sendable {
        public let name: String
        public let bytes: Int
        public let outcome: String
        public let median: Duration
        public let worst: Duration
    }

    /// Each case run `runs` times: the median and the slowest.
    public static func run(runs: Int = 21) -> [Case] {
        [
            measure("1 MiB of activity-like JSON", realisticJSON(), runs: runs, parseJSON),
            measure("1 MiB object of 60,000 distinct keys (refused)", manyKeys(), runs: runs, parseJSON),
            measure("1 MiB array of 500,000 numbers (refused)", manyValues(), runs: runs, parseJSON),
            measure("1 MiB of 64-deep nesting, over and over", deepNesting(), runs: runs, parseJSON),
            measure("1 MiB form of 45,000 fields (refused)", manyFields(), runs: runs, parseForm),
            measure("1 MiB form of 4,000 long fields", longFields(), runs: runs, parseForm),
            measure("merge patch of 1,000 members onto 1,000", mergeTarget(), runs: runs, mergePatch),
        ]
    }

    private static func measure(
        _ name: String, _ body: [UInt8], runs: Int, _ work: ([UInt8]) -> String
    ) -> Case {
        var times: [Duration] = []
        var outcome = ""
        for _ in 0..<runs {
            let start = ContinuousClock.now
            outcome = work(body)
            times.append(ContinuousClock.now - start)
        }
        times.sort()
        return Case(name: name, bytes: body.count, outcome: outcome, median: times[times.count / 2], worst: times.last!)
    }

    private static func parseJSON(_ body: [UInt8]) -> String {
        do {
            _ = try JSONValue.parse(body)
            return "parsed"
        } catch {
            return "refused: " + error.message.prefix(70)
        }
    }

    private static func parseForm(_ body: [UInt8]) -> String {
        do {
            let form = try FormData.parse(String(decoding: body, as: UTF8.self))
            // A handler reads a few hundred names; each is found through the index.
            let found = (0..<500).filter { form.value("providers[\($0)].organization") != nil }.count
            return "parsed, \(form.pairs.count) fields, \(found) read"
        } catch {
            return "refused"
        }
    }

    private static func mergePatch(_ body: [UInt8]) -> String {
        guard case .object(let members) = (try? JSONValue.parse(body)) ?? .null else { return "not an object" }
        let patch = JSONValue.object(members.map { ("p" + $0.0, $0.1) })
        let merged = MergePatch.apply(patch, to: .object(members))
        guard case .object(let result) = merged else { return "not an object" }
        return "\(result.count) members"
    }

    // MARK: - Bodies

    private static let size = 1 << 20

    private static func realisticJSON() -> [UInt8] {
        var items: [String] = []
        var length = 0
        var index = 0
        while length < size - 2_000 {
            let item = """
                {"title":"Maritime interdiction course \(index)","description":"Boarding, vessel search and chain of custody for the navy, module \(index).","language":"en","providers":[{"organization":"US-INL","role":"funding"},{"organization":"CO-ARC","role":"implementing"}],"recipientCountries":["HN","GT"],"keyAreas":["narco-trafficking"],"topics":["maritime-interdiction"],"kind":"course","plannedStart":"2026-03-02","plannedEnd":"2026-03-13","status":2,"participantsPlanned":30,"budget":{"amount":"125000.50","currency":"USD"},"location":{"name":"Puerto Cortés","lat":15.85,"lon":-87.94}}
                """
            items.append(item)
            length += item.utf8.count + 1
            index += 1
        }
        return Array(("{\"items\":[" + items.joined(separator: ",") + "]}").utf8)
    }

    private static func manyKeys() -> [UInt8] {
        Array(("{" + (0..<60_000).map { "\"key\($0)\":0" }.joined(separator: ",") + "}").utf8)
    }

    private static func manyValues() -> [UInt8] {
        Array(("[" + Array(repeating: "1", count: 500_000).joined(separator: ",") + "]").utf8)
    }

    private static func deepNesting() -> [UInt8] {
        let nest = String(repeating: "[", count: 60) + "1" + String(repeating: "]", count: 60)
        return Array(("[" + Array(repeating: nest, count: size / 130).joined(separator: ",") + "]").utf8)
    }

    private static func manyFields() -> [UInt8] {
        Array((0..<45_000).map { "providers[\($0)].role=x" }.joined(separator: "&").prefix(size).utf8)
    }

    private static func longFields() -> [UInt8] {
        let value = String(repeating: "a", count: 250)
        return Array((0..<4_000).map { "providers[\($0)].organization=\(value)" }.joined(separator: "&").utf8)
    }

    private static func mergeTarget() -> [UInt8] {
        Array(("{" + (0..<1_000).map { "\"k\($0)\":{\"a\":[1,2,3],\"b\":\"text\"}" }.joined(separator: ",") + "}").utf8)
    }
}
