import ArgumentParser
import EnlaceCore
import EnlaceDemo
import EnlaceInterop
import EnlaceStore
import Foundation

/// `enlace bench deconflict`: overlap detection and coverage at scale, in memory, with five figures.
///
/// 1. the full pass over N activities; 2. the pairs it finds; 3. brute force against the sweep on
/// 20,000; 4. the p99 of checking one activity on save against N stored; 5. the coverage matrix over N.
struct BenchDeconflict: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deconflict", abstract: "Benchmark overlap detection and the coverage matrix.")

    @Option(help: "Synthetic activities to generate.") var count = 100_000
    @Option(
        name: .customLong("from"),
        help:
            "Run on the activities of this CSV file instead (id,country,area,start,end[,topic,beneficiary,title,description,provider])."
    )
    var file: String?
    @Option(help: "Days of margin around date windows.") var margin = 30
    @Option(help: "Activities for the brute-force comparison.") var bruteForce = 20_000
    @Option(help: "Activities checked one by one for the incremental figure.") var checks = 2_000
    @Option(help: "Seed of the synthetic activities.") var seed: UInt64 = 7

    func run() throws {
        let settings = DeconflictionSettings(marginDays: margin)
        let (subjects, activities, source) = try load()
        print("\(subjects.count) activities (\(source)), margin \(margin) days, threshold \(settings.threshold)")

        let cores = ProcessInfo.processInfo.activeProcessorCount
        let (index, build) = Self.time { DeconflictionIndex(subjects, settings: settings) }
        print(String(format: "index build:            %8.1f ms  (profiles and buckets, once at start)", build))

        var passTimes: [Double] = []
        var pass = index.fullPass()
        for _ in 0..<3 {
            let (result, elapsed) = Self.time { index.fullPass() }
            pass = result
            passTimes.append(elapsed)
        }
        let fullPass = passTimes.sorted()[1]
        print(
            String(
                format: "1. full pass:           %8.1f ms  median of 3, on %d cores (target ≤ 2000 ms)", fullPass, cores
            ))
        print("2. pairs found:          \(pass.overlaps.count) overlaps among \(pass.candidates) candidate pairs")

        let sample = Array(subjects.prefix(bruteForce))
        let small = DeconflictionIndex(sample, settings: settings)
        var sweepTimes: [Double] = []
        var sweepCount = 0
        for _ in 0..<5 {
            let (count, elapsed) = Self.time { small.sweepCandidateCount() }
            sweepCount = count
            sweepTimes.append(elapsed)
        }
        let sweepTime = sweepTimes.sorted()[2]
        let (bruteCount, bruteTime) = Self.time { small.bruteForceCandidateCount() }
        print(
            String(
                format:
                    "3. brute force on %d:  %8.1f ms  vs sweep %.2f ms (median of 5), one core each: %.0f× faster (target ≥ 100×); %d candidates by both: %@",
                sample.count, bruteTime, sweepTime, bruteTime / max(sweepTime, 0.001), sweepCount,
                sweepCount == bruteCount ? "the same count" : "DIFFERENT COUNTS (\(bruteCount))"))
        let (sweepPass, sweepScored) = Self.time { small.fullPass(workers: 1) }
        let (brutePass, bruteScored) = Self.time { small.bruteForcePass() }
        print(
            String(
                format:
                    "   with scoring:         brute force %.1f ms vs sweep %.1f ms, one core each: %.0f× (scoring the same %d candidates is common to both); same overlaps: %@",
                bruteScored, sweepScored, bruteScored / max(sweepScored, 0.001), sweepPass.candidates,
                Set(sweepPass.overlaps) == Set(brutePass.overlaps) ? "yes" : "NO"))

        var random = SeededRandom(seed: seed &+ 1)
        var latencies: [Double] = []
        for _ in 0..<checks {
            var subject = subjects[Int.random(in: 0..<subjects.count, using: &random)]
            subject.id = random.uuid()
            let shift = Int.random(in: -20...20, using: &random)
            subject.window =
                subject.window.lowerBound.adding(days: shift)...subject.window.upperBound.adding(days: shift)
            let (_, elapsed) = Self.time { index.overlaps(with: subject) }
            latencies.append(elapsed)
        }
        latencies.sort()
        print(
            String(
                format:
                    "4. incremental check:    p99 %.3f ms, p50 %.3f ms, max %.3f ms over %d saves, %d stored (target p99 ≤ 5 ms)",
                Self.percentile(latencies, 0.99), Self.percentile(latencies, 0.5), latencies.last ?? 0, checks,
                subjects.count))

        let countries = Array(Set(activities.flatMap(\.draft.recipientCountries))).sorted()
        let areas = Array(Set(activities.flatMap(\.draft.keyAreas))).sorted()
        // The calendar year of the median start: a year the activities fill.
        let starts = activities.map(\.draft.plannedStart).sorted()
        let year = starts.isEmpty ? DemoDataset.referenceDate.year : starts[starts.count / 2].year
        let window = CalendarDate(year: year, month: 1, day: 1)!...CalendarDate(year: year, month: 12, day: 31)!
        var coverageTimes: [Double] = []
        var matrix: CoverageMatrix?
        for _ in 0..<5 {
            let (result, elapsed) = Self.time {
                CoverageMatrix(activities: activities, countries: countries, areas: areas, window: window)
            }
            matrix = result
            coverageTimes.append(elapsed)
        }
        let cells = matrix?.cells ?? []
        print(
            String(
                format:
                    "5. coverage matrix:      %8.1f ms  median of 5, %d × %d cells for %@, %d gaps, %d saturated (target ≤ 100 ms)",
                coverageTimes.sorted()[2], countries.count, areas.count, "\(window.lowerBound.year)",
                cells.filter(\.isGap).count, cells.filter(\.isSaturated).count))

        if file == nil {
            let evaluation = DemoDataset.generate().evaluateOverlapDetection(settings: settings)
            print(
                String(
                    format:
                        "demo labelled pairs:     precision %.3f, recall %.3f (%d found, %d false alarms, %d missed, %d look-alikes passed over)",
                    evaluation.precision, evaluation.recall, evaluation.truePositives, evaluation.falsePositives,
                    evaluation.falseNegatives, evaluation.trueNegatives))
            for mistake in evaluation.mistakes { print("  \(mistake)") }
        }
    }

    /// The subjects and activities to measure, and where they came from.
    func load() throws -> ([OverlapSubject], [Activity], String) {
        guard let file else {
            let activities = SyntheticActivities.generate(count: count, seed: seed)
            return (activities.map(OverlapSubject.init), activities, "synthetic, seed \(seed)")
        }
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read \(file) as UTF-8 text")
        }
        let rows = try CSVActivities.read(text)
        return (rows.map(\.subject), rows.map(\.activity), file)
    }

    static func time<T>(_ body: () -> T) -> (T, Double) {
        let start = ContinuousClock.now
        let result = body()
        let elapsed = ContinuousClock.now - start
        return (result, Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    }

    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
    }
}

