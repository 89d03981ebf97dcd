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
    /// The longest back-off of one account: short, so that a stranger who knows an address cannot keep its
    /// owner out, and long enough that guessing one account from many addresses stays slow.
    public var maximumAccountBackoff: TimeInterval

    /// Creates the policy.
    public init(
        bcryptCost: UInt8 = 12, sessionIdle: TimeInterval = 30 * 60, sessionAbsolute: TimeInterval = 12 * 3600,
        invitationLifetime: TimeInterval = 7 * 86_400, freeFailures: Int = 3, maximumBackoff: TimeInterval = 15 * 60,
        maximumAccountBackoff: TimeInterval = 60
    ) {
        self.bcryptCost = bcryptCost
        self.sessionIdle = sessionIdle
        self.sessionAbsolute = sessionAbsolute
        self.invitationLifetime = invitationLifetime
        self.freeFailures = freeFailures
        self.maximumBackoff = maximumBackoff
        self.maximumAccountBackoff = maximumAccountBackoff
    }

    /// The production settings.
    public static let standard = SecurityPolicy()

    /// How long to refuse sign-ins after `failures` consecutive failures: nothing for the first few,
    /// then 1 s, 2 s, 4 s… up to ``maximumBackoff`` (``maximumAccountBackoff`` for an account's count).
    public func backoff(afterFailures failures: Int, ofAccount: Bool = false) -> TimeInterval {
        guard failures > freeFailures else { return 0 }
        return min(pow(2, Double(failures - freeFailures - 1)), ofAccount ? maximumAccountBackoff : maximumBackoff)
    }
}
