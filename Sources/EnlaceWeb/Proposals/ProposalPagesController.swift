import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// The proposal pages. They work without JavaScript.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /proposals | the proposals the reader may read, filtered by `status` and `keyArea` |
/// | GET | /proposals/new | the empty form (members' coordinators and contributors, the secretariat) |
/// | POST | /proposals | puts it forward as a draft; 303 to it, or the form with messages |
/// | GET | /proposals/{id} | the five sections, versions, rounds, moves, and what the reader may do |
/// | GET | /proposals/{id}/edit | the filled form (while a draft or revised) |
/// | POST | /proposals/{id}/edit | revises; 303 to it, or the form with messages |
/// | POST | /proposals/{id}/transitions | moves it (the secretariat); 303 back, or the page with the reason |
/// | GET | /proposals/{id}/diff | two versions compared word by word (`from`, `to`) |
/// | POST | /proposals/{id}/spawned | spawns a draft activity or a meeting series; 303 to it, or the page with the reason |
struct ProposalPagesController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations
    let clock: WallClock

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.proposals, use: list)
        router.get(SitePaths.newProposal, use: new)
        router.post(SitePaths.proposals, use: create)
        router.get(SitePaths.proposal, use: show)
        router.get(SitePaths.editProposal, use: edit)
        router.post(SitePaths.editProposal, use: update)
        router.post(SitePaths.proposalTransitions, use: move)
        router.get(SitePaths.compareProposal, use: diff)
        router.post(SitePaths.proposalSpawned, use: spawn)
    }

    static func presenter(
        store: Store, translations: Translations, context: AppRequestContext
    ) async throws
        -> ProposalPresenter
    {
        ProposalPresenter(
            base: try await ActivityPresenter.load(store: store, translations: translations, context: context))
    }

    private func presenter(_ context: AppRequestContext) async throws -> ProposalPresenter {
        try await Self.presenter(store: store, translations: translations, context: context)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let parameters = request.uri.queryParameters
        let presenter = try await presenter(context)
        let proposals = try ProposalsQuery.filtered(
            try await store.proposals.list(for: context.viewer), parameters, catalog: store.catalog, strict: false)
        let conferences =
            ProposalPolicy.canReadConsultations(context.viewer)
            ? try await store.conferences.list(for: context.viewer) : []
        let model = ProposalListPage(
            lines: proposals.map(presenter.line), hasLines: !proposals.isEmpty,
            statuses: .make(
                [("", presenter.text("funding.all"))]
                    + ProposalStatus.allCases.map { ($0.rawValue, presenter.status($0)) },
                selected: [parameters.get("status") ?? ""]),
            areas: .make(
                [("", presenter.text("funding.all"))]
                    + store.catalog.keyAreas.map { ($0.slug, presenter.base.areaName($0.slug)) },
                selected: [parameters.get("keyArea") ?? ""]),
            canCreate: ProposalPolicy.canCreate(context.viewer),
            conferences: conferences.map { LabelledLink(href: SitePaths.conference($0.id), label: $0.draft.name) },
            hasConferences: !conferences.isEmpty)
        return pages.render(
            model, title: presenter.text("proposals.title"), section: .proposals, request: request,
            context: context)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let notice = request.uri.queryParameters.get("saved") != nil ? "proposals.saved" : nil
        return try await detail(request, context, notice: notice)
    }

    /// The proposal's page; `error` says why an action failed, `roundErrors` are the round form's.
    func detail(
        _ request: Request, _ context: AppRequestContext, notice: String? = nil, error: String? = nil,
        roundInput: RoundInput? = nil, roundErrors: [FieldError] = [], status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        _ = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let viewer = context.viewer
        let proposal = try await store.proposals.find(id: id, for: viewer)
        let presenter = try await presenter(context)
        let base = presenter.base
        let versions = try await store.proposals.versions(id: id, for: viewer)
        let rounds = try await store.proposals.rounds(proposal: id, for: viewer)
        let today = CalendarDate.today(clock)
        var roundLines: [ProposalDetailPage.RoundLine] = []
        for round in rounds {
            let positions = try await store.proposals.positions(proposal: id, round: round.number, for: viewer)
            roundLines.append(
                ProposalDetailPage.RoundLine(
                    href: SitePaths.round(id, round.number),
                    label: presenter.text(
                        "proposals.roundOn", ["number": "\(round.number)", "version": "\(round.textVersion)"]),
                    closes: base.format.date(round.closesOn),
                    state: presenter.text(round.isOpen(on: today) ? "proposals.roundOpen" : "proposals.roundClosed"),
                    answered: presenter.text(
                        "proposals.answeredOf",
                        ["answered": "\(positions.count)", "invited": "\(round.invited.count)"])))
        }
        let transitions = try await store.proposals.transitions(id: id, for: viewer)
        let fora = try await store.fora.all()
        var needs: [LabelledLink] = []
        for need in proposal.draft.needs {
            let view = try await store.needs.find(id: need, for: viewer)
            needs.append(LabelledLink(href: SitePaths.need(need), label: view.need.draft.title))
        }
        var activities: [LabelledLink] = []
        for activity in proposal.draft.activities {
            let found = try await store.activities.find(id: activity, for: viewer)
            activities.append(LabelledLink(href: SitePaths.activity(activity), label: found.draft.title))
        }
        let presenting =
            ProposalPolicy.canReadConsultations(viewer)
            ? try await store.conferences.presenting(proposal: id, for: viewer) : []
        let conferences = presenting.map { conference in
            let outcome = conference.draft.outcomes[id].map(presenter.outcome)
            return LabelledLink(
                href: SitePaths.conference(conference.id),
                label: conference.draft.name + (outcome.map { " — \($0)" } ?? ""))
        }
        let forumLinks = proposal.draft.fora.compactMap { id in
            fora.first { $0.id == id }.map {
                LabelledLink(
                    href: SitePaths.forum($0.id), label: $0.label(base.language))
            }
        }
        let runsWorkflow = ProposalPolicy.canRunWorkflow(viewer)
        let spawned = try await store.proposals.spawned(id: id, for: viewer)
        var spawnedLinks: [LabelledLink] = []
        for record in spawned {
            switch record.kind {
            case .activity:
                let activity = try await store.activities.find(id: record.id, for: viewer)
                spawnedLinks.append(LabelledLink(href: SitePaths.activity(record.id), label: activity.draft.title))
            case .series:
                guard let series = try? await store.meetings.series(id: record.id, for: viewer) else { continue }
                spawnedLinks.append(LabelledLink(href: SitePaths.series(record.id), label: series.draft.name))
            }
        }
        let adopted = proposal.status == .adopted
        let leadRecords =
            adopted && viewer.principal.map { ProposalPolicy.isLead($0, proposal.draft.leads) } == true
            && ActivityPolicy.canCreate(viewer)
        let canRound = runsWorkflow && proposal.status.canOpenRound && !rounds.contains { $0.isOpen(on: today) }
        let model = ProposalDetailPage(
            id: id, title: proposal.text.title, status: presenter.status(proposal.status),
            statusCode: proposal.status.rawValue, textVersion: base.format.integer(proposal.textVersion),
            leads: proposal.draft.leads.map(presenter.organization).joined(separator: ", "),
            areas: proposal.draft.keyAreas.map(base.areaName).joined(separator: ", "),
            topics: proposal.draft.topics.isEmpty
                ? nil
                : proposal.draft.topics.map { store.catalog.topic($0)?.names[base.language] ?? $0 }.joined(
                    separator: ", "),
            fora: forumLinks, needs: needs, activities: activities, hasFora: !forumLinks.isEmpty,
            hasNeeds: !needs.isEmpty, hasActivities: !activities.isEmpty,
            hasLinks: !(forumLinks.isEmpty && needs.isEmpty && activities.isEmpty),
            sections: ProposalSection.allCases.map { section in
                ProposalDetailPage.Section(
                    anchor: "section-\(section.rawValue)", heading: presenter.part(section.rawValue),
                    html: SafeMarkdown.html(proposal.text[section]), empty: proposal.text[section].isEmpty)
            },
            versions: versions.reversed().map { version in
                ProposalDetailPage.VersionLine(
                    number: version.number, note: version.note, author: version.author,
                    date: base.format.dateTime(version.createdAt),
                    compareHref: version.number > 1
                        ? SitePaths.proposalDiff(id, from: version.number - 1, to: version.number) : nil)
            },
            rounds: roundLines, hasRounds: !roundLines.isEmpty,
            transitions: transitions.map {
                ProposalDetailPage.TransitionLine(
                    from: presenter.status($0.from), to: presenter.status($0.to), actor: $0.actor,
                    date: base.format.dateTime($0.at))
            },
            hasTransitions: !transitions.isEmpty, conferences: conferences, hasConferences: !conferences.isEmpty,
            editHref: ProposalPolicy.canEdit(viewer, leads: proposal.draft.leads) && proposal.status.textEditable
                ? SitePaths.editProposal(id) : nil,
            diffHref: proposal.textVersion > 1 ? SitePaths.proposalDiff(id) : nil,
            moves: runsWorkflow
                ? proposal.status.next.map {
                    ProposalDetailPage.Move(
                        status: $0.rawValue, label: presenter.text("proposals.moveTo.\($0.rawValue)"))
                } : [],
            canMove: runsWorkflow && !proposal.status.next.isEmpty, moveAction: SitePaths.proposalTransitions(id),
            version: proposal.version,
            roundForm: canRound
                ? try await roundForm(id, roundInput, roundErrors, today: today, presenter: presenter) : nil,
            spawned: spawnedLinks, hasSpawned: !spawnedLinks.isEmpty, spawnAction: SitePaths.proposalSpawned(id),
            canSpawnActivity: leadRecords,
            spawnCountries: leadRecords
                ? .make(base.countryChoices(), selected: []) : [],
            spawnSeries: adopted && runsWorkflow && MeetingPolicy.canCreateSeries(viewer),
            notice: notice.map { presenter.text($0) }, error: error, apiHref: "/api/v1/proposals/\(id)")
        return pages.render(
            model, title: proposal.text.title, section: .proposals, request: request,
            context: context, status: status)
    }

    private func roundForm(
        _ id: String, _ input: RoundInput?, _ errors: [FieldError], today: CalendarDate, presenter: ProposalPresenter
    ) async throws -> RoundForm {
        let form = FormMessages(errors, translations: translations, language: presenter.base.language)
        let members = presenter.base.organizations.values.filter(ProposalPolicy.isInvitable).sorted {
            $0.name < $1.name
        }
        return RoundForm(
            action: SitePaths.proposalRounds(id),
            closesOn: form.field("closesOn", input?.closesOn ?? today.adding(days: 21).iso),
            members: .make(members.map { ($0.code, $0.name) }, selected: Set(input?.invited ?? members.map(\.code))),
            invitedError: form.message("invited"), meetingID: form.field("meetingID", input?.meetingID),
            errorSummary: form.summary, hasErrors: form.hasErrors)
    }

    @Sendable func move(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let form = try await FormData.read(request, context: context)
        let code = form.value("status") ?? ""
        do {
            guard let status = ProposalStatus(rawValue: code) else {
                throw EnlaceError.invalid("status", .unknownCode, ["value": code])
            }
            _ = try await store.proposals.move(
                id: id, to: status, expectedVersion: form.value("version").flatMap(Int.init) ?? -1, by: actor)
            return .redirect(to: SitePaths.proposal(id) + "?saved=1", type: .normal)
        } catch EnlaceError.invalid(let errors) {
            return try await detail(
                request, context,
                error: errors.map { translations.message(for: $0, context.language) }.joined(
                    separator: " "), status: .unprocessableContent)
        } catch EnlaceError.staleVersion {
            return try await detail(
                request, context, error: translations.text("form.staleRecord", context.language),
                status: .preconditionFailed)
        }
    }

    @Sendable func spawn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let form = try await FormData.read(request, context: context)
        func value(_ name: String) -> String? { form.value(name).flatMap { $0.isEmpty ? nil : $0 } }
        var input = SpawnInput()
        input.kind = value("kind")
        input.recipientCountries = form.values("recipientCountries")
        input.plannedStart = value("plannedStart")
        input.plannedEnd = value("plannedEnd")
        input.firstDate = value("firstDate")
        input.startTime = value("startTime")
        do {
            let record = try await store.spawn(from: id, input, by: actor)
            let href = record.kind == .activity ? SitePaths.activity(record.id) : SitePaths.series(record.id)
            return .redirect(to: href, type: .normal)
        } catch EnlaceError.invalid(let errors) {
            return try await detail(
                request, context,
                error: errors.map {
                    translations.text("fields." + $0.field.replacingOccurrences(of: ".", with: "_"), context.language)
                        + ": " + translations.message(for: $0, context.language)
                }.joined(separator: " "), status: .unprocessableContent)
        }
    }

    @Sendable func new(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        guard ProposalPolicy.canCreate(context.viewer) else { throw EnlaceError.forbidden(field: nil) }
        var input = ProposalInput()
        if !ProposalPolicy.canRunWorkflow(context.viewer) { input.leads = [actor.government] }
        return try await form(input, version: nil, errors: [], editing: nil, request, context)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        guard ProposalPolicy.canCreate(context.viewer) else { throw EnlaceError.forbidden(field: nil) }
        let (input, _) = Self.input(try await FormData.read(request, context: context))
        return try await FormSubmission.handle(
            version: nil, language: context.language, translations: translations,
            save: { SitePaths.proposal(try await store.proposals.create(input, by: actor).id) + "?saved=1" },
            form: { errors, version, _ in
                try await form(input, version: version, errors: errors, editing: nil, request, context)
            })
    }

    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let proposal = try await store.proposals.find(id: try context.parameters.require("id"), for: context.viewer)
        guard ProposalPolicy.canEdit(context.viewer, leads: proposal.draft.leads) else {
            throw EnlaceError.forbidden(field: nil)
        }
        return try await form(
            ProposalInput(proposal), version: proposal.version, errors: [], editing: proposal.id, request, context)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let (input, version) = Self.input(try await FormData.read(request, context: context))
        return try await FormSubmission.handle(
            version: version, language: context.language, translations: translations,
            save: {
                _ = try await store.proposals.update(id: id, with: input, expectedVersion: version ?? -1, by: actor)
                return SitePaths.proposal(id) + "?saved=1"
            },
            form: { errors, version, stale in
                try await form(input, version: version, errors: errors, editing: id, request, context, stale: stale)
            })
    }

    /// The input and version a form sent.
    static func input(_ form: FormData) -> (ProposalInput, Int?) {
        func value(_ name: String) -> String? { form.value(name).flatMap { $0.isEmpty ? nil : $0 } }
        func ids(_ name: String) -> [String] {
            (value(name) ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        }
        var input = ProposalInput()
        input.title = value("title")
        input.sections = Dictionary(
            uniqueKeysWithValues: ProposalSection.allCases.compactMap { section in
                value("sections.\(section.rawValue)").map { (section.rawValue, $0) }
            })
        input.note = value("note")
        input.leads = form.values("leads")
        input.keyAreas = form.values("keyAreas")
        input.topics = form.values("topics")
        input.fora = form.values("fora")
        input.needs = ids("needs")
        input.activities = ids("activities")
        return (input, value("version").flatMap(Int.init))
    }

    private func form(
        _ input: ProposalInput, version: Int?, errors: [FieldError], editing id: String?, _ request: Request,
        _ context: AppRequestContext, stale: String? = nil
    ) async throws -> Response {
        let presenter = try await presenter(context)
        let heading = presenter.text(id == nil ? "proposals.newTitle" : "proposals.editTitle")
        let model = ProposalFormPage(
            input: input, version: version, errors: errors, heading: heading,
            action: id.map { SitePaths.editProposal($0) } ?? SitePaths.proposals.link,
            cancelHref: id.map { SitePaths.proposal($0) } ?? SitePaths.proposals.link, fora: try await store.fora.all(),
            staleNotice: stale, presenter: presenter)
        return pages.render(
            model, title: heading, section: .proposals, request: request, context: context,
            status: FormSubmission.status(errors: errors, stale: stale != nil))
    }

    @Sendable func diff(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let proposal = try await store.proposals.find(id: id, for: context.viewer)
        let (old, new) = try await ProposalsQuery.compared(
            store, id: id, request.uri.queryParameters, for: context.viewer, strict: false)
        let presenter = try await presenter(context)
        let numbers = (1...max(proposal.textVersion, 1)).map {
            ("\($0)", presenter.text("proposals.versionN", ["number": "\($0)"]))
        }
        let parts = presenter.comparison(old, new)
        let model = ProposalDiffPage(
            title: proposal.text.title, backHref: SitePaths.proposal(id), action: SitePaths.proposalDiff(id),
            fromOptions: .make(numbers, selected: ["\(old.number)"]),
            toOptions: .make(numbers, selected: ["\(new.number)"]),
            heading: presenter.text("proposals.comparing", ["from": "\(old.number)", "to": "\(new.number)"]),
            parts: parts, unchanged: !parts.contains(where: \.changed))
        return pages.render(
            model, title: presenter.text("proposals.diffTitle"), section: .proposals,
            request: request, context: context)
    }
}
