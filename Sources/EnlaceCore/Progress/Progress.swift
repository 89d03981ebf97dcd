public import Foundation
import Synchronization

/// How far a long piece of work has come: `done` of `total` units of `what` (`total` nil when not known).
public struct ProgressReport: Sendable, Equatable {
    /// What is being counted, for example `activities`.
    public var what: String
    /// How many are done.
    public var done: Int
    /// How many there are, when known.
    public var total: Int?
    /// Whether the units are the steps of one piece of work (no rate is shown for them), not items.
    public var isSteps: Bool

    public init(_ what: String, done: Int, total: Int?, isSteps: Bool = false) {
        self.what = what
        self.done = done
        self.total = total
        self.isSteps = isSteps
    }

    /// Whether the work is complete.
    public var isComplete: Bool { total.map { done >= $0 } ?? false }
}

/// Told each time a long piece of work advances.
public typealias ProgressHandler = @Sendable (ProgressReport) -> Void

/// Shows progress reports as lines: on a terminal one line redrawn in place with a bar, otherwise plain lines
/// at most every `interval` seconds and at the end of each piece of work, so that a log stays readable.
///
/// The clock and the output are given, so the display is tested as it is used; the `enlace` command gives it
/// standard error and the monotonic clock.
public final class ProgressDisplay: Sendable {
    private struct State {
        /// When each piece of work was first reported.
        var started: [String: Double] = [:]
        /// When the last line was written.
        var lastWrite: Double = -.infinity
        /// Whether the terminal's line holds an unfinished redraw.
        var pending = false
    }

    private let isTerminal: Bool
    private let interval: Double
    private let now: @Sendable () -> Double
    private let write: @Sendable (String) -> Void
    private let state = Mutex(State())

    /// A display that writes with `write`, reads seconds from `now`, and redraws in place when `isTerminal`.
    public init(
        isTerminal: Bool, interval: Double? = nil, now: @escaping @Sendable () -> Double,
        write: @escaping @Sendable (String) -> Void
    ) {
        self.isTerminal = isTerminal
        self.interval = interval ?? (isTerminal ? 0.1 : 2)
        self.now = now
        self.write = write
    }

    /// Shows `report` if it is due: its work just started or finished, or `interval` has passed.
    public func show(_ report: ProgressReport) {
        let time = now()
        let line: String? = state.withLock { state in
            let started = state.started[report.what] ?? time
            let first = state.started[report.what] == nil
            state.started[report.what] = started
            guard first || report.isComplete || time - state.lastWrite >= interval else { return nil }
            state.lastWrite = time
            let text = ProgressLine.render(report, elapsed: time - started, barWidth: isTerminal ? 24 : nil)
            if isTerminal {
                state.pending = !report.isComplete
                return "\r\u{1B}[2K" + text + (report.isComplete ? "\n" : "")
            }
            return text + "\n"
        }
        if let line { write(line) }
    }

    /// Ends a redrawn line that its work left unfinished (it failed or stopped), so that what follows starts
    /// on a line of its own.
    public func finish() {
        let pending = state.withLock { state in
            defer { state.pending = false }
            return state.pending
        }
        if pending { write("\n") }
    }
}

/// The words and numbers of one progress line.
public enum ProgressLine {
    /// `report` after `elapsed` seconds: what, how many of how many and the share, the rate, and an estimate
    /// of the time left; with a bar of `barWidth` cells when given.
    ///
    /// `activities [██████░░░░] 45% 45,000 of 100,000 · 9,000/s · about 6 s left`
    public static func render(_ report: ProgressReport, elapsed: Double, barWidth: Int? = nil) -> String {
        var parts = [report.what]
        let count = report.total.map { "\(grouped(report.done)) of \(grouped($0))" } ?? grouped(report.done)
        if let total = report.total, total > 0 {
            let share = min(1, max(0, Double(report.done) / Double(total)))
            if let width = barWidth, width > 0 {
                let filled = Int((share * Double(width)).rounded(.down))
                parts.append(
                    "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + "]")
            }
            parts.append("\(Int((share * 100).rounded(.down)))% \(count)")
        } else {
            parts.append(count)
        }
        var text = parts.joined(separator: " ")
        if elapsed > 0, report.done > 0, !report.isSteps {
            text += " · \(grouped(Int((Double(report.done) / elapsed).rounded())))/s"
        }
        if report.isComplete {
            text += " · done in \(seconds(elapsed))"
        } else if let left = remaining(report, elapsed: elapsed) {
            text += " · about \(seconds(left)) left"
        }
        return text
    }

    /// Seconds left at the rate so far, when the total is known and something is done.
    public static func remaining(_ report: ProgressReport, elapsed: Double) -> Double? {
        guard let total = report.total, report.done > 0, elapsed > 0, report.done < total else { return nil }
        return elapsed / Double(report.done) * Double(total - report.done)
    }

    /// `12,345`: digits grouped by thousands with commas, whatever the machine's locale.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }

    /// `0.4 s`, `12 s`, `3 min 05 s`.
    static func seconds(_ value: Double) -> String {
        if value < 10 { return String(format: "%.1f s", locale: Locale(identifier: "en_US_POSIX"), max(0, value)) }
        let whole = Int(value.rounded())
        if whole < 60 { return "\(whole) s" }
        let (minutes, rest) = whole.quotientAndRemainder(dividingBy: 60)
        return "\(minutes) min " + (rest < 10 ? "0" : "") + "\(rest) s"
    }
}
