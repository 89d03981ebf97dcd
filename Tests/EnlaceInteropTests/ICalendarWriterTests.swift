import EnlaceCore
import Foundation
import Testing

@testable import EnlaceInterop

@Suite("iCalendar writer")
struct ICalendarWriterTests {
    @Test("each special character of TEXT is escaped, line breaks become \\n, other controls are dropped")
    func escaping() {
        #expect(ICalendarWriter.escapeText(#"a\b"#) == #"a\\b"#)
        #expect(ICalendarWriter.escapeText("a;b") == #"a\;b"#)
        #expect(ICalendarWriter.escapeText("a,b") == #"a\,b"#)
        #expect(ICalendarWriter.escapeText("a\nb") == #"a\nb"#)
        #expect(ICalendarWriter.escapeText("a\r\nb") == #"a\nb"#)
        #expect(ICalendarWriter.escapeText("a\rb") == #"a\nb"#)
        #expect(ICalendarWriter.escapeText("a\n\nb\r\n\r\nc") == #"a\n\nb\n\nc"#)
        #expect(ICalendarWriter.escapeText("a:b \"c\"\td") == "a:b \"c\"\td")
        #expect(ICalendarWriter.escapeText("a\u{0}b\u{7}c\u{1B}d\u{7F}") == "abcd")
        #expect(ICalendarWriter.escapeText("Año, niño; señal") == #"Año\, niño\; señal"#)
    }

