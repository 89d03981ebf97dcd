extension FundingSummary {
    /// Sums the slots of a ``FundingLedger`` a reader may see, in parts that can run at once and merge.
    public struct Builder: Sendable {
        let ledger: FundingLedger
        let viewer: Viewer
        let currency: String
        let dimension: Dimension
        let filter: Filter
        private let group: @Sendable (String) -> String
        private var conversions: ConversionCache
        /// The funders (grouped), by key and number.
        private var funderKeys: [String] = []
        private var funderNumber: [String: Int32] = [:]
        /// Per interned name of the ledger: its funder number (-1 not yet known).
        private var funderOfName: [Int32]
        /// Per funder number, and per interned name: its row (-1 none yet).
        private var rowOfFunder: [Int32] = []
        private var rowOfName: [Int32]
        /// The filter's country, area and funder, interned; -1 for one the ledger never saw.
        private let wantedCountry: Int32?
        private let wantedArea: Int32?
        private var wantedFunder: Int32?
        private var rowIndex: [String: Int] = [:]
        private var keys: [String] = []
        private var missingPerRow: [Int] = []
        /// Per row, the slot in `sums` of each year from ``firstYear`` (-1 none yet); other years in `slots`.
        private var yearSlots: [Int32] = []
        private var slots: [Int: Int] = [:]
        private var slotKeys: [(row: Int, year: Int)] = []
        /// Four stage sums, four not-ODA sums and a transaction count per slot.
        private var sums: [Int128] = []
        private var missing: [String: MissingRate] = [:]
        /// Per activity, reused: its funders, which provider stands for which, and its rows.
        private var activityFunders: [Int32] = []
        private var providerFunder: [(organization: Int32, funder: Int)] = []
        private var activityRows: [Int] = []

        static let width = 9
        static let firstYear = 1900
        static let years = 256

        /// A builder over `ledger` for `viewer` in `currency`, cut by `dimension`.
        public init(
            ledger: FundingLedger, viewer: Viewer, rates: RateTable, currency: String, dimension: Dimension,
            filter: Filter = Filter(), group: @escaping @Sendable (String) -> String = { $0 }
        ) {
            self.ledger = ledger
            self.viewer = viewer
            self.currency = currency
            self.dimension = dimension
            self.filter = filter
            self.group = group
            conversions = ConversionCache(rates: rates, currency: currency)
            funderOfName = Array(repeating: -1, count: ledger.names.count)
            rowOfName = Array(repeating: -1, count: ledger.names.count)
            wantedCountry = filter.country.map { ledger.id(of: $0) ?? -1 }
            wantedArea = filter.area.map { ledger.id(of: $0) ?? -1 }
            wantedFunder = filter.provider.map { funder(key: $0) }
        }

        private mutating func funder(key: String) -> Int32 {
            if let known = funderNumber[key] { return known }
            let number = Int32(funderKeys.count)
            funderKeys.append(key)
            funderNumber[key] = number
            rowOfFunder.append(-1)
            return number
        }

        /// The funder organisation `name` reports under.
        private mutating func funder(name: Int32) -> Int32 {
            let known = funderOfName[Int(name)]
            if known >= 0 { return known }
            let number = funder(key: group(ledger.names[Int(name)]))
            funderOfName[Int(name)] = number
            return number
        }

        private mutating func row(_ key: String) -> Int {
            if let row = rowIndex[key] { return row }
            rowIndex[key] = keys.count
            keys.append(key)
            missingPerRow.append(0)
            yearSlots.append(contentsOf: repeatElement(-1, count: Self.years))
            return keys.count - 1
        }

        private mutating func row(name: Int32) -> Int {
            let known = rowOfName[Int(name)]
            if known >= 0 { return Int(known) }
            let row = row(ledger.names[Int(name)])
            rowOfName[Int(name)] = Int32(row)
            return row
        }

        private mutating func row(funder: Int32) -> Int {
            let known = rowOfFunder[Int(funder)]
            if known >= 0 { return Int(known) }
            let row = row(funderKeys[Int(funder)])
            rowOfFunder[Int(funder)] = Int32(row)
            return row
        }

        private mutating func slot(_ row: Int, _ year: Int) -> Int {
            let offset = year - Self.firstYear
            if offset >= 0 && offset < Self.years {
                let known = yearSlots[row * Self.years + offset]
                if known >= 0 { return Int(known) }
                let slot = newSlot(row, year)
                yearSlots[row * Self.years + offset] = Int32(slot)
                return slot
            }
            let key = row << 16 | (year & 0xFFFF)
            if let slot = slots[key] { return slot }
            let slot = newSlot(row, year)
            slots[key] = slot
            return slot
        }

        private mutating func newSlot(_ row: Int, _ year: Int) -> Int {
            slotKeys.append((row, year))
            sums.append(contentsOf: repeatElement(0, count: Self.width))
            return slotKeys.count - 1
        }

        /// Counts the slots `forEachSlot` names (slots of activities the viewer may read), and of
        /// them the transactions the viewer may read.
        public mutating func add(_ forEachSlot: ((Int) -> Void) -> Void) {
            let ledger = self.ledger
            ledger.records.withUnsafeBufferPointer { records in
                ledger.entries.withUnsafeBufferPointer { entries in
                    ledger.labels.withUnsafeBufferPointer { labels in
                        forEachSlot { slot in
                            guard slot < records.count else { return }
                            add(records[slot], entries, labels)
                        }
                    }
                }
            }
        }

        /// The hot loop of the funding view: per transaction it only compares, looks up integers and
        /// adds.
        private mutating func add(
            _ facts: FundingLedger.Record, _ entries: UnsafeBufferPointer<FundingLedger.Entry>,
            _ labels: UnsafeBufferPointer<Int32>
        ) {
            guard !facts.entries.isEmpty else { return }
            func contains(_ range: Range<Int32>, _ wanted: Int32) -> Bool {
                range.contains { labels[Int($0)] == wanted }
            }
            if let wantedCountry, !contains(facts.countries, wantedCountry) { return }
            if let wantedArea, !contains(facts.areas, wantedArea) { return }
            // The funders (grouped), and which provider organisation stands for which of them.
            activityFunders.removeAll(keepingCapacity: true)
            providerFunder.removeAll(keepingCapacity: true)
            for funding in [true, false] where activityFunders.isEmpty {
                for position in facts.providers {
                    let packed = labels[Int(position)]
                    guard !funding || packed & 1 == 1 else { continue }
                    let number = funder(name: packed >> 1)
                    if let known = activityFunders.firstIndex(of: number) {
                        providerFunder.append((packed >> 1, known))
                    } else {
                        providerFunder.append((packed >> 1, activityFunders.count))
                        activityFunders.append(number)
                    }
                }
            }
            activityRows.removeAll(keepingCapacity: true)
            switch dimension {
            case .provider:
                if let wantedFunder {
                    activityRows.append(row(funder: wantedFunder))
                } else {
                    for number in activityFunders { activityRows.append(row(funder: number)) }
                }
            case .country:
                if let wantedCountry { activityRows.append(row(name: wantedCountry)) }
                for position in facts.countries where wantedCountry == nil {
                    activityRows.append(row(name: labels[Int(position)]))
                }
            case .area:
                if let wantedArea { activityRows.append(row(name: wantedArea)) }
                for position in facts.areas where wantedArea == nil {
                    activityRows.append(row(name: labels[Int(position)]))
                }
            }
            let filtered = wantedCountry != nil || wantedArea != nil || wantedFunder != nil
            for index in facts.entries {
                let entry = entries[Int(index)]
                let year = Int(entry.year)
                if let years = filter.years, !years.contains(year) { continue }
                if entry.restriction >= 0,
                    !ledger.restrictions[Int(entry.restriction)].allows(viewer, owner: ledger.names[Int(facts.owner)])
                {
                    continue
                }
                // The one funder the transaction names, when it names one of the activity's.
                var funder: Int?
                if entry.provider >= 0 {
                    funder =
                        providerFunder.first { $0.organization == entry.provider }?.funder
                        ?? activityFunders.firstIndex(of: self.funder(name: entry.provider))
                }
                if let wantedFunder {
                    if let funder {
                        if activityFunders[funder] != wantedFunder { continue }
                    } else if !activityFunders.contains(wantedFunder) {
                        continue
                    }
                }
                var amount = FixedDecimal(units: entry.units)
                guard let conversion = conversions.lookup(entry.currency, day: Int(entry.day)) else {
                    if filtered { amount = share(amount, facts, labels, funder: funder) }
                    let date = CalendarDate(dayNumber: Int(entry.day))
                    let code = conversions.code(entry.currency)
                    missing[
                        code,
                        default: MissingRate(currency: code, transactions: 0, amount: .zero, dates: date...date)
                    ].add(amount, on: date)
                    for row in activityRows { missingPerRow[row] += 1 }
                    continue
                }
                var converted = conversion.apply(amount)
                if filtered { converted = share(converted, facts, labels, funder: funder) }
                let stage = Int(entry.stage)
                if dimension == .provider && wantedFunder == nil, let funder {
                    record(converted, row: activityRows[funder], year: year, stage: stage, notODA: entry.notODA)
                } else if activityRows.count == 1 {
                    record(converted, row: activityRows[0], year: year, stage: stage, notODA: entry.notODA)
                } else {
                    for (row, part) in zip(activityRows, converted.split(into: activityRows.count)) {
                        record(part, row: row, year: year, stage: stage, notODA: entry.notODA)
                    }
                }
            }
        }

        /// The part of `amount` that falls to the filter's country, area and funder: for each, its
        /// equal part among the activity's countries, areas or funders (the transaction's own funder
        /// when it names one).
        private func share(
            _ amount: FixedDecimal, _ record: FundingLedger.Record, _ labels: UnsafeBufferPointer<Int32>, funder: Int?
        ) -> FixedDecimal {
            var amount = amount
            for (wanted, range) in [(wantedCountry, record.countries), (wantedArea, record.areas)] {
                guard let wanted, let position = range.firstIndex(where: { labels[Int($0)] == wanted }) else {
                    continue
                }
                amount = amount.split(into: range.count)[Int(position - range.lowerBound)]
            }
            if let wantedFunder, funder == nil, let position = activityFunders.firstIndex(of: wantedFunder) {
                amount = amount.split(into: activityFunders.count)[position]
            }
            return amount
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

    /// The conversion of currency `key` (``Money/currencyKey``) on day `day` (``CalendarDate/dayNumber``).
    mutating func lookup(_ key: Int, day: Int) -> RateTable.Conversion? {
        let entry = key << 24 | (day & 0xFF_FFFF)
        if let cached = known[entry] { return cached }
        let conversion = rates.conversion(from: code(key), to: currency, on: CalendarDate(dayNumber: day))
        known[entry] = conversion
        return conversion
    }

    /// The currency code of `key`.
    mutating func code(_ key: Int) -> String {
        if let known = names[key] { return known }
        let code = String(
            decoding: (0..<3).reversed().map { UInt8(truncatingIfNeeded: key >> ($0 * 8)) }.filter { $0 != 0 },
            as: UTF8.self)
        names[key] = code
        return code
    }
}
