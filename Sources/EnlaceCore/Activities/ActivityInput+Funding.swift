import Foundation

/// The limits funding, vetting and results records keep.
public enum FundingLimits {
    /// Budget lines, transactions and vetted units per activity.
    public static let entries = 500
    /// Descriptions, units, authorities and references, in characters.
    public static let text = 500
}

extension ActivityInput {
    /// A budget line as sent.
    public struct BudgetLineInput: Sendable, Hashable {
        /// 1 original, 2 revised (IATI BudgetType).
        public var kind: Int?
        /// An ISO date.
        public var periodStart: String?
        /// An ISO date.
        public var periodEnd: String?
        /// The amount and currency.
        public var value: BudgetInput?

        /// Creates the line.
        public init(kind: Int?, periodStart: String?, periodEnd: String?, value: BudgetInput?) {
            self.kind = kind
            self.periodStart = periodStart
            self.periodEnd = periodEnd
            self.value = value
        }
    }

    /// A transaction as sent.
    public struct TransactionInput: Sendable, Hashable {
        /// An IATI transaction-type code.
        public var type: Int?
        /// An ISO date.
        public var date: String?
        /// The amount and currency.
        public var value: BudgetInput?
        /// The organisation code the money comes from.
        public var provider: String?
        /// The organisation code the money goes to.
        public var receiver: String?
        /// Whether the spending is not official development assistance.
        public var notODA: Bool?
        /// A short note.
        public var description: String?
        /// A narrower releasability, or nil for the activity's.
        public var releasability: ReleasabilityInput?

        /// Creates the transaction.
        public init(
            type: Int?, date: String?, value: BudgetInput?, provider: String? = nil, receiver: String? = nil,
            notODA: Bool? = nil, description: String? = nil, releasability: ReleasabilityInput? = nil
        ) {
            self.type = type
            self.date = date
            self.value = value
            self.provider = provider
            self.receiver = receiver
            self.notODA = notODA
            self.description = description
            self.releasability = releasability
        }
    }

    /// A vetted unit as sent.
    public struct VettedUnitInput: Sendable, Hashable {
        /// The unit's name.
        public var unit: String?
        /// How many people.
        public var people: Int?
        /// A ``VettingStatus`` code.
        public var status: String?
        /// The vetting authority.
        public var authority: String?
        /// An ISO date.
        public var submitted: String?
        /// An ISO date.
        public var decided: String?
        /// The authority's reference.
        public var reference: String?

        /// Creates the entry.
        public init(
            unit: String?, people: Int? = nil, status: String?, authority: String? = nil, submitted: String? = nil,
            decided: String? = nil, reference: String? = nil
        ) {
            self.unit = unit
            self.people = people
            self.status = status
            self.authority = authority
            self.submitted = submitted
            self.decided = decided
            self.reference = reference
        }
    }

    /// Vetting as sent.
    public struct VettingInput: Sendable, Hashable {
        /// Whether vetting is required; nil for the default of the activity's kind.
        public var required: Bool?
        /// The units.
        public var units: [VettedUnitInput]?

        /// Creates the vetting.
        public init(required: Bool?, units: [VettedUnitInput]?) {
            self.required = required
            self.units = units
        }
    }

    /// The inputs that describe `lines`, `transactions` and `vetting` exactly.
    static func inputs(
        _ lines: [BudgetLine], _ transactions: [FundingTransaction], _ vetting: Vetting
    ) -> ([BudgetLineInput], [TransactionInput], VettingInput) {
        func money(_ value: Money) -> BudgetInput { BudgetInput(amount: value.amountText, currency: value.currency) }
        return (
            lines.map {
                BudgetLineInput(
                    kind: $0.kind.rawValue, periodStart: $0.periodStart.iso, periodEnd: $0.periodEnd.iso,
                    value: money($0.value))
            },
            transactions.map {
                TransactionInput(
                    type: $0.type.rawValue, date: $0.date.iso, value: money($0.value), provider: $0.provider,
                    receiver: $0.receiver, notODA: $0.notODA, description: $0.description,
                    releasability: $0.releasability.map {
                        ReleasabilityInput(marking: $0.marking.rawValue, releasableTo: $0.releasableTo)
                    })
            },
            VettingInput(
                required: vetting.required,
                units: vetting.units.map {
                    VettedUnitInput(
                        unit: $0.unit, people: $0.people, status: $0.status.rawValue, authority: $0.authority,
                        submitted: $0.submitted?.iso, decided: $0.decided?.iso, reference: $0.reference)
                })
        )
    }

