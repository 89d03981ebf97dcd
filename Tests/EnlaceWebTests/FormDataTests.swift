import Foundation
import Testing

@testable import EnlaceWeb

@Suite("Form bodies")
struct FormDataTests {
    @Test("names and values decode as the form encoding says, in one pass")
    func decoding() {
        let cases: [(String, String)] = [
            ("plain", "plain"), ("a+b%20c", "a b c"), ("%C3%A9t%C3%A9", "été"), ("caf%c3%a9", "café"),
            ("%2B1", "+1"), ("50%25", "50%"), ("%zz", ""), ("%4", ""), ("100%", ""), ("%FF", "\u{FFFD}"),
            ("ñandú", "ñandú"),
        ]
        for (encoded, decoded) in cases {
            #expect(FormData.decode(Substring(encoded)) == decoded, "\(encoded)")
        }
        // The same as Foundation's reading wherever that one succeeds.
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("ab +%20%2B%C3%A9%zz%4é&=")
        for _ in 0..<2_000 {
            let text = String((0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement()! })
            if let foundation = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding {
                #expect(FormData.decode(Substring(text)) == foundation, "\(text)")
            }
        }
    }

    @Test("a name's values are found through the index, last one wins, order kept")
    func lookup() throws {
        let form = try FormData.parse("a=1&b=2&a=3&c=&d")
        #expect(form.value("a") == "3" && form.values("a") == ["1", "3"])
        #expect(form.value("c") == "" && form.value("d") == "" && form.value("e") == nil)
        #expect(form.names == ["a", "b", "c", "d"])
        #expect(throws: RequestError.self) {
            try FormData.parse(Array(repeating: "x=1", count: FormData.maxFields + 1).joined(separator: "&"))
        }
    }
}
