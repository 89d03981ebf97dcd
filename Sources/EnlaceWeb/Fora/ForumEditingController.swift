import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// The secretariat's pages that keep the directory: fora and their focal points.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /fora/new | the empty forum form |
/// | POST | /fora | adds the forum; 303 to it, or the form with messages |
/// | GET | /fora/{id}/edit | the filled forum form |
/// | POST | /fora/{id}/edit | changes it; 303 to it, or the form with messages |
/// | GET | /fora/{id}/contacts/new | the empty focal-point form |
/// | POST | /fora/{id}/contacts | adds the focal point; 303 to the forum, or the form with messages |
/// | GET | /contacts/{id}/edit | the filled focal-point form |
/// | POST | /contacts/{id}/edit | changes it; 303 to its forum, or the form with messages |
/// | POST | /contacts/{id}/remove | removes it (someone who left their post); 303 to its forum |
struct ForumEditingController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.newForum, use: newForum)
        router.post(SitePaths.fora, use: createForum)
        router.get(SitePaths.editForum, use: editForum)
        router.post(SitePaths.editForum, use: updateForum)
        router.get(SitePaths.newForumContact, use: newContact)
        router.post(SitePaths.forumContacts, use: createContact)
        router.get(SitePaths.editContact, use: editContact)
        router.post(SitePaths.editContact, use: updateContact)
        router.post(SitePaths.removeContact, use: removeContact)
    }

    private func requireEditor(_ context: AppRequestContext) throws -> Principal {
        let actor = try context.requirePrincipal()
        guard ForumPolicy.canEdit(context.viewer) else { throw EnlaceError.forbidden(field: nil) }
        return actor
    }

    @Sendable func newForum(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try requireEditor(context)
        return try await forumForm(ForumInput(), version: nil, errors: [], editing: nil, request, context)
    }

    @Sendable func createForum(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try requireEditor(context)
        let (input, _) = Self.forumInput(try await FormData.read(request, context: context))
        return try await FormSubmission.handle(
            version: nil, language: context.language, translations: translations,
            save: { SitePaths.forum(try await store.fora.create(input, by: actor).id) },
            form: { errors, version, _ in
                try await forumForm(input, version: version, errors: errors, editing: nil, request, context)
            })
    }

    @Sendable func editForum(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try requireEditor(context)
        let forum = try await store.fora.find(id: try context.parameters.require("id"))
        return try await forumForm(
            ForumInput(forum), version: forum.version, errors: [], editing: forum.id, request, context)
    }

    @Sendable func updateForum(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try requireEditor(context)
        let id = try context.parameters.require("id")
        _ = try await store.fora.find(id: id)
        let (input, version) = Self.forumInput(try await FormData.read(request, context: context))
        return try await FormSubmission.handle(
            version: version, language: context.language, translations: translations,
            save: {
                _ = try await store.fora.update(id: id, with: input, expectedVersion: version ?? -1, by: actor)
                return SitePaths.forum(id)
            },
            form: { errors, version, stale in
                try await forumForm(
                    input, version: version, errors: errors, editing: id, request, context, stale: stale)
            })
    }

    /// The forum input and version a form sent; language fields left blank are absent.
    static func forumInput(_ form: FormData) -> (ForumInput, Int?) {
        func value(_ name: String) -> String? { form.value(name).flatMap { $0.isEmpty ? nil : $0 } }
        func texts(_ prefix: String) -> [String: String] {
            Dictionary(
                uniqueKeysWithValues: Language.allCases.compactMap { language in
                    value("\(prefix).\(language.rawValue)").map { (language.rawValue, $0) }
                })
        }
        var input = ForumInput()
        input.id = value("id")
        input.names = texts("names")
        input.acronym = value("acronym")
        input.scope = value("scope")
        input.parent = value("parent")
        input.members = form.values("members")
        input.keyAreas = form.values("keyAreas")
        input.topics = form.values("topics")
        input.website = value("website")
        input.description = texts("description")
        return (input, value("version").flatMap(Int.init))
    }

    private func forumForm(
        _ input: ForumInput, version: Int?, errors: [FieldError], editing id: String?, _ request: Request,
        _ context: AppRequestContext, stale: String? = nil
    ) async throws -> Response {
        let presenter = try await ActivityPresenter.load(store: store, translations: translations, context: context)
        let heading = translations.text(id == nil ? "fora.newTitle" : "fora.editTitle", context.language)
        let model = ForumFormPage(
            input: input, version: version, errors: errors, heading: heading,
            action: id.map { SitePaths.editForum($0) } ?? SitePaths.fora.link,
            cancelHref: id.map { SitePaths.forum($0) } ?? SitePaths.fora.link, editing: id,
            fora: try await store.fora.all(),
            staleNotice: stale, presenter: presenter)
        return pages.render(
            model, title: heading, section: .fora, request: request, context: context,
            status: FormSubmission.status(errors: errors, stale: stale != nil))
    }

    @Sendable func newContact(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try requireEditor(context)
        let forum = try await store.fora.find(id: try context.parameters.require("id"))
        return try await contactForm(
            ContactInput(), version: nil, errors: [], forum: forum.id, editing: nil, request, context)
    }

    @Sendable func createContact(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try requireEditor(context)
        let forum = try await store.fora.find(id: try context.parameters.require("id"))
        let (input, _) = Self.contactInput(try await FormData.read(request, context: context))
        return try await FormSubmission.handle(
            version: nil, language: context.language, translations: translations,
            save: {
                _ = try await store.fora.addContact(to: forum.id, input, by: actor)
                return SitePaths.forum(forum.id) + "#contacts"
            },
            form: { errors, version, _ in
                try await contactForm(
                    input, version: version, errors: errors, forum: forum.id, editing: nil, request, context)
            })
    }

    @Sendable func editContact(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try requireEditor(context)
        let contact = try await store.fora.contact(id: try context.parameters.require("id"), for: context.viewer)
        return try await contactForm(
            ContactInput(contact.draft), version: contact.version, errors: [], forum: contact.forum,
            editing: contact.id, request, context)
    }

    @Sendable func updateContact(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try requireEditor(context)
        let contact = try await store.fora.contact(id: try context.parameters.require("id"), for: context.viewer)
        let (input, version) = Self.contactInput(try await FormData.read(request, context: context))
        return try await FormSubmission.handle(
            version: version, language: context.language, translations: translations,
            save: {
                _ = try await store.fora.updateContact(
                    id: contact.id, with: input, expectedVersion: version ?? -1, by: actor)
                return SitePaths.forum(contact.forum) + "#contacts"
            },
            form: { errors, version, stale in
                try await contactForm(
                    input, version: version, errors: errors, forum: contact.forum, editing: contact.id, request,
                    context, stale: stale)
            })
    }

    @Sendable func removeContact(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try requireEditor(context)
        let contact = try await store.fora.contact(id: try context.parameters.require("id"), for: context.viewer)
        let form = try await FormData.read(request, context: context)
        try await store.fora.removeContact(
            id: contact.id, expectedVersion: form.value("version").flatMap(Int.init) ?? -1, by: actor)
        return .redirect(to: SitePaths.forum(contact.forum) + "#contacts", type: .normal)
    }

    /// The contact input and version a form sent.
    static func contactInput(_ form: FormData) -> (ContactInput, Int?) {
        var input = ContactInput()
        input.name = form.value("name")
        input.organization = form.value("organization")
        input.position = form.value("position")
        input.email = form.value("email")
        input.phone = form.value("phone")
        input.languages = form.values("languages")
        return (input, form.value("version").flatMap(Int.init))
    }

    private func contactForm(
        _ input: ContactInput, version: Int?, errors: [FieldError], forum: String, editing id: String?,
        _ request: Request, _ context: AppRequestContext, stale: String? = nil
    ) async throws -> Response {
        let presenter = try await ActivityPresenter.load(store: store, translations: translations, context: context)
        let heading = translations.text(id == nil ? "fora.newContact" : "fora.editContact", context.language)
        let model = ContactFormPage(
            input: input, version: version, errors: errors, heading: heading,
            action: id.map { SitePaths.editContact($0) } ?? SitePaths.forumContacts(forum),
            cancelHref: SitePaths.forum(forum) + "#contacts", staleNotice: stale, presenter: presenter)
        return pages.render(
            model, title: heading, section: .fora, request: request, context: context,
            status: FormSubmission.status(errors: errors, stale: stale != nil))
    }
}