/// Activities given as CSV for the benchmark: `id,country,area,start,end`, optionally `topic`,
/// `beneficiary`, `title`, `description`, `provider`.
enum CSVActivities {
    struct Row {
        var subject: OverlapSubject
        var activity: Activity
    }

    static func read(_ text: String) throws -> [Row] {
        let (header, rows) = try CSVText.read(text)
        let column = Dictionary(header.enumerated().map { ($1.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        for required in ["id", "country", "area", "start", "end"] where column[required] == nil {
            throw ValidationError("the CSV file has no \(required) column; it needs id,country,area,start,end")
        }
        return try rows.enumerated().map { number, fields in
            func field(_ name: String) -> String? {
                column[name].flatMap { $0 < fields.count ? fields[$0] : nil }.flatMap { $0.isEmpty ? nil : $0 }
            }
            guard let start = field("start").flatMap({ CalendarDate(iso: $0) }),
                let end = field("end").flatMap({ CalendarDate(iso: $0) }), start <= end, let id = field("id"),
                let country = field("country"), let area = field("area")
            else {
                throw ValidationError(
                    "row \(number + 2) of the CSV file needs an id, country, area and ISO start ≤ end dates")
            }
            let provider = field("provider") ?? "unknown"
            let draft = ActivityDraft(
                title: field("title") ?? "", description: field("description") ?? "", language: .en,
                providers: [Provider(organization: provider, role: .implementing)], recipientCountries: [country],
                beneficiary: field("beneficiary"), keyAreas: [area], topics: field("topic").map { [$0] } ?? [],
                kind: .course, modality: .inCountry, plannedStart: start, plannedEnd: end, status: .implementation)
            var subject = OverlapSubject(
                Activity(id: id, owner: provider, draft: draft, version: 1, createdAt: .now, updatedAt: .now))
            subject.kind = nil  // The file gives no kind; compare it as unknown rather than as a course.
            return Row(
                subject: subject,
                activity: Activity(id: id, owner: provider, draft: draft, version: 1, createdAt: .now, updatedAt: .now))
        }
    }
}
