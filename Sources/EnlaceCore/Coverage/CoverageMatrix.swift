public import Foundation

/// When a coverage cell is flagged.
public struct CoverageThresholds: Sendable, Hashable {
    /// A cell is saturated when this many distinct providers or more work on one topic in it.
    public var saturationProviders: Int
    /// A cell is a gap when it has this many activities or fewer.
    public var gapActivities: Int

    /// Creates thresholds.
    public init(saturationProviders: Int = 3, gapActivities: Int = 0) {
        self.saturationProviders = saturationProviders
        self.gapActivities = gapActivities
    }
}

/// One recipient country and key area over the chosen window.
public struct CoverageCell: Sendable, Hashable {
    /// ISO 3166-1 alpha-2.
    public var country: String
    /// Key area slug.
    public var area: String
    /// Activities whose window meets the chosen one.
    public var activities: Int = 0
    /// People those activities trained, where recorded.
    public var participantsTrained: Int = 0
    /// Budgets in the reporting currency, added up.
    public var budget: Decimal = 0
    /// Activities whose budget has an amount without a rate into the reporting currency on its
    /// date; the amount is left out of ``budget``, and the cell says so.
    public var budgetsNotConverted: Int = 0
    /// Activities whose human-rights vetting is required and not cleared.
    public var vettingOpen: Int = 0
    /// Partner needs in this cell that are open, with nothing answering them.
    public var openNeeds: Int = 0
    /// Distinct provider organisations.
    public var providers: Int = 0
    /// The Herfindahl index of providers' shares of the activities, 0…1 (1: one provider does
    /// everything); nil for an empty cell.
    public var concentration: Double?
    /// Open overlaps between activities of this cell.
    public var openOverlaps: Int = 0
    /// Topics on which at least the saturation threshold of providers work.
    public var saturatedTopics: [String] = []
    /// Whether many providers crowd the same topic here.
    public var isSaturated: Bool = false
    /// Whether there is (next to) nothing here.
    public var isGap: Bool = false
}

/// Recipient country × key area over a date window: what is done where, by how many, and where
/// nothing is.
public struct CoverageMatrix: Sendable {
    /// The currency budgets are summed in.
    public var currency: String

    /// The window: activities whose dates meet it count.
    public var window: ClosedRange<CalendarDate>
    /// The rows.
    public var countries: [String]
    /// The columns.
    public var areas: [String]
    /// The cells, row by row.
    public var cells: [CoverageCell]
    /// The flags' thresholds.
    public var thresholds: CoverageThresholds

    /// The cell of `country` and `area`.
    public func cell(_ country: String, _ area: String) -> CoverageCell? {
        guard let row = countries.firstIndex(of: country), let column = areas.firstIndex(of: area) else { return nil }
        return cells[row * areas.count + column]
    }

