import EnlaceCore
import Foundation
import Testing

@testable import EnlaceInterop

/// GeoJSON of activities: where each feature stands, and a collection that streams in valid pieces.
@Suite("GeoJSON export")
struct ActivityGeoJSONTests {
    private static let writer = ActivityGeoJSON(
        centroids: .init(["HN": .init(lat: 14.82, lon: -86.59), "GT": .init(lat: 15.7, lon: -90.37)]),
        link: { "/activities/\($0.id)" })

    private static func geometry(_ activity: Activity) throws -> [String: Any]? {
        let text = try writer.features([activity], first: true)
        let feature = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return feature["geometry"] as? [String: Any]
    }

    @Test("a located activity is its point; one without is its countries' points; one with neither has none")
    func geometries() throws {
        let located = try Self.geometry(IATIActivityWriterTests.fullActivity())
        #expect(located?["type"] as? String == "Point")
        #expect(located?["coordinates"] as? [Double] == [-87.9423, 15.8476])

        let single = try Self.geometry(IATIActivityWriterTests.minimalActivity())
        #expect(single?["type"] as? String == "Point")
        #expect(single?["coordinates"] as? [Double] == [-86.59, 14.82])

        var regional = IATIActivityWriterTests.minimalActivity()
        regional.draft.recipientCountries = ["HN", "GT", "BB"]
        let points = try Self.geometry(regional)
        #expect(points?["type"] as? String == "MultiPoint")
        #expect((points?["coordinates"] as? [[Double]])?.count == 2)

        var nowhere = IATIActivityWriterTests.minimalActivity()
        nowhere.draft.recipientCountries = ["BB"]
        let text = try Self.writer.features([nowhere], first: true)
        #expect(text.contains(#""geometry":null"#))
        #expect(text.contains(#""geometrySource":"none""#))
    }

    @Test("pieces join into one collection: commas between features and runs, none before the first")
    func pieces() throws {
        let activities = [IATIActivityWriterTests.fullActivity(), IATIActivityWriterTests.minimalActivity()]
        let text =
            Self.writer.header + (try Self.writer.features([activities[0]], first: true))
            + (try Self.writer.features([], first: false)) + (try Self.writer.features([activities[1]], first: false))
            + Self.writer.footer
        let collection = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(collection["type"] as? String == "FeatureCollection")
        #expect((collection["features"] as? [Any])?.count == 2)
        #expect(!text.contains("Contact"))
    }
}
