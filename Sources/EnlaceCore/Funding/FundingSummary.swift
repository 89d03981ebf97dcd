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
    public struct Builder: Sendable {
        let viewer: Viewer
        let currency: String
        let dimension: Dimension
        let filter: Filter
        private let group: @Sendable (String) -> String
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
            group: @escaping @Sendable (String) -> String = { $0 }
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
        ///
        /// The hot loop of the funding view: per transaction it only compares, looks up integers and
        /// adds; names are turned into rows once per activity.
        public mutating func add(_ activity: borrowing Activity) {
            let transactions = activity.draft.transactions
            guard !transactions.isEmpty,
                filter.country.map(activity.draft.recipientCountries.contains) ?? true,
                filter.area.map(activity.draft.keyAreas.contains) ?? true
            else { return }
            let owner = activity.owner
            // The funders (grouped), and which provider organisation stands for which of them.
            var funders: [String] = []
            var funderOf: [(organization: String, funder: Int)] = []
            for funding in [true, false] where funders.isEmpty {
                for provider in activity.draft.providers where !funding || provider.role == .funding {
                    let key = grouped(provider.organization)
                    if let known = funders.firstIndex(of: key) {
                        funderOf.append((provider.organization, known))
                    } else {
                        funderOf.append((provider.organization, funders.count))
                        funders.append(key)
                    }
                }
            }
            let filtered = filter.country != nil || filter.area != nil || filter.provider != nil
            let keys: [String] =
                switch dimension {
                case .provider: filter.provider.map { [$0] } ?? funders
                case .country: filter.country.map { [$0] } ?? activity.draft.recipientCountries
                case .area: filter.area.map { [$0] } ?? activity.draft.keyAreas
                }
            let rows = keys.map { row($0) }
            let draft = filtered ? activity.draft : nil
            transactions.withUnsafeBufferPointer { buffer in
                for index in buffer.indices {
                    guard let stage = buffer[index].type.stage else { continue }
                    let date = buffer[index].date
                    let year = date.year
                    if let years = filter.years, !years.contains(year) { continue }
                    if buffer[index].releasability != nil, !buffer[index].allows(viewer, owner: owner) { continue }
                    // The one funder the transaction names, when it names one of the activity's.
                    var funder: Int?
                    if let provider = buffer[index].provider {
                        funder =
                            funderOf.first { $0.organization == provider }?.funder
                            ?? funders.firstIndex(of: grouped(provider))
                    }
                    if let wanted = filter.provider {
                        if let funder {
                            if funders[funder] != wanted { continue }
                        } else if !funders.contains(wanted) {
                            continue
                        }
                    }
                    let transactionFunders = funder.map { [funders[$0]] } ?? funders
                    guard let conversion = conversions.lookup(buffer[index].value.currencyKey, date) else {
                        let value = buffer[index].value
                        var share = value.exact
                        if let draft {
                            share = FundingSummary.share(
                                share, activity: draft, funders: transactionFunders, filter: filter)
                        }
                        missing[
                            value.currency,
                            default: MissingRate(
                                currency: value.currency, transactions: 0, amount: .zero, dates: date...date)
                        ]
                        .add(share, on: date)
                        for row in rows { missingPerRow[row] += 1 }
                        continue
                    }
                    var converted = conversion.apply(buffer[index].value.exact)
                    if let draft {
                        converted = FundingSummary.share(
                            converted, activity: draft, funders: transactionFunders, filter: filter)
                    }
                    let stageIndex = Totals.index(stage)
                    let notODA = buffer[index].notODA
                    if dimension == .provider && filter.provider == nil, let funder {
                        record(converted, row: rows[funder], year: year, stage: stageIndex, notODA: notODA)
                    } else if rows.count == 1 {
                        record(converted, row: rows[0], year: year, stage: stageIndex, notODA: notODA)
                    } else {
                        for (row, part) in zip(rows, converted.split(into: rows.count)) {
                            record(part, row: row, year: year, stage: stageIndex, notODA: notODA)
                        }
                    }
                }
            }
        }

        /// Adds what `other` counted, as if this builder had seen its activities too.
        public mutating func merge(_ other: Builder) {
            for (position, key) in other.slotKeys.enumerated() {
                let base = slot(row(other.keys[key.row]), key.year) * Self.width
                for offset in 0..<Self.width { sums[base + offset] += other.sums[position * Self.width + offset] }
            }
            for (index, key) in other.keys.enumerated() { missingPerRow[row(key)] += other.missingPerRow[index] }
            for (currency, found) in other.missing {
                if var mine = missing[currency] {
                    mine.transactions += found.transactions
                    mine.amount += found.amount
                    mine.dates =
                        min(
                            mine.dates.lowerBound, found.dates.lowerBound)...max(
                            mine.dates.upperBound, found.dates.upperBound)
                    missing[currency] = mine
                } else {
                    missing[currency] = found
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
private struct ConversionCache: Sendable {
    let rates: RateTable
    let currency: String
    private var known: [Int: RateTable.Conversion?] = [:]
    private var names: [Int: String] = [:]

    init(rates: RateTable, currency: String) {
        self.rates = rates
        self.currency = currency
    }

    /// The conversion of currency `key` (``Money/currencyKey``) on `date`.
    mutating func lookup(_ key: Int, _ date: CalendarDate) -> RateTable.Conversion? {
        let entry = key << 24 | (date.dayNumber & 0xFF_FFFF)
        if let cached = known[entry] { return cached }
        let code =
            names[key]
            ?? String(
                decoding: (0..<3).reversed().map { UInt8(truncatingIfNeeded: key >> ($0 * 8)) }.filter { $0 != 0 },
                as: UTF8.self)
        names[key] = code
        let conversion = rates.conversion(from: code, to: currency, on: date)
        known[entry] = conversion
        return conversion
    }
}
