public import EnlaceCore
public import Foundation

/// Activities as GeoJSON (RFC 7946): a `FeatureCollection` with one `Feature` per activity, for map clients.
///
/// An activity's geometry is its location's point when it has one; otherwise the points of its recipient
/// countries (a `MultiPoint`, or a `Point` for one country), from `centroids`; otherwise `null`, which
/// GeoJSON allows. `properties.geometrySource` says which (`location`, `countries` or `none`). Coordinates
/// are longitude then latitude, WGS 84. The implementing-partner contact is never written.
///
/// The collection comes in pieces, ``header``, ``features(_:first:)`` for each run of activities and
/// ``footer``, so that a long export streams.
public struct ActivityGeoJSON: Sendable {
    /// A point of the map.
    public struct Point: Sendable, Hashable, Decodable {
        public var lat: Double
        public var lon: Double

        public init(lat: Double, lon: Double) {
            self.lat = lat
            self.lon = lon
        }
    }

    /// The points of countries, by ISO 3166-1 alpha-2 code, as in `country-centroids.json`.
    public struct Centroids: Sendable, Decodable {
        public var centroids: [String: Point]

        public init(_ centroids: [String: Point]) {
            self.centroids = centroids
        }
    }

    /// The media type of the output.
    public static let contentType = "application/geo+json"

    public let centroids: Centroids
    /// The address of an activity's page, written as `properties.href`.
    public let link: @Sendable (Activity) -> String

    public init(centroids: Centroids, link: @escaping @Sendable (Activity) -> String) {
        self.centroids = centroids
        self.link = link
    }

    /// The opening of the collection.
    public let header = #"{"type":"FeatureCollection","features":["#

    /// The closing of the collection.
    public let footer = "]}\n"

    /// The features of `activities`, comma-separated; after the first run (`first: false`) it opens with a comma.
    public func features(_ activities: [Activity], first: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let features = try activities.map { String(decoding: try encoder.encode(feature($0)), as: UTF8.self) }
        guard !features.isEmpty else { return "" }
        return (first ? "" : ",") + features.joined(separator: ",")
    }

    /// The feature of `activity`.
    func feature(_ activity: Activity) -> Feature {
        let draft = activity.draft
        var geometry: Geometry?
        var source = "none"
        if let location = draft.location, let lat = location.lat, let lon = location.lon, Self.valid(lat, lon) {
            geometry = Geometry(type: "Point", point: [lon, lat])
            source = "location"
        } else {
            let points = draft.recipientCountries.compactMap { centroids.centroids[$0.uppercased()] }
            if points.count == 1 {
                geometry = Geometry(type: "Point", point: [points[0].lon, points[0].lat])
                source = "countries"
            } else if points.count > 1 {
                geometry = Geometry(type: "MultiPoint", points: points.map { [$0.lon, $0.lat] })
                source = "countries"
            }
        }
        let funding = draft.providers.filter { $0.role == .funding }.map(\.organization)
        let implementing = draft.providers.filter { $0.role == .implementing }.map(\.organization)
        return Feature(
            id: activity.id, geometry: geometry,
            properties: Properties(
                id: activity.id, title: draft.title, href: link(activity), status: draft.status.rawValue,
                kind: draft.kind.rawValue, funding: funding, implementing: implementing,
                recipientCountries: draft.recipientCountries, keyAreas: draft.keyAreas, topics: draft.topics,
                plannedStart: draft.plannedStart.iso, plannedEnd: draft.plannedEnd.iso,
                location: draft.location?.name, geometrySource: source))
    }

    private static func valid(_ lat: Double, _ lon: Double) -> Bool {
        lat.isFinite && lon.isFinite && abs(lat) <= 90 && abs(lon) <= 180
    }

    struct Feature: Encodable {
        let type = "Feature"
        let id: String
        let geometry: Geometry?
        let properties: Properties

        enum CodingKeys: String, CodingKey { case type, id, geometry, properties }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(type, forKey: .type)
            try container.encode(id, forKey: .id)
            // A feature without a place has `"geometry": null`, which GeoJSON requires to be written out.
            if let geometry {
                try container.encode(geometry, forKey: .geometry)
            } else {
                try container.encodeNil(forKey: .geometry)
            }
            try container.encode(properties, forKey: .properties)
        }
    }

    struct Geometry: Encodable {
        let type: String
        var point: [Double]?
        var points: [[Double]]?

        enum CodingKeys: String, CodingKey { case type, coordinates }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(type, forKey: .type)
            if let point { try container.encode(point, forKey: .coordinates) }
            if let points { try container.encode(points, forKey: .coordinates) }
        }
    }

    struct Properties: Encodable {
        let id: String
        let title: String
        let href: String
        let status: Int
        let kind: String
        let funding: [String]
        let implementing: [String]
        let recipientCountries: [String]
        let keyAreas: [String]
        let topics: [String]
        let plannedStart: String
        let plannedEnd: String
        let location: String?
        let geometrySource: String
    }
}
