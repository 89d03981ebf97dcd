/// The funding funnel — pledged → committed → disbursed → spent — by year, per provider, recipient
/// country or key area, in one reporting currency.
///
/// Each transaction converts at the rate of its own date (``RateTable``). A transaction that
/// cannot be converted is left out of every sum and counted under ``missingRates``, so that a
/// total without it says so. An activity with several recipient countries, key areas or funders
/// divides each amount among them in equal parts that add up exactly; so every total is the sum
/// of its rows, and the rows of one view add up to the rows of another.
public struct FundingSummary: Sendable {
    /// What the rows are.
    public enum Dimension: String, CaseIterable, Sendable {
        /// The funding government or organisation: the transaction's provider when it is one of the
        /// activity's funders, otherwise the funders in equal parts.
        case provider
        /// The activity's recipient countries.
        case country
        /// The activity's key areas.
        case area
    }

    /// Which activities and transactions count.
    public struct Filter: Sendable, Hashable {
        /// Only this funder (after grouping), when set.
        public var provider: String?
        /// Only this recipient country's share, when set.
        public var country: String?
        /// Only this key area's share, when set.
        public var area: String?
        /// Only transactions dated in these years, when set.
        public var years: ClosedRange<Int>?

        /// Creates the filter.
        public init(
            provider: String? = nil, country: String? = nil, area: String? = nil, years: ClosedRange<Int>? = nil
        ) {
            self.provider = provider
            self.country = country
            self.area = area
            self.years = years
        }
    }

    /// Sums per funnel stage, with the part that is not official development assistance.
    public struct Totals: Sendable, Hashable {
        /// Per ``FundingStage``, in its order.
        public var amounts = [FixedDecimal](repeating: .zero, count: FundingStage.allCases.count)
        /// The part of each amount flagged as not ODA.
        public var notODA = [FixedDecimal](repeating: .zero, count: FundingStage.allCases.count)
        /// Transactions counted.
        public var transactions = 0

        /// Nothing yet.
        public init() {}

        /// The part of the sum at `stage` flagged as not ODA.
        public func notODA(_ stage: FundingStage) -> FixedDecimal { notODA[Self.index(stage)] }

        /// The sum at `stage`.
        public subscript(stage: FundingStage) -> FixedDecimal { amounts[Self.index(stage)] }

        static func index(_ stage: FundingStage) -> Int {
            switch stage {
            case .pledged: 0
            case .committed: 1
            case .disbursed: 2
            case .spent: 3
            }
        }

        mutating func add(_ other: Totals) {
            for index in amounts.indices {
                amounts[index] += other.amounts[index]
                notODA[index] += other.notODA[index]
            }
            transactions += other.transactions
        }
    }

    /// One provider, country or area.
    public struct Row: Sendable, Hashable {
        /// The organisation code, country code or area slug.
        public var key: String
        /// Sums per year.
        public var years: [Int: Totals]
        /// Sums over every year.
        public var total: Totals
        /// Transactions of this row left out for want of a rate.
        public var missingRates: Int
    }

    /// Amounts of one currency that could not be converted.
    public struct MissingRate: Sendable, Hashable {
        /// The currency without a rate.
        public var currency: String
        /// How many transactions.
        public var transactions: Int
        /// Their sum, in `currency`.
        public var amount: FixedDecimal
        /// The earliest and latest dates that had no rate.
        public var dates: ClosedRange<CalendarDate>
    }

    /// The reporting currency.
    public var currency: String
    /// How the rows are cut.
    public var dimension: Dimension
    /// The rows, largest pledged-or-committed first.
    public var rows: [Row]
    /// Every year with a transaction, ascending.
    public var years: [Int]
    /// The sums over all rows.
    public var total: Totals
    /// The sums per year over all rows.
    public var totalByYear: [Int: Totals]
    /// What could not be converted, per currency; empty when every amount is in the totals.
    public var missingRates: [MissingRate]

    /// Whether some amounts are left out for want of a rate.
    public var isIncomplete: Bool { !missingRates.isEmpty }