    /// The budget lines, transactions and vetting this input describes, with an error for each
    /// misfit in `errors`.
    func fundingParts(
        against catalog: ReferenceCatalog, _ errors: inout [FieldError]
    ) -> ([BudgetLine], [FundingTransaction], Vetting) {
        let lines = Self.entries("budgetLines", budgetLines, &errors) { field, entry, errors in
            Self.budgetLine(field, entry, catalog: catalog, &errors)
        }
        let transactions = Self.entries("transactions", transactions, &errors) { field, entry, errors in
            Self.transaction(field, entry, catalog: catalog, &errors)
        }
        let units = Self.entries("vetting.units", vetting?.units, &errors) { field, entry, errors in
            Self.vettedUnit(field, entry, &errors)
        }
        return (lines, transactions, Vetting(required: vetting?.required, units: units))
    }

    private static func entries<Input, Output>(
        _ field: String, _ inputs: [Input]?, _ errors: inout [FieldError],
        parse: (String, Input, inout [FieldError]) -> Output?
    ) -> [Output] {
        guard let inputs else { return [] }
        if inputs.count > FundingLimits.entries {
            errors.append(FieldError(field, .tooMany, ["max": "\(FundingLimits.entries)"]))
        }
        return inputs.prefix(FundingLimits.entries).enumerated().compactMap { index, input in
            parse("\(field)[\(index)]", input, &errors)
        }
    }

    private static func text(_ field: String, _ value: String?, _ errors: inout [FieldError]) -> String {
        let text = clean(value) ?? ""
        if text.count > FundingLimits.text {
            errors.append(FieldError(field, .tooLong, ["max": "\(FundingLimits.text)"]))
        }
        return text
    }

    private static func budgetLine(
        _ field: String, _ input: BudgetLineInput, catalog: ReferenceCatalog, _ errors: inout [FieldError]
    ) -> BudgetLine? {
        let before = errors.count
        let kind = code(field + ".kind", input.kind, &errors) { BudgetKind(rawValue: $0) }
        let start = date(field + ".periodStart", input.periodStart, required: true, &errors)
        let end = date(field + ".periodEnd", input.periodEnd, required: true, &errors)
        if let start, let end {
            if end < start {
                errors.append(FieldError(field + ".periodEnd", .endBeforeStart, ["start": start.iso]))
            } else if end > start.adding(days: 366) {
                errors.append(FieldError(field + ".periodEnd", .periodTooLong, ["max": "366"]))
            }
        }
        let value = money(field + ".value", input.value, required: true, catalog: catalog, &errors)
        guard errors.count == before, let kind, let start, let end, let value else { return nil }
        return BudgetLine(kind: kind, periodStart: start, periodEnd: end, value: value)
    }

    private static func transaction(
        _ field: String, _ input: TransactionInput, catalog: ReferenceCatalog, _ errors: inout [FieldError]
    ) -> FundingTransaction? {
        let before = errors.count
        let type = code(field + ".type", input.type, &errors) { TransactionType(rawValue: $0) }
        let day = date(field + ".date", input.date, required: true, &errors)
        let value = money(field + ".value", input.value, required: true, catalog: catalog, &errors)
        var organizations: [String?] = []
        for (member, code) in [("provider", input.provider), ("receiver", input.receiver)] {
            let code = clean(code)
            if let code, !isOrganizationCode(code) {
                errors.append(FieldError("\(field).\(member)", .invalidFormat, ["expected": "US-INL"]))
            }
            organizations.append(code)
        }
        let description = text(field + ".description", input.description, &errors)
        var releasability: Releasability?
        if let marking = input.releasability {
            var nested: [FieldError] = []
            releasability = Self.releasability(marking, catalog: catalog, &nested)
            errors += nested.map { FieldError("\(field).\($0.field)", $0.code, $0.parameters) }
        }
        guard errors.count == before, let type, let day, let value else { return nil }
        return FundingTransaction(
            type: type, date: day, value: value, provider: organizations[0], receiver: organizations[1],
            notODA: input.notODA ?? false, description: description, releasability: releasability)
    }

