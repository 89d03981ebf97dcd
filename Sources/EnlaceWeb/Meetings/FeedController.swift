import EnlaceCore
import EnlaceInterop
import EnlaceStore
import Hummingbird
import NIOCore

/// Calendar feeds (RFC 5545) behind secret, replaceable addresses, for clients that cannot sign in.
///
/// The key in the address stands for one person and sees what they may see, read-only.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /feeds/{key}/me.ics | the meetings that name the person, and the action items assigned to them |
/// | GET | /feeds/{key}/organization.ics | the meetings their organisation takes part in, and its action items |
/// | GET | /feeds/{key}/series/{id}.ics | a series' meetings and their action items |
/// | POST | /api/v1/me/feed-key | replaces the caller's key: old addresses stop working; answers the new ones |
struct FeedController {
    let store: Store

    /// The feeds themselves, read by calendar clients.
    func addFeedRoutes(to site: SiteRouter) {
        site.get(SitePaths.feed, use: personal)
        site.get(SitePaths.seriesFeed, use: series)
    }

    /// The API that replaces the caller's key.
    func addAPIRoutes(to api: RouterGroup<AppRequestContext>) {
        api.post("me/feed-key", use: replaceKey)
    }

    @Sendable func personal(_ request: Request, context: AppRequestContext) async throws -> Response {
        let owner = try await resolve(context)
        switch try context.parameters.require("file") {
        case "me.ics":
            return try await answer(
                .person(email: owner.account.email), name: owner.account.name, owner: owner.principal,
                request: request, context: context)
        case "organization.ics":
            let names = try await organizationNames()
            return try await answer(
                .organization(owner.principal.organization), name: names(owner.principal.organization),
                owner: owner.principal, request: request, context: context)
        default:
            throw RequestError.notFound
        }
    }

    @Sendable func series(_ request: Request, context: AppRequestContext) async throws -> Response {
        let owner = try await resolve(context)
        let file = try context.parameters.require("file")
        guard file.hasSuffix(".ics") else { throw RequestError.notFound }
        let id = String(file.dropLast(4))
        let series = try await store.meetings.series(id: id, for: .person(owner.principal))
        return try await answer(
            .series(id), name: series.name, owner: owner.principal, request: request, context: context)
    }

    @Sendable func replaceKey(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard context.session != nil || principal.scope == .readWrite else { throw EnlaceError.forbidden(field: nil) }
        let account = try await store.users.find(id: principal.userID)
        let key = try await store.feedKeys.replace(for: account, actor: principal)
        return JSONResponse.make(
            .object([
                ("feedUrl", .string(FeedAddress.person(key, request, context))),
                ("organizationFeedUrl", .string(FeedAddress.organization(key, request, context))),
            ]))
    }

    private func resolve(_ context: AppRequestContext) async throws -> (principal: Principal, account: UserAccount) {
        guard let owner = try await store.feedKeys.resolve(try context.parameters.require("key")) else {
            throw RequestError.notFound
        }
        return owner
    }

    private func organizationNames() async throws -> @Sendable (String) -> String {
        let names = Dictionary(
            try await store.organizations.all().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        return { names[$0] ?? $0 }
    }

    private func answer(
        _ scope: MeetingRepository.FeedScope, name: String, owner: Principal, request: Request,
        context: AppRequestContext
    ) async throws -> Response {
        let feed = try await store.meetings.feed(scope, for: .person(owner))
        let origin = FeedAddress.origin(request, context)
        let calendar = MeetingCalendar(
            name: "Enlace · \(name)", meetings: feed.meetings, actions: feed.actions,
            meetingURL: { origin + SitePaths.meeting($0) }, organizationName: try await organizationNames())
        return Response(
            status: .ok,
            headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: calendar.render())))
    }
}
