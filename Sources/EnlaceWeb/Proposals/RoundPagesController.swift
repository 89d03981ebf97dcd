import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// The consultation round pages.
///
/// | method | path | answer |
/// |---|---|---|
/// | POST | /proposals/{id}/rounds | opens a round (the secretariat); 303 to it, or the proposal with messages |
/// | GET | /proposals/{id}/rounds/{number} | who answered, the tally, comments by section, the position form |
/// | POST | /proposals/{id}/rounds/{number}/positions | records a position; 303 back, or the page with messages |
/// | GET | /proposals/{id}/rounds/{number}/positions.csv | the positions as a spreadsheet |
struct RoundPagesController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations
    let clock: WallClock
    let proposals: ProposalPagesController

    func addRoutes(to router: SiteRouter) {
        router.post(SitePaths.proposalRounds, use: open)
        router.get(SitePaths.round, use: show)
        router.post(SitePaths.roundPositions, use: record)
        router.get(SitePaths.roundPositionsCSV, use: csv)
    }

    @Sendable func csv(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        return try await PositionsCSV.make(
            store, proposal: id, round: try ProposalsQuery.number(context, "number", entity: "round", id: id),
            for: context.viewer)
    }

    @Sendable func open(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let form = try await FormData.read(request, context: context)
        var input = RoundInput()
        input.closesOn = form.value("closesOn")
        input.invited = form.values("invited")
        input.meetingID = form.value("meetingID").flatMap { $0.isEmpty ? nil : $0 }
        do {
            let round = try await store.proposals.openRound(proposal: id, input, by: actor)
            return .redirect(to: SitePaths.round(id, round.number) + "?saved=1", type: .normal)
        } catch EnlaceError.invalid(let errors) {
            if errors.contains(where: { $0.field == "status" }) {
                return try await proposals.detail(
                    request, context,
                    error: errors.map { translations.message(for: $0, context.language) }.joined(
                        separator: " "), status: .unprocessableContent)
            }
            return try await proposals.detail(
                request, context, roundInput: input, roundErrors: errors, status: .unprocessableContent)
        }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await page(request, context, input: nil, member: nil, errors: [])
    }

    private func page(
        _ request: Request, _ context: AppRequestContext, input: PositionInput?, member: String?,
        errors: [FieldError]
    ) async throws -> Response {
        _ = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let number = try ProposalsQuery.number(context, "number", entity: "round", id: id)
        let viewer = context.viewer
        let proposal = try await store.proposals.find(id: id, for: viewer)
        let round = try await store.proposals.round(proposal: id, number: number, for: viewer)
        let positions = try await store.proposals.positions(proposal: id, round: number, for: viewer)
        let presenter = try await ProposalPagesController.presenter(
            store: store, translations: translations, context: context)
        let base = presenter.base
        let tally = RoundTally(round: round, positions: positions)
        let open = round.isOpen(on: CalendarDate.today(clock))
        let answerable = round.invited.filter { ProposalPolicy.canAnswer(viewer, for: $0) }
        var meeting: LabelledLink?
        if let meetingID = round.meetingID, let found = try? await store.meetings.meeting(id: meetingID, for: viewer) {
            meeting = LabelledLink(href: SitePaths.meeting(meetingID), label: base.format.dateTime(found.start))
        }
        var form: RoundPage.PositionForm?
        if open && !answerable.isEmpty {
            let chosen = member ?? (answerable.count == 1 ? answerable[0] : nil)
            let existing = positions.first { $0.member == chosen }
            let shown =
                input
                ?? existing.map { position in
                    var filled = PositionInput()
                    filled.stance = position.stance.rawValue
                    filled.comments = position.comments
                    return filled
                }
            let messages = FormMessages(errors, translations: translations, language: base.language)
            form = RoundPage.PositionForm(
                action: SitePaths.roundPositions(id, number),
                members: .make(answerable.map { ($0, presenter.organization($0)) }, selected: [chosen ?? ""]),
                single: answerable.count == 1 ? presenter.organization(answerable[0]) : nil,
                stances: .make(
                    Stance.allCases.map { ($0.rawValue, presenter.stance($0)) }, selected: [shown?.stance ?? ""]),
                stanceError: messages.message("stance"),
                comments: Position.commentKeys.map {
                    RoundPage.CommentField(
                        field: messages.field("comments.\($0)", shown?.comments?[$0]), label: presenter.part($0))
                },
                commentsError: messages.messages["comments"] ?? messages.message("round") ?? messages.message("member"),
                hasErrors: messages.hasErrors, errorSummary: messages.summary)
        }
        let model = RoundPage(
            proposalTitle: proposal.text.title, proposalHref: SitePaths.proposal(id),
            heading: presenter.text("proposals.roundOn", ["number": "\(number)", "version": "\(round.textVersion)"]),
            versionHref: SitePaths.proposalDiff(id, from: max(round.textVersion - 1, 1), to: round.textVersion),
            versionLabel: presenter.text("proposals.versionN", ["number": "\(round.textVersion)"]),
            closes: base.format.date(round.closesOn), open: open,
            state: presenter.text(open ? "proposals.roundOpen" : "proposals.roundClosed"), meeting: meeting,
            counts: Stance.allCases.map {
                RoundPage.Count(
                    label: presenter.stance($0), count: base.format.integer(tally.counts[$0] ?? 0), code: $0.rawValue)
            },
            answered: positions.filter { round.invited.contains($0.member) }.map { position in
                RoundPage.Answer(
                    member: presenter.organization(position.member), stance: presenter.stance(position.stance),
                    stanceCode: position.stance.rawValue, updated: base.format.dateTime(position.updatedAt),
                    revision: presenter.text(
                        "proposals.recordedTimes", ["count": base.format.integer(position.revision)]),
                    changed: position.revision > 1)
            },
            hasAnswered: !tally.answered.isEmpty, pending: tally.pending.map(presenter.organization),
            hasPending: !tally.pending.isEmpty,
            groups: tally.comments.map { group in
                RoundPage.CommentGroup(
                    heading: presenter.part(group.key), anchor: "comments-\(group.key)",
                    comments: group.comments.map {
                        RoundPage.CommentGroup.Comment(
                            member: presenter.organization($0.member), stance: presenter.stance($0.stance),
                            html: SafeMarkdown.html($0.text))
                    })
            },
            hasComments: !tally.comments.isEmpty, form: form,
            notice: request.uri.queryParameters.get("saved") != nil ? presenter.text("proposals.positionSaved") : nil,
            csvHref: SitePaths.roundPositionsCSV(id, number), apiHref: "/api/v1/proposals/\(id)/rounds/\(number)")
        return pages.render(
            model, title: model.heading, section: .proposals, request: request, context: context,
            status: errors.isEmpty ? .ok : .unprocessableContent)
    }

    @Sendable func record(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let number = try ProposalsQuery.number(context, "number", entity: "round", id: id)
        let form = try await FormData.read(request, context: context)
        let member = form.value("member") ?? ""
        var input = PositionInput()
        input.stance = form.value("stance")
        input.comments = Dictionary(
            uniqueKeysWithValues: Position.commentKeys.compactMap { key in
                form.value("comments.\(key)").map { (key, $0) }
            })
        do {
            _ = try await store.proposals.recordPosition(
                proposal: id, round: number, member: member, input, by: actor)
            return .redirect(to: SitePaths.round(id, number) + "?saved=1", type: .normal)
        } catch EnlaceError.invalid(let errors) {
            return try await page(request, context, input: input, member: member, errors: errors)
        }
    }
}
