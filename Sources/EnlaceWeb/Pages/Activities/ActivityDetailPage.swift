/// The model of the activity detail page.
struct ActivityDetailPage {
    let activity: ActivityPresenter.Detail
    let notice: String?
    let listHref: String
}
