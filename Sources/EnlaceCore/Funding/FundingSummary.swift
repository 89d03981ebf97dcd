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
        dimension: Dimension, filter: Filter = Filter(), group: @escaping @Sendable (String) -> String = { $0 }
    ) {
        let ledger = FundingLedger(activities)
        var builder = Builder(
            ledger: ledger, viewer: viewer, rates: rates, currency: currency, dimension: dimension, filter: filter,
            group: group)
        builder.add { body in (0..<ledger.slotCount).forEach(body) }
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
}
