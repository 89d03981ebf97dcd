/// The model of the activity detail page.
struct ActivityDetailPage {
    let activity: ActivityPresenter.Detail
    let notice: String?
    let listHref: String
    /// Whether the reader may edit and archive it; the controls are shown only then.
    let canEdit: Bool
    let historyHref: String
    /// The overlaps the reader may see, for signed-in readers.
    let overlaps: OverlapPages.Panel?
    /// Budget lines, transactions and vetting.
    let funding: FundingPanel
    /// Result indicators and their actuals.
    let results: ResultsPanel
    /// The adopted proposal it was spawned from, for those who may read it.
    let proposal: LabelledLink?
    /// The fora it concerns.
    let fora: ForaLinksPanel
}

extension ActivityDetailPage: PageModel {
    static let template = PageTemplate.activityDetail
}
