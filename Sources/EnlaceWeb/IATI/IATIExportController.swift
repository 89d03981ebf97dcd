import EnlaceCore
import EnlaceInterop
import EnlaceStore
import Foundation
import Hummingbird
import NIOCore

/// The activities as an IATI 2.03 activity file, for the registries and tools that read IATI.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /api/v1/iati/activities.xml | the activities the filters match, as one `iati-activities` file |
///
/// The filters are the activity list's (`ActivityListQuery`, without paging). `scope` says who the file is
/// for: `public` (for publication) holds only what anyone may read, exactly as an anonymous reader receives
/// it, whoever asks; `readable` (the default) holds what the caller may read, and opens with a comment that it
/// is not for publication. An anonymous caller gets the public file either way. The file is written page by page as it is sent, so its size does not bound
/// the server's memory; a filter that matches nothing is a 404, since an IATI file needs one activity.
struct IATIExportController {
    let store: Store
    let clock: WallClock
    let sectors: DACSectorMapping

    /// Who the file is for.
    enum Scope: String {
        /// For publication: what anyone may read.
        case `public`
        /// For the caller: what they may read.
        case readable
    }

    /// Activities read from the store per page of the file.
    static let pageSize = 200

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.get("iati/activities.xml", use: export)
    }

    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var scopeError: [FieldError] = []
        let scopeText = parameters.getAll("scope").last ?? Scope.readable.rawValue
        let scope = Scope(rawValue: scopeText)
        if scope == nil { scopeError.append(FieldError("scope", .unknownCode, ["value": scopeText])) }
        let query = try ActivityListQuery.parse(
            parameters, catalog: store.catalog, strict: true,
            allowed: ActivityListQuery.filterParameters.union(["scope"]),
            errors: scopeError)
        let viewer = scope == .public ? Viewer.anonymous : context.viewer
        let first = try await store.activities.list(
            query.filter, sort: query.sort, limit: Self.pageSize, cursor: nil, for: viewer)
        // An IATI file holds at least one activity.
        guard !first.items.isEmpty else { throw RequestError.notFound }

        let organizations = Dictionary(
            try await store.organizations.all().map { ($0.code, IATIOrganization($0)) }, uniquingKeysWith: { a, _ in a }
        )
        let writer = IATIActivityWriter(generated: clock.now(), organizations: organizations, sectors: sectors)
        let forPublication = scope == .public || viewer.principal == nil
        let store = self.store
        let body = ResponseBody { bodyWriter in
            try await bodyWriter.write(ByteBuffer(string: writer.header()))
            if !forPublication { try await bodyWriter.write(ByteBuffer(string: Self.notForPublication)) }
            var page = first
            while true {
                try await bodyWriter.write(ByteBuffer(string: page.items.map(writer.activity).joined()))
                guard let cursor = page.nextCursor else { break }
                page = try await store.activities.list(
                    query.filter, sort: query.sort, limit: Self.pageSize, cursor: cursor, for: viewer)
            }
            try await bodyWriter.write(ByteBuffer(string: writer.footer()))
            try await bodyWriter.finish(nil)
        }
        let name = forPublication ? "enlace-activities-public.xml" : "enlace-activities.xml"
        return Response(
            status: .ok,
            headers: [
                .contentType: IATIActivityWriter.contentType, .cacheControl: "no-store",
                .contentDisposition: "inline; filename=\"\(name)\"",
            ],
            body: body)
    }

    /// The comment that opens a file made for a signed-in reader, after the XML declaration and the root tag.
    static let notForPublication =
        "<!-- Not for publication: this file holds what its reader may read, which may include activities that "
        + "only some governments may read. Export with scope=public for a file to publish. -->\n"
}
