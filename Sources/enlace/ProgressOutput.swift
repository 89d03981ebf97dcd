import EnlaceCore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension ProgressDisplay {
    /// Progress of long work on standard error, so that standard output stays for results: a bar redrawn in
    /// place on a terminal, plain lines every two seconds otherwise (a log, a pipe, CI).
    static func standardError() -> ProgressDisplay {
        let start = ContinuousClock.now
        return ProgressDisplay(
            isTerminal: isatty(STDERR_FILENO) == 1,
            now: {
                let elapsed = ContinuousClock.now - start
                return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            },
            write: { FileHandle.standardError.write(Data($0.utf8)) })
    }
}
