/// The IATI transaction types Enlace records (IATI TransactionType code list).
public enum TransactionType: Int, CaseIterable, Sendable, Codable {
    case incomingFunds = 1
    case commitment = 2
    case disbursement = 3
    case expenditure = 4
    case incomingCommitment = 11
    case pledge = 12
    case incomingPledge = 13

    /// The stage of the pledged → committed → disbursed → spent funnel it counts in; nil for the
    /// incoming types, which the receiving side records and which would count the money twice.
    public var stage: FundingStage? {
        switch self {
        case .pledge: .pledged
        case .commitment: .committed
        case .disbursement: .disbursed
        case .expenditure: .spent
        case .incomingFunds, .incomingCommitment, .incomingPledge: nil
        }
    }
}

/// A stage of the funding funnel, in order.
public enum FundingStage: String, CaseIterable, Sendable, Codable {
    case pledged
    case committed
    case disbursed
    case spent
}

/// Whether a budget line is the budget first agreed or a later revision of it (IATI BudgetType).
public enum BudgetKind: Int, CaseIterable, Sendable, Codable {
    case original = 1
    case revised = 2
}

/// What an activity is expected to cost over one period.
public struct BudgetLine: Sendable, Hashable {
    /// Original or revised.
    public var kind: BudgetKind
    /// The first day of the period.
    public var periodStart: CalendarDate
    /// The last day of the period; not before the start and at most a year after it, as IATI asks.
    public var periodEnd: CalendarDate
    /// The amount, exact, in its own currency.
    public var value: Money

    /// Creates the line.
    public init(kind: BudgetKind, periodStart: CalendarDate, periodEnd: CalendarDate, value: Money) {
        self.kind = kind
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.value = value
    }
}

/// Money that moved, or was promised, for an activity.
///
/// The funder, the implementer and the recipient are separate: a transaction names the
/// organisation the money comes from and the one it goes to, while the activity names its funding
/// and implementing providers and its recipient countries. So "the United States funds, Colombia
/// trains, Honduras receives" is a disbursement from US to CO for an activity whose recipient is HN.
public struct FundingTransaction: Sendable, Hashable {
    /// The IATI type.
    public var type: TransactionType
    /// The day of the transaction; its rate is the one of that day.
    public var date: CalendarDate
    /// The amount, exact, in its own currency.
    public var value: Money
    /// The code of the organisation the money comes from, if recorded.
    public var provider: String?
    /// The code of the organisation the money goes to, if recorded.
    public var receiver: String?
    /// Spending that is not official development assistance (military training, for example).
    public var notODA: Bool
    /// A short note; may be empty.
    public var description: String
    /// Who may read it, when narrower than the activity; nil: whoever may read the activity.
    public var releasability: Releasability?

    /// Creates the transaction.
    public init(
        type: TransactionType, date: CalendarDate, value: Money, provider: String? = nil, receiver: String? = nil,
        notODA: Bool = false, description: String = "", releasability: Releasability? = nil
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

    /// Whether `viewer`, who may read the activity owned by `owner`, may also read this transaction.
    public func allows(_ viewer: Viewer, owner: String) -> Bool {
        releasability?.allows(viewer, owner: owner) ?? true
    }
}