    /// The summary over `activities`, counting only the transactions `viewer` may read.
    ///
    /// - Parameters:
    ///   - group: maps an organisation code to the funder it reports under (a government for its
    ///     agencies); the identity when not given.
    public init(
        activities: some Sequence<Activity>, viewer: Viewer, rates: RateTable, currency: String,
        dimension: Dimension, filter: Filter = Filter(), group: @escaping (String) -> String = { $0 }
    ) {
        var builder = Builder(
            viewer: viewer, rates: rates, currency: currency, dimension: dimension, filter: filter, group: group)
        for activity in activities { builder.add(activity) }
        self = builder.summary()
    }

    init(
        currency: String, dimension: Dimension, rows: [Row], years: [Int], total: Totals, totalByYear: [Int: Totals],
        missingRates: [MissingRate]
    ) {
        self.currency = currency
        self.dimension = dimension
        self.rows = rows
        self.years = years
        self.total = total
        self.totalByYear = totalByYear
        self.missingRates = missingRates
    }

    /// Adds activities one at a time, so that a caller walking an index need not copy them out.
    public struct Builder {
        let viewer: Viewer
        let currency: String
        let dimension: Dimension
        let filter: Filter
        private let group: (String) -> String
        private var groups: [String: String] = [:]
        private var conversions: ConversionCache
        private var rowIndex: [String: Int] = [:]
        private var keys: [String] = []
        private var missingPerRow: [Int] = []
        /// Per (row, year): the slot of its sums in `sums`.
        private var slots: [Int: Int] = [:]
        private var slotKeys: [(row: Int, year: Int)] = []
        /// Four stage sums, four not-ODA sums and a transaction count per slot.
        private var sums: [Int128] = []
        private var missing: [String: MissingRate] = [:]

        static let width = 9

        /// A builder for `viewer` in `currency`, cut by `dimension`.
        public init(
            viewer: Viewer, rates: RateTable, currency: String, dimension: Dimension, filter: Filter = Filter(),
            group: @escaping (String) -> String = { $0 }
        ) {
            self.viewer = viewer
            self.currency = currency
            self.dimension = dimension
            self.filter = filter
            self.group = group
            self.conversions = ConversionCache(rates: rates, currency: currency)
        }

        private mutating func grouped(_ code: String) -> String {
            if let known = groups[code] { return known }
            let key = group(code)
            groups[code] = key
            return key
        }

        private mutating func row(_ key: String) -> Int {
            if let row = rowIndex[key] { return row }
            rowIndex[key] = keys.count
            keys.append(key)
            missingPerRow.append(0)
            return keys.count - 1
        }

        private mutating func slot(_ row: Int, _ year: Int) -> Int {
            let key = row << 16 | (year & 0xFFFF)
            if let slot = slots[key] { return slot }
            let slot = slotKeys.count
            slots[key] = slot
            slotKeys.append((row, year))
            sums.append(contentsOf: repeatElement(0, count: Self.width))
            return slot
        }

        /// Counts the transactions of `activity` that the viewer may read; the caller has already
        /// checked that the viewer may read the activity.
        public mutating func add(_ activity: Activity) {
            let draft = activity.draft
            guard !draft.transactions.isEmpty,
                filter.country.map(draft.recipientCountries.contains) ?? true,
                filter.area.map(draft.keyAreas.contains) ?? true
            else { return }
            var funders: [String] = []
            for provider in draft.providers where provider.role == .funding {
                let key = grouped(provider.organization)
                if !funders.contains(key) { funders.append(key) }
            }
            if funders.isEmpty {
                for provider in draft.providers {
                    let key = grouped(provider.organization)
                    if !funders.contains(key) { funders.append(key) }
                }
            }
            let activityKeys: [String] =
                switch dimension {
                case .provider: []
                case .country: filter.country.map { [$0] } ?? draft.recipientCountries
                case .area: filter.area.map { [$0] } ?? draft.keyAreas
                }
            for transaction in draft.transactions {
                guard let stage = transaction.type.stage else { continue }
                let year = transaction.date.year
                if let years = filter.years, !years.contains(year) { continue }
                guard transaction.allows(viewer, owner: activity.owner) else { continue }
                var transactionFunders = funders
                if let provider = transaction.provider {
                    let key = grouped(provider)
                    if funders.contains(key) { transactionFunders = [key] }
                }
                if let provider = filter.provider, !transactionFunders.contains(provider) { continue }
                let groupKeys =
                    dimension == .provider ? (filter.provider.map { [$0] } ?? transactionFunders) : activityKeys
                let original = transaction.value.exact
                guard let conversion = conversions.lookup(transaction.value.currency, transaction.date) else {
                    let share = FundingSummary.share(
                        original, activity: draft, funders: transactionFunders, filter: filter)
                    missing[
                        transaction.value.currency,
                        default: MissingRate(
                            currency: transaction.value.currency, transactions: 0, amount: .zero,
                            dates: transaction.date...transaction.date)
                    ].add(share, on: transaction.date)
                    for key in groupKeys { missingPerRow[row(key)] += 1 }
                    continue
                }
                let converted = FundingSummary.share(
                    conversion.apply(original), activity: draft, funders: transactionFunders, filter: filter)
                let stageIndex = Totals.index(stage)
                if groupKeys.count == 1 {
                    record(converted, row: row(groupKeys[0]), year: year, stage: stageIndex, notODA: transaction.notODA)
                } else {
                    for (key, part) in zip(groupKeys, converted.split(into: groupKeys.count)) {
                        record(part, row: row(key), year: year, stage: stageIndex, notODA: transaction.notODA)
                    }
                }
            }
        }