    /// The matrix of `activities` over `window`, with `openOverlaps` per (country, area); a topic
    /// counts in the column of its area (`topicAreas`, topic slug to area slug).
    ///
    /// An activity with several countries or areas counts in each of its cells, in full: cells add
    /// up to more than the total when activities span them.
    public init(
        activities: [Activity], countries: [String], areas: [String], window: ClosedRange<CalendarDate>,
        topicAreas: [String: String] = [:], openOverlaps: [CoverageKey: Int] = [:],
        thresholds: CoverageThresholds = CoverageThresholds(), rates: RateTable = RateTable(), currency: String = "USD",
        openNeeds: [CoverageKey: Int] = [:]
    ) {
        self.window = window
        self.currency = currency
        self.countries = countries
        self.areas = areas
        self.thresholds = thresholds
        let rowOf = Dictionary(countries.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let columnOf = Dictionary(areas.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var cells = countries.flatMap { country in areas.map { CoverageCell(country: country, area: $0) } }
        // Providers and topics by number, so that the per-cell tallies never hash a string twice.
        var providerIDs: [String: Int] = [:]
        var shares = [[Int: Double]](repeating: [:], count: cells.count)
        var topicProviders = [[String: Set<Int>]](repeating: [:], count: cells.count)
        var providers: [Int] = []
        // Through a buffer pointer, so that the activities outside the window are looked at, not copied.
        activities.withUnsafeBufferPointer { activities in
            for position in activities.indices {
                guard activities[position].draft.window.overlaps(window) else { continue }
                let draft = activities[position].draft
                providers.removeAll(keepingCapacity: true)
                for provider in draft.providers {
                    let id = providerIDs[provider.organization] ?? providerIDs.count
                    if id == providerIDs.count { providerIDs[provider.organization] = id }
                    if !providers.contains(id) { providers.append(id) }
                }
                let share = providers.isEmpty ? 0 : 1 / Double(providers.count)
                let budget = Self.budget(of: draft, rates: rates, currency: currency)
                let vettingOpen = !draft.vetting.state(for: draft.kind).allowsImplementation
                for country in draft.recipientCountries {
                    guard let row = rowOf[country] else { continue }
                    for area in draft.keyAreas {
                        guard let column = columnOf[area] else { continue }
                        let index = row * areas.count + column
                        cells[index].activities += 1
                        cells[index].participantsTrained += draft.participantsTrained ?? 0
                        if let budget {
                            cells[index].budget += budget.converted.decimal
                            if budget.incomplete { cells[index].budgetsNotConverted += 1 }
                        }
                        if vettingOpen { cells[index].vettingOpen += 1 }
                        for provider in providers { shares[index][provider, default: 0] += share }
                        for topic in draft.topics where (topicAreas[topic] ?? area) == area {
                            topicProviders[index][topic, default: []].formUnion(providers)
                        }
                    }
                }
            }
        }
        for index in cells.indices {
            let total = shares[index].values.reduce(0, +)
            cells[index].providers = shares[index].count
            if total > 0 {
                cells[index].concentration = shares[index].values.reduce(0) { $0 + ($1 / total) * ($1 / total) }
            }
            let key = CoverageKey(country: cells[index].country, area: cells[index].area)
            cells[index].openOverlaps = openOverlaps[key] ?? 0
            cells[index].openNeeds = openNeeds[key] ?? 0
            cells[index].saturatedTopics = topicProviders[index].filter {
                $0.value.count >= thresholds.saturationProviders
            }.keys.sorted()
            cells[index].isSaturated = !cells[index].saturatedTopics.isEmpty
            cells[index].isGap = cells[index].activities <= thresholds.gapActivities
        }
        self.cells = cells
    }
}

extension CoverageMatrix {
    /// An activity's budget in `currency`: its budget lines (the revised ones where it has any,
    /// each at the rate of its period's first day), or else its single budget at the rate of its
    /// planned start; `incomplete` when an amount had no rate and is left out. Nil without a budget.
    static func budget(
        of draft: ActivityDraft, rates: RateTable, currency: String
    ) -> (converted: FixedDecimal, incomplete: Bool)? {
        var amounts: [(Money, CalendarDate)]
        if draft.budgetLines.isEmpty {
            guard let budget = draft.budget else { return nil }
            amounts = [(budget, draft.plannedStart)]
        } else {
            let kind: BudgetKind = draft.budgetLines.contains { $0.kind == .revised } ? .revised : .original
            amounts = draft.budgetLines.filter { $0.kind == kind }.map { ($0.value, $0.periodStart) }
        }
        var total = FixedDecimal.zero
        var incomplete = false
        for (money, date) in amounts {
            if let conversion = rates.conversion(from: money.currency, to: currency, on: date) {
                total += conversion.apply(money.exact)
            } else {
                incomplete = true
            }
        }
        return (total, incomplete)
    }
}

/// A (country, key area) cell's address.
public struct CoverageKey: Sendable, Hashable {
    /// ISO 3166-1 alpha-2.
    public var country: String
    /// Key area slug.
    public var area: String

    /// Creates the key.
    public init(country: String, area: String) {
        self.country = country
        self.area = area
    }
}
