import EnlaceCore
import EnlaceStore
import Foundation

/// The page models of overlaps: the queue, one overlap, and the panel on an activity.
enum OverlapPages {
    /// One activity of a pair, as a queue row shows it.
    struct Side {
        let title: String
        let href: String
        let providers: String
        let dates: String
    }

    /// One row of the queue.
    struct Row {
        let href: String
        let scoreText: String
        let first: Side
        let second: Side
        let place: String
        let status: String
        let statusCode: String
        let sameProvider: Bool

        init(_ view: OverlapView, presenter: ActivityPresenter) {
            let words = OverlapWords(presenter)
            func side(_ activity: Activity) -> Side {
                let summary = presenter.summary(activity)
                return Side(
                    title: summary.title, href: summary.href, providers: summary.providers, dates: summary.dates)
            }
            href = SitePaths.overlap(view.record.id)
            scoreText = words.percent(view.record.assessment.score)
            first = side(view.first)
            second = side(view.second)
            let countries = view.first.draft.recipientCountries.filter(view.second.draft.recipientCountries.contains)
            let areas = view.first.draft.keyAreas.filter(view.second.draft.keyAreas.contains)
            place =
                countries.map(presenter.countryName).joined(separator: ", ") + " · "
                + areas.map(presenter.areaName).joined(separator: ", ")
            status = words.status(view.record.status)
            statusCode = view.record.status.rawValue
            sameProvider = view.record.assessment.sameProvider
        }
    }

    /// The queue page.
    struct Queue {
        struct Filters {
            let statuses: [Option]
            let countries: [Option]
            let keyAreas: [Option]
            let providers: [Option]
        }

        /// One of the reader's activities that overlaps something they may not see.
        struct Notice {
            let title: String
            let href: String
        }

        let filters: Filters
        let countText: String
        let rows: [Row]
        let isEmpty: Bool
        let notices: [Notice]
        let hasNotices: Bool
        let noticeText: String
        let nextHref: String?
        let firstHref: String?
        let notice: String?
        /// Said while a full pass is recording: the list is still filling.
        let filling: String?
        let scanHref = SitePaths.overlapScan.link
        let clearHref = SitePaths.overlaps.link

        init(
            query: OverlapListQuery, list: OverlapList, noticeTitles: [(id: String, title: String)],
            presenter: ActivityPresenter, organizations: [Organization], notice: String?, filling: String? = nil
        ) {
            let words = OverlapWords(presenter)
            let filter = query.filter
            filters = Filters(
                statuses: .make(
                    OverlapStatus.allCases.map { ($0.rawValue, words.status($0)) },
                    selected: Set([filter.status?.rawValue].compactMap { $0 })),
                countries: .make(
                    presenter.countryChoices(), selected: Set([filter.country].compactMap { $0 })),
                keyAreas: .make(
                    presenter.keyAreaChoices, selected: Set([filter.keyArea].compactMap { $0 })),
                providers: .make(
                    organizations.map { ($0.code, "\($0.name) (\($0.code))") },
                    selected: Set([filter.provider].compactMap { $0 })))
            countText = presenter.translations.plural("overlaps.count", count: list.page.total, presenter.format)
            rows = list.page.items.map { Row($0, presenter: presenter) }
            isEmpty = rows.isEmpty
            notices = noticeTitles.map { Notice(title: $0.title, href: SitePaths.activity($0.id)) }
            hasNotices = !notices.isEmpty
            noticeText = words.notice
            let base = Self.parameters(query)
            nextHref = list.page.nextCursor.map { SitePaths.overlaps.with(base + [("cursor", $0)]) }
            firstHref = query.cursor == nil ? nil : SitePaths.overlaps.with(base)
            self.notice = notice
            self.filling = filling
        }

        static func parameters(_ query: OverlapListQuery) -> [(String, String)] {
            let filter = query.filter
            var result: [(String, String)] = []
            if let status = filter.status { result.append(("status", status.rawValue)) }
            if let country = filter.country { result.append(("country", country)) }
            if let area = filter.keyArea { result.append(("keyArea", area)) }
            if let provider = filter.provider { result.append(("provider", provider)) }
            if let same = filter.sameProvider { result.append(("sameProvider", same ? "true" : "false")) }
            if query.limit != PageLimit.default { result.append(("limit", String(query.limit))) }
            return result
        }
    }

    /// The overlap page: both activities side by side, the explanation, the decision form, the history.
    struct Detail {
        let heading: String
        let scoreLine: String
        let status: String
        let statusCode: String
        let sameProvider: Bool
        let inactive: Bool
        let first: ActivityPresenter.Detail
        let second: ActivityPresenter.Detail
        let lines: [OverlapWords.Line]
        let adjustments: [OverlapWords.Adjustment]
        let hasAdjustments: Bool
        let scoreText: String
        let detected: String
        let decided: String?
        let reason: String?
        let continuingTitle: String?
        let canDecide: Bool
        let form: DecisionForm
        let history: [HistoryPage.Entry]
        let hasHistory: Bool
        let notice: String?
        let staleNotice: String?
        let listHref = SitePaths.overlaps.link
        /// Whether the reader (the secretariat) may tell owners of an overlap they may not see.
        let canNotify: Bool
        let notifyAction: String
    }

