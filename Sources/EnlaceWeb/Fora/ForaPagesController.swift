import EnlaceCore
import EnlaceStore
import Hummingbird

/// The directory of fora:
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /fora | every forum and mechanism, filtered by `country`, `keyArea`, `scope` |
/// | GET | /fora/{id} | one forum: mandate, members, the bodies within it, what links to it, and its focal points for members |
struct ForaPagesController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.fora, use: directory)
        router.get(SitePaths.forum, use: forum)
    }

    @Sendable func directory(_ request: Request, context: AppRequestContext) async throws -> Response {
        let all = try await store.fora.all()
        let shown = try ForaQuery.filtered(
            all, request.uri.queryParameters, catalog: store.catalog, strict: false)
        let presenter = try await ActivityPresenter.load(store: store, translations: translations, context: context)
        return pages.render(
            ForaDirectoryPage(
                fora: shown, query: request.uri.queryParameters, canEdit: ForumPolicy.canEdit(context.viewer),
                presenter: presenter),
            title: translations.text("fora.title", context.language), section: .fora, request: request,
            context: context)
    }

    @Sendable func forum(_ request: Request, context: AppRequestContext) async throws -> Response {
        let forum = try await store.fora.find(id: try context.parameters.require("id"))
        let all = try await store.fora.all()
        let contacts =
            ForumPolicy.canSeeContacts(context.viewer)
            ? try await store.fora.contacts(forum: forum.id, for: context.viewer) : nil
        // What links here, of what the reader may read.
        let inbound = try await store.forumLinks.inbound(to: forum.id, for: context.viewer)
        let presenter = try await ActivityPresenter.load(store: store, translations: translations, context: context)
        return pages.render(
            ForumPage(
                forum: forum, all: all, contacts: contacts, inbound: inbound, viewer: context.viewer,
                presenter: presenter),
            title: forum.draft.names[context.language], section: .fora, request: request, context: context)
    }
}