    private static func vettedUnit(
        _ field: String, _ input: VettedUnitInput, _ errors: inout [FieldError]
    ) -> VettedUnit? {
        let before = errors.count
        let unit = clean(input.unit)
        if unit == nil { errors.append(FieldError(field + ".unit", .required)) }
        _ = text(field + ".unit", unit, &errors)
        if let people = input.people, !ActivityLimits.participants.contains(people) {
            errors.append(
                FieldError(
                    field + ".people", people < 0 ? .negative : .outOfRange,
                    ["min": "0", "max": "\(ActivityLimits.participants.upperBound)"]))
        }
        let status = required(field + ".status", clean(input.status), &errors) { VettingStatus(rawValue: $0) }
        let authority = text(field + ".authority", input.authority, &errors)
        let reference = text(field + ".reference", input.reference, &errors)
        let submitted = date(field + ".submitted", input.submitted, required: false, &errors)
        let decided = date(field + ".decided", input.decided, required: false, &errors)
        if let submitted, let decided, decided < submitted {
            errors.append(FieldError(field + ".decided", .endBeforeStart, ["start": submitted.iso]))
        }
        // A date that was given but is wrong has its own message already.
        if let status, status != .notSubmitted, clean(input.submitted) == nil {
            errors.append(FieldError(field + ".submitted", .required))
        }
        guard errors.count == before, let unit, let status else { return nil }
        return VettedUnit(
            unit: unit, people: input.people, status: status, authority: authority, submitted: submitted,
            decided: decided, reference: reference)
    }

    private static func code<T>(_ field: String, _ value: Int?, _ errors: inout [FieldError], parse: (Int) -> T?) -> T?
    {
        guard let value else {
            errors.append(FieldError(field, .required))
            return nil
        }
        guard let parsed = parse(value) else {
            errors.append(FieldError(field, .unknownCode, ["value": "\(value)"]))
            return nil
        }
        return parsed
    }

    /// An amount and currency; one of them alone is incomplete.
    static func money(
        _ field: String, _ input: BudgetInput?, required: Bool, catalog: ReferenceCatalog, _ errors: inout [FieldError]
    ) -> Money? {
        let amountText = clean(input?.amount)
        let currency = clean(input?.currency)
        if amountText == nil && currency == nil {
            if required { errors.append(FieldError(field + ".amount", .required)) }
            return nil
        }
        var amount: Decimal?
        if let amountText {
            amount = decimal(field + ".amount", amountText, &errors)
        } else {
            errors.append(FieldError(field + ".amount", .required))
        }
        if let currency {
            if catalog.currency(currency) == nil {
                errors.append(FieldError(field + ".currency", .unknownCode, ["value": currency]))
                return nil
            }
        } else {
            errors.append(FieldError(field + ".currency", .required))
        }
        guard let amount, let currency, let amountText else { return nil }
        return Money(amount: amount, text: amountText, currency: currency)
    }

    /// `text` as a non-negative decimal within the digit limits, or nil with the reason in `errors`.
    static func decimal(_ field: String, _ text: String, _ errors: inout [FieldError]) -> Decimal? {
        switch DecimalText.parseAmount(text) {
        case .success(let value): return value
        case .failure(.negative): errors.append(FieldError(field, .negative))
        case .failure(.notADecimal): errors.append(FieldError(field, .invalidFormat, ["expected": "1234.56"]))
        case .failure(.tooManyIntegerDigits(let max)):
            errors.append(FieldError(field, .outOfRange, ["min": "0", "max": String(repeating: "9", count: max)]))
        case .failure(.tooManyFractionDigits(let max)):
            errors.append(FieldError(field, .tooPrecise, ["max": "\(max)"]))
        }
        return nil
    }
}
