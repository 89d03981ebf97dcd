public import Foundation

/// An exact amount of money in one ISO 4217 currency. Amounts are decimals, never binary floating point.
public struct Money: Sendable, Hashable {
    /// The amount, exact.
    public var amount: Decimal {
        didSet {
            exact = FixedDecimal(amount)
            text = nil
        }
    }
    /// The ISO 4217 alphabetic code, for example `USD`.
    public var currency: String {
        didSet { currencyKey = Self.key(currency) }
    }
    /// The amount in ten-thousandths, kept with it: totals add these up without converting again.
    public private(set) var exact: FixedDecimal
    /// The currency code as a number (its three letters, eight bits each), for fast lookups.
    public private(set) var currencyKey: Int
    /// ``amountText``, when it is known without formatting the amount (an amount read from text).
    private var text: String?

    /// Creates the amount in `currency`.
    public init(amount: Decimal, currency: String) {
        self.amount = amount
        self.currency = currency
        self.exact = FixedDecimal(amount)
        self.currencyKey = Self.key(currency)
    }

    /// The amount a plain decimal text states with at most four places (`1500.50`, as
    /// ``DecimalText/parseAmount(_:)`` accepts it), in `currency`; nil for any other text. It is the same as
    /// `Money(amount:currency:)` with the parsed amount, without formatting that amount again.
    public init?(text: String, currency: String) {
        guard case .success(let amount) = DecimalText.parseAmount(text) else { return nil }
        self.init(amount: amount, text: text, currency: currency)
    }

    /// `amount`, which `text` states with at most four places, in `currency`.
    init(amount: Decimal, text: String, currency: String) {
        let read = text.hasPrefix("-") ? nil : FixedDecimal(text: text)
        self.amount = amount
        self.currency = currency
        self.exact = read ?? FixedDecimal(amount)
        self.currencyKey = Self.key(currency)
        self.text = read?.description
    }

    /// `code` as a number: its UTF-8 bytes, eight bits each (unique for the three-letter codes).
    public static func key(_ code: String) -> Int {
        code.utf8.prefix(7).reduce(0) { $0 << 8 | Int($1) }
    }

    /// The amount as a plain decimal string (`1500.5`), the form the API and the database use.
    public var amountText: String { text ?? DecimalText.format(amount) }

    public static func == (lhs: Money, rhs: Money) -> Bool {
        lhs.amount == rhs.amount && lhs.currency == rhs.currency
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(exact)
        hasher.combine(currency)
    }
}

/// Strict parsing and formatting of decimal strings: digits, an optional sign and point, nothing else.
public enum DecimalText {
    /// Why a text is not an acceptable amount.
    public enum Problem: Error, Equatable, Sendable {
        case notADecimal
        case negative
        case tooManyIntegerDigits(max: Int)
        case tooManyFractionDigits(max: Int)
    }

    /// The most digits before the point that an amount may have.
    public static let maxIntegerDigits = 15
    /// The most digits after the point that an amount may have.
    public static let maxFractionDigits = 4

    /// Parses `text` as a non-negative decimal within the digit limits.
    public static func parseAmount(_ text: String) -> Result<Decimal, Problem> {
        var integer = Substring(text)
        var negative = false
        if integer.first == "-" {
            negative = true
            integer = integer.dropFirst()
        }
        var fraction: Substring = ""
        if let point = integer.firstIndex(of: ".") {
            fraction = integer[integer.index(after: point)...]
            integer = integer[..<point]
            if fraction.isEmpty { return .failure(.notADecimal) }
        }
        guard !integer.isEmpty, integer.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit) else {
            return .failure(.notADecimal)
        }
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            return .failure(.notADecimal)
        }
        if negative && value != 0 { return .failure(.negative) }
        let significant = integer.drop { $0 == "0" }
        if significant.count > maxIntegerDigits { return .failure(.tooManyIntegerDigits(max: maxIntegerDigits)) }
        if fraction.count > maxFractionDigits { return .failure(.tooManyFractionDigits(max: maxFractionDigits)) }
        return .success(negative ? 0 : value)
    }

    /// The canonical text of `value`: no exponent, no grouping, no trailing zeros after the point.
    public static func format(_ value: Decimal) -> String {
        var copy = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &copy, maxFractionDigits, .plain)
        return rounded.description
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
