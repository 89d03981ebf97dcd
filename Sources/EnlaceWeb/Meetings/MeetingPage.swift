import EnlaceCore
import EnlaceStore
import Foundation

/// The model of a meeting's page: its tabs (agenda, participants, minutes, decisions, actions) and forms.
struct MeetingPage {
    /// Where the page's forms post.
    struct Forms {
        let status: String
        let details: String
        let agenda: String
        let participants: String
        let decisions: String
        let actions: String

        init(_ id: String) {
            status = SitePaths.meetingStatus(id)
            details = SitePaths.meetingDetails(id)
            agenda = SitePaths.meetingAgenda(id)
            participants = SitePaths.meetingParticipants(id)
            decisions = SitePaths.meetingDecisions(id)
            actions = SitePaths.meetingActions(id)
        }
    }

    /// The suggested items shown at once, highest score first; answering one brings the next.
    static let suggestionsShown = 10

    enum TabName: String, CaseIterable {
        case agenda, participants, minutes, decisions, actions
    }

    struct Tab {
        let label: String
        let href: String
        let current: Bool
        let code: String
    }

    struct Link {
        let label: String
        let href: String
    }

    struct AgendaRow {
        let id: String
        let position: Int
        let title: String
        let presenter: String?
        let notes: String?
        let links: [Link]
        let hasLinks: Bool
        let action: String
        let isFirst: Bool
        let isLast: Bool
    }

    struct Suggestion {
        let overlapHref: String
        let title: String
        let score: String
        let action: String
    }

    struct ParticipantRow {
        let index: Int
        let name: String
        let organization: String
        let role: String
        let attendance: [Option]
        let attendanceLabel: String
    }

    struct DecisionRow {
        let id: String
        let number: Int
        let label: String
        let text: String
    }

    /// What the user typed into the form that failed, so it comes back filled in.
    struct Draft {
        var agendaTitle = ""
        var agendaPresenter = ""
        var agendaNotes = ""
        var decisionText = ""
        var actionText = ""
        var actionAssignee = ""
        var actionDue = ""
        var participantPerson = ""
    }

    let id: String
    let title: String
    let seriesName: String
    let seriesHref: String
    let when: String
    let status: String
    let statusCode: String
    let venue: String?
    let virtualLink: String?
    let startLocal: String
    let endLocal: String
    let timeZone: String
    let marking: String
    let canChair: Bool
    let version: Int
    let briefHref: String
    let minutesHref: String
    let forms: Forms
    let tabs: [Tab]
    let isAgenda: Bool
    let isParticipants: Bool
    let isMinutes: Bool
    let isDecisions: Bool
    let isActions: Bool
    let agenda: [AgendaRow]
    let hasAgenda: Bool
    /// The technical consultation rounds held at this meeting, on proposals the reader may read.
    let consultations: [LabelledLink]
    let hasConsultations: Bool
    let suggestions: [Suggestion]
    let hasSuggestions: Bool
    let moreSuggestions: String?
    let participants: [ParticipantRow]
    let organizationChoices: [Option]
    let minutesHTML: String
    let hasMinutes: Bool
    let decisions: [DecisionRow]
    let hasDecisions: Bool
    let actions: [MeetingPresenter.ActionRow]
    let hasActions: Bool
    let decisionChoices: [Option]
    let ownerChoices: [Option]
    let statusChoices: [Option]
    let activityChoices: [Option]
    let overlapChoices: [Option]
    let proposalChoices: [Option]
    let coverageChoices: [Option]
    let draft: Draft
    let hasErrors: Bool
    let errorSummary: [ErrorLink]
    let notice: String?
    let staleNotice: String?

    /// Where an agenda item's links lead, with the words shown for them.
    static func links(_ item: AgendaItem, titles: [String: String], presenter: MeetingPresenter) -> [Link] {
        item.links.map { link in
            switch link.kind {
            case .activity:
                return Link(label: titles[link.reference] ?? link.reference, href: SitePaths.activity(link.reference))
            case .overlap:
                return Link(label: presenter.text("meetings.link.overlap"), href: SitePaths.overlap(link.reference))
            case .proposal:
                return Link(
                    label: titles[link.reference] ?? presenter.text("meetings.link.proposal"),
                    href: SitePaths.proposal(link.reference))
            case .coverage:
                let parts = link.reference.split(separator: "/").map(String.init)
                return Link(
                    label: presenter.base.countryName(parts.first ?? "") + " · "
                        + presenter.base.areaName(parts.last ?? ""),
                    href: SitePaths.activities.with([("country", parts.first ?? ""), ("keyArea", parts.last ?? "")]))
            }
        }
    }

    struct Content {
        let meeting: Meeting
        let series: MeetingSeries
        let canChair: Bool
        let agenda: [AgendaItem]
        let linkTitles: [String: String]
        let consultations: [LabelledLink]
        let suggestions: [OverlapView]
        let decisions: [Decision]
        let actions: [ActionItem]
        let actionEditable: Set<String>
        let organizations: [Organization]
        /// The track's activities around the meeting, offered when linking an agenda item.
        let trackActivities: [Activity]
        /// The track's proposals still under way, offered likewise.
        let trackProposals: [Proposal]
    }

