public import Foundation

/// How many activities a file holds, counted before it is read, so that progress has a total and an estimate: a
/// byte scan, far quicker than the reading itself. It counts what looks like an activity; the reading decides.
public enum ImportCount {
    /// The `<iati-activity` start tags (followed by white space, `>` or `/`) in the file at `url`; nil when the
    /// file cannot be read.
    public static func iatiActivities(_ url: URL) -> Int? {
        let tag = Array("<iati-activity".utf8)
        return count(url, tag) { next in next == UInt8(ascii: ">") || next == UInt8(ascii: "/") || next <= 0x20 }
    }

    /// The line breaks in the file at `url` less the two heading rows: the rows of a spreadsheet, as long as no
    /// cell holds a line break; nil when the file cannot be read.
    public static func spreadsheetRows(_ url: URL) -> Int? {
        count(url, [UInt8(ascii: "\n")]) { _ in true }.map { max(0, $0 - 2) }
    }

    /// The occurrences of `pattern` in the file at `url` whose next byte `follows` accepts, read a megabyte at a
    /// time.
    private static func count(_ url: URL, _ pattern: [UInt8], follows: (UInt8) -> Bool) -> Int? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        var found = 0
        var carry: [UInt8] = []
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            let bytes = carry + chunk
            let last = bytes.count - pattern.count
            var index = 0
            bytes.withUnsafeBufferPointer { buffer in
                while index < last {
                    if buffer[index] == pattern[0] {
                        var matches = true
                        for offset in 1..<pattern.count where buffer[index + offset] != pattern[offset] {
                            matches = false
                            break
                        }
                        if matches && follows(buffer[index + pattern.count]) { found += 1 }
                    }
                    index += 1
                }
            }
            carry = Array(bytes[max(0, bytes.count - pattern.count)...])
        }
        return found
    }
}
