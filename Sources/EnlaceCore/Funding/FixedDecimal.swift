public import Foundation

/// An exact decimal held as a whole number of ten-thousandths: the form funding sums are done in.
///
/// Amounts carry at most four digits after the point (``DecimalText/maxFractionDigits``), so an
/// amount is exactly a count of ten-thousandths; sums of them are exact and fast, and a total is
/// always the sum of its parts. Only a conversion at an exchange rate rounds, once per amount,
/// half to even.
public struct FixedDecimal: Sendable, Hashable, Comparable, AdditiveArithmetic, CustomStringConvertible {
    /// Ten-thousandths.
    public var units: Int128

    /// Units per one: 10⁴.
    public static let scale: Int128 = 10_000

    /// The amount of `units` ten-thousandths.
    public init(units: Int128) { self.units = units }

    public static let zero = FixedDecimal(units: 0)

    /// The amount `value`, rounded half to even to four places when it carries more.
    public init(_ value: Decimal) {
        var copy = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &copy, 4, .bankers)
        // The canonical text has no exponent and at most four places after the point.
        self = FixedDecimal(text: rounded.description) ?? .zero
    }

    /// The amount a plain decimal text states (`-12.5`, `3`), or nil when it has more than four
    /// places or is not a plain decimal.
    public init?(text: String) {
        var body = Substring(text)
        let negative = body.first == "-"
        if negative { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit), whole.count <= 30
        else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= 4, fraction.allSatisfy(\.isASCIIDigit), parts.count == 1 || !fraction.isEmpty else {
            return nil
        }
        guard let integer = Int128(whole), let decimals = Int128(fraction.isEmpty ? "0" : String(fraction)) else {
            return nil
        }
        var power: Int128 = 1
        for _ in 0..<(4 - fraction.count) { power *= 10 }
        let magnitude = integer * Self.scale + decimals * power
        units = negative ? -magnitude : magnitude
    }

    /// The amount as a `Decimal`, exactly.
    public var decimal: Decimal {
        Decimal(string: description, locale: Locale(identifier: "en_US_POSIX")) ?? 0
    }

    /// Plain text without trailing zeros after the point: `1500.5`, `-3`, `0`.
    public var description: String {
        let magnitude = units.magnitude
        let whole = magnitude / UInt128(Self.scale)
        var fraction = String(magnitude % UInt128(Self.scale))
        fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        let sign = units < 0 ? "-" : ""
        return fraction.isEmpty ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }

    /// The amount rounded half to even to whole units, for display and charts.
    public var wholeUnits: Int128 { Self.divide(units, by: Self.scale) }

    public static func + (lhs: FixedDecimal, rhs: FixedDecimal) -> FixedDecimal {
        FixedDecimal(units: lhs.units + rhs.units)
    }

    public static func - (lhs: FixedDecimal, rhs: FixedDecimal) -> FixedDecimal {
        FixedDecimal(units: lhs.units - rhs.units)
    }

    public static func < (lhs: FixedDecimal, rhs: FixedDecimal) -> Bool { lhs.units < rhs.units }

    /// This amount times `numerator` / `denominator`, rounded half to even to ten-thousandths.
    public func scaled(by numerator: Int128, over denominator: Int128) -> FixedDecimal {
        FixedDecimal(units: Self.divide(units * numerator, by: denominator))
    }

    /// This amount split into `count` parts as equal as ten-thousandths allow, the larger parts first;
    /// the parts add up to the amount exactly.
    public func split(into count: Int) -> [FixedDecimal] {
        guard count > 1 else { return [self] }
        let parts = Int128(count)
        let base = units / parts
        let remainder = Int(units - base * parts)
        let step: Int128 = remainder < 0 ? -1 : 1
        return (0..<count).map { index in
            FixedDecimal(units: base + (index < abs(remainder) ? step : 0))
        }
    }

    /// `value` / `divisor`, rounded half to even; `divisor` is positive.
    static func divide(_ value: Int128, by divisor: Int128) -> Int128 {
        // The common case — a positive amount times a rate, over a divisor of 64 bits — in one
        // hardware division instead of a 128-bit one in software.
        if value >= 0, divisor <= Int128(UInt64.max) {
            let d = UInt64(divisor)
            let high = UInt64(truncatingIfNeeded: value >> 64)
            if high < d {
                let (quotient, remainder) = d.dividingFullWidth((high: high, low: UInt64(truncatingIfNeeded: value)))
                let twice = UInt128(remainder) * 2
                let roundUp = twice > UInt128(d) || (twice == UInt128(d) && quotient % 2 != 0)
                return Int128(quotient) + (roundUp ? 1 : 0)
            }
        }
        var quotient = value / divisor
        let remainder = value - quotient * divisor
        let twice = remainder.magnitude * 2
        let direction: Int128 = value < 0 ? -1 : 1
        if twice > divisor.magnitude || (twice == divisor.magnitude && quotient % 2 != 0) {
            quotient += direction
        }
        return quotient
    }
}
