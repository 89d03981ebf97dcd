import Foundation
import Synchronization

/// A pair of slots found to overlap, and how much.
public struct DetectedOverlap: Sendable, Hashable {
    /// The lower slot.
    public var first: Int
    /// The higher slot.
    public var second: Int
    /// The score and its factors.
    public var assessment: OverlapAssessment

    /// Creates the result, ordering the slots.
    public init(_ a: Int, _ b: Int, assessment: OverlapAssessment) {
        first = min(a, b)
        second = max(a, b)
        self.assessment = assessment
    }
}

/// What a full pass found.
public struct DeconflictionPass: Sendable {
    /// The candidate pairs: a shared country and key area, windows within the margin.
    public var candidates: Int
    /// The candidates that scored at or above the threshold, by slot.
    public var overlaps: [DetectedOverlap]
}

/// Activities filed by (recipient country, key area) and sorted by start: what overlap detection
/// sweeps in full and searches when one activity is saved.
///
/// A value type keyed by slot numbers the owner chooses (``ActivityIndex`` uses its own), so copies
/// are consistent snapshots.
public struct DeconflictionIndex: Sendable {
    /// The margin, weights and threshold.
    public let settings: DeconflictionSettings

    /// One (country, area) bucket: its slots ascending by (start, slot), and its longest window.
    struct Bucket: Sendable {
        var starts: [Int32] = []
        var slots: [Int32] = []
        var longest: Int32 = 0
    }

    private var vocabulary = OverlapVocabulary()
    private var profiles: [OverlapProfile?] = []
    private var ends: [Int32] = []
    private var buckets: [Int32: Bucket] = [:]
    private var live = 0

    /// An empty index.
    public init(settings: DeconflictionSettings = .standard) {
        self.settings = settings
    }

    /// An index of `subjects` at slots 0, 1, 2…, each bucket sorted once; the text is analysed on
    /// every core, then named in one pass.
    public init(_ subjects: [OverlapSubject], settings: DeconflictionSettings = .standard) {
        self.init(settings: settings)
        let texts = Self.analyse(subjects)
        for (slot, text) in texts.enumerated() { place(text, at: slot, keepingOrder: false) }
        for key in Array(buckets.keys) {
            let bucket = buckets[key]!
            let order = bucket.slots.indices.sorted {
                (bucket.starts[$0], bucket.slots[$0]) < (bucket.starts[$1], bucket.slots[$1])
            }
            buckets[key] = Bucket(
                starts: order.map { bucket.starts[$0] }, slots: order.map { bucket.slots[$0] }, longest: bucket.longest)
        }
    }

    /// How many subjects it holds.
    public var count: Int { live }

    /// Adds `subject` at `slot`, replacing whatever was there.
    public mutating func insert(_ subject: OverlapSubject, at slot: Int) {
        remove(slot: slot)
        place(OverlapText(subject), at: slot, keepingOrder: true)
    }

