/// A word-level comparison of two texts, as a reader of two versions wants it: the words kept, the
/// words taken out and the words put in, in reading order.
public enum WordDiff {
    /// A run of words that were kept, removed or added.
    public enum Run: Sendable, Hashable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// The most words, on either side, the edit search compares once the common beginning and end
    /// are set aside; a longer changed stretch shows as taken out and put in whole. The search keeps
    /// a trace that grows with the square of the changes, so this bounds the memory a reader can ask for.
    public static let searchLimit = 1_500

    /// The runs that turn `old` into `new`. Words are split at white space; the runs join them with
    /// one space, so a change of spacing alone is no change.
    public static func runs(from old: String, to new: String) -> [Run] {
        let oldWords = old.split(whereSeparator: \.isWhitespace).map(String.init)
        let newWords = new.split(whereSeparator: \.isWhitespace).map(String.init)
        // Edits are local: the common beginning and end are kept as they are, and only the middle searched.
        var head = 0
        while head < min(oldWords.count, newWords.count), oldWords[head] == newWords[head] { head += 1 }
        var tail = 0
        while tail < min(oldWords.count, newWords.count) - head,
            oldWords[oldWords.count - 1 - tail] == newWords[newWords.count - 1 - tail]
        {
            tail += 1
        }
        let before = Array(oldWords[head..<(oldWords.count - tail)])
        let after = Array(newWords[head..<(newWords.count - tail)])
        var runs: [Run] = []
        func append(_ word: String, _ make: (String) -> Run) {
            switch (runs.last, make("")) {
            case (.same(let text)?, .same): runs[runs.count - 1] = .same(text + " " + word)
            case (.removed(let text)?, .removed): runs[runs.count - 1] = .removed(text + " " + word)
            case (.added(let text)?, .added): runs[runs.count - 1] = .added(text + " " + word)
            default: runs.append(make(word))
            }
        }
        for word in oldWords[0..<head] { append(word, Run.same) }
        if before.count > searchLimit || after.count > searchLimit {
            for word in before { append(word, Run.removed) }
            for word in after { append(word, Run.added) }
        } else {
            middle(before, after, append)
        }
        for word in oldWords[(oldWords.count - tail)...] { append(word, Run.same) }
        return runs
    }

    /// Appends the runs of the shortest edit from `before` to `after`.
    private static func middle(
        _ before: [String], _ after: [String], _ append: (String, (String) -> Run) -> Void
    ) {
        // The standard library's difference is Myers' algorithm: the shortest edit script.
        let difference = after.difference(from: before)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var i = 0
        var j = 0
        while i < before.count || j < after.count {
            if i < before.count, removed.contains(i) {
                append(before[i], Run.removed)
                i += 1
            } else if j < after.count, inserted.contains(j) {
                append(after[j], Run.added)
                j += 1
            } else {
                append(before[i], Run.same)
                i += 1
                j += 1
            }
        }
    }

    /// Whether `runs` hold any change.
    public static func changed(_ runs: [Run]) -> Bool {
        runs.contains { if case .same = $0 { false } else { true } }
    }
}

extension ProposalText {
    /// The word-level comparison of `old` and this text, part by part: the title, then each section.
    public func comparison(from old: ProposalText) -> [(part: String, runs: [WordDiff.Run])] {
        [("title", WordDiff.runs(from: old.title, to: title))]
            + ProposalSection.allCases.map { ($0.rawValue, WordDiff.runs(from: old[$0], to: self[$0])) }
    }
}
