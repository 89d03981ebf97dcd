import Foundation

/// How many units of `quote` one unit of `base` was worth on `date`.
public struct ExchangeRate: Sendable, Hashable {
    /// ISO 4217 code of the currency priced.
    public var base: String
    /// ISO 4217 code of the currency it is priced in.
    public var quote: String
    /// The day the rate holds from.
    public var date: CalendarDate
    /// Units of `quote` per unit of `base`, in ten-billionths (10⁻¹⁰); always positive.
    public var units: Int128

    /// Units per one: 10¹⁰.
    public static let scale: Int128 = 10_000_000_000
    /// The most digits after the point a rate may have.
    public static let maxFractionDigits = 10
    /// The largest rate accepted.
    public static let maximum: Int128 = 1_000_000_000 * scale

    /// Creates the rate.
    public init(base: String, quote: String, date: CalendarDate, units: Int128) {
        self.base = base
        self.quote = quote
        self.date = date
        self.units = units
    }

    /// The units of a rate text such as `0.000243` or `4025.5`, or nil when it is not a positive
    /// plain decimal of at most ten places within ``maximum``.
    public static func parse(_ text: String) -> Int128? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 12, whole.allSatisfy(\.isASCIIDigit) else {
            return nil
        }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= maxFractionDigits, fraction.allSatisfy(\.isASCIIDigit),
            parts.count == 1 || !fraction.isEmpty,
            let integer = Int128(whole), let decimals = Int128(fraction.isEmpty ? "0" : String(fraction))
        else { return nil }
        var power: Int128 = 1
        for _ in 0..<(maxFractionDigits - fraction.count) { power *= 10 }
        let units = integer * scale + decimals * power
        guard units > 0, units <= maximum else { return nil }
        return units
    }

    /// The rate as plain text without trailing zeros: `4025.5`.
    public var text: String {
        var fraction = String(units % Self.scale)
        fraction = String(repeating: "0", count: Self.maxFractionDigits - fraction.count) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        let whole = units / Self.scale
        return fraction.isEmpty ? "\(whole)" : "\(whole).\(fraction)"
    }
}

/// Every known rate, and the conversion of an amount on a date into a reporting currency.
///
/// An amount converts at the latest rate dated on or before its own date: the rate of its
/// currency into the reporting currency, or else the inverse of the reporting currency's rate
/// into it, or else a cross rate through one currency that has rates with both (the U.S. dollar
/// first, then the euro, then the others in code order), each leg at its own latest rate. There is
/// no guessing beyond that: without such rates the amount is not converted, and the caller shows
/// it as missing.
public struct RateTable: Sendable {
    /// Rates by (base, quote), oldest first.
    private var series: [Pair: [(date: CalendarDate, units: Int128)]] = [:]
    /// Per currency, the currencies it has rates with, either way: the pivots a cross rate may use.
    private var partners: [String: Set<String>] = [:]

    private struct Pair: Hashable, Sendable {
        var base: String
        var quote: String
    }

    /// The table of `rates`; of two rates for the same pair and day, the later in the list holds.
    public init(_ rates: [ExchangeRate] = []) {
        var byDay: [Pair: [CalendarDate: Int128]] = [:]
        for rate in rates { byDay[Pair(base: rate.base, quote: rate.quote), default: [:]][rate.date] = rate.units }
        for (pair, days) in byDay {
            series[pair] = days.sorted { $0.key < $1.key }.map { (date: $0.key, units: $0.value) }
            partners[pair.base, default: []].insert(pair.quote)
            partners[pair.quote, default: []].insert(pair.base)
        }
    }

    /// Every rate, by pair and date.
    public var rates: [ExchangeRate] {
        series.flatMap { pair, entries in
            entries.map { ExchangeRate(base: pair.base, quote: pair.quote, date: $0.date, units: $0.units) }
        }.sorted { ($0.base, $0.quote, $0.date) < ($1.base, $1.quote, $1.date) }
    }