    /// The text of every subject, analysed in chunks on every core, in order.
    static func analyse(_ subjects: [OverlapSubject]) -> [OverlapText] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16))
        guard workers > 1, subjects.count >= 1_000 else { return subjects.map(OverlapText.init) }
        let chunk = (subjects.count + workers - 1) / workers
        let parts = Mutex<[Int: [OverlapText]]>([:])
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = (worker * chunk)..<min(subjects.count, (worker + 1) * chunk)
            let texts = range.map { OverlapText(subjects[$0]) }
            parts.withLock { $0[worker] = texts }
        }
        return parts.withLock { parts in (0..<workers).flatMap { parts[$0] ?? [] } }
    }

    /// Removes the subject at `slot`, if any.
    public mutating func remove(slot: Int) {
        guard slot < profiles.count, let profile = profiles[slot] else { return }
        for key in profile.buckets {
            guard var bucket = buckets[key] else { continue }
            var position = Self.lowerBound(bucket, start: profile.start, slot: Int32(slot))
            while position < bucket.slots.count && bucket.slots[position] != Int32(slot) { position += 1 }
            if position < bucket.slots.count {
                bucket.starts.remove(at: position)
                bucket.slots.remove(at: position)
            }
            buckets[key] = bucket
        }
        profiles[slot] = nil
        live -= 1
    }

    private mutating func place(_ text: OverlapText, at slot: Int, keepingOrder: Bool) {
        var namer = OverlapProfile.Namer(vocabulary, interning: true)
        vocabulary = OverlapVocabulary()  // Let the namer hold the only reference while it interns.
        let profile = OverlapProfile(text, namer: &namer)
        vocabulary = namer.result
        if slot >= profiles.count {
            profiles.append(contentsOf: repeatElement(nil, count: slot - profiles.count + 1))
            ends.append(contentsOf: repeatElement(0, count: slot - ends.count + 1))
        }
        profiles[slot] = profile
        ends[slot] = profile.end
        live += 1
        for key in profile.buckets {
            var bucket = buckets.removeValue(forKey: key) ?? Bucket()
            let position =
                keepingOrder ? Self.lowerBound(bucket, start: profile.start, slot: Int32(slot)) : bucket.slots.count
            bucket.starts.insert(profile.start, at: position)
            bucket.slots.insert(Int32(slot), at: position)
            bucket.longest = max(bucket.longest, profile.end - profile.start)
            buckets[key] = bucket
        }
    }

    /// The first position in `bucket` not before (`start`, `slot`).
    private static func lowerBound(_ bucket: Bucket, start: Int32, slot: Int32) -> Int {
        var low = 0
        var high = bucket.slots.count
        while low < high {
            let middle = (low + high) / 2
            if (bucket.starts[middle], bucket.slots[middle]) < (start, slot) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    // MARK: - Candidates

    /// Whether the profiles at `a` and `b` make a candidate pair: a shared bucket, windows within the margin.
    ///
    /// The definition the sweep must agree with; the brute-force pass asks it of every pair.
    func isCandidate(_ a: OverlapProfile, _ b: OverlapProfile) -> Bool {
        OverlapScoring.shared(a.buckets, b.buckets) > 0
            && Int(max(a.start, b.start)) - Int(min(a.end, b.end)) <= settings.marginDays
    }

    /// Calls `body` once for every candidate pair (lower slot first), sweeping the buckets `keys`
    /// (every bucket when nil) in start order.
    ///
    /// A pair that shares several buckets is reported from the first only. The work is the sort
    /// already kept plus one step per candidate: O(n log n + k).
    func sweep(
        _ keys: [Int32]? = nil, stop: (@Sendable () -> Bool)? = nil,
        _ body: (Int, Int, OverlapProfile, OverlapProfile) -> Void
    ) {
        let margin = Int32(clamping: settings.marginDays)
        var active: [Int32] = []
        ends.withUnsafeBufferPointer { ends in
            profiles.withUnsafeBufferPointer { profiles in
                for key in keys ?? Array(buckets.keys) {
                    guard let bucket = buckets[key] else { continue }
                    if stop?() == true { return }
                    active.removeAll(keepingCapacity: true)
                    for (position, slot) in bucket.slots.enumerated() {
                        if position & 1023 == 1023, stop?() == true { return }
                        let start = bucket.starts[position]
                        var kept = 0
                        for index in active.indices where ends[Int(active[index])] &+ margin >= start {
                            active[kept] = active[index]
                            kept += 1
                        }
                        active.removeLast(active.count - kept)
                        if !active.isEmpty, let profile = profiles[Int(slot)] {
                            let single = profile.buckets.count == 1
                            for other in active {
                                guard let otherProfile = profiles[Int(other)] else { continue }
                                // Two activities of one bucket each can only share this one.
                                if !(single && otherProfile.buckets.count == 1) {
                                    guard Self.firstShared(profile.buckets, otherProfile.buckets) == key else {
                                        continue
                                    }
                                }
                                if other < slot {
                                    body(Int(other), Int(slot), otherProfile, profile)
                                } else {
                                    body(Int(slot), Int(other), profile, otherProfile)
                                }
                            }
                        }
                        active.append(slot)
                    }
                }
            }
        }
    }

    /// The smallest element two ascending arrays share.
    static func firstShared(_ a: [Int32], _ b: [Int32]) -> Int32? {
        if a.count == 1 && b.count == 1 { return a[0] == b[0] ? a[0] : nil }
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { return a[i] }
            if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return nil
    }

    /// Every candidate pair, found by the sweep.
    public func candidatePairs() -> Set<SlotPair> {
        var pairs = Set<SlotPair>()
        sweep(nil) { a, b, _, _ in pairs.insert(SlotPair(a, b)) }
        return pairs
    }

    /// Every candidate pair, found by asking every pair: the reference the sweep is tested against.
    package func bruteForceCandidatePairs() -> Set<SlotPair> {
        var pairs = Set<SlotPair>()
        bruteForce { a, b, _, _ in pairs.insert(SlotPair(a, b)) }
        return pairs
    }

    private func bruteForce(_ body: (Int, Int, OverlapProfile, OverlapProfile) -> Void) {
        profiles.withUnsafeBufferPointer { profiles in
            for a in profiles.indices {
                guard let first = profiles[a] else { continue }
                for b in (a + 1)..<profiles.count {
                    guard let second = profiles[b], isCandidate(first, second) else { continue }
                    body(a, b, first, second)
                }
            }
        }
    }

    // MARK: - Passes

    /// Every overlap among the subjects held: the sweep's candidates, scored, on every core.
    ///
    /// The buckets are shared out among the cores by size; a pair is reported from its first shared
    /// bucket only, so no two workers report the same pair. When `stop` says so (it is asked between buckets and
    /// every 1,024 subjects within one), the pass ends early with what it found so far: the caller that asked
    /// to stop throws it away.
    public func fullPass(workers: Int? = nil, stop: (@Sendable () -> Bool)? = nil) -> DeconflictionPass {
        let workers = max(1, min(workers ?? ProcessInfo.processInfo.activeProcessorCount, 16, buckets.count))
        guard workers > 1 else { return scored { sweep(nil, stop: stop, $0) } }
        var shares = [[Int32]](repeating: [], count: workers)
        var loads = [Int](repeating: 0, count: workers)
        for (key, bucket) in buckets.sorted(by: { $0.value.slots.count > $1.value.slots.count }) {
            let lightest = loads.indices.min { loads[$0] < loads[$1] }!
            shares[lightest].append(key)
            loads[lightest] += bucket.slots.count
        }
        let parts = Mutex<[DeconflictionPass]>([])
        let assigned = shares
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let part = scored { sweep(assigned[worker], stop: stop, $0) }
            parts.withLock { $0.append(part) }
        }
        return parts.withLock { parts in
            DeconflictionPass(
                candidates: parts.reduce(0) { $0 + $1.candidates },
                overlaps: parts.flatMap(\.overlaps).sorted { ($0.first, $0.second) < ($1.first, $1.second) })
        }
    }

    /// The same result as ``fullPass(workers:)``, comparing every pair on one core: for the
    /// benchmark's comparison only.
    package func bruteForcePass() -> DeconflictionPass { scored(bruteForce) }

    /// The candidate pairs the sweep finds on one core, only counted: the benchmark's measure of
    /// the sweep itself, without the scoring that every method of finding candidates shares.
    package func sweepCandidateCount() -> Int {
        var count = 0
        sweep(nil) { _, _, _, _ in count += 1 }
        return count
    }

    /// The candidate pairs found by asking every pair, only counted: what the sweep is measured against.
    package func bruteForceCandidateCount() -> Int {
        var count = 0
        bruteForce { _, _, _, _ in count += 1 }
        return count
    }

    /// Scores the candidates that `walk` hands over.
    private func scored(
        _ walk: ((Int, Int, OverlapProfile, OverlapProfile) -> Void) -> Void
    ) -> DeconflictionPass {
        var candidates = 0
        var overlaps: [DetectedOverlap] = []
        walk { a, b, first, second in
            candidates += 1
            if let assessment = OverlapScoring.assess(first, second, settings: settings, cutoff: settings.threshold) {
                overlaps.append(DetectedOverlap(a, b, assessment: assessment))
            }
        }
        return DeconflictionPass(candidates: candidates, overlaps: overlaps)
    }

    /// The stored subjects that overlap `subject`, with their slots, searching only its buckets
    /// around its dates. The subject at `excluding` (its own earlier version) is left out.
    public func overlaps(
        with subject: OverlapSubject, excluding: Int? = nil
    ) -> [(slot: Int, assessment: OverlapAssessment)] {
        var namer = OverlapProfile.Namer(vocabulary, interning: false)
        let profile = OverlapProfile(subject, namer: &namer)
        var seen = Set<Int32>()
        var result: [(slot: Int, assessment: OverlapAssessment)] = []
        let margin = Int32(clamping: settings.marginDays)
        for key in profile.buckets {
            guard let bucket = buckets[key] else { continue }
            // Only windows that start no earlier than the longest window before ours can reach it.
            var position = Self.lowerBound(bucket, start: profile.start &- bucket.longest &- margin, slot: .min)
            while position < bucket.slots.count && bucket.starts[position] <= profile.end &+ margin {
                let slot = bucket.slots[position]
                position += 1
                guard Int(slot) != excluding, ends[Int(slot)] &+ margin >= profile.start, seen.insert(slot).inserted,
                    let other = profiles[Int(slot)],
                    let assessment = OverlapScoring.assess(
                        profile, other, settings: settings, cutoff: settings.threshold)
                else { continue }
                result.append((Int(slot), assessment))
            }
        }
        return result.sorted { $0.assessment.score > $1.assessment.score }
    }

    /// The assessment of two held subjects, whatever their score: for explaining a stored overlap.
    public func assess(_ a: Int, _ b: Int) -> OverlapAssessment? {
        guard a < profiles.count, b < profiles.count, let first = profiles[a], let second = profiles[b] else {
            return nil
        }
        return OverlapScoring.assess(first, second, settings: settings)
    }
}

/// Two slots, the lower first.
public struct SlotPair: Sendable, Hashable {
    /// The lower slot.
    public let first: Int
    /// The higher slot.
    public let second: Int

    /// The pair of `a` and `b`, in either order.
    public init(_ a: Int, _ b: Int) {
        first = min(a, b)
        second = max(a, b)
    }
}
