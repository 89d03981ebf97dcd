import EnlaceCore
import EnlaceStore
import Foundation

/// How the proposal pages write proposals, rounds and conferences in the reader's language.
struct ProposalPresenter {
    let base: ActivityPresenter

    func text(_ key: String, _ parameters: [String: String] = [:]) -> String {
        base.translations.text(key, base.language, parameters)
    }

    func status(_ status: ProposalStatus) -> String { text("proposals.statuses.\(status.rawValue)") }
    func stance(_ stance: Stance) -> String { text("proposals.stances.\(stance.rawValue)") }
    func outcome(_ outcome: ConferenceOutcome) -> String { text("conferences.outcomes.\(outcome.rawValue)") }
    /// A section's heading, or `general` for comments on the whole.
    func part(_ key: String) -> String { text("proposals.sections.\(key)") }
    func organization(_ code: String) -> String { base.organizations[code]?.name ?? code }

    /// One line of a list of proposals.
    struct Line {
        let href: String
        let title: String
        let leads: String
        let areas: String
        let status: String
        let statusCode: String
        let textVersion: String
        let updated: String
    }

    func line(_ proposal: Proposal) -> Line {
        Line(
            href: SitePaths.proposal(proposal.id), title: proposal.text.title,
            leads: proposal.draft.leads.map(organization).joined(separator: ", "),
            areas: proposal.draft.keyAreas.map(base.areaName).joined(separator: ", "),
            status: status(proposal.status), statusCode: proposal.status.rawValue,
            textVersion: base.format.integer(proposal.textVersion), updated: base.format.dateTime(proposal.updatedAt))
    }

    /// A part of a comparison, with its runs marked for the page.
    struct DiffPart {
        struct Run {
            let text: String
            let same: Bool
            let removed: Bool
            let added: Bool
        }

        let heading: String
        let anchor: String
        let changed: Bool
        let runs: [Run]
    }

    func comparison(_ old: ProposalVersion, _ new: ProposalVersion) -> [DiffPart] {
        new.text.comparison(from: old.text).map { part in
            DiffPart(
                heading: part.part == "title" ? text("fields.title") : self.part(part.part),
                anchor: "diff-\(part.part)",
                changed: WordDiff.changed(part.runs),
                runs: part.runs.map { run in
                    switch run {
                    case .same(let words): DiffPart.Run(text: words, same: true, removed: false, added: false)
                    case .removed(let words): DiffPart.Run(text: words, same: false, removed: true, added: false)
                    case .added(let words): DiffPart.Run(text: words, same: false, removed: false, added: true)
                    }
                })
        }
    }
}

/// The list of proposals, with its filters.
struct ProposalListPage {
    let lines: [ProposalPresenter.Line]
    let hasLines: Bool
    let statuses: [Option]
    let areas: [Option]
    let canCreate: Bool
    let conferences: [LabelledLink]
    let hasConferences: Bool
}

/// One proposal: its five sections, where it stands, its versions and rounds, and what the reader may do.
struct ProposalDetailPage {
    struct Section {
        let anchor: String
        let heading: String
        let html: String
        let empty: Bool
    }

    struct VersionLine {
        let number: Int
        let note: String
        let author: String
        let date: String
        let compareHref: String?
    }

    struct RoundLine {
        let href: String
        let label: String
        let closes: String
        let state: String
        let answered: String
    }

    struct Move {
        let status: String
        let label: String
    }

    struct TransitionLine {
        let from: String
        let to: String
        let actor: String
        let date: String
    }

    let id: String
    let title: String
    let status: String
    let statusCode: String
    let textVersion: String
    let leads: String
    let areas: String
    /// Nil when it has none.
    let topics: String?
    let fora: [LabelledLink]
    let needs: [LabelledLink]
    let activities: [LabelledLink]
    let hasFora: Bool
    let hasNeeds: Bool
    let hasActivities: Bool
    let hasLinks: Bool
    let sections: [Section]
    let versions: [VersionLine]
    let rounds: [RoundLine]
    let hasRounds: Bool
    let transitions: [TransitionLine]
    let hasTransitions: Bool
    let conferences: [LabelledLink]
    let hasConferences: Bool
    let editHref: String?
    let diffHref: String?
    let moves: [Move]
    let canMove: Bool
    let moveAction: String
    let version: Int
    let roundForm: RoundForm?
    let spawned: [LabelledLink]
    let hasSpawned: Bool
    let spawnAction: String
    /// Whether the reader may spawn a draft activity (a lead), and the countries to pick from.
    let canSpawnActivity: Bool
    let spawnCountries: [Option]
    /// Whether the reader may spawn a meeting series.
    let spawnSeries: Bool
    let notice: String?
    let error: String?
    let apiHref: String
}