    /// How `currency` converts into `target` on `date`, or nil when no rate holds then.
    public func conversion(from currency: String, to target: String, on date: CalendarDate) -> Conversion? {
        if currency == target { return Conversion(numerator: 1, denominator: 1, rateDate: nil) }
        if let leg = self.leg(from: currency, to: target, on: date) { return leg }
        for pivot in pivots(between: currency, and: target) {
            guard let first = leg(from: currency, to: pivot, on: date),
                let second = leg(from: pivot, to: target, on: date)
            else { continue }
            // Each leg as a rate of ten places, then their product, rounded once more to ten places.
            // A cross rate beyond the largest rate one may store is not used: within it, no amount
            // overflows when converted.
            let scale = ExchangeRate.scale
            let (product, overflow) = FixedDecimal.divide(first.numerator * scale, by: first.denominator)
                .multipliedReportingOverflow(by: FixedDecimal.divide(second.numerator * scale, by: second.denominator))
            guard !overflow else { continue }
            let rate = FixedDecimal.divide(product, by: scale)
            guard rate > 0, rate <= ExchangeRate.maximum else { continue }
            return Conversion(
                numerator: rate, denominator: scale,
                rateDate: min(first.rateDate ?? date, second.rateDate ?? date))
        }
        return nil
    }

    /// The currencies with rates to or from both `currency` and `target`, the dollar and the euro first.
    private func pivots(between currency: String, and target: String) -> [String] {
        guard let mine = partners[currency], let theirs = partners[target] else { return [] }
        let common = mine.intersection(theirs)
        return common.sorted { left, right in
            let rank = ["USD": 0, "EUR": 1]
            return (rank[left] ?? 2, left) < (rank[right] ?? 2, right)
        }
    }

    /// The direct or inverse conversion of `currency` into `target` on `date`.
    private func leg(from currency: String, to target: String, on date: CalendarDate) -> Conversion? {
        if let direct = Self.latest(series[Pair(base: currency, quote: target)], on: date) {
            return Conversion(numerator: direct.units, denominator: ExchangeRate.scale, rateDate: direct.date)
        }
        if let inverse = Self.latest(series[Pair(base: target, quote: currency)], on: date) {
            return Conversion(numerator: ExchangeRate.scale, denominator: inverse.units, rateDate: inverse.date)
        }
        return nil
    }

    private static func latest(
        _ entries: [(date: CalendarDate, units: Int128)]?, on date: CalendarDate
    ) -> (date: CalendarDate, units: Int128)? {
        guard let entries else { return nil }
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].date <= date { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : entries[low - 1]
    }

    /// A conversion factor: multiply by `numerator`, divide by `denominator`, round half to even.
    public struct Conversion: Sendable, Hashable {
        /// The multiplier.
        public var numerator: Int128
        /// The divisor; positive.
        public var denominator: Int128
        /// The date of the rate used; nil when no conversion was needed.
        public var rateDate: CalendarDate?

        /// `amount` converted.
        public func apply(_ amount: FixedDecimal) -> FixedDecimal {
            numerator == denominator ? amount : amount.scaled(by: numerator, over: denominator)
        }
    }
}

/// An exchange rate as a caller sent it.
public struct ExchangeRateInput: Sendable, Hashable {
    /// ISO 4217 code of the currency priced.
    public var base: String?
    /// ISO 4217 code of the currency it is priced in.
    public var quote: String?
    /// An ISO date.
    public var date: String?
    /// A positive plain decimal.
    public var rate: String?

    /// Creates the input.
    public init(base: String?, quote: String?, date: String?, rate: String?) {
        self.base = base
        self.quote = quote
        self.date = date
        self.rate = rate
    }

    /// The rate; otherwise ``EnlaceError/invalid(_:)``, with fields prefixed by `path`.
    public func validated(against catalog: ReferenceCatalog, path: String = "") throws(EnlaceError) -> ExchangeRate {
        var errors: [FieldError] = []
        func field(_ name: String) -> String { path + name }
        var codes: [String] = []
        for (name, value) in [("base", base), ("quote", quote)] {
            let code = ActivityInput.clean(value)?.uppercased()
            if let code, catalog.currency(code) != nil {
                codes.append(code)
            } else {
                errors.append(FieldError(field(name), code == nil ? .required : .unknownCode, ["value": code ?? ""]))
            }
        }
        if codes.count == 2, codes[0] == codes[1] { errors.append(FieldError(field("quote"), .duplicate)) }
        let day = ActivityInput.date(field("date"), date, required: true, &errors)
        let units = ActivityInput.clean(rate).flatMap(ExchangeRate.parse)
        if ActivityInput.clean(rate) == nil {
            errors.append(FieldError(field("rate"), .required))
        } else if units == nil {
            errors.append(
                FieldError(field("rate"), .invalidFormat, ["expected": "a positive decimal, at most 10 places"]))
        }
        guard errors.isEmpty, codes.count == 2, let day, let units else { throw .invalid(errors) }
        return ExchangeRate(base: codes[0], quote: codes[1], date: day, units: units)
    }
}
