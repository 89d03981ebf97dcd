public import Foundation

/// The security settings of the store: password hashing cost, session lifetimes, throttling.
public struct SecurityPolicy: Sendable {
    /// The bcrypt cost; production never goes below 12.
    public var bcryptCost: UInt8
    /// A session idle this long ends.
    public var sessionIdle: TimeInterval
    /// A session this old ends, however active.
    public var sessionAbsolute: TimeInterval
    /// How long an invitation link works.
    public var invitationLifetime: TimeInterval
    /// Failed sign-ins allowed before the back-off starts.
    public var freeFailures: Int
    /// The longest back-off after repeated failures from one client address.
    public var maximumBackoff: TimeInterval
    /// The longest back-off of one account's passwords: short, so that a stranger who knows an address
    /// cannot keep its owner out for long (a browser the owner signed in with before is not kept out at
    /// all), and long enough that guessing one account from many addresses stays slow.
    public var maximumAccountBackoff: TimeInterval
    /// The longest back-off of one account's second-factor codes: long, since only someone who has the
    /// password can get it counted, and a code of six digits must not be guessed at leisure.
    public var maximumSecondFactorBackoff: TimeInterval

    /// Creates the policy.
    public init(
        bcryptCost: UInt8 = 12, sessionIdle: TimeInterval = 30 * 60, sessionAbsolute: TimeInterval = 12 * 3600,
        invitationLifetime: TimeInterval = 7 * 86_400, freeFailures: Int = 3, maximumBackoff: TimeInterval = 15 * 60,
        maximumAccountBackoff: TimeInterval = 60, maximumSecondFactorBackoff: TimeInterval = 86_400
    ) {
        self.bcryptCost = bcryptCost
        self.sessionIdle = sessionIdle
        self.sessionAbsolute = sessionAbsolute
        self.invitationLifetime = invitationLifetime
        self.freeFailures = freeFailures
        self.maximumBackoff = maximumBackoff
        self.maximumAccountBackoff = maximumAccountBackoff
        self.maximumSecondFactorBackoff = maximumSecondFactorBackoff
    }

    /// The production settings.
    public static let standard = SecurityPolicy()

    /// What a count of failures is kept against.
    public enum ThrottleKey: Sendable {
        /// A client address.
        case address
        /// An account's passwords.
        case account
        /// An account's second-factor codes.
        case secondFactor
    }

    /// How long to refuse attempts after `failures` consecutive failures counted against a `key`: nothing
    /// for the first few, then 1 s, 2 s, 4 s… up to that key's longest back-off.
    public func backoff(afterFailures failures: Int, of key: ThrottleKey = .address) -> TimeInterval {
        guard failures > freeFailures else { return 0 }
        let longest =
            switch key {
            case .address: maximumBackoff
            case .account: maximumAccountBackoff
            case .secondFactor: maximumSecondFactorBackoff
            }
        return min(pow(2, Double(min(failures - freeFailures - 1, 62))), longest)
    }
}
