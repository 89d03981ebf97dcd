import EnlaceCore
import Synchronization
import Testing

/// Progress of long work, as a person reads it on a terminal and in a log.
@Suite("Progress lines")
struct ProgressTests {
    @Test("a line says what, how far, how fast and how long is left; with a bar on a terminal")
    func lines() {
        let halfway = ProgressReport("activities", done: 45_000, total: 100_000)
        #expect(
            ProgressLine.render(halfway, elapsed: 5)
                == "activities 45% 45,000 of 100,000 · 9,000/s · about 6.1 s left")
        #expect(
            ProgressLine.render(halfway, elapsed: 5, barWidth: 10)
                == "activities [████░░░░░░] 45% 45,000 of 100,000 · 9,000/s · about 6.1 s left")
        #expect(
            ProgressLine.render(ProgressReport("activities", done: 100_000, total: 100_000), elapsed: 75)
                == "activities 100% 100,000 of 100,000 · 1,333/s · done in 1 min 15 s")
        #expect(ProgressLine.render(ProgressReport("rows", done: 0, total: nil), elapsed: 0) == "rows 0")
        #expect(
            ProgressLine.render(ProgressReport("rows", done: 1_234, total: nil), elapsed: 2) == "rows 1,234 · 617/s")
        #expect(
            ProgressLine.render(ProgressReport("pass steps", done: 1, total: 2, isSteps: true), elapsed: 4)
                == "pass steps 50% 1 of 2 · about 4.0 s left")
        #expect(ProgressLine.remaining(ProgressReport("x", done: 0, total: 10), elapsed: 3) == nil)
        #expect(ProgressLine.remaining(ProgressReport("x", done: 5, total: 10), elapsed: 3) == 3)
    }

    /// A display over a clock the test moves, collecting what it writes.
    private final class Harness: Sendable {
        let time = Mutex(0.0)
        let written = Mutex<[String]>([])
        func display(terminal: Bool) -> ProgressDisplay {
            ProgressDisplay(
                isTerminal: terminal, now: { self.time.withLock { $0 } },
                write: { text in self.written.withLock { $0.append(text) } })
        }
    }

    @Test("in a log: the first report, then one line per interval, and always the last")
    func plain() {
        let harness = Harness()
        let display = harness.display(terminal: false)
        for done in stride(from: 0, through: 10, by: 1) {
            harness.time.withLock { $0 = Double(done) * 0.5 }
            display.show(ProgressReport("activities", done: done * 10, total: 100))
        }
        display.finish()
        let lines = harness.written.withLock { $0 }
        #expect(lines.count == 4)
        #expect(lines.first == "activities 0% 0 of 100\n")
        #expect(lines.last?.hasPrefix("activities 100% 100 of 100") == true)
        #expect(lines.allSatisfy { $0.hasSuffix("\n") && !$0.contains("\r") })
    }

    @Test("on a terminal: one line redrawn in place, ended when the work ends or stops")
    func terminal() {
        let harness = Harness()
        let display = harness.display(terminal: true)
        display.show(ProgressReport("activities", done: 0, total: 10))
        harness.time.withLock { $0 = 1 }
        display.show(ProgressReport("activities", done: 5, total: 10))
        let redrawn = harness.written.withLock { $0 }
        #expect(redrawn.count == 2)
        #expect(redrawn.allSatisfy { $0.hasPrefix("\r\u{1B}[2K") && !$0.hasSuffix("\n") })
        // Stopped halfway (an error): the line is ended so that the message starts on its own.
        display.finish()
        #expect(harness.written.withLock { $0.last } == "\n")
        harness.time.withLock { $0 = 2 }
        display.show(ProgressReport("activities", done: 10, total: 10))
        #expect(harness.written.withLock { $0.last?.hasSuffix("done in 2.0 s\n") } == true)
        display.finish()
        #expect(harness.written.withLock { $0.count } == 4)
    }
}
