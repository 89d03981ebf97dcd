import EnlaceCore
import EnlaceStore
import Foundation
import Testing

@Suite("Shipped reference data")
struct ReferenceResourceTests {
    /// The official IATI 2.03 Sector code list, from the shared reference folder beside the checkout.
    static var sectorCodeList: String? {
        let here = URL(fileURLWithPath: #filePath)
        let candidates = [
            here.deletingLastPathComponent().appendingPathComponent(
                "../../../shared/reference/iati-2.03/codelists/Sector.xml"),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                .appendingPathComponent("../shared/reference/iati-2.03/codelists/Sector.xml"),
        ]
        return candidates.lazy.compactMap { try? String(contentsOf: $0.standardizedFileURL, encoding: .utf8) }.first
    }

    @Test("every key area has at least five topics, each with a current OECD-DAC purpose code")
    func topicsHaveDACCodes() throws {
        let resources = try ReferenceResources.load()
        #expect(
            resources.keyAreas.map(\.slug) == [
                "narco-trafficking", "combating-crime", "strengthening-institutions", "resilient-communities",
            ])
        for area in resources.keyAreas {
            #expect(resources.topics.filter { $0.keyArea == area.slug }.count >= 5, "\(area.slug)")
        }
        for topic in resources.topics {
            #expect(topic.dacCode.count == 5 && topic.dacCode.allSatisfy(\.isNumber), "\(topic.slug)")
        }
    }

    @Test(
        "the DAC codes exist in the official IATI Sector list and are not withdrawn",
        .enabled(
            if: sectorCodeList != nil, "needs ../shared/reference/iati-2.03/codelists/Sector.xml beside the checkout"))
    func codesAreOfficial() throws {
        let list = try #require(Self.sectorCodeList)
        var active: Set<String> = []
        for item in list.components(separatedBy: "<codelist-item").dropFirst() {
            guard let start = item.range(of: "<code>"), let end = item.range(of: "</code>") else { continue }
            let header = item.prefix { $0 != ">" }
            if !header.contains("withdrawn") {
                active.insert(String(item[start.upperBound..<end.lowerBound]))
            }
        }
        #expect(active.count > 100)
        for topic in try ReferenceResources.load().topics {
            #expect(active.contains(topic.dacCode), "\(topic.slug): \(topic.dacCode)")
        }
    }

    @Test("the vocabularies in the resource file match the core's enumerations")
    func vocabularies() throws {
        let resources = try ReferenceResources.load()
        #expect(resources.kinds.map(\.code) == ActivityKind.allCases)
        #expect(resources.modalities.map(\.code) == Modality.allCases)
        #expect(resources.statuses.map(\.code) == ActivityStatus.allCases)
        for label in resources.kinds.map(\.names) + resources.modalities.map(\.names) + resources.statuses.map(\.names)
        {
            #expect(Language.allCases.allSatisfy { label.values[$0]?.isEmpty == false })
        }
        #expect(resources.countries.count == 249)
        #expect(
            resources.countries.allSatisfy { country in Language.allCases.allSatisfy { country.names.values[$0] != nil }
            })
    }

    @Test("every country point names a known country and lies on the globe; the Americas' mainland all have one")
    func centroids() throws {
        struct File: Decodable {
            struct Point: Decodable {
                let lat: Double
                let lon: Double
            }
            let source: String
            let centroids: [String: Point]
        }
        let file = try JSONDecoder().decode(File.self, from: ReferenceResources.file("country-centroids"))
        let codes = Set(try ReferenceResources.load().countries.map(\.code))
        #expect(file.source.contains("Natural Earth"))
        #expect(Set(file.centroids.keys).subtracting(codes).isEmpty)
        #expect(file.centroids.values.allSatisfy { abs($0.lat) <= 90 && abs($0.lon) <= 180 })
        for code in ["MX", "GT", "BZ", "HN", "SV", "NI", "CR", "PA", "CO", "VE", "EC", "PE", "BR", "US", "CA"] {
            #expect(file.centroids[code] != nil, "\(code)")
        }
        // Honduras's point lies in Honduras.
        let honduras = try #require(file.centroids["HN"])
        #expect((13...16).contains(honduras.lat) && (-89.5 ... -83).contains(honduras.lon))
    }
}
