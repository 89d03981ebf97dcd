import EnlaceCore
import Foundation
import Testing

@Suite("Record ids and the audit trail's JSON")
struct IdentifierAndJSONTests {
    @Test("generated ids are version-7 UUIDs that increase in the order they are made")
    func timeOrderedIDs() throws {
        let ids = (0..<20_000).map { _ in IDGenerator.random.next() }
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted(), "made one after another, they sort in that order")
        for id in ids.prefix(200) {
            let uuid = try #require(UUID(uuidString: id), "\(id)")
            #expect(uuid.uuidString.lowercased() == id)
            let bytes = withUnsafeBytes(of: uuid.uuid) { Array($0) }
            #expect(bytes[6] >> 4 == 7, "version 7")
            #expect(bytes[8] >> 6 == 0b10, "RFC 9562 variant")
        }
        // The first 48 bits are the Unix time in milliseconds.
        let first = try #require(UUID(uuidString: ids[0]))
        let milliseconds = withUnsafeBytes(of: first.uuid) { Array($0) }.prefix(6).reduce(UInt64(0)) {
            $0 << 8 | UInt64($1)
        }
        #expect(abs(Double(milliseconds) / 1000 - Date().timeIntervalSince1970) < 60)
    }

    @Test("the audit trail's changes are JSON that decodes back to the same changes, whatever the text holds")
    func changesJSON() throws {
        let awkward = [
            "", "plain", "quote \" and backslash \\", "line\nbreak\r\ttab", "\u{1}\u{1F}control", "émoji 🙂 / 中文",
        ]
        var changes: [FieldChange] = []
        for (index, text) in awkward.enumerated() {
            changes.append(FieldChange(field: "field\(index) \(text)", before: nil, after: text))
            changes.append(FieldChange(field: "f\(index)", before: text, after: nil))
            changes.append(FieldChange(field: "g\(index)", before: text, after: text + "!"))
        }
        for list in [[], changes] {
            let text = FieldChange.json(list)
            let decoded = try JSONDecoder().decode([FieldChange].self, from: Data(text.utf8))
            #expect(decoded == list)
            #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [Any])
        }
    }
}
