import EnlaceCore
import EnlaceInterop
import EnlaceStore
import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// The activities as files other tools read: an IATI 2.03 activity file, a spreadsheet with HXL hashtags, and
/// GeoJSON for maps.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /api/v1/iati/activities.xml | the activities the filters match, as one `iati-activities` file |
/// | GET | /api/v1/activities.csv | the activities the filters match, one row each, under a row of HXL hashtags |
/// | GET | /api/v1/activities.geojson | the activities the filters match, one feature each |
///
/// The filters are the activity list's (`ActivityListQuery`, without paging), and each file holds the
/// activities as its reader may see them at the moment they asked: one read of the store, so that a file
/// neither skips nor repeats a record that someone saves while it is sent, and the reader's rights are
/// judged once. Each request's cost is bounded: a file holds at most ``maxActivities`` (more is a 400 that
/// asks for narrower filters), at most ``maxInFlight`` files are written at once (one more is a 503 with
/// `Retry-After`), and each is encoded page by page as it is sent.
///
/// The IATI file takes one more parameter, `scope`: `public` (for publication) holds only what anyone may
/// read, exactly as an anonymous reader receives it, whoever asks; `readable` (the default) holds what the
/// caller may read, and opens with a comment that it is not for publication. An anonymous caller gets the
/// public file either way. An IATI file needs one activity, so filters that match none are a 404 there; a
/// spreadsheet with no rows is still a spreadsheet.
struct ActivityExportsController {
    let store: Store
    let clock: WallClock
    let sectors: DACSectorMapping
    let centroids: ActivityGeoJSON.Centroids

    /// Who the IATI file is for.
    enum Scope: String {
        /// For publication: what anyone may read.
        case `public`
        /// For the caller: what they may read.
        case readable
    }

    /// Activities encoded per piece of a file.
    static let pageSize = 200
    /// The most activities one file holds.
    static let maxActivities = 50_000
    /// The most files written at once, by everyone.
    static let maxInFlight = 4

    /// The files being written now.
    let inFlight = InFlight(limit: maxInFlight)

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.get("iati/activities.xml", use: iati)
        api.get("activities.csv", use: spreadsheet)
        api.get("activities.geojson", use: geoJSON)
    }

    @Sendable func iati(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var scopeErrors: [FieldError] = []
        let scopeText = parameters.getAll("scope").last ?? Scope.readable.rawValue
        let scope = Scope(rawValue: scopeText)
        if scope == nil { scopeErrors.append(FieldError("scope", .unknownCode, ["value": scopeText])) }
        let query = try ActivityListQuery.parse(
            parameters, catalog: store.catalog, strict: true,
            allowed: ActivityListQuery.filterParameters.union(["scope"]), errors: scopeErrors)
        let viewer = scope == .public ? Viewer.anonymous : context.viewer
        let place = try inFlight.enter()
        let activities = try await read(query, for: viewer)
        // An IATI file holds at least one activity.
        guard !activities.isEmpty else { throw RequestError.notFound }

        let organizations = Dictionary(
            try await store.organizations.all().map { ($0.code, IATIOrganization($0)) },
            uniquingKeysWith: { first, _ in first })
        let writer = IATIActivityWriter(generated: clock.now(), organizations: organizations, sectors: sectors)
        let forPublication = scope == .public || viewer.principal == nil
        let body = stream(
            activities, in: place, head: writer.header() + (forPublication ? "" : Self.notForPublication),
            page: { activities, _ in activities.map(writer.activity).joined() }, tail: writer.footer())
        let name = forPublication ? "enlace-activities-public.xml" : "enlace-activities.xml"
        return Self.file(body, type: IATIActivityWriter.contentType, name: name)
    }

    @Sendable func spreadsheet(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try ActivityListQuery.parse(
            request.uri.queryParameters, catalog: store.catalog, strict: true,
            allowed: ActivityListQuery.filterParameters)
        let place = try inFlight.enter()
        let activities = try await read(query, for: context.viewer)
        let body = stream(
            activities, in: place, head: try CSVText.write(ActivityHXL.headings),
            page: { activities, _ in try CSVText.write(activities.map(ActivityHXL.row), byteOrderMark: false) },
            tail: "")
        return Self.file(body, type: "text/csv; charset=utf-8", name: "enlace-activities.csv")
    }

    @Sendable func geoJSON(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try ActivityListQuery.parse(
            request.uri.queryParameters, catalog: store.catalog, strict: true,
            allowed: ActivityListQuery.filterParameters)
        let place = try inFlight.enter()
        let activities = try await read(query, for: context.viewer)
        let writer = ActivityGeoJSON(centroids: centroids) { SitePaths.activity($0.id) }
        let body = stream(activities, in: place, head: writer.header, page: writer.features, tail: writer.footer)
        return Self.file(body, type: ActivityGeoJSON.contentType, name: "enlace-activities.geojson")
    }

    /// Every activity `query` matches that `viewer` may see, as they may see it, in one read; more than
    /// ``maxActivities`` is a 400 that names the limit.
    private func read(_ query: ActivityListQuery, for viewer: Viewer) async throws -> [Activity] {
        let page = try await store.activities.list(
            query.filter, sort: query.sort, limit: Self.maxActivities, cursor: nil, for: viewer)
        guard page.total <= Self.maxActivities else {
            throw RequestError.invalidQuery([
                FieldError("filters", .tooMany, ["max": String(Self.maxActivities), "count": String(page.total)])
            ])
        }
        return page.items
    }

    /// `head`, `activities` a page at a time as `page` writes them (told whether it is the first), and `tail`,
    /// encoded while the answer is sent; the body holds the file's `place` until it is done with.
    private func stream(
        _ activities: [Activity], in place: InFlight.Place, head: String,
        page write: @escaping @Sendable ([Activity], _ first: Bool) throws -> String, tail: String
    ) -> ResponseBody {
        ResponseBody { writer in
            // The body owns the place: it goes when the body is done with, written or not.
            defer { withExtendedLifetime(place) {} }
            try await writer.write(ByteBuffer(string: head))
            for start in stride(from: 0, to: activities.count, by: Self.pageSize) {
                let piece = Array(activities[start..<min(activities.count, start + Self.pageSize)])
                try await writer.write(ByteBuffer(string: try write(piece, start == 0)))
            }
            if !tail.isEmpty { try await writer.write(ByteBuffer(string: tail)) }
            try await writer.finish(nil)
        }
    }

    private static func file(_ body: ResponseBody, type: String, name: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: type, .cacheControl: "no-store", .contentDisposition: "inline; filename=\"\(name)\"",
            ],
            body: body)
    }

    /// The comment that opens an IATI file made for a signed-in reader, after the XML declaration and the
    /// root tag.
    static let notForPublication =
        "<!-- Not for publication: this file holds what its reader may read, which may include activities that "
        + "only some governments may read. Export with scope=public for a file to publish. -->\n"
}
