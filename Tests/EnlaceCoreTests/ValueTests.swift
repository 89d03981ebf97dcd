import EnlaceCore
import Foundation
import Testing

@Suite("Values")
struct ValueTests {
    @Test("calendar dates round-trip through ISO text and day numbers on generated days")
    func calendarDates() {
        var random = SeededRandom(seed: 1)
        for _ in 0..<5_000 {
            let day = CalendarDate(dayNumber: Int.random(in: -719_000...2_900_000, using: &random))
            let parsed = CalendarDate(iso: day.iso)
            #expect(parsed == day, "\(day.iso)")
            let (year, month, dayOfMonth) = day.components
            #expect(CalendarDate(year: year, month: month, day: dayOfMonth) == day)
        }
        #expect(CalendarDate(iso: "1970-01-01")?.dayNumber == 0)
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        for bad in [
            "2023-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01", "2026/01/01", "2026-01-32", "２０２６-01-01",
            "",
        ] {
            #expect(CalendarDate(iso: bad) == nil, "\(bad)")
        }
    }

    @Test("an amount read from its text is the same money as the parsed amount, with the same canonical text")
    func moneyFromText() throws {
        var random = SeededRandom(seed: 3)
        var texts = ["0", "0.0", "007.50", "1500.5", "1500.50", "999999999999999.9999", "12.3400", "100"]
        for _ in 0..<2_000 {
            let whole = Int.random(in: 0...999_999_999, using: &random)
            let places = Int.random(in: 0...4, using: &random)
            let fraction = (0..<places).map { _ in String(Int.random(in: 0...9, using: &random)) }.joined()
            texts.append(places == 0 ? String(whole) : "\(whole).\(fraction)")
        }
        for text in texts {
            let read = try #require(Money(text: text, currency: "USD"), "\(text)")
            let parsed = try DecimalText.parseAmount(text).get()
            let money = Money(amount: parsed, currency: "USD")
            #expect(read == money, "\(text)")
            #expect(read.hashValue == money.hashValue, "\(text)")
            #expect(read.amountText == money.amountText, "\(text)")
            #expect(read.exact == money.exact, "\(text)")
        }
        for bad in ["", "-1", "1.23456", "1e3", "abc", "1.", "1234567890123456"] {
            #expect(Money(text: bad, currency: "USD") == nil, "\(bad)")
        }
        var changed = try #require(Money(text: "12.5", currency: "USD"))
        changed.amount = 7
        #expect(changed.amountText == "7")
    }

    @Test("timestamps round-trip at millisecond precision and sort as text")
    func timestamps() {
        var random = SeededRandom(seed: 2)
        var previous: (Date, String)?
        for _ in 0..<2_000 {
            let date = Timestamp.truncated(Date(timeIntervalSince1970: Double.random(in: -1e9...4e9, using: &random)))
            let text = Timestamp.format(date)
            #expect(Timestamp.parse(text) == date, "\(text)")
            if let (earlier, earlierText) = previous {
                #expect((earlier < date) == (earlierText < text) || earlier == date)
            }
            previous = (date, text)
        }
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.parse("2026-11-29T18:46:43Z") != nil)
        #expect(Timestamp.parse("2026-11-29T18:46:43.5Z") == Date(timeIntervalSince1970: 1_795_978_003.5))
        #expect(Timestamp.parse("2026-11-29 18:46:43Z") == nil)
        // RFC 3339 offsets move the time to UTC; a malformed zone is refused.
        #expect(Timestamp.parse("2026-11-29T19:46:43+01:00") == Timestamp.parse("2026-11-29T18:46:43Z"))
        #expect(Timestamp.parse("2026-11-29T13:16:43.5-05:30") == Date(timeIntervalSince1970: 1_795_978_003.5))
        #expect(Timestamp.parse("2026-11-29T18:46:43+0100") == nil)
        #expect(Timestamp.parse("2026-11-29T18:46:43") == nil)
        #expect(Timestamp.parse("2026-11-29T18:46:43.Z") == nil)
    }

    @Test("decimal amounts parse strictly and format canonically; parse after format is the identity")
    func decimals() {
        #expect(DecimalText.parseAmount("125000.50") == .success(Decimal(string: "125000.5")!))
        #expect(DecimalText.parseAmount("0") == .success(0))
        #expect(DecimalText.parseAmount("-5") == .failure(.negative))
        #expect(DecimalText.parseAmount("1.23456") == .failure(.tooManyFractionDigits(max: 4)))
        #expect(DecimalText.parseAmount("1234567890123456") == .failure(.tooManyIntegerDigits(max: 15)))
        for bad in ["1e5", "1,000", " 1", "1.", ".5", "abc", "", "+1", "0x10", "1.2.3"] {
            #expect(DecimalText.parseAmount(bad) == .failure(.notADecimal), "\(bad)")
        }
        var random = SeededRandom(seed: 3)
        for _ in 0..<2_000 {
            let text =
                "\(Int.random(in: 0...999_999_999_999, using: &random)).\(Int.random(in: 0...9999, using: &random))"
            guard case .success(let value) = DecimalText.parseAmount(text) else {
                Issue.record("\(text) did not parse")
                continue
            }
            #expect(DecimalText.parseAmount(DecimalText.format(value)) == .success(value))
        }
    }

    @Test("folding removes case and accents so that policia finds Policía")
    func folding() {
        #expect(TextFolding.fold("Policía Nacional") == "policia nacional")
        #expect(TextFolding.fold("  INTERDICCIÓN   marítima ") == "interdiccion maritima")
        #expect(TextFolding.fold("Côte d'Ivoire — Œuvre") == "cote d'ivoire — oeuvre")
        #expect(TextFolding.fold("São Tomé e Príncipe") == "sao tome e principe")
    }

    @Test("Accept-Language picks the best supported language")
    func negotiation() {
        #expect(Language.negotiate(acceptLanguage: "es-CO,es;q=0.9,en;q=0.8") == .es)
        #expect(Language.negotiate(acceptLanguage: "de-DE,fr;q=0.7,en;q=0.3") == .fr)
        #expect(Language.negotiate(acceptLanguage: "pt-BR") == .pt)
        #expect(Language.negotiate(acceptLanguage: "en;q=0.5,es;q=0") == .en)
        #expect(Language.negotiate(acceptLanguage: "de, ja") == nil)
        #expect(Language.negotiate(acceptLanguage: "") == nil)
    }

    @Test("page cursors round-trip and refuse anything else")
    func cursors() {
        let cursor = PageCursor(sort: "-title", key: "policía / 100% \"x\"", id: "a-b")
        #expect(PageCursor(token: cursor.token) == cursor)
        #expect(!cursor.token.contains("="))
        for bad in ["", "!!!", "eyJ9", String(repeating: "a", count: 5000)] {
            #expect(PageCursor(token: bad) == nil)
        }
    }
}
