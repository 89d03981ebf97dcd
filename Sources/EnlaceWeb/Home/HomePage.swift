import EnlaceCore
import Foundation

/// The model of the dashboard: activities per key area and per country, and what is coming up.
struct HomePage {
    /// One bar of a horizontal bar chart, drawn as SVG on the server: label, bar and count.
    struct Bar {
        let label: String
        let count: String
        let href: String
        let y: Int
        let textY: Int
        let width: Int
        let countX: Int
    }

    /// A horizontal bar chart in a 640-unit-wide SVG that scales with its panel.
    struct Chart {
        static let labelWidth = 220
        static let barStart = 230
        static let barSpan = 340
        static let rowHeight = 28

        let title: String
        let bars: [Bar]
        let height: Int
        let isEmpty: Bool
        let labelX = Chart.labelWidth
        let barX = Chart.barStart

        init(title: String, entries: [(label: String, count: Int, href: String)], format: LocaleFormat) {
            self.title = title
            let maximum = max(entries.map(\.count).max() ?? 1, 1)
            bars = entries.enumerated().map { index, entry in
                let width = max(2, entry.count * Self.barSpan / maximum)
                return Bar(
                    label: entry.label, count: format.integer(entry.count), href: entry.href,
                    y: index * Self.rowHeight + 3,
                    textY: index * Self.rowHeight + 19, width: width, countX: Self.barStart + width + 8)
            }
            height = max(entries.count * Self.rowHeight, Self.rowHeight)
            isEmpty = entries.isEmpty
        }
    }

    let totalText: String
    let byKeyArea: Chart
    let byCountry: Chart
    let upcoming: [ActivityPresenter.Summary]
    let recent: [ActivityPresenter.Summary]
    let hasUpcoming: Bool
    let hasRecent: Bool
    let listHref = SitePaths.activities.link
    let upcomingHref: String
}

extension HomePage: PageModel {
    static let template = PageTemplate.home
}
