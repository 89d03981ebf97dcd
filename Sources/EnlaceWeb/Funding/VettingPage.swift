import EnlaceCore

/// The vetting report of one country: every unit not yet cleared, oldest first, and the activities
/// that need vetting and have none recorded.
struct VettingPage {
    struct Row {
        let activityHref: String
        let title: String
        let owner: String
        let unit: String
        let people: String
        let status: String
        let statusCode: String
        let authority: String
        let submitted: String
        let age: String
        let reference: String
    }

    struct MissingRow {
        let href: String
        let title: String
        let owner: String
        let dates: String
    }

    let countries: [Option]
    let countryName: String
    let today: String
    let rows: [Row]
    let hasRows: Bool
    let missing: [MissingRow]
    let hasMissing: Bool

    init(report: VettingReport, presenter: ActivityPresenter) {
        func text(_ key: String, _ parameters: [String: String] = [:]) -> String {
            presenter.translations.text(key, presenter.language, parameters)
        }
        let recipients = Set(presenter.organizations.values.filter { !$0.isMember }.compactMap(\.country))
        countries = .make(
            presenter.countryChoices { recipients.contains($0.code) || $0.code == report.country },
            selected: [report.country])
        countryName = presenter.countryName(report.country)
        today = presenter.format.date(report.today)
        func owner(_ code: String) -> String { presenter.organizations[code]?.name ?? code }
        rows = report.entries.map { entry in
            Row(
                activityHref: SitePaths.activity(entry.activityID) + "#vetting", title: entry.title,
                owner: owner(entry.owner), unit: entry.unit.unit,
                people: entry.unit.people.map(presenter.format.integer) ?? "—",
                status: text("vetting.statuses.\(entry.unit.status.rawValue)"), statusCode: entry.unit.status.rawValue,
                authority: entry.unit.authority, submitted: entry.unit.submitted.map(presenter.format.date) ?? "—",
                age: entry.age.map { text("vetting.ageDays", ["days": presenter.format.integer($0)]) } ?? "—",
                reference: entry.unit.reference)
        }
        hasRows = !rows.isEmpty
        missing = report.missing.map { activity in
            MissingRow(
                href: SitePaths.activity(activity.id) + "#vetting", title: activity.draft.title,
                owner: owner(activity.owner),
                dates: presenter.range(activity.draft.plannedStart, activity.draft.plannedEnd))
        }
        hasMissing = !missing.isEmpty
    }
}

extension VettingPage: PageModel {
    static let template = PageTemplate.vetting
}