    /// The decision form, with what was typed and what is wrong with it.
    struct DecisionForm {
        let action: String
        let version: Int
        let statuses: [Option]
        let statusError: String?
        let reason: Field
        let continuing: [Option]
        let continuingError: String?
        let errors: [ErrorLink]
        let hasErrors: Bool
    }

    /// The detail model for `view`.
    static func detail(
        _ view: OverlapView, settings: DeconflictionSettings, presenter: ActivityPresenter, history: [AuditEntry],
        input: OverlapDecisionInput?, errors: [FieldError], notice: String?, staleNotice: String?, canNotify: Bool
    ) -> Detail {
        let words = OverlapWords(presenter)
        let translations = presenter.translations
        let language = presenter.language
        let record = view.record
        let explanation = OverlapWords.explanation(view.first, view.second, settings: settings)
        func message(_ field: String) -> String? {
            errors.first { $0.field == field }.map { translations.message(for: $0, language) }
        }
        let chosen = input?.status ?? record.status.rawValue
        let continuing = input?.continuing ?? record.continuing ?? ""
        let form = DecisionForm(
            action: SitePaths.overlap(record.id), version: record.version,
            statuses: .make(OverlapStatus.allCases.map { ($0.rawValue, words.status($0)) }, selected: [chosen]),
            statusError: message("status"),
            reason: Field(name: "reason", value: input?.reason ?? record.reason ?? "", error: message("reason")),
            continuing: .make(
                [view.first, view.second].map { ($0.id, $0.draft.title) }, selected: [continuing]),
            continuingError: message("continuing"),
            errors: errors.map { error in
                ErrorLink(
                    href: "#field-\(error.field)", label: translations.text("overlaps.\(error.field)", language),
                    message: translations.message(for: error, language))
            }, hasErrors: !errors.isEmpty)
        let entries = history.reversed().map {
            HistoryPage.Entry($0, format: presenter.format, translations: translations)
        }
        return Detail(
            heading: translations.text("overlaps.heading", language),
            scoreLine: translations.text(
                "overlaps.scoreLine", language,
                ["score": words.percent(record.assessment.score), "threshold": words.percent(settings.threshold)]),
            status: words.status(record.status), statusCode: record.status.rawValue,
            sameProvider: record.assessment.sameProvider, inactive: !record.active,
            first: presenter.detail(view.first), second: presenter.detail(view.second),
            lines: words.lines(explanation), adjustments: words.adjustments(explanation),
            hasAdjustments: !explanation.reductions.isEmpty, scoreText: words.percent(explanation.score),
            detected: translations.text(
                "overlaps.detected", language, ["when": presenter.format.dateTime(record.detectedAt)]),
            decided: record.decidedAt.map {
                translations.text("overlaps.decidedBy", language, ["when": presenter.format.dateTime($0)])
            },
            reason: record.reason,
            continuingTitle: record.continuing.map { id in
                [view.first, view.second].first { $0.id == id }?.draft.title ?? id
            },
            canDecide: view.canDecide, form: form, history: entries, hasHistory: !entries.isEmpty, notice: notice,
            staleNotice: staleNotice, canNotify: canNotify && record.status == .open && record.active,
            notifyAction: SitePaths.overlapNotices(record.id))
    }

    /// The panel on an activity page.
    struct Panel {
        struct Item {
            let href: String
            let title: String
            let activityHref: String
            let scoreText: String
            let status: String
            let statusCode: String
            let sameProvider: Bool
        }

        let items: [Item]
        let isEmpty: Bool
        let hiddenNotice: String?

        init(_ found: ActivityOverlaps, of id: String, presenter: ActivityPresenter) {
            let words = OverlapWords(presenter)
            items = found.overlaps.map { view in
                let other = view.first.id == id ? view.second : view.first
                return Item(
                    href: SitePaths.overlap(view.record.id), title: other.draft.title,
                    activityHref: SitePaths.activity(other.id), scoreText: words.percent(view.record.assessment.score),
                    status: words.status(view.record.status), statusCode: view.record.status.rawValue,
                    sameProvider: view.record.assessment.sameProvider)
            }
            isEmpty = items.isEmpty && !found.hiddenNotice
            hiddenNotice = found.hiddenNotice ? words.notice : nil
        }
    }
}

extension OverlapPages.Queue: PageModel {
    static let template = PageTemplate.overlapQueue
}

extension OverlapPages.Detail: PageModel {
    static let template = PageTemplate.overlapDetail
}
