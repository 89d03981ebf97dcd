import EnlaceCore
import Hummingbird

/// The fora a record concerns, on its page, with the form that changes them for those who may.
struct ForaLinksPanel {
    /// A choice sent through the panel's form and refused: what was chosen, and why not.
    struct Refused {
        let chosen: [String]
        let message: String
    }

    let links: [LabelledLink]
    let hasLinks: Bool
    let canEdit: Bool
    let action: String
    let options: [Option]
    /// Why the choice sent was refused; the options then show that choice.
    let error: String?

    init(linked: [Forum], all: [Forum], canEdit: Bool, action: String, language: Language, refused: Refused? = nil) {
        links = linked.map {
            LabelledLink(href: SitePaths.forum($0.id), label: $0.label(language))
        }
        hasLinks = !linked.isEmpty
        self.canEdit = canEdit
        self.action = action
        options =
            canEdit
            ? .make(
                all.map { ($0.id, $0.label(language)) },
                selected: Set(refused?.chosen ?? linked.map(\.id))) : []
        error = refused?.message
    }

    /// The flow of the panel's form: `save` the fora chosen, then back to the panel on the record's
    /// page (303); a refusal shows `page` again with the panel's message (422), and nothing is written.
    static func submit(
        _ request: Request, context: AppRequestContext, translations: Translations, back: String,
        save: ([String]) async throws -> Void, page: (Refused) async throws -> Response
    ) async throws -> Response {
        let chosen = try await FormData.read(request, context: context).values("fora")
        do {
            try await save(chosen)
            return .redirect(to: back + "#fora-panel", type: .normal)
        } catch EnlaceError.invalid(let errors) {
            let message = errors.map { translations.message(for: $0, context.language) }.joined(separator: " ")
            return try await page(Refused(chosen: chosen, message: message))
        }
    }
}
