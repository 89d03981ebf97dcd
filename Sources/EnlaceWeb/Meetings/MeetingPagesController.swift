import EnlaceCore
import EnlaceStore
import Hummingbird

/// A meeting's page and the forms on it. Everyone signed in who may see the meeting reads it; those who
/// chair the series change it (the owners and assignees of action items may set their status).
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /meetings/{id} | the meeting, on the tab `tab` (agenda, participants, minutes, decisions, actions) |
/// | POST | /meetings/{id}/status | marks it planned, held or cancelled |
/// | POST | /meetings/{id}/details | changes its title, local start and end, venue and video link |
/// | POST | /meetings/{id}/participants | saves attendance, and adds an organisation or a person |
/// | GET | /meetings/{id}/minutes | the minutes editor, with a preview |
/// | POST | /meetings/{id}/minutes | previews (`preview`) or saves the minutes |
/// | POST | /meetings/{id}/agenda | adds an agenda item |
/// | POST | /meetings/{id}/agenda/{item} | moves an item up or down, or removes it (`move`) |
/// | POST | /meetings/{id}/suggestions/{overlap} | accepts or dismisses a suggested item (`answer`) |
/// | POST | /meetings/{id}/decisions | records the next decision |
/// | POST | /meetings/{id}/actions | records an action item |
struct MeetingPagesController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations
    let clock: WallClock

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.meeting, use: show)
        router.post(SitePaths.meetingStatus, use: changeStatus)
        router.post(SitePaths.meetingDetails, use: changeDetails)
        router.post(SitePaths.meetingParticipants, use: participants)
        router.get(SitePaths.minutes, use: minutesEditor)
        router.post(SitePaths.minutes, use: saveMinutes)
        router.post(SitePaths.meetingAgenda, use: addAgendaItem)
        router.post(SitePaths.agendaItem, use: moveAgendaItem)
        router.post(SitePaths.meetingSuggestion, use: answerSuggestion)
        router.post(SitePaths.meetingDecisions, use: addDecision)
        router.post(SitePaths.meetingActions, use: addAction)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let tab = request.uri.queryParameters.get("tab").flatMap(MeetingPage.TabName.init) ?? .agenda
        let notice = request.uri.queryParameters.get("saved").map { _ in
            translations.text("meetings.saved", context.language)
        }
        return try await render(
            try context.parameters.require("id"), tab: tab, context: context, request: request, notice: notice)
    }

    @Sendable func changeStatus(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let form = try await FormData.read(request, context: context)
        var input = MeetingInput()
        input.status = form.value("status") ?? ""
        return try await update(input, form: form, actor: actor, tab: .agenda, request: request, context: context)
    }

    @Sendable func changeDetails(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let form = try await FormData.read(request, context: context)
        var input = MeetingInput()
        input.title = form.value("title") ?? ""
        input.start = form.value("start") ?? ""
        input.end = form.value("end") ?? ""
        input.venue = form.value("venue") ?? ""
        input.virtualLink = form.value("virtualLink") ?? ""
        return try await update(input, form: form, actor: actor, tab: .agenda, request: request, context: context)
    }

    @Sendable func participants(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let form = try await FormData.read(request, context: context)
        let meeting = try await store.meetings.meeting(id: try context.parameters.require("id"), for: context.viewer)
        var rows = meeting.participants.enumerated().map { index, participant in
            MeetingInput.ParticipantInput(
                organization: participant.organization, person: participant.person, role: participant.role.rawValue,
                attendance: form.value("attendance.\(index)") ?? participant.attendance.rawValue)
        }
        let remove = Set(form.values("remove").compactMap(Int.init))
        rows = rows.enumerated().filter { !remove.contains($0.offset) }.map(\.element)
        let organization = form.value("addOrganization") ?? ""
        let person = form.value("addPerson") ?? ""
        if !organization.isEmpty || !person.isEmpty {
            rows.append(
                MeetingInput.ParticipantInput(
                    organization: organization.isEmpty ? nil : organization, person: person.isEmpty ? nil : person,
                    role: form.value("addRole")))
        }
        var input = MeetingInput()
        input.participants = rows
        var draft = MeetingPage.Draft()
        draft.participantPerson = person
        return try await update(
            input, form: form, actor: actor, tab: .participants, request: request, context: context, draft: draft)
    }

    @Sendable func minutesEditor(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let (meeting, series) = try await store.meetings.meetingWithSeries(
            id: try context.parameters.require("id"), for: context.viewer)
        guard store.meetings.canChair(series, viewer: context.viewer) else { throw EnlaceError.forbidden(field: nil) }
        return try await editor(
            meeting, text: meeting.minutes, version: meeting.version, request: request, context: context)
    }

    @Sendable func saveMinutes(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let form = try await FormData.read(request, context: context)
        let id = try context.parameters.require("id")
        let text = form.value("minutes") ?? ""
        let version = form.value("version").flatMap(Int.init) ?? -1
        let (meeting, series) = try await store.meetings.meetingWithSeries(id: id, for: context.viewer)
        guard store.meetings.canChair(series, viewer: context.viewer) else { throw EnlaceError.forbidden(field: nil) }
        if form.value("preview") != nil {
            return try await editor(
                meeting, text: text, version: version, preview: true, request: request, context: context)
        }
        var input = MeetingInput()
        input.minutes = text
        do {
            _ = try await store.meetings.updateMeeting(id: id, input, expectedVersion: version, by: actor)
            return .redirect(to: SitePaths.meeting(id, tab: "minutes") + "&saved=1", type: .normal)
        } catch EnlaceError.invalid(let errors) {
            return try await editor(
                meeting, text: text, version: version, errors: errors, request: request, context: context,
                status: .unprocessableContent)
        } catch EnlaceError.staleVersion {
            return try await editor(
                meeting, text: text, version: meeting.version, request: request, context: context,
                stale: translations.text("meetings.stale", context.language), status: .conflict)
        }
    }

    @Sendable func addAgendaItem(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let form = try await FormData.read(request, context: context)
        var input = AgendaItemInput()
        input.title = form.value("title")
        input.presenter = form.value("presenter")
        input.notes = form.value("notes")
        var links: [AgendaItemInput.LinkInput] = []
        if let activity = form.value("activity"), !activity.isEmpty {
            links.append(.init(kind: AgendaLinkKind.activity.rawValue, reference: activity))
        }
        if let overlap = form.value("overlap"), !overlap.isEmpty {
            links.append(.init(kind: AgendaLinkKind.overlap.rawValue, reference: overlap))
        }
        if let cell = form.value("coverage"), !cell.isEmpty {
            links.append(.init(kind: AgendaLinkKind.coverage.rawValue, reference: cell))
        }
        if let proposal = form.value("proposal"), !proposal.isEmpty {
            links.append(.init(kind: AgendaLinkKind.proposal.rawValue, reference: proposal))
        }
        input.links = links
        var draft = MeetingPage.Draft()
        draft.agendaTitle = input.title ?? ""
        draft.agendaPresenter = input.presenter ?? ""
        draft.agendaNotes = input.notes ?? ""
        return try await attempt(.agenda, draft: draft, request: request, context: context) { id in
            _ = try await store.meetings.addAgendaItem(meetingID: id, input, by: actor)
        }
    }

    @Sendable func moveAgendaItem(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let form = try await FormData.read(request, context: context)
        let item = try context.parameters.require("item")
        return try await attempt(.agenda, request: request, context: context) { id in
            let agenda = try await store.meetings.agenda(meetingID: id, for: context.viewer)
            guard let current = agenda.first(where: { $0.id == item }) else {
                throw EnlaceError.notFound(entity: "agenda item", id: item)
            }
            let target: Int?
            switch form.value("move") {
            case "up": target = max(current.position - 1, 1)
            case "down": target = current.position + 1
            case "remove": target = nil
            case let other: throw EnlaceError.invalid("move", .unknownCode, ["value": other ?? ""])
            }
            try await store.meetings.moveAgendaItem(meetingID: id, itemID: item, to: target, by: actor)
        }
    }

    @Sendable func answerSuggestion(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let form = try await FormData.read(request, context: context)
        let overlap = try context.parameters.require("overlap")
        return try await attempt(.agenda, request: request, context: context) { id in
            let answer = form.value("answer")
            guard answer == "accept" || answer == "dismiss" else {
                throw EnlaceError.invalid("answer", .unknownCode, ["value": answer ?? ""])
            }
            _ = try await store.meetings.answerSuggestion(
                meetingID: id, overlapID: overlap, accept: answer == "accept", by: actor)
        }
    }

    @Sendable func addDecision(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let form = try await FormData.read(request, context: context)
        var draft = MeetingPage.Draft()
        draft.decisionText = form.value("text") ?? ""
        return try await attempt(.decisions, draft: draft, request: request, context: context) { id in
            _ = try await store.meetings.addDecision(meetingID: id, text: form.value("text"), by: actor)
        }
    }

    @Sendable func addAction(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let form = try await FormData.read(request, context: context)
        var input = ActionItemInput()
        input.text = form.value("text")
        input.owner = form.value("owner")
        input.assignee = form.value("assignee")
        input.due = form.value("due")
        input.decision = form.value("decision")
        var draft = MeetingPage.Draft()
        draft.actionText = input.text ?? ""
        draft.actionAssignee = input.assignee ?? ""
        draft.actionDue = input.due ?? ""
        return try await attempt(.actions, draft: draft, request: request, context: context) { id in
            _ = try await store.meetings.addActionItem(meetingID: id, input, by: actor)
        }
    }

    // MARK: - Shared

    /// Runs `change` on the meeting; 303 back to `tab`, or the page again with the messages.
    private func attempt(
        _ tab: MeetingPage.TabName, draft: MeetingPage.Draft = MeetingPage.Draft(), request: Request,
        context: AppRequestContext, _ change: (String) async throws -> Void
    ) async throws -> Response {
        let id = try context.parameters.require("id")
        do {
            try await change(id)
            return .redirect(to: SitePaths.meeting(id, tab: tab.rawValue) + "&saved=1", type: .normal)
        } catch EnlaceError.invalid(let errors) {
            return try await render(
                id, tab: tab, context: context, request: request, draft: draft,
                form: FormMessages(errors, translations: translations, language: context.language),
                status: .unprocessableContent)
        }
    }

    private func update(
        _ input: MeetingInput, form: FormData, actor: Principal, tab: MeetingPage.TabName, request: Request,
        context: AppRequestContext, draft: MeetingPage.Draft = MeetingPage.Draft()
    ) async throws -> Response {
        let id = try context.parameters.require("id")
        do {
            _ = try await store.meetings.updateMeeting(
                id: id, input, expectedVersion: form.value("version").flatMap(Int.init) ?? -1, by: actor)
            return .redirect(to: SitePaths.meeting(id, tab: tab.rawValue) + "&saved=1", type: .normal)
        } catch EnlaceError.invalid(let errors) {
            return try await render(
                id, tab: tab, context: context, request: request, draft: draft,
                form: FormMessages(errors, translations: translations, language: context.language),
                status: .unprocessableContent)
        } catch EnlaceError.staleVersion {
            return try await render(
                id, tab: tab, context: context, request: request,
                stale: translations.text("meetings.stale", context.language), status: .conflict)
        }
    }

    private func render(
        _ id: String, tab: MeetingPage.TabName, context: AppRequestContext, request: Request,
        draft: MeetingPage.Draft = MeetingPage.Draft(), form: FormMessages? = nil, notice: String? = nil,
        stale: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let viewer = context.viewer
        let (meeting, series) = try await store.meetings.meetingWithSeries(id: id, for: viewer)
        let agenda = try await store.meetings.agenda(meetingID: id, for: viewer)
        let titles = await MeetingPages.linkTitles(agenda.flatMap(\.links), store, for: viewer)
        var filter = ActionItemFilter()
        filter.meetingID = id
        let actions = try await store.meetings.actionItems(filter, for: viewer)
        var editable: Set<String> = []
        for item in actions where try await store.meetings.canUpdate(item, viewer: viewer) { editable.insert(item.id) }
        let canChair = store.meetings.canChair(series, viewer: viewer)
        var trackActivities: [Activity] = []
        var trackProposals: [Proposal] = []
        if canChair && tab == .agenda {
            trackProposals = try await store.proposals.list(for: viewer).filter { proposal in
                ![.adopted, .withdrawn].contains(proposal.status)
                    && !Set(proposal.draft.keyAreas).isDisjoint(with: series.keyAreas)
            }
            var filter = ActivityFilter()
            filter.keyAreas = Set(series.keyAreas)
            filter.from = meeting.localDate.adding(days: -Store.briefWindowDays)
            filter.to = meeting.localDate.adding(days: Store.briefWindowDays)
            trackActivities = try await store.activities.list(
                filter, sort: .default, limit: 200, cursor: nil, for: viewer
            ).items
        }
        let content = MeetingPage.Content(
            meeting: meeting, series: series, canChair: canChair, agenda: agenda,
            linkTitles: titles,
            consultations: try await store.proposals.rounds(atMeeting: id, for: viewer).map { proposal, round in
                LabelledLink(
                    href: SitePaths.round(proposal.id, round.number),
                    label: proposal.text.title + " — "
                        + translations.text(
                            "proposals.roundOn", context.language,
                            ["number": "\(round.number)", "version": "\(round.textVersion)"]))
            },
            suggestions: try await store.meetings.suggestions(meetingID: id, for: viewer),
            decisions: try await store.meetings.decisions(meetingID: id, for: viewer), actions: actions,
            actionEditable: editable, organizations: try await store.organizations.all().sorted { $0.code < $1.code },
            trackActivities: trackActivities, trackProposals: trackProposals)
        let presenter = try await MeetingPages.presenter(store, translations, context, clock)
        let model = MeetingPage(
            content, tab: tab, presenter: presenter, draft: draft, form: form, notice: notice, staleNotice: stale)
        return pages.render(
            model, title: meeting.title, section: .meetings, request: request, context: context,
            status: status)
    }

    /// The model of the minutes editor.
    struct Editor {
        let id: String
        let title: String
        let when: String
        let action: String
        let backHref: String
        let text: String
        let version: Int
        let previewHTML: String
        let hasPreview: Bool
        let hasErrors: Bool
        let errorSummary: [ErrorLink]
        let error: String?
        let staleNotice: String?
    }

    private func editor(
        _ meeting: Meeting, text: String, version: Int, preview: Bool = false, errors: [FieldError] = [],
        request: Request, context: AppRequestContext, stale: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let presenter = try await MeetingPages.presenter(store, translations, context, clock)
        let form = FormMessages(errors, translations: translations, language: context.language)
        let model = Editor(
            id: meeting.id, title: meeting.title, when: presenter.when(meeting), action: SitePaths.minutes(meeting.id),
            backHref: SitePaths.meeting(meeting.id, tab: "minutes"), text: text, version: version,
            previewHTML: SafeMarkdown.html(text), hasPreview: preview || !text.isEmpty, hasErrors: form.hasErrors,
            errorSummary: form.summary, error: form.message("minutes"), staleNotice: stale)
        return pages.render(
            model, title: presenter.text("meetings.minutesEditor"), section: .meetings,
            request: request, context: context, status: status)
    }
}

extension MeetingPagesController.Editor: PageModel {
    static let template = PageTemplate.minutes
}