/// The secretariat's form that opens a round.
struct RoundForm {
    let action: String
    let closesOn: Field
    let members: [Option]
    let invitedError: String?
    let meetingID: Field
    let errorSummary: [ErrorLink]
    let hasErrors: Bool
}

/// The form that puts forward or revises a proposal.
struct ProposalFormPage {
    struct SectionField {
        let id: String
        let name: String
        let label: String
        let hint: String
        let value: String
        let error: String?
    }

    let header: FormHeader
    let title: Field
    let sections: [SectionField]
    let note: Field
    let leads: [Option]
    let leadsError: String?
    let areas: [Option]
    let areasError: String?
    let topics: [Option]
    let topicsError: String?
    let fora: [Option]
    let foraError: String?
    let needs: Field
    let activities: Field

    init(
        input: ProposalInput, version: Int?, errors: [FieldError], heading: String, action: String,
        cancelHref: String, fora: [Forum], staleNotice: String? = nil, presenter: ProposalPresenter
    ) {
        let base = presenter.base
        let form = FormMessages(errors, translations: base.translations, language: base.language)
        header = FormHeader(
            heading: heading, action: action, cancelHref: cancelHref, version: version, messages: form,
            staleNotice: staleNotice)
        title = form.field("title", input.title)
        sections = ProposalSection.allCases.map { section in
            let name = "sections.\(section.rawValue)"
            return SectionField(
                id: "field-sections-\(section.rawValue)", name: name, label: presenter.part(section.rawValue),
                hint: presenter.text("proposals.hints.\(section.rawValue)"),
                value: input.sections?[section.rawValue] ?? "", error: form.message(name))
        }
        note = form.field("note", input.note)
        leads = .make(
            base.organizations.values.filter { $0.isMember && $0.kind != .agency }.map { ($0.code, $0.name) }
                .sorted { $0.1 < $1.1 }, selected: Set(input.leads ?? []))
        leadsError = form.message("leads")
        areas = .make(
            base.keyAreaChoices, selected: Set(input.keyAreas ?? []))
        areasError = form.message("keyAreas")
        topics = .make(
            base.topicChoices, selected: Set(input.topics ?? []))
        topicsError = form.message("topics")
        self.fora = .make(
            fora.map { ($0.id, $0.label(base.language)) },
            selected: Set(input.fora ?? []))
        foraError = form.message("fora")
        needs = form.field("needs", input.needs?.joined(separator: ", "))
        activities = form.field("activities", input.activities?.joined(separator: ", "))
    }
}

/// Two versions of a proposal compared, word by word.
struct ProposalDiffPage {
    let title: String
    let backHref: String
    let action: String
    let fromOptions: [Option]
    let toOptions: [Option]
    let heading: String
    let parts: [ProposalPresenter.DiffPart]
    let unchanged: Bool
}

/// A consultation round: who answered, the tally, comments by section, and the reader's position form.
struct RoundPage {
    struct Count {
        let label: String
        let count: String
        let code: String
    }

    struct Answer {
        let member: String
        let stance: String
        let stanceCode: String
        let updated: String
        let revision: String
        let changed: Bool
    }

    struct CommentGroup {
        struct Comment {
            let member: String
            let stance: String
            let html: String
        }

        let heading: String
        let anchor: String
        let comments: [Comment]
    }

    struct CommentField {
        let field: Field
        let label: String
    }

    struct PositionForm {
        let action: String
        let members: [Option]
        let single: String?
        let stances: [Option]
        let stanceError: String?
        let comments: [CommentField]
        let commentsError: String?
        let hasErrors: Bool
        let errorSummary: [ErrorLink]
    }

    let proposalTitle: String
    let proposalHref: String
    let heading: String
    let versionHref: String
    let versionLabel: String
    let closes: String
    let open: Bool
    let state: String
    let meeting: LabelledLink?
    let counts: [Count]
    let answered: [Answer]
    let hasAnswered: Bool
    let pending: [String]
    let hasPending: Bool
    let groups: [CommentGroup]
    let hasComments: Bool
    let form: PositionForm?
    let notice: String?
    let csvHref: String
    let apiHref: String
}

