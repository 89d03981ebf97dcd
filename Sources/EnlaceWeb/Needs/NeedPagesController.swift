import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// The needs pages. They work without JavaScript.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /needs | the list, filtered by country, key area, status and year |
/// | GET | /needs/new | the empty form (partner focal points, the secretariat, administrators) |
/// | POST | /needs | records; 303 to the need, or the form with messages |
/// | GET | /needs/planning | one country's needs in one year, answered and not |
/// | GET | /needs/{id} | the need, its answers, and the activities that could answer it |
/// | GET | /needs/{id}/edit | the filled form |
/// | POST | /needs/{id}/edit | changes; 303 to the need, or the form with messages |
/// | POST | /needs/{id}/links | links (`action=link`) or unlinks an activity; 303 back |
struct NeedPagesController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations
    let clock: WallClock

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.needs, use: list)
        router.get(SitePaths.newNeed, use: new)
        router.post(SitePaths.needs, use: create)
        router.get(SitePaths.planning, use: planning)
        router.get(SitePaths.need, use: show)
        router.get(SitePaths.editNeed, use: edit)
        router.post(SitePaths.editNeed, use: update)
        router.post(SitePaths.needLinks, use: links)
    }

    private func presenter(_ context: AppRequestContext) async throws -> NeedPresenter {
        NeedPresenter(
            base: try await ActivityPresenter.load(store: store, translations: translations, context: context))
    }

    private func countryOptions(_ presenter: NeedPresenter, selected: String?, all: Bool) -> [Option] {
        let recipients = Set(presenter.base.organizations.values.filter { !$0.isMember }.compactMap(\.country))
        return .make(
            (all ? [("", presenter.text("funding.all"))] : [])
                + presenter.base.countryChoices { recipients.contains($0.code) }, selected: [selected ?? ""])
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let parameters = request.uri.queryParameters
        let filter = try NeedsQuery.filter(parameters, catalog: store.catalog, strict: false)
        let presenter = try await presenter(context)
        let needs = try await store.needs.list(filter, for: context.viewer)
        let model = NeedListPage(
            lines: needs.map(presenter.line), hasLines: !needs.isEmpty,
            countries: countryOptions(presenter, selected: filter.country, all: true),
            areas: .make(
                [("", presenter.text("funding.all"))]
                    + store.catalog.keyAreas.map { ($0.slug, presenter.base.areaName($0.slug)) },
                selected: [filter.area ?? ""]),
            statuses: .make(
                [("", presenter.text("funding.all"))] + NeedStatus.allCases.map { ($0.rawValue, presenter.status($0)) },
                selected: [filter.statuses.first?.rawValue ?? ""]),
            year: parameters.get("year") ?? "", canCreate: NeedPolicy.canCreate(context.viewer),
            planningHref: SitePaths.planning.link,
            notice: parameters.get("saved") != nil ? presenter.text("needs.saved") : nil)
        return pages.render(
            model, title: presenter.text("needs.title"), section: .needs, request: request,
            context: context)
    }

    @Sendable func planning(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let presenter = try await presenter(context)
        let parameters = request.uri.queryParameters
        let country =
            parameters.get("country").flatMap { store.catalog.country($0) != nil ? $0 : nil }
            ?? actor.country.flatMap { store.catalog.country($0) != nil ? $0 : nil } ?? "HN"
        let year =
            parameters.get("year").flatMap(Int.init).flatMap { (1990...2100).contains($0) ? $0 : nil }
            ?? CalendarDate.today(clock).year
        let needs = try await store.needs.list(
            NeedFilter(country: country, window: CalendarDate.year(year)), for: context.viewer
        ).filter { $0.status != .withdrawn }
        let answered = needs.filter { !$0.answers.isEmpty }.map(presenter.line)
        let unanswered = needs.filter { $0.answers.isEmpty }.map(presenter.line)
        let model = PlanningPage(
            countries: countryOptions(presenter, selected: country, all: false), year: String(year),
            countryName: presenter.base.countryName(country), answered: answered, unanswered: unanswered,
            hasAnswered: !answered.isEmpty, hasUnanswered: !unanswered.isEmpty,
            summary: presenter.text(
                "needs.planningSummary",
                [
                    "needs": presenter.base.format.integer(needs.count),
                    "answered": presenter.base.format.integer(answered.count),
                    "unanswered": presenter.base.format.integer(unanswered.count),
                ]))
        return pages.render(
            model, title: presenter.text("needs.planningTitle"), section: .needs, request: request,
            context: context)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await detail(request, context, error: nil)
    }

    private func detail(
        _ request: Request, _ context: AppRequestContext, error: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let view = try await store.needs.find(id: id, for: context.viewer)
        let presenter = try await presenter(context)
        let canEditNeed = try await store.needs.canEdit(view.need, viewer: context.viewer)
        var answers: [NeedDetailPage.Answer] = []
        for activity in view.answers {
            let canUnlink = try await store.activities.canEdit(activity, viewer: context.viewer) || canEditNeed
            answers.append(
                NeedDetailPage.Answer(line: presenter.answer(activity), activityID: activity.id, canUnlink: canUnlink))
        }
        var suggestions: [NeedDetailPage.Suggestion] = []
        for match in try await store.needs.matches(id: id, for: context.viewer) {
            let line = presenter.answer(match.activity)
            suggestions.append(
                NeedDetailPage.Suggestion(
                    href: line.href, title: line.title, provider: line.provider, dates: line.dates,
                    score: match.score.formatted(
                        .percent.precision(.fractionLength(0)).locale(presenter.base.format.locale)),
                    reasons: match.reasons.map(presenter.reason), activityID: match.activity.id,
                    canLink: try await store.activities.canEdit(match.activity, viewer: .person(actor))))
        }
        let draft = view.need.draft
        let model = NeedDetailPage(
            line: presenter.line(view), description: draft.description,
            topics: draft.topics.map { store.catalog.topic($0)?.names[presenter.base.language] ?? $0 }.joined(
                separator: ", "),
            people: draft.people.map(presenter.base.format.integer),
            budget: draft.budget.map(presenter.base.format.money),
            owner: presenter.base.organizations[view.need.owner]?.name ?? view.need.owner,
            marking: translations.text("markings.\(draft.releasability.marking.rawValue).label", context.language)
                + (draft.releasability.releasableTo.isEmpty
                    ? "" : ": " + draft.releasability.releasableTo.joined(separator: ", ")),
            statusSet: draft.statusOverride != nil, answers: answers, hasAnswers: !answers.isEmpty,
            suggestions: suggestions, hasSuggestions: !suggestions.isEmpty, linkAction: SitePaths.needLinks(id),
            editHref: canEditNeed ? SitePaths.editNeed(id) : nil, listHref: SitePaths.needs.link,
            notice: request.uri.queryParameters.get("saved") != nil ? presenter.text("needs.saved") : nil, error: error)
        return pages.render(
            model, title: draft.title, section: .needs, request: request, context: context,
            status: status)
    }

    @Sendable func new(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        guard NeedPolicy.canCreate(context.viewer) else { throw EnlaceError.forbidden(field: nil) }
        var input = NeedInput()
        input.country = actor.country
        return try await form(input, version: nil, errors: [], editing: nil, request, context)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        guard NeedPolicy.canCreate(context.viewer) else { throw EnlaceError.forbidden(field: nil) }
        let (input, _) = Self.input(try await FormData.read(request, context: context))
        return try await FormSubmission.handle(
            version: nil, language: context.language, translations: translations,
            save: { SitePaths.need(try await store.needs.create(input, by: actor).need.id) + "?saved=1" },
            form: { errors, version, _ in
                try await form(input, version: version, errors: errors, editing: nil, request, context)
            })
    }

    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let view = try await store.needs.find(id: try context.parameters.require("id"), for: context.viewer)
        guard try await store.needs.canEdit(view.need, viewer: context.viewer) else {
            throw EnlaceError.forbidden(field: nil)
        }
        return try await form(
            NeedInput(view.need.draft), version: view.need.version, errors: [], editing: view.need.id, request, context)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let (input, version) = Self.input(try await FormData.read(request, context: context))
        return try await FormSubmission.handle(
            version: version, language: context.language, translations: translations,
            save: {
                _ = try await store.needs.update(id: id, with: input, expectedVersion: version ?? -1, by: actor)
                return SitePaths.need(id) + "?saved=1"
            },
            form: { errors, version, stale in
                try await form(input, version: version, errors: errors, editing: id, request, context, stale: stale)
            })
    }

    @Sendable func links(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let form = try await FormData.read(request, context: context)
        let activity = form.value("activity") ?? ""
        switch form.value("action") {
        case "link": _ = try await store.needs.link(id: id, activity: activity, by: actor)
        case "unlink": _ = try await store.needs.unlink(id: id, activity: activity, by: actor)
        default:
            return try await detail(
                request, context,
                error: translations.message(
                    for: FieldError("action", .unknownCode, ["value": form.value("action") ?? ""]), context.language),
                status: .unprocessableContent)
        }
        return .redirect(to: SitePaths.need(id) + "?saved=1", type: .normal)
    }

    /// The input and version a form sent.
    static func input(_ form: FormData) -> (NeedInput, Int?) {
        func value(_ name: String) -> String? { form.value(name).flatMap { $0.isEmpty ? nil : $0 } }
        var input = NeedInput()
        input.title = value("title")
        input.country = value("country")
        input.institution = value("institution")
        input.keyAreas = form.values("keyAreas")
        input.topics = form.values("topics")
        input.description = value("description")
        input.priority = value("priority").map { Int($0) ?? 0 }
        input.windowStart = value("windowStart")
        input.windowEnd = value("windowEnd")
        input.people = value("people").map { Int($0) ?? -1 }
        input.budget = .init(
            amount: value("budget.amount"), currency: value("budget.amount") == nil ? nil : value("budget.currency"))
        input.status = value("status")
        if let marking = value("releasability.marking") {
            input.releasability = .init(
                marking: marking,
                releasableTo: (value("releasableTo") ?? "").split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces).uppercased()
                }.filter { !$0.isEmpty })
        }
        return (input, value("version").flatMap(Int.init))
    }

    private func form(
        _ input: NeedInput, version: Int?, errors: [FieldError], editing id: String?, _ request: Request,
        _ context: AppRequestContext, stale: String? = nil
    ) async throws -> Response {
        let presenter = try await presenter(context)
        let heading = presenter.text(id == nil ? "needs.newTitle" : "needs.editTitle")
        let model = NeedFormPage(
            input: input, version: version, errors: errors, heading: heading,
            action: id.map { SitePaths.editNeed($0) } ?? SitePaths.needs.link,
            cancelHref: id.map { SitePaths.need($0) } ?? SitePaths.needs.link,
            editing: id != nil, staleNotice: stale, presenter: presenter)
        return pages.render(
            model, title: heading, section: .needs, request: request, context: context,
            status: FormSubmission.status(errors: errors, stale: stale != nil))
    }
}