        private mutating func record(_ amount: FixedDecimal, row: Int, year: Int, stage: Int, notODA: Bool) {
            let base = slot(row, year) * Self.width
            sums[base + stage] += amount.units
            if notODA { sums[base + 4 + stage] += amount.units }
            sums[base + 8] += 1
        }

        /// The summary of everything added.
        public func summary() -> FundingSummary {
            var perRow = [[Int: Totals]](repeating: [:], count: keys.count)
            for (slot, key) in slotKeys.enumerated() {
                var totals = Totals()
                let base = slot * Self.width
                for index in 0..<4 {
                    totals.amounts[index] = FixedDecimal(units: sums[base + index])
                    totals.notODA[index] = FixedDecimal(units: sums[base + 4 + index])
                }
                totals.transactions = Int(sums[base + 8])
                perRow[key.row][key.year] = totals
            }
            var total = Totals()
            var totalByYear: [Int: Totals] = [:]
            var rows: [Row] = []
            for (index, key) in keys.enumerated() {
                var rowTotal = Totals()
                for (year, totals) in perRow[index] {
                    rowTotal.add(totals)
                    totalByYear[year, default: Totals()].add(totals)
                }
                total.add(rowTotal)
                rows.append(Row(key: key, years: perRow[index], total: rowTotal, missingRates: missingPerRow[index]))
            }
            rows.sort {
                let left = max($0.total[.pledged], $0.total[.committed])
                let right = max($1.total[.pledged], $1.total[.committed])
                return left != right ? left > right : $0.key < $1.key
            }
            return FundingSummary(
                currency: currency, dimension: dimension, rows: rows, years: totalByYear.keys.sorted(), total: total,
                totalByYear: totalByYear, missingRates: missing.values.sorted { $0.currency < $1.currency })
        }
    }

    /// The part of `amount` that falls to the filter's country, area and provider.
    static func share(
        _ amount: FixedDecimal, activity: ActivityDraft, funders: [String], filter: Filter
    ) -> FixedDecimal {
        var amount = amount
        for (wanted, values) in [
            (filter.country, activity.recipientCountries), (filter.area, activity.keyAreas),
            (filter.provider, funders),
        ] {
            guard let wanted, let position = values.firstIndex(of: wanted) else { continue }
            amount = amount.split(into: values.count)[position]
        }
        return amount
    }
}

extension FundingSummary.MissingRate {
    mutating func add(_ value: FixedDecimal, on date: CalendarDate) {
        transactions += 1
        amount += value
        dates = min(dates.lowerBound, date)...max(dates.upperBound, date)
    }
}

/// Conversions already looked up, by currency and day: transactions cluster on few dates.
private struct ConversionCache {
    let rates: RateTable
    let currency: String
    private var known: [Key: RateTable.Conversion?] = [:]

    private struct Key: Hashable {
        var currency: String
        var day: Int
    }

    init(rates: RateTable, currency: String) {
        self.rates = rates
        self.currency = currency
    }

    mutating func lookup(_ from: String, _ date: CalendarDate) -> RateTable.Conversion? {
        let key = Key(currency: from, day: date.dayNumber)
        if let cached = known[key] { return cached }
        let conversion = rates.conversion(from: from, to: currency, on: date)
        known[key] = conversion
        return conversion
    }
}
