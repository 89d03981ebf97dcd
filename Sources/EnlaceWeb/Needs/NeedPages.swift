import EnlaceCore
import EnlaceStore
import Foundation

/// How the needs pages write a need, in the reader's language.
struct NeedPresenter {
    let base: ActivityPresenter

    func text(_ key: String, _ parameters: [String: String] = [:]) -> String {
        base.translations.text(key, base.language, parameters)
    }

    func status(_ status: NeedStatus) -> String { text("needs.statuses.\(status.rawValue)") }

    /// One line of a list of needs.
    struct Line {
        let href: String
        let title: String
        let country: String
        let institution: String
        let areas: String
        let window: String
        let priority: String
        let status: String
        let statusCode: String
        let answers: String
        let answerLines: [AnswerLine]
        let hasAnswers: Bool
    }

    struct AnswerLine {
        let href: String
        let title: String
        let provider: String
        let dates: String
        let status: String
    }

    func answer(_ activity: Activity) -> AnswerLine {
        AnswerLine(
            href: SitePaths.activity(activity.id), title: activity.draft.title,
            provider: base.organizations[activity.owner]?.name ?? activity.owner,
            dates: base.range(activity.draft.window.lowerBound, activity.draft.window.upperBound),
            status: base.catalog.label(activity.draft.status, in: base.language))
    }

    func line(_ view: NeedView) -> Line {
        let draft = view.need.draft
        return Line(
            href: SitePaths.need(view.need.id), title: draft.title, country: base.countryName(draft.country),
            institution: draft.institution, areas: draft.keyAreas.map(base.areaName).joined(separator: ", "),
            window: base.range(draft.windowStart, draft.windowEnd),
            priority: text("needs.priorities.\(draft.priority)"),
            status: status(view.status), statusCode: view.status.rawValue,
            answers: base.format.integer(view.answers.count), answerLines: view.answers.map(answer),
            hasAnswers: !view.answers.isEmpty)
    }

    func reason(_ reason: NeedMatching.Reason) -> String {
        switch reason {
        case .topics(let topics):
            text(
                "needs.reasons.topics",
                ["topics": topics.map { base.catalog.topic($0)?.names[base.language] ?? $0 }.joined(separator: ", ")])
        case .areas(let areas): text("needs.reasons.areas", ["areas": areas.map(base.areaName).joined(separator: ", ")])
        case .window(let days): text("needs.reasons.window", ["days": base.format.integer(days)])
        case .nearWindow(let days): text("needs.reasons.nearWindow", ["days": base.format.integer(days)])
        case .institution: text("needs.reasons.institution")
        case .open: text("needs.reasons.open")
        }
    }
}

/// The list of needs, with its filters.
struct NeedListPage {
    let lines: [NeedPresenter.Line]
    let hasLines: Bool
    let countries: [Option]
    let areas: [Option]
    let statuses: [Option]
    let year: String
    let canCreate: Bool
    let planningHref: String
    let notice: String?
}

/// One need: what is asked, what answers it, and what could.
struct NeedDetailPage {
    struct Suggestion {
        let href: String
        let title: String
        let provider: String
        let dates: String
        let score: String
        let reasons: [String]
        let activityID: String
        let canLink: Bool
    }

    struct Answer {
        let line: NeedPresenter.AnswerLine
        let activityID: String
        let canUnlink: Bool
    }

    let line: NeedPresenter.Line
    let description: String
    let topics: String
    let people: String?
    let budget: String?
    let owner: String
    let marking: String
    let statusSet: Bool
    let answers: [Answer]
    let hasAnswers: Bool
    let suggestions: [Suggestion]
    let hasSuggestions: Bool
    let linkAction: String
    let editHref: String?
    let listHref: String
    let notice: String?
    let error: String?
}

/// The annual planning view of one country: its needs in a year, what answers each, what does not.
struct PlanningPage {
    let countries: [Option]
    let year: String
    let countryName: String
    let answered: [NeedPresenter.Line]
    let unanswered: [NeedPresenter.Line]
    let hasAnswered: Bool
    let hasUnanswered: Bool
    let summary: String
}

/// The form that records or changes a need.
struct NeedFormPage {
    let header: FormHeader
    let title: Field
    let countries: [Option]
    let countryError: String?
    let institution: Field
    let areas: [Option]
    let areasError: String?
    let topics: [Option]
    let topicsError: String?
    let description: Field
    let priorities: [Option]
    let priorityError: String?
    let windowStart: Field
    let windowEnd: Field
    let people: Field
    let budgetAmount: Field
    let budgetCurrency: Field
    let statuses: [Option]
    let statusError: String?
    let editing: Bool
    let markings: [Option]
    let releasableTo: Field
    let releasabilityError: String?

    init(
        input: NeedInput, version: Int?, errors: [FieldError], heading: String, action: String, cancelHref: String,
        editing: Bool, staleNotice: String? = nil, presenter: NeedPresenter
    ) {
        let base = presenter.base
        let form = FormMessages(errors, translations: base.translations, language: base.language)
        header = FormHeader(
            heading: heading, action: action, cancelHref: cancelHref, version: version, messages: form,
            staleNotice: staleNotice)
        title = form.field("title", input.title)
        countries = .make(
            [("", base.translations.text("form.choose", base.language))]
                + base.countryChoices(),
            selected: [input.country ?? ""])
        countryError = form.message("country")
        institution = form.field("institution", input.institution)
        areas = .make(
            base.keyAreaChoices, selected: Set(input.keyAreas ?? []))
        areasError = form.message("keyAreas")
        topics = .make(
            base.topicChoices, selected: Set(input.topics ?? []))
        topicsError = form.message("topics")
        description = form.field("description", input.description)
        priorities = .make(
            (1...3).map { ("\($0)", presenter.text("needs.priorities.\($0)")) },
            selected: [input.priority.map(String.init) ?? "2"])
        priorityError = form.message("priority")
        windowStart = form.field("windowStart", input.windowStart)
        windowEnd = form.field("windowEnd", input.windowEnd)
        people = form.field("people", input.people.map(String.init))
        budgetAmount = form.field("budget.amount", input.budget?.amount)
        budgetCurrency = form.field("budget.currency", input.budget?.currency ?? "USD")
        statuses = .make(
            [("", presenter.text("needs.followLinks"))]
                + NeedStatus.allCases.map { ($0.rawValue, presenter.status($0)) },
            selected: [input.status ?? ""])
        statusError = form.message("status")
        self.editing = editing
        markings = .make(
            Marking.allCases.map {
                ($0.rawValue, base.translations.text("markings.\($0.rawValue).label", base.language))
            },
            selected: [input.releasability?.marking ?? "members"])
        releasableTo = form.field("releasableTo", input.releasability?.releasableTo?.joined(separator: ", "))
        releasabilityError = form.message("releasability")
    }
}

extension NeedListPage: PageModel {
    static let template = PageTemplate.needList
}

extension PlanningPage: PageModel {
    static let template = PageTemplate.needPlanning
}

extension NeedDetailPage: PageModel {
    static let template = PageTemplate.needDetail
}

extension NeedFormPage: PageModel {
    static let template = PageTemplate.needForm
}
