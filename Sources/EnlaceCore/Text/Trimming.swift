public import Foundation

extension StringProtocol {
    /// The text without the characters of `set` at either end, as `trimmingCharacters(in:)` gives it, but without
    /// Foundation's cost when there is nothing to trim, which is the common case (an import trims millions of
    /// values).
    public func trimmed(_ set: CharacterSet) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return "" }
        if !set.contains(first) && !set.contains(last) { return String(self) }
        return trimmingCharacters(in: set)
    }

    /// The text without white space and line breaks at either end.
    public func trimmed() -> String { trimmed(whitespacesAndNewlines) }
}

/// Foundation's whitespace set, made once: `CharacterSet.whitespacesAndNewlines` builds a new set at each use.
private let whitespacesAndNewlines = CharacterSet.whitespacesAndNewlines
