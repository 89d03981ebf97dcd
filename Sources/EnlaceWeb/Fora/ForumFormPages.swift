import EnlaceCore

/// A field per language, for names and mandates.
struct LanguageField {
    let field: Field
    let language: String
}

/// The secretariat's form for a forum of the directory.
struct ForumFormPage {
    let header: FormHeader
    /// The slug, asked only of a new forum.
    let id: Field?
    let names: [LanguageField]
    let acronym: Field
    let scopes: [Option]
    let parents: [Option]
    let parentError: String?
    let members: [Option]
    let membersError: String?
    let areas: [Option]
    let topics: [Option]
    let topicsError: String?
    let website: Field
    let descriptions: [LanguageField]

    init(
        input: ForumInput, version: Int?, errors: [FieldError], heading: String, action: String, cancelHref: String,
        editing: String?, fora: [Forum], staleNotice: String? = nil, presenter: ActivityPresenter
    ) {
        let form = FormMessages(errors, translations: presenter.translations, language: presenter.language)
        func languageName(_ language: Language) -> String {
            presenter.translations.text("language.names.\(language.rawValue)", presenter.language)
        }
        header = FormHeader(
            heading: heading, action: action, cancelHref: cancelHref, version: version, messages: form,
            staleNotice: staleNotice)
        id = editing == nil ? form.field("id", input.id) : nil
        names = Language.allCases.map {
            LanguageField(
                field: form.field("names.\($0.rawValue)", input.names?[$0.rawValue]), language: languageName($0))
        }
        acronym = form.field("acronym", input.acronym)
        scopes = .make(
            ForumScope.allCases.map {
                ($0.rawValue, presenter.translations.text("fora.scopes.\($0.rawValue)", presenter.language))
            }, selected: [input.scope ?? ForumScope.regional.rawValue])
        parents = .make(
            [("", "—")]
                + fora.filter { $0.id != editing }.map {
                    ($0.id, $0.label(presenter.language))
                }, selected: [input.parent ?? ""])
        parentError = form.message("parent")
        members = .make(
            presenter.countryChoices(), selected: Set(input.members ?? []))
        membersError = form.message("members")
        areas = .make(
            presenter.keyAreaChoices, selected: Set(input.keyAreas ?? []))
        topics = .make(
            presenter.topicChoices, selected: Set(input.topics ?? []))
        topicsError = form.message("topics")
        website = form.field("website", input.website)
        descriptions = Language.allCases.map {
            LanguageField(
                field: form.field("description.\($0.rawValue)", input.description?[$0.rawValue]),
                language: languageName($0))
        }
    }
}

/// The secretariat's form for a focal point.
struct ContactFormPage {
    let header: FormHeader
    let name: Field
    let organization: Field
    let position: Field
    let email: Field
    let phone: Field
    let languages: [Option]
    let languagesError: String?

    init(
        input: ContactInput, version: Int?, errors: [FieldError], heading: String, action: String,
        cancelHref: String, staleNotice: String? = nil, presenter: ActivityPresenter
    ) {
        let form = FormMessages(errors, translations: presenter.translations, language: presenter.language)
        header = FormHeader(
            heading: heading, action: action, cancelHref: cancelHref, version: version, messages: form,
            staleNotice: staleNotice)
        name = form.field("name", input.name)
        organization = form.field("organization", input.organization)
        position = form.field("position", input.position)
        email = form.field("email", input.email)
        phone = form.field("phone", input.phone)
        languages = .make(
            Language.allCases.map {
                ($0.rawValue, presenter.translations.text("language.names.\($0.rawValue)", presenter.language))
            }, selected: Set(input.languages ?? []))
        languagesError = form.message("languages")
    }
}

extension ForumFormPage: PageModel {
    static let template = PageTemplate.forumForm
}

extension ContactFormPage: PageModel {
    static let template = PageTemplate.contactForm
}
