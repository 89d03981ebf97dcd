import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// The conference pages, for members and the secretariat.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /conferences | every conference, latest first |
/// | GET | /conferences/new | the empty form (the secretariat) |
/// | POST | /conferences | adds it; 303 to its programme, or the form with messages |
/// | GET | /conferences/{id} | the printable programme: sessions, the proposals in each, their outcomes |
/// | GET | /conferences/{id}/edit | the filled form: programme and outcomes (the secretariat) |
/// | POST | /conferences/{id}/edit | changes it; 303 to its programme, or the form with messages |
struct ConferencePagesController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.conferences, use: list)
        router.get(SitePaths.newConference, use: new)
        router.post(SitePaths.conferences, use: create)
        router.get(SitePaths.conference, use: programme)
        router.get(SitePaths.editConference, use: edit)
        router.post(SitePaths.editConference, use: update)
    }

    @Sendable func new(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        guard ProposalPolicy.canRunWorkflow(context.viewer) else { throw EnlaceError.forbidden(field: nil) }
        return try await form(ConferenceInput(), version: nil, errors: [], editing: nil, request, context)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        guard ProposalPolicy.canRunWorkflow(context.viewer) else { throw EnlaceError.forbidden(field: nil) }
        let (input, _) = Self.input(try await FormData.read(request, context: context))
        return try await FormSubmission.handle(
            version: nil, language: context.language, translations: translations,
            save: { SitePaths.conference(try await store.conferences.create(input, by: actor).id) },
            form: { errors, version, _ in
                try await form(input, version: version, errors: errors, editing: nil, request, context)
            })
    }

    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let conference = try await store.conferences.find(id: try context.parameters.require("id"), for: context.viewer)
        guard ProposalPolicy.canRunWorkflow(context.viewer) else { throw EnlaceError.forbidden(field: nil) }
        return try await form(
            ConferenceInput(conference.draft), version: conference.version, errors: [], editing: conference.id, request,
            context)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        _ = try await store.conferences.find(id: id, for: context.viewer)
        let (input, version) = Self.input(try await FormData.read(request, context: context))
        return try await FormSubmission.handle(
            version: version, language: context.language, translations: translations,
            save: {
                _ = try await store.conferences.update(id: id, with: input, expectedVersion: version ?? -1, by: actor)
                return SitePaths.conference(id)
            },
            form: { errors, version, stale in
                try await form(input, version: version, errors: errors, editing: id, request, context, stale: stale)
            })
    }

    /// The input and version a form sent; session rows left blank are dropped.
    static func input(_ form: FormData) -> (ConferenceInput, Int?) {
        func value(_ name: String) -> String? { form.value(name).flatMap { $0.isEmpty ? nil : $0 } }
        var input = ConferenceInput()
        input.name = value("name")
        input.startsOn = value("startsOn")
        input.endsOn = value("endsOn")
        input.venue = value("venue")
        input.sessions = (0..<(ProposalLimits.list + 2)).compactMap { index in
            let prefix = "sessions[\(index)]"
            let row = ConferenceInput.SessionInput(
                title: value("\(prefix).title"), date: value("\(prefix).date"), start: value("\(prefix).start"),
                end: value("\(prefix).end"), chair: value("\(prefix).chair"),
                proposals: form.values("\(prefix).proposals"))
            let blank = [row.title, row.date, row.start, row.end, row.chair].allSatisfy { $0 == nil }
            return blank && (row.proposals ?? []).isEmpty ? nil : row
        }
        var outcomes: [String: String] = [:]
        for name in form.names where name.hasPrefix("outcomes.") {
            if let outcome = value(name) { outcomes[String(name.dropFirst("outcomes.".count))] = outcome }
        }
        input.outcomes = outcomes
        return (input, value("version").flatMap(Int.init))
    }

    private func form(
        _ input: ConferenceInput, version: Int?, errors: [FieldError], editing id: String?, _ request: Request,
        _ context: AppRequestContext, stale: String? = nil
    ) async throws -> Response {
        let presenter = try await ProposalPagesController.presenter(
            store: store, translations: translations, context: context)
        // Those ready for a conference, and whatever the programme already holds (a proposal withdrawn since stays).
        let onProgramme = Set((input.sessions ?? []).flatMap { $0.proposals ?? [] })
        let eligible = try await store.proposals.list(for: context.viewer).filter {
            [.endorsed, .presented, .adopted].contains($0.status) || onProgramme.contains($0.id)
        }
        let heading = presenter.text(id == nil ? "conferences.newTitle" : "conferences.editTitle")
        let model = ConferenceFormPage(
            input: input, version: version, errors: errors, heading: heading,
            action: id.map { SitePaths.editConference($0) } ?? SitePaths.conferences.link,
            cancelHref: id.map { SitePaths.conference($0) } ?? SitePaths.conferences.link, eligible: eligible,
            staleNotice: stale,
            presenter: presenter)
        return pages.render(
            model, title: heading, section: .proposals, request: request, context: context,
            status: FormSubmission.status(errors: errors, stale: stale != nil))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let presenter = try await ProposalPagesController.presenter(
            store: store, translations: translations, context: context)
        let conferences = try await store.conferences.list(for: context.viewer)
        let model = ConferenceListPage(
            lines: conferences.map { conference in
                ConferenceListPage.Line(
                    href: SitePaths.conference(conference.id), name: conference.draft.name,
                    dates: presenter.base.range(conference.draft.startsOn, conference.draft.endsOn),
                    venue: conference.draft.venue,
                    proposals: presenter.base.format.integer(conference.draft.proposals.count))
            }, hasLines: !conferences.isEmpty, canCreate: ProposalPolicy.canRunWorkflow(context.viewer))
        return pages.render(
            model, title: presenter.text("conferences.title"), section: .proposals,
            request: request, context: context)
    }

    @Sendable func programme(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let conference = try await store.conferences.find(id: try context.parameters.require("id"), for: context.viewer)
        let presenter = try await ProposalPagesController.presenter(
            store: store, translations: translations, context: context)
        let base = presenter.base
        let draft = conference.draft
        var sessions: [ProgrammePage.Session] = []
        for session in draft.sessions {
            var items: [ProgrammePage.Item] = []
            for id in session.proposals {
                // A proposal the reader may not read is left off their copy of the programme.
                guard let proposal = try? await store.proposals.find(id: id, for: context.viewer) else { continue }
                let outcome = draft.outcomes[id]
                items.append(
                    ProgrammePage.Item(
                        href: SitePaths.proposal(id), title: proposal.text.title,
                        leads: proposal.draft.leads.map(presenter.organization).joined(separator: ", "),
                        outcome: outcome.map(presenter.outcome), outcomeCode: outcome?.rawValue ?? ""))
            }
            sessions.append(
                ProgrammePage.Session(
                    day: base.format.date(session.date), time: "\(session.start)–\(session.end)", title: session.title,
                    chair: session.chair, items: items, hasItems: !items.isEmpty))
        }
        let model = ProgrammePage(
            name: draft.name, dates: base.range(draft.startsOn, draft.endsOn), venue: draft.venue, sessions: sessions,
            hasSessions: !sessions.isEmpty,
            editHref: ProposalPolicy.canRunWorkflow(context.viewer)
                ? SitePaths.editConference(conference.id) : nil,
            apiHref: "/api/v1/conferences/\(conference.id)")
        return pages.render(
            model, title: draft.name, section: .proposals, request: request, context: context)
    }
}
