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
        dimension: Dimension, filter: Filter = Filter(), group: (String) -> String = { $0 }
    ) {
        self.currency = currency
        self.dimension = dimension
        var rowIndex: [String: Int] = [:]
        var keys: [String] = []
        var sums: [[Int: Totals]] = []
        var missingPerRow: [Int] = []
        var missing: [String: MissingRate] = [:]
        var conversions = ConversionCache(rates: rates, currency: currency)

        for activity in activities {
            let draft = activity.draft
            guard !draft.transactions.isEmpty else { continue }
            let funders = Self.funders(draft.providers, group: group)
            guard Self.matches(filter.country, draft.recipientCountries),
                Self.matches(filter.area, draft.keyAreas)
            else { continue }
            for transaction in draft.transactions {
                guard let stage = transaction.type.stage else { continue }
                let year = transaction.date.year
                if let years = filter.years, !years.contains(year) { continue }
                guard transaction.allows(viewer, owner: activity.owner) else { continue }
                let transactionFunders =
                    transaction.provider.map(group).flatMap { funders.contains($0) ? [$0] : nil }
                    ?? funders
                if let provider = filter.provider, !transactionFunders.contains(provider) { continue }
                let groupKeys: [String] =
                    switch dimension {
                    case .provider: filter.provider.map { [$0] } ?? transactionFunders
                    case .country: filter.country.map { [$0] } ?? draft.recipientCountries
                    case .area: filter.area.map { [$0] } ?? draft.keyAreas
                    }
                guard let conversion = conversions.lookup(transaction.value.currency, transaction.date) else {
                    let original = FixedDecimal(transaction.value.amount)
                    let share = Self.share(
                        original, activity: draft, funders: transactionFunders, filter: filter)
                    missing[
                        transaction.value.currency,
                        default: MissingRate(
                            currency: transaction.value.currency, transactions: 0, amount: .zero,
                            dates: transaction.date...transaction.date)
                    ].add(share, on: transaction.date)
                    for key in groupKeys {
                        let row = Self.row(key, &rowIndex, &keys, &sums, &missingPerRow)
                        missingPerRow[row] += 1
                    }
                    continue
                }
                let converted = conversion.apply(FixedDecimal(transaction.value.amount))
                let filtered = Self.share(converted, activity: draft, funders: transactionFunders, filter: filter)
                let stageIndex = Totals.index(stage)
                for (key, part) in zip(groupKeys, filtered.split(into: groupKeys.count)) {
                    let row = Self.row(key, &rowIndex, &keys, &sums, &missingPerRow)
                    sums[row][year, default: Totals()].amounts[stageIndex] += part
                    if transaction.notODA { sums[row][year, default: Totals()].notODA[stageIndex] += part }
                    sums[row][year, default: Totals()].transactions += 1
                }
            }
        }

        var total = Totals()
        var totalByYear: [Int: Totals] = [:]
        var rows: [Row] = []
        for (index, key) in keys.enumerated() {
            var rowTotal = Totals()
            for (year, totals) in sums[index] {
                rowTotal.add(totals)
                totalByYear[year, default: Totals()].add(totals)
            }
            total.add(rowTotal)
            rows.append(Row(key: key, years: sums[index], total: rowTotal, missingRates: missingPerRow[index]))
        }
        self.rows = rows.sorted {
            let left = max($0.total[.pledged], $0.total[.committed])
            let right = max($1.total[.pledged], $1.total[.committed])
            return left != right ? left > right : $0.key < $1.key
        }
        self.years = totalByYear.keys.sorted()
        self.total = total
        self.totalByYear = totalByYear
        self.missingRates = missing.values.sorted { $0.currency < $1.currency }
    }

    /// The funders of an activity, grouped: its funding providers, or its implementers when it names none.
    static func funders(_ providers: [Provider], group: (String) -> String) -> [String] {
        var funding = providers.filter { $0.role == .funding }
        if funding.isEmpty { funding = providers }
        var result: [String] = []
        for provider in funding {
            let key = group(provider.organization)
            if !result.contains(key) { result.append(key) }
        }
        return result
    }

    private static func matches(_ wanted: String?, _ values: [String]) -> Bool {
        wanted.map(values.contains) ?? true
    }

    /// The part of `amount` that falls to the filter's country, area and provider.
    private static func share(
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

    private static func row(
        _ key: String, _ index: inout [String: Int], _ keys: inout [String], _ sums: inout [[Int: Totals]],
        _ missing: inout [Int]
    ) -> Int {
        if let row = index[key] { return row }
        index[key] = keys.count
        keys.append(key)
        sums.append([:])
        missing.append(0)
        return keys.count - 1
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
