import EnlaceCore
import EnlaceTestSupport
import Foundation
import Hummingbird
import Testing

@testable import EnlaceWeb

@Suite("JSON codec")
struct JSONCodecTests {
    @Test("an activity's JSON decodes back to the same activity, on generated activities")
    func activityRoundTrip() throws {
        let catalog = try Fixtures.catalog()
        for draft in Fixtures.randomDrafts(count: 300, seed: 21, catalog: catalog) {
            let activity = Activity(
                id: "x", owner: "US-INL", draft: draft, version: 3, createdAt: Fixtures.epoch, updatedAt: Fixtures.epoch
            )
            let text = ActivityDTO.encode(activity).buffer
            let parsed = try JSONValue.parse(text.readableBytesView)
            let (input, errors) = ActivityDTO.decode(parsed, id: "x")
            #expect(errors.isEmpty)
            #expect(try input.validated(against: catalog) == draft)
        }
    }

    @Test("writing then parsing is the identity on generated JSON values, and Foundation agrees it is JSON")
    func valueRoundTrip() throws {
        var random = SeededRandom(seed: 8)
        for _ in 0..<500 {
            let value = Self.randomValue(&random, depth: 0)
            let buffer = value.buffer
            #expect(try JSONValue.parse(buffer.readableBytesView) == value)
            #expect(
                (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: .fragmentsAllowed))
                    != nil)
        }
    }

    @Test("hostile documents are refused, never crash")
    func hostile() throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        for text in [deep, "\"\\ud800\"", "\"\u{01}\"", "01", "1.", "-", "tru", "{\"a\" 1}", "[1,]", "\"\\x\"", ""] {
            #expect(throws: JSONValue.SyntaxError.self, "\(text.prefix(20))") { try JSONValue.parse(Array(text.utf8)) }
        }
        #expect(try JSONValue.parse(Array("\"\\ud83d\\ude00 é\"".utf8)) == .string("😀 é"))
    }

    static func randomValue(_ random: inout SeededRandom, depth: Int) -> JSONValue {
        let pick = Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &random)
        switch pick {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .integer(Int.random(in: -1_000_000_000...1_000_000_000, using: &random))
        case 3: return .number(Double(Int.random(in: -100_000...100_000, using: &random)) / 64)
        case 4:
            let alphabet = Array("aé\"\\/\n\t\u{01}<😀 zñ")
            return .string(
                String(
                    (0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! }))
        case 5:
            return .array(
                (0..<Int.random(in: 0...4, using: &random)).map { _ in randomValue(&random, depth: depth + 1) })
        default:
            var members: [(String, JSONValue)] = []
            for index in 0..<Int.random(in: 0...4, using: &random) {
                members.append(("k\(index)", randomValue(&random, depth: depth + 1)))
            }
            return .object(members)
        }
    }
}