    init(
        _ content: Content, tab: TabName, presenter: MeetingPresenter, draft: Draft = Draft(),
        form: FormMessages? = nil, notice: String? = nil, staleNotice: String? = nil
    ) {
        let meeting = content.meeting
        id = meeting.id
        title = meeting.title
        seriesName = content.series.name
        seriesHref = SitePaths.series(content.series.id)
        forms = Forms(meeting.id)
        when = presenter.when(meeting)
        status = presenter.status(meeting.status)
        statusCode = meeting.status.rawValue
        venue = meeting.venue
        virtualLink = meeting.virtualLink
        let zone = presenter.zone(meeting.timeZone)
        startLocal = MeetingClock.localText(meeting.start, in: zone)
        endLocal = MeetingClock.localText(meeting.end, in: zone)
        timeZone = meeting.timeZone
        marking = presenter.marking(meeting.releasability)
        canChair = content.canChair
        version = meeting.version
        briefHref = SitePaths.brief(meeting.id)
        minutesHref = SitePaths.minutes(meeting.id)
        tabs = TabName.allCases.map { name in
            Tab(
                label: presenter.text("meetings.tabs.\(name.rawValue)"),
                href: SitePaths.meeting(meeting.id, tab: name.rawValue), current: name == tab, code: name.rawValue)
        }
        isAgenda = tab == .agenda
        isParticipants = tab == .participants
        isMinutes = tab == .minutes
        isDecisions = tab == .decisions
        isActions = tab == .actions
        agenda = content.agenda.enumerated().map { index, item in
            let links = Self.links(item, titles: content.linkTitles, presenter: presenter)
            return AgendaRow(
                id: item.id, position: item.position, title: presenter.agendaTitle(item), presenter: item.presenter,
                notes: item.notes,
                links: links, hasLinks: !links.isEmpty,
                action: SitePaths.agendaItem(meeting.id, item.id), isFirst: index == 0,
                isLast: index == content.agenda.count - 1)
        }
        hasAgenda = !agenda.isEmpty
        consultations = content.consultations
        hasConsultations = !consultations.isEmpty
        suggestions = content.suggestions.prefix(Self.suggestionsShown).map { view in
            Suggestion(
                overlapHref: SitePaths.overlap(view.record.id),
                title: view.first.draft.title + " / " + view.second.draft.title,
                score: String(format: "%.2f", view.record.assessment.score),
                action: SitePaths.meetingSuggestion(meeting.id, view.record.id))
        }
        hasSuggestions = !suggestions.isEmpty
        moreSuggestions =
            content.suggestions.count > Self.suggestionsShown
            ? presenter.text(
                "meetings.moreSuggested", ["count": String(content.suggestions.count - Self.suggestionsShown)])
            : nil
        participants = meeting.participants.enumerated().map { index, participant in
            ParticipantRow(
                index: index, name: participant.name ?? presenter.organizationName(participant.organization),
                organization: presenter.organizationName(participant.organization),
                role: presenter.text("meetings.role.\(participant.role.rawValue)"),
                attendance: .make(
                    Attendance.allCases.map { ($0.rawValue, presenter.text("meetings.attendance.\($0.rawValue)")) },
                    selected: [participant.attendance.rawValue]),
                attendanceLabel: presenter.text("meetings.attendance.\(participant.attendance.rawValue)"))
        }
        let choices = content.organizations.map { ($0.code, "\($0.name) (\($0.code))") }
        organizationChoices = .make([("", presenter.text("form.choose"))] + choices, selected: [])
        minutesHTML = SafeMarkdown.html(meeting.minutes)
        hasMinutes = !meeting.minutes.isEmpty
        decisions = content.decisions.map {
            DecisionRow(
                id: $0.id, number: $0.number, label: presenter.text("decisions.number", ["number": String($0.number)]),
                text: $0.text)
        }
        hasDecisions = !decisions.isEmpty
        let numbers = Dictionary(content.decisions.map { ($0.id, $0.number) }, uniquingKeysWith: { a, _ in a })
        actions = content.actions.map { item in
            presenter.row(
                item, meeting: nil, decisionNumber: item.decisionID.flatMap { numbers[$0] },
                canUpdate: content.actionEditable.contains(item.id),
                back: SitePaths.meeting(meeting.id, tab: TabName.actions.rawValue))
        }
        hasActions = !actions.isEmpty
        decisionChoices = .make(
            [("", presenter.text("actions.noDecision"))]
                + content.decisions.map { ($0.id, presenter.text("decisions.number", ["number": String($0.number)])) },
            selected: [])
        ownerChoices = .make([("", presenter.text("form.choose"))] + choices, selected: [])
        statusChoices = MeetingStatus.allCases.filter { $0 != meeting.status }.map {
            Option(value: $0.rawValue, label: presenter.text("meetings.mark.\($0.rawValue)"), selected: false)
        }
        activityChoices = content.trackActivities.map {
            Option(value: $0.id, label: $0.draft.title, selected: false)
        }
        proposalChoices = content.trackProposals.map {
            Option(value: $0.id, label: $0.text.title, selected: false)
        }
        overlapChoices = content.suggestions.map { view in
            Option(
                value: view.record.id, label: view.first.draft.title + " / " + view.second.draft.title, selected: false)
        }
        let countries = Set(content.trackActivities.flatMap(\.draft.recipientCountries)).sorted()
        coverageChoices = countries.flatMap { country in
            content.series.keyAreas.map { area in
                Option(
                    value: "\(country)/\(area)",
                    label: presenter.base.countryName(country) + " · " + presenter.base.areaName(area), selected: false)
            }
        }
        self.draft = draft
        hasErrors = form?.hasErrors ?? false
        errorSummary = form?.summary ?? []
        self.notice = notice
        self.staleNotice = staleNotice
    }
}

extension MeetingPage: PageModel {
    static let template = PageTemplate.meeting
}