    @Test("a folded line has at most 75 octets a physical line, splits no character, and unfolds to the original")
    func folding() {
        let alphabet: [Unicode.Scalar] = ["a", "Z", " ", ":", "é", "ñ", "—", "€", "中", "😀", "🇭", "\u{301}"]
        var generator = SplitMix64(seed: 5545)
        for length in 0..<400 {
            var line = String.UnicodeScalarView()
            for _ in 0..<length { line.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            let original = String(line)
            let folded = ICalendarWriter.fold(original)
            let physical = split(Array(folded.utf8))
            for (index, bytes) in physical.enumerated() {
                #expect(bytes.count <= 75)
                #expect(String(validating: bytes, as: UTF8.self) != nil)
                if index > 0 { #expect(bytes.first == UInt8(ascii: " ")) }
                // A line is broken only when the next character would not fit.
                if index + 1 < physical.count, let lead = physical[index + 1].dropFirst().first {
                    #expect(bytes.count + octets(startingWith: lead) > 75)
                }
            }
            // Unfolding works on octets: after a fold, a combining mark joins the space in one Character.
            let unfolded = physical.enumerated().flatMap { index, bytes in index == 0 ? bytes : Array(bytes.dropFirst())
            }
            #expect(unfolded == Array(original.utf8))
        }
    }

    @Test("folding breaks exactly at 75 octets and moves a multi-byte character whole to the next line")
    func foldingBoundaries() {
        let seventyFive = String(repeating: "a", count: 75)
        #expect(ICalendarWriter.fold(seventyFive) == seventyFive)
        #expect(ICalendarWriter.fold(seventyFive + "b") == seventyFive + "\r\n b")
        let long = String(repeating: "a", count: 75 + 74 + 1)
        let lines = ICalendarWriter.fold(long).components(separatedBy: "\r\n")
        #expect(lines.map(\.utf8.count) == [75, 75, 2])
        let seventyFour = String(repeating: "a", count: 74)
        #expect(ICalendarWriter.fold(seventyFour + "é") == seventyFour + "\r\n é")
        #expect(ICalendarWriter.fold(seventyFour + "😀") == seventyFour + "\r\n 😀")
        let seventyThree = String(repeating: "a", count: 73)
        #expect(ICalendarWriter.fold(seventyThree + "é") == seventyThree + "é")
    }

    @Test("parameter values are quoted when they hold : ; or , and lose their double quotes; names are upper-cased")
    func parameters() {
        let property = ICalendarProperty(
            "organizer", .uri("mailto:ana@example.org"),
            parameters: [
                ICalendarParameter("cn", "Pérez, Ana \"la jefa\""), ICalendarParameter("x-note", "a;b"),
                ICalendarParameter("Dir", "https://example.org"), ICalendarParameter("ROLE", "CHAIR"),
                ICalendarParameter("x-plain", "Ana\r\nPérez"),
            ])
        #expect(
            line(property)
                == "ORGANIZER;CN=\"Pérez, Ana la jefa\";X-NOTE=\"a;b\";DIR=\"https://example.org\";ROLE=CHAIR;"
                + "X-PLAIN=AnaPérez:mailto:ana@example.org")
    }

    @Test("each kind of value is written in its RFC 5545 form, with the parameter it needs")
    func values() throws {
        let instant = Date(timeIntervalSince1970: 1_805_036_400.75)  // 2027-03-14T15:00:00.75Z
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        let day = try #require(CalendarDate(year: 2027, month: 3, day: 14))
        #expect(line(ICalendarProperty("dtstamp", .dateTimeUTC(instant))) == "DTSTAMP:20270314T150000Z")
        #expect(
            line(ICalendarProperty("DTSTART", .dateTimeLocal(instant, newYork)))
                == "DTSTART;TZID=America/New_York:20270314T110000")
        // 10:00 in New York either side of the change to daylight time on 14 March 2027.
        let beforeChange = Date(timeIntervalSince1970: 1_804_950_000)  // 2027-03-13T15:00:00Z
        let afterChange = Date(timeIntervalSince1970: 1_805_119_200)  // 2027-03-15T14:00:00Z
        #expect(line(ICalendarProperty("DTSTART", .dateTimeLocal(beforeChange, newYork))).hasSuffix(":20270313T100000"))
        #expect(line(ICalendarProperty("DTSTART", .dateTimeLocal(afterChange, newYork))).hasSuffix(":20270315T100000"))
        #expect(line(ICalendarProperty("DUE", .date(day))) == "DUE;VALUE=DATE:20270314")
        #expect(
            line(ICalendarProperty("DUE", .date(day), parameters: [ICalendarParameter("value", "DATE-TIME")]))
                == "DUE;VALUE=DATE:20270314")
        #expect(line(ICalendarProperty("SEQUENCE", .integer(-3))) == "SEQUENCE:-3")
        #expect(line(ICalendarProperty("URL", .uri("https://x.org/a?b=1,2;c\n\t"))) == "URL:https://x.org/a?b=1,2;c")
        #expect(line(ICalendarProperty("METHOD", .raw("PUB\r\nLISH"))) == "METHOD:PUBLISH")
        #expect(line(ICalendarProperty("SUMMARY", .text("a, b"))) == #"SUMMARY:a\, b"#)
        #expect(ICalendarWriter.dateTimeText(Date(timeIntervalSince1970: -1), offset: 0) == "19691231T235959")
        #expect(ICalendarWriter.offsetText(-18_000) == "-0500")
        #expect(ICalendarWriter.offsetText(19_800) == "+0530")
        #expect(ICalendarWriter.offsetText(0) == "+0000")
        #expect(ICalendarWriter.offsetText(-2670) == "-004430")
    }

    @Test("the New York VTIMEZONE for 2027 springs forward on 14 March and falls back on 7 November")
    func newYork() throws {
        let zone = try #require(TimeZone(identifier: "America/New_York"))
        let vtimezone = ICalendarWriter.timeZone(
            zone, from: Date(timeIntervalSince1970: 1_801_440_000),  // 2027-02-01T00:00:00Z
            through: Date(timeIntervalSince1970: 1_830_211_200))  // 2027-12-31T00:00:00Z
        #expect(vtimezone.name == "VTIMEZONE")
        #expect(vtimezone.properties == [ICalendarProperty("TZID", .raw("America/New_York"))])
        let observances = vtimezone.components.map { observance in
            [observance.name] + ["DTSTART", "TZOFFSETFROM", "TZOFFSETTO"].map { value(of: $0, in: observance) }
        }
        #expect(observances.contains(["DAYLIGHT", "20270314T020000", "-0500", "-0400"]))
        #expect(observances.contains(["STANDARD", "20271107T020000", "-0400", "-0500"]))
        // Looking a year back brings in the observance in force at the start; nothing comes after the end.
        #expect(
            observances == [
                ["DAYLIGHT", "20260308T020000", "-0500", "-0400"], ["STANDARD", "20261101T020000", "-0400", "-0500"],
                ["DAYLIGHT", "20270314T020000", "-0500", "-0400"], ["STANDARD", "20271107T020000", "-0400", "-0500"],
            ])
    }

    @Test("a zone without transitions, Bogotá, gets one STANDARD observance from 1970 with equal offsets")
    func bogota() throws {
        let zone = try #require(TimeZone(identifier: "America/Bogota"))
        let vtimezone = ICalendarWriter.timeZone(
            zone, from: Date(timeIntervalSince1970: 1_801_440_000),  // 2027-02-01T00:00:00Z
            through: Date(timeIntervalSince1970: 1_830_211_200))  // 2027-12-31T00:00:00Z
        #expect(vtimezone.properties == [ICalendarProperty("TZID", .raw("America/Bogota"))])
        #expect(vtimezone.components.count == 1)
        let standard = try #require(vtimezone.components.first)
        #expect(standard.name == "STANDARD")
        #expect(value(of: "DTSTART", in: standard) == "19700101T000000")
        #expect(value(of: "TZOFFSETFROM", in: standard) == "-0500")
        #expect(value(of: "TZOFFSETTO", in: standard) == "-0500")
    }

    @Test("a small calendar renders to exactly the expected stream")
    func fullRender() throws {
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        let instant = Date(timeIntervalSince1970: 1_805_036_400)  // 2027-03-14T15:00:00Z
        let summary = "Taller de protección, comunidad; región norte \\ sur\nSegunda jornada en Tegucigalpa"
        let calendar = ICalendarComponent(
            "VCALENDAR",
            properties: [
                ICalendarProperty("VERSION", .raw("2.0")), ICalendarProperty("PRODID", .text("-//Enlace//ES")),
                ICalendarProperty("METHOD", .raw("PUBLISH")),
            ],
            components: [
                ICalendarComponent(
                    "VTIMEZONE", properties: [ICalendarProperty("TZID", .raw("America/New_York"))],
                    components: [
                        ICalendarComponent(
                            "STANDARD",
                            properties: [
                                ICalendarProperty("DTSTART", .raw("19700101T000000")),
                                ICalendarProperty("TZOFFSETFROM", .raw("-0500")),
                                ICalendarProperty("TZOFFSETTO", .raw("-0500")),
                            ])
                    ]),
                ICalendarComponent(
                    "vevent",
                    properties: [
                        ICalendarProperty("UID", .text("a1@enlace.example")),
                        ICalendarProperty("DTSTAMP", .dateTimeUTC(instant)),
                        ICalendarProperty("DTSTART", .dateTimeLocal(instant, newYork)),
                        ICalendarProperty("SUMMARY", .text(summary)),
                        ICalendarProperty(
                            "ORGANIZER", .uri("mailto:ana@enlace.example"),
                            parameters: [ICalendarParameter("CN", "Pérez, Ana")]),
                    ]),
            ])
        let expected = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Enlace//ES",
            "METHOD:PUBLISH",
            "BEGIN:VTIMEZONE",
            "TZID:America/New_York",
            "BEGIN:STANDARD",
            "DTSTART:19700101T000000",
            "TZOFFSETFROM:-0500",
            "TZOFFSETTO:-0500",
            "END:STANDARD",
            "END:VTIMEZONE",
            "BEGIN:VEVENT",
            "UID:a1@enlace.example",
            "DTSTAMP:20270314T150000Z",
            "DTSTART;TZID=America/New_York:20270314T110000",
            #"SUMMARY:Taller de protección\, comunidad\; región norte \\ sur\nSegunda j"#,
            " ornada en Tegucigalpa",
            "ORGANIZER;CN=\"Pérez, Ana\":mailto:ana@enlace.example",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
        #expect(ICalendarWriter.render(calendar) == expected.map { $0 + "\r\n" }.joined())
    }

    /// The content line of `property` as rendered, unfolded and without its CRLF.
    private func line(_ property: ICalendarProperty) -> String {
        let rendered = ICalendarWriter.render(ICalendarComponent("X", properties: [property]))
        let lines = rendered.components(separatedBy: "\r\n")
        return lines.dropFirst().prefix(lines.count - 3).joined(separator: "\r\n")
            .replacingOccurrences(of: "\r\n ", with: "")
    }

    /// The raw text of the first property named `name` in `component`, or an empty string.
    private func value(of name: String, in component: ICalendarComponent) -> String {
        guard case .raw(let text) = component.properties.first(where: { $0.name == name })?.value else { return "" }
        return text
    }

    /// The length of the UTF-8 sequence that starts with `lead`.
    private func octets(startingWith lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// `bytes` split at each CRLF.
    private func split(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = [[]]
        var index = 0
        while index < bytes.count {
            if bytes[index] == 13, index + 1 < bytes.count, bytes[index + 1] == 10 {
                lines.append([])
                index += 2
            } else {
                lines[lines.count - 1].append(bytes[index])
                index += 1
            }
        }
        return lines
    }
}

/// A small seeded generator, so that generated inputs are the same on every run.
private struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
