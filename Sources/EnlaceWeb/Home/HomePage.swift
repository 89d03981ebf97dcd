import EnlaceCore
import Foundation

/// The model of the dashboard: activities per key area and per country, and what is coming up.
struct HomePage {
    /// One bar of a horizontal bar chart, drawn as SVG on the server: its label on a line of its own above the
    /// bar, so that no label, in any language, is cut to fit a column; the count after the bar.
    struct Bar {
        let label: String
        let count: String
        let href: String
        let labelY: Int
        let barY: Int
        let countY: Int
        /// The bar's length as a share of the chart's width, `"57.3%"`: the chart takes its box's width, and its
        /// text keeps its size on a phone as at a desk.
        let width: String
    }

    /// A horizontal bar chart as wide as its panel, one row of label and bar per entry.
    struct Chart {
        static let rowHeight = 42
        /// The longest bar's share of the width, leaving room for its count.
        static let longestBar = 84.0

        let title: String
        let bars: [Bar]
        let height: Int
        let isEmpty: Bool

        init(title: String, entries: [(label: String, count: Int, href: String)], format: LocaleFormat) {
            self.title = title
            let maximum = Double(max(entries.map(\.count).max() ?? 1, 1))
            bars = entries.enumerated().map { index, entry in
                let share = max(0.5, Double(entry.count) * Self.longestBar / maximum)
                let top = index * Self.rowHeight
                return Bar(
                    label: entry.label, count: format.integer(entry.count), href: entry.href,
                    labelY: top + 15, barY: top + 21, countY: top + 34,
                    width: String(format: "%.1f%%", share))
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
