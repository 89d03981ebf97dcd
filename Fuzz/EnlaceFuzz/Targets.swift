import EnlaceCore
import EnlaceInterop
import Foundation
import FuzzDriver

/// The fuzz binary's main (SwiftPM links an executable target's main under this name): libFuzzer's driver, with
/// its usual arguments, on one of the targets, chosen by `ENLACE_FUZZ_TARGET` (json, csv, markdown, rrule,
/// icalendar). Each target feeds the input to one reader or writer and checks what it promises; a broken promise
/// stops the run with a crash, which libFuzzer saves as its reproducer. See docs/fuzzing.md.
@_cdecl("EnlaceFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    _ = FuzzTarget.chosen
    return LLVMFuzzerRunDriver(&count, &arguments) { start, size in fuzzOneInput(start, size) }
}

/// One input, as libFuzzer hands it over.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    FuzzTarget.chosen.run(bytes)
    return 0
}

enum FuzzTarget: String, CaseIterable {
    case json, csv, markdown, rrule, icalendar

    static let chosen: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["ENLACE_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            fatalError("set ENLACE_FUZZ_TARGET to one of: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return target
    }()

    func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch self {
        case .json: Self.json(bytes)
        case .csv: Self.csv(text)
        case .markdown: Self.markdown(text)
        case .rrule: Self.rrule(text)
        case .icalendar: Self.icalendar(text)
        }
    }

    /// The request-body reader: any bytes are a value or a syntax error; a value stays within the limits.
    private static func json(_ bytes: [UInt8]) {
        guard let value = try? JSONValue.parse(bytes) else { return }
        func count(_ value: JSONValue, depth: Int) -> Int {
            precondition(depth <= 64, "a document nested deeper than the limit was read")
            switch value {
            case .array(let items): return 1 + items.reduce(0) { $0 + count($1, depth: depth + 1) }
            case .object(let members):
                precondition(members.count <= JSONValue.maxMembers, "an object over the member limit was read")
                precondition(Set(members.map(\.0)).count == members.count, "an object with a duplicate key was read")
                return 1 + members.reduce(0) { $0 + count($1.1, depth: depth + 1) }
            default: return 1
            }
        }
        precondition(count(value, depth: 0) <= JSONValue.maxValues, "a document over the value limit was read")
    }

    /// The CSV reader and writer: any text is rows or an error; and any rows, written, read back as they were
    /// (but for the apostrophe before a field a spreadsheet would run as a formula). The input is read as CSV,
    /// and also cut into rows (at U+0002) and fields (at U+0001), the same number in each row.
    private static func csv(_ text: String) {
        _ = try? CSVText.read(text)
        var rows = text.split(separator: "\u{2}", omittingEmptySubsequences: false).map {
            $0.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
        }
        let width = rows[0].count
        rows = rows.map { Array(($0 + Array(repeating: "", count: width)).prefix(width)) }
        // The reader skips the byte-order marks a file starts with, and the rows with nothing in them.
        rows[0][0] = String(rows[0][0].unicodeScalars.drop { $0 == "\u{FEFF}" })
        let header = rows[0]
        let body = rows.dropFirst().filter { !$0.allSatisfy(\.isEmpty) }
        guard !header.allSatisfy(\.isEmpty), let written = try? CSVText.write([header] + body) else { return }
        guard let read = try? CSVText.read(written) else {
            preconditionFailure("written rows could not be read: \(written.debugDescription)")
        }
        let neutralised = { (row: [String]) in row.map(CSVText.neutralised) }
        precondition(
            read.header == neutralised(header) && read.rows == body.map(neutralised),
            "rows written and read differ: \(written.debugDescription)")
    }

    /// The safe Markdown renderer: whatever the text, the HTML holds no element or attribute that runs script.
    private static func markdown(_ text: String) {
        let html = SafeMarkdown.html(text).lowercased()
        for unsafe in ["<script", "<iframe", "<object", "<embed", "<style", "<svg", "javascript:", "vbscript:"] {
            precondition(!html.contains(unsafe), "the rendered HTML holds \(unsafe)")
        }
        precondition(
            html.range(of: #"<[a-z][^>]*\son[a-z]+\s*="#, options: .regularExpression) == nil,
            "the rendered HTML holds an event handler attribute")
    }

    /// The recurrence-rule parser: any text is a rule or an error; a rule's occurrences come in order, within the
    /// limit asked for, and in bounded time.
    private static func rrule(_ text: String) {
        guard let rule = try? RecurrenceRule.parse(text),
            let zone = TimeZone(identifier: "America/Panama"),
            let first = CalendarDate(year: 2026, month: 1, day: 31)
        else { return }
        let schedule = RecurrenceSchedule(
            rule: rule, timeZone: zone, firstDate: first, startMinute: 600, durationMinutes: 90)
        let occurrences = schedule.occurrences(through: Date(timeIntervalSince1970: 1_893_456_000), limit: 50)
        precondition(occurrences.count <= 50, "more occurrences than the limit")
        precondition(zip(occurrences, occurrences.dropFirst()).allSatisfy { $0.start < $1.start }, "out of order")
    }

    /// The iCalendar writer: whatever the values, the text is content lines of at most 75 octets ending in CRLF,
    /// with no line break inside a line, and the input cannot add a property of its own.
    private static func icalendar(_ text: String) {
        let parts = text.split(separator: "\u{1}", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        func part(_ index: Int) -> String { index < parts.count ? parts[index] : "" }
        let event = ICalendarComponent(
            "VEVENT",
            properties: [
                ICalendarProperty("SUMMARY", .text(part(0))),
                ICalendarProperty("LOCATION", .text(part(1)), parameters: [ICalendarParameter("LANGUAGE", part(2))]),
                ICalendarProperty("URL", .uri(part(3))),
                ICalendarProperty("DESCRIPTION", .raw(text)),
            ])
        let calendar = ICalendarComponent(
            "VCALENDAR", properties: [ICalendarProperty("VERSION", .raw("2.0"))],
            components: [event])
        let output = ICalendarWriter.render(calendar)
        precondition(output.hasSuffix("\r\n"), "the text does not end with CRLF")
        let lines = output.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        var names: [String] = []
        for line in lines {
            precondition(line.last == 0x0D, "a line ends without CR")
            let content = line.dropLast()
            precondition(content.count <= 75, "a line of \(content.count) octets")
            precondition(!content.contains(0x0D), "a bare CR inside a line")
            if content.first != 0x20 {
                names.append(String(decoding: content.prefix { $0 != 0x3A && $0 != 0x3B }, as: UTF8.self))
            }
        }
        precondition(
            names == ["BEGIN", "VERSION", "BEGIN", "SUMMARY", "LOCATION", "URL", "DESCRIPTION", "END", "END"],
            "the input changed the lines: \(names)")
    }
}
