import ArgumentParser
import EnlaceCore
import EnlaceDemo
import EnlaceWeb
import Foundation

/// `enlace bench input`: what large and hostile input costs, from a body's parse to a search and a diff.
///
/// Every case is run in this process, `--runs` times; the median and the slowest are printed. Nothing is
/// served: these are the costs one request can ask for, before any network or database time.
struct BenchInput: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "input", abstract: "Measure what large and hostile input costs to read or refuse.")

    @Option(help: "Times each case runs.") var runs = 21
    @Option(help: "Activities in the index searched.") var activities = 100_000

    func run() async throws {
        print("case,bytes,outcome,median_ms,worst_ms")
        for item in HostileInputBenchmark.run(runs: runs) {
            print(line(item.name, item.bytes, item.outcome, item.median, item.worst))
        }
        for item in searches() + diffs() {
            print(line(item.name, item.bytes, item.outcome, item.median, item.worst))
        }
    }

    private func line(_ name: String, _ bytes: Int, _ outcome: String, _ median: Duration, _ worst: Duration) -> String
    {
        "\"\(name)\",\(bytes),\"\(outcome)\",\(Self.milliseconds(median)),\(Self.milliseconds(worst))"
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.2f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }

    /// Text searches: ordinary and hostile queries over the synthetic activities, then hostile queries over
    /// activities whose descriptions are the text those queries almost match (what a naive matcher makes
    /// quadratic).
    private func searches() -> [(name: String, bytes: Int, outcome: String, median: Duration, worst: Duration)] {
        let word = String(repeating: "a", count: 22) + "b"
        let eight = Array(repeating: word, count: 8).enumerated().map { "\($0.element)\($0.offset)" }
        let ordinary = ActivityIndex(SyntheticActivities.generate(count: activities))
        let adversarial = ActivityIndex(
            SyntheticActivities.generate(count: 10_000).map { activity -> Activity in
                var activity = activity
                activity.draft.description = String(repeating: "a", count: ActivityLimits.description)
                return activity
            })
        let cases: [(String, ActivityIndex, String)] = [
            ("\(activities) synthetic activities: one word", ordinary, "maritime"),
            (
                "\(activities) synthetic activities: 8 words", ordinary,
                "curso policia maritime navy justice cyber comunidad evidence"
            ),
            ("\(activities) synthetic activities: 8 words of aaa…ab", ordinary, eight.joined(separator: " ")),
            ("10000 activities of 10000 a's: one word of aaa…ab", adversarial, word),
            ("10000 activities of 10000 a's: 8 words of aaa…ab", adversarial, eight.joined(separator: " ")),
        ]
        return cases.map { label, index, text in
            var filter = ActivityFilter()
            filter.text = text
            var times: [Duration] = []
            var total = 0
            for _ in 0..<runs {
                let start = ContinuousClock.now
                total = (try? index.query(filter, sort: .default, limit: 50, cursor: nil).total) ?? -1
                times.append(ContinuousClock.now - start)
            }
            times.sort()
            return ("search of " + label, text.utf8.count, "\(total) found", times[times.count / 2], times.last!)
        }
    }

    /// The diff of a proposal's six parts, each rewritten whole at the longest length a section may have.
    private func diffs() -> [(name: String, bytes: Int, outcome: String, median: Duration, worst: Duration)] {
        func text(_ prefix: String) -> String {
            var words: [String] = []
            var length = 0
            var index = 0
            while length < ProposalLimits.section - 12 {
                let word = "\(prefix)\(index)"
                words.append(word)
                length += word.count + 1
                index += 1
            }
            return words.joined(separator: " ")
        }
        let old = text("x")
        let new = text("y")
        let interleaved = zip(old.split(separator: " "), new.split(separator: " ")).enumerated().map {
            $0.offset.isMultiple(of: 2) ? String($0.element.0) : String($0.element.1)
        }.joined(separator: " ")
        var results: [(String, Int, String, Duration, Duration)] = []
        for (label, before, after) in [
            ("every word changed", old, new), ("every other word changed", old, interleaved),
        ] {
            var times: [Duration] = []
            var runsOut = 0
            for _ in 0..<runs {
                let start = ContinuousClock.now
                // The six parts of a proposal: the title, then five sections.
                runsOut = (0..<6).map { _ in WordDiff.runs(from: before, to: after).count }.reduce(0, +)
                times.append(ContinuousClock.now - start)
            }
            times.sort()
            results.append(
                (
                    "word diff of six \(ProposalLimits.section)-character parts: \(label)", before.utf8.count * 12,
                    "\(runsOut) runs", times[times.count / 2], times.last!
                ))
        }
        return results
    }
}
