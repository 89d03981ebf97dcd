import EnlaceCore
import Foundation

/// The model of the activity list: the filter form, the count, one page of rows and the paging links.
struct ActivityListPage {
    struct Filters {
        let q: String
        let countries: [Option]
        let keyAreas: [Option]
        let topics: [TopicGroup]
        let providers: [Option]
        let kinds: [Option]
        let statuses: [Option]
        let from: String
        let to: String
        let sorts: [Option]
    }

    struct TopicGroup {
        let label: String
        let options: [Option]
    }

    let filters: Filters
    let countText: String
    let rows: [ActivityPresenter.Summary]
    let isEmpty: Bool
    let nextHref: String?
    let firstHref: String?
    /// The same activities as files: a spreadsheet with HXL hashtags, an IATI file, GeoJSON.
    let csvHref: String
    let iatiHref: String
    let geoJSONHref: String
    let notice: String?
    let newHref = SitePaths.newActivity.link
    let clearHref = SitePaths.activities.link

    /// Builds the model for `page`, the result of `query`.
    init(
        query: ActivityListQuery, page: Page<Activity>, presenter: ActivityPresenter, organizations: [Organization],
        notice: String?
    ) {
        let language = presenter.language
        let t = presenter.translations
        let filter = query.filter
        let catalog = presenter.catalog
        let sortedCountries = catalog.countries.sorted {
            $0.names[language].compare($1.names[language], locale: presenter.format.locale) == .orderedAscending
        }
        filters = Filters(
            q: filter.text ?? "",
            countries: .make(sortedCountries.map { ($0.code, $0.names[language]) }, selected: filter.countries),
            keyAreas: .make(catalog.keyAreas.map { ($0.slug, $0.names[language]) }, selected: filter.keyAreas),
            topics: catalog.keyAreas.map { area in
                TopicGroup(
                    label: area.names[language],
                    options: .make(
                        catalog.topics.filter { $0.keyArea == area.slug }.map { ($0.slug, $0.names[language]) },
                        selected: filter.topics))
            },
            providers: .make(organizations.map { ($0.code, "\($0.name) (\($0.code))") }, selected: filter.providers),
            kinds: .make(
                catalog.kinds.map { ($0.code.rawValue, $0.names[language]) },
                selected: Set(filter.kinds.map(\.rawValue))),
            statuses: .make(
                catalog.statuses.map { (String($0.code.rawValue), $0.names[language]) },
                selected: Set(filter.statuses.map { String($0.rawValue) })),
            from: filter.from?.iso ?? "", to: filter.to?.iso ?? "",
            sorts: .make(
                ActivitySort.Field.allCases.flatMap { field in
                    [false, true].map { descending in
                        let sort = ActivitySort(field, descending: descending)
                        return (sort.description, t.text("sort.\(sort.description)", language))
                    }
                }, selected: [query.sort.description]))
        countText = t.plural("activities.count", count: page.total, presenter.format)
        rows = page.items.map(presenter.summary)
        isEmpty = page.items.isEmpty
        let base = Self.parameters(query)
        nextHref = page.nextCursor.map { SitePaths.activities.with(base + [("cursor", $0)]) }
        firstHref = query.cursor == nil ? nil : SitePaths.activities.with(base)
        // The files take the list's filters, not its paging.
        let filters = base.filter { $0.0 != "limit" }
        let query = filters.isEmpty ? "" : "?" + SitePaths.query(filters)
        csvHref = "/api/v1/activities.csv" + query
        iatiHref = "/api/v1/iati/activities.xml" + query
        geoJSONHref = "/api/v1/activities.geojson" + query
        self.notice = notice
    }

    /// The query of `query` without its cursor, as the form would send it.
    static func parameters(_ query: ActivityListQuery) -> [(String, String)] {
        let filter = query.filter
        var result: [(String, String)] = []
        if let text = filter.text { result.append(("q", text)) }
        result += filter.countries.sorted().map { ("country", $0) }
        result += filter.keyAreas.sorted().map { ("keyArea", $0) }
        result += filter.topics.sorted().map { ("topic", $0) }
        result += filter.providers.sorted().map { ("provider", $0) }
        result += filter.kinds.map(\.rawValue).sorted().map { ("kind", $0) }
        result += filter.statuses.map(\.rawValue).sorted().map { ("status", String($0)) }
        if let from = filter.from { result.append(("from", from.iso)) }
        if let to = filter.to { result.append(("to", to.iso)) }
        if let startFrom = filter.startFrom { result.append(("startFrom", startFrom.iso)) }
        if let startTo = filter.startTo { result.append(("startTo", startTo.iso)) }
        if query.sort != .default { result.append(("sort", query.sort.description)) }
        if query.limit != PageLimit.default { result.append(("limit", String(query.limit))) }
        return result
    }
}

extension ActivityListPage: PageModel {
    static let template = PageTemplate.activityList
}