/// The conferences, latest first.
struct ConferenceListPage {
    struct Line {
        let href: String
        let name: String
        let dates: String
        let venue: String
        let proposals: String
    }

    let lines: [Line]
    let hasLines: Bool
    let canCreate: Bool
}

/// A conference's printable programme: sessions in time order, and per proposal its outcome.
struct ProgrammePage {
    struct Item {
        let href: String?
        let title: String
        let leads: String
        let outcome: String?
        let outcomeCode: String
    }

    struct Session {
        let day: String
        let time: String
        let title: String
        let chair: String
        let items: [Item]
        let hasItems: Bool
    }

    let name: String
    let dates: String
    let venue: String
    let sessions: [Session]
    let hasSessions: Bool
    let editHref: String?
    let apiHref: String
}

/// The secretariat's form for a conference: its facts, its sessions (with room for two more) and the
/// outcome per proposal.
struct ConferenceFormPage {
    struct SessionRow {
        let index: Int
        let title: Field
        let date: Field
        let start: Field
        let end: Field
        let chair: Field
        let proposalsName: String
        let proposals: [Option]
        let proposalsError: String?
    }

    struct OutcomeRow {
        let name: String
        let label: String
        let options: [Option]
        let error: String?
    }

    let header: FormHeader
    let name: Field
    let startsOn: Field
    let endsOn: Field
    let venue: Field
    let sessions: [SessionRow]
    let outcomes: [OutcomeRow]
    let hasOutcomes: Bool

    /// `eligible` are the proposals that may go on the programme (endorsed, presented, adopted).
    init(
        input: ConferenceInput, version: Int?, errors: [FieldError], heading: String, action: String,
        cancelHref: String, eligible: [Proposal], staleNotice: String? = nil, presenter: ProposalPresenter
    ) {
        let form = FormMessages(errors, translations: presenter.base.translations, language: presenter.base.language)
        header = FormHeader(
            heading: heading, action: action, cancelHref: cancelHref, version: version, messages: form,
            staleNotice: staleNotice)
        name = form.field("name", input.name)
        startsOn = form.field("startsOn", input.startsOn)
        endsOn = form.field("endsOn", input.endsOn)
        venue = form.field("venue", input.venue)
        let choices = eligible.map { ($0.id, "\($0.text.title) (\(presenter.status($0.status)))") }
        let rows = (input.sessions ?? []) + [ConferenceInput.SessionInput(), ConferenceInput.SessionInput()]
        sessions = rows.enumerated().map { index, row in
            let prefix = "sessions[\(index)]"
            return SessionRow(
                index: index + 1, title: form.field("\(prefix).title", row.title),
                date: form.field("\(prefix).date", row.date), start: form.field("\(prefix).start", row.start),
                end: form.field("\(prefix).end", row.end), chair: form.field("\(prefix).chair", row.chair),
                proposalsName: "\(prefix).proposals", proposals: .make(choices, selected: Set(row.proposals ?? [])),
                proposalsError: form.message("\(prefix).proposals"))
        }
        outcomes = eligible.map { proposal in
            OutcomeRow(
                name: "outcomes.\(proposal.id)", label: proposal.text.title,
                options: .make(
                    [("", "—")] + ConferenceOutcome.allCases.map { ($0.rawValue, presenter.outcome($0)) },
                    selected: [input.outcomes?[proposal.id] ?? ""]),
                error: form.message("outcomes.\(proposal.id)"))
        }
        hasOutcomes = !outcomes.isEmpty
    }
}

extension RoundPage: PageModel {
    static let template = PageTemplate.round
}

extension ProposalListPage: PageModel {
    static let template = PageTemplate.proposalList
}

extension ProposalDetailPage: PageModel {
    static let template = PageTemplate.proposalDetail
}

extension ProposalFormPage: PageModel {
    static let template = PageTemplate.proposalForm
}

extension ProposalDiffPage: PageModel {
    static let template = PageTemplate.proposalDiff
}

extension ConferenceFormPage: PageModel {
    static let template = PageTemplate.conferenceForm
}

extension ConferenceListPage: PageModel {
    static let template = PageTemplate.conferenceList
}

extension ProgrammePage: PageModel {
    static let template = PageTemplate.programme
}
