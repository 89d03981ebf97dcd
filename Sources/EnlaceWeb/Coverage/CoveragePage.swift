import EnlaceCore
import Foundation

/// The coverage page: the matrix as an SVG heatmap drawn on the server, and the same figures as a table.
struct CoveragePage {
    /// Geometry of the heatmap, in SVG user units.
    enum Geometry {
        static let labelWidth = 210
        static let columnWidth = 170
        static let headerHeight = 44
        static let rowHeight = 30
        static let gap = 3
    }

    struct Column {
        /// The area's name on up to two lines, so that long names do not run into their neighbours.
        struct Line {
            let text: String
            let y: Int
        }

        let label: String
        let lines: [Line]
        let x: Int
        let textX: Int
    }

    struct Row {
        let label: String
        let y: Int
        let textY: Int
        let cells: [Cell]
    }

    struct Cell {
        let href: String
        let x: Int
        let y: Int
        let width: Int
        let height: Int
        let textX: Int
        let textY: Int
        /// `cell--gap`, `cell--saturated`, `cell--level-0`…`cell--level-4`.
        let classes: String
        /// `cell__text--light` on the darkest fills.
        let textClass: String
        let text: String
        let title: String
        let overlaps: String?
        let overlapX: Int
    }

    /// One row of the table under the heatmap.
    struct TableRow {
        let country: String
        let area: String
        let href: String
        let activities: String
        let participants: String
        let budget: String
        let notConverted: String?
        let providers: String
        let concentration: String
        let openOverlaps: String
        let vettingOpen: String
        let openNeeds: String
        let flags: String
        let saturatedTopics: String
    }

    let year: String
    let from: String
    let to: String
    let saturation: String
    let width: Int
    let height: Int
    let columns: [Column]
    let rows: [Row]
    let table: [TableRow]
    let csvHref: String
    let caption: String

    init(matrix: CoverageMatrix, query: CoverageQuery, presenter: ActivityPresenter) {
        let translations = presenter.translations
        let language = presenter.language
        let format = presenter.format
        func text(_ key: String, _ parameters: [String: String] = [:]) -> String {
            translations.text("coverage.\(key)", language, parameters)
        }
        year = query.year.map(String.init) ?? ""
        from = query.year == nil ? matrix.window.lowerBound.iso : ""
        to = query.year == nil ? matrix.window.upperBound.iso : ""
        saturation = String(matrix.thresholds.saturationProviders)
        let countries = matrix.countries.sorted {
            presenter.countryName($0).compare(presenter.countryName($1), locale: format.locale) == .orderedAscending
        }
        columns = matrix.areas.enumerated().map { index, area in
            let x = Geometry.labelWidth + index * Geometry.columnWidth
            let label = presenter.areaName(area)
            return Column(
                label: label, lines: Self.twoLines(label).enumerated().map { Column.Line(text: $1, y: 18 + $0 * 16) },
                x: x, textX: x + Geometry.columnWidth / 2)
        }
        width = Geometry.labelWidth + matrix.areas.count * Geometry.columnWidth
        height = Geometry.headerHeight + countries.count * Geometry.rowHeight
        let most = max(1, matrix.cells.map(\.activities).max() ?? 1)
        func level(_ count: Int) -> Int {
            count == 0 ? 0 : 1 + min(3, Int((Double(count) / Double(most) * 4).rounded(.up)) - 1)
        }
        var rows: [Row] = []
        var table: [TableRow] = []
        for (index, country) in countries.enumerated() {
            let y = Geometry.headerHeight + index * Geometry.rowHeight
            var cells: [Cell] = []
            for (column, area) in matrix.areas.enumerated() {
                guard let cell = matrix.cell(country, area) else { continue }
                let x = Geometry.labelWidth + column * Geometry.columnWidth
                let href = SitePaths.activities.link + "?" + CoverageDTO.activitiesQuery(cell, matrix.window)
                var classes = "cell"
                let shade = cell.isGap ? 0 : level(cell.activities)
                if cell.isGap { classes += " cell--gap" } else { classes += " cell--level-\(shade)" }
                if cell.isSaturated { classes += " cell--saturated" }
                let title =
                    text(
                        "cellTitle",
                        [
                            "country": presenter.countryName(country), "area": presenter.areaName(area),
                            "activities": format.integer(cell.activities), "providers": format.integer(cell.providers),
                            "overlaps": format.integer(cell.openOverlaps),
                        ])
                    + (cell.isGap ? " · " + text("gap") : "") + (cell.isSaturated ? " · " + text("saturated") : "")
                cells.append(
                    Cell(
                        href: href, x: x + Geometry.gap, y: y + Geometry.gap,
                        width: Geometry.columnWidth - 2 * Geometry.gap, height: Geometry.rowHeight - 2 * Geometry.gap,
                        textX: x + Geometry.columnWidth / 2, textY: y + Geometry.rowHeight / 2 + 5, classes: classes,
                        textClass: shade >= 3 ? "cell__text cell__text--light" : "cell__text",
                        text: cell.isGap && cell.activities == 0 ? text("gap") : format.integer(cell.activities),
                        title: title, overlaps: cell.openOverlaps > 0 ? "⇄ " + format.integer(cell.openOverlaps) : nil,
                        overlapX: x + Geometry.columnWidth - 12))
                table.append(
                    TableRow(
                        country: presenter.countryName(country), area: presenter.areaName(area), href: href,
                        activities: format.integer(cell.activities),
                        participants: format.integer(cell.participantsTrained),
                        budget: format.money(Money(amount: cell.budget, currency: matrix.currency)),
                        notConverted: cell.budgetsNotConverted > 0
                            ? text("notConverted", ["count": format.integer(cell.budgetsNotConverted)]) : nil,
                        providers: format.integer(cell.providers),
                        concentration: cell.concentration.map {
                            $0.formatted(.number.precision(.fractionLength(2)).locale(format.locale))
                        } ?? "—",
                        openOverlaps: format.integer(cell.openOverlaps),
                        vettingOpen: format.integer(cell.vettingOpen), openNeeds: format.integer(cell.openNeeds),
                        flags: [cell.isGap ? text("gap") : nil, cell.isSaturated ? text("saturated") : nil]
                            .compactMap { $0 }.joined(separator: ", "),
                        saturatedTopics: cell.saturatedTopics.map {
                            presenter.catalog.topic($0)?.names[language] ?? $0
                        }.joined(separator: ", ")))
            }
            rows.append(
                Row(
                    label: presenter.countryName(country), y: y, textY: y + Geometry.rowHeight / 2 + 5, cells: cells))
        }
        self.rows = rows
        self.table = table
        csvHref = "/api/v1/coverage.csv?" + query.queryString
        caption = presenter.range(matrix.window.lowerBound, matrix.window.upperBound)
    }

    /// `label` split at the space nearest its middle, or whole when it is short.
    static func twoLines(_ label: String) -> [String] {
        guard label.count > 18 else { return [label] }
        let middle = label.count / 2
        let spaces = label.indices.filter { label[$0] == " " }
        guard
            let split = spaces.min(by: {
                abs(label.distance(from: label.startIndex, to: $0) - middle)
                    < abs(label.distance(from: label.startIndex, to: $1) - middle)
            })
        else { return [label] }
        return [String(label[..<split]), String(label[label.index(after: split)...])]
    }
}

extension CoveragePage: PageModel {
    static let template = PageTemplate.coverage
}
