import Foundation

/// Where a pair stands in review.
public enum OverlapStatus: String, CaseIterable, Sendable, Codable {
    /// Found and not yet decided, or reopened because one of the two changed.
    case open
    /// Both go ahead: they complement each other (the reason says how).
    case complementary
    /// The same effort twice: one continues, the other gives way.
    case duplicate
    /// Dealt with in another way (merged, rescheduled, one cancelled).
    case resolved
}

/// A coordinator's decision on an overlap.
public struct OverlapDecision: Sendable, Hashable {
    /// The new status.
    public var status: OverlapStatus
    /// Why, in the decider's words.
    public var reason: String?
    /// For a duplicate: the id of the activity that continues.
    public var continuing: String?

    /// Creates the decision; obtain one from ``OverlapDecisionInput/validated(first:second:)``.
    public init(status: OverlapStatus, reason: String? = nil, continuing: String? = nil) {
        self.status = status
        self.reason = reason
        self.continuing = continuing
    }
}

/// A decision as submitted, not yet checked.
public struct OverlapDecisionInput: Sendable, Hashable {
    /// `open`, `complementary`, `duplicate` or `resolved`.
    public var status: String?
    /// Why; required for `complementary`.
    public var reason: String?
    /// For `duplicate`: which of the two activities continues.
    public var continuing: String?

    /// Creates the input.
    public init(status: String? = nil, reason: String? = nil, continuing: String? = nil) {
        self.status = status
        self.reason = reason
        self.continuing = continuing
    }

    /// The longest reason accepted.
    public static let maxReasonLength = 2000

    /// The decision, or every problem with it, for the pair of `first` and `second`.
    public func validated(first: String, second: String) throws(EnlaceError) -> OverlapDecision {
        var errors: [FieldError] = []
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        let continuing = continuing?.trimmingCharacters(in: .whitespacesAndNewlines)
        let status: OverlapStatus?
        if let text = self.status?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            status = OverlapStatus(rawValue: text)
            if status == nil {
                errors.append(
                    FieldError(
                        "status", .unknownCode,
                        ["value": text, "allowed": OverlapStatus.allCases.map(\.rawValue).joined(separator: ", ")]))
            }
        } else {
            status = nil
            errors.append(FieldError("status", .required))
        }
        if let reason, reason.count > Self.maxReasonLength {
            errors.append(FieldError("reason", .tooLong, ["max": String(Self.maxReasonLength)]))
        }
        if status == .complementary, (reason ?? "").isEmpty { errors.append(FieldError("reason", .required)) }
        if status == .duplicate {
            if let continuing, !continuing.isEmpty {
                if continuing != first && continuing != second {
                    errors.append(FieldError("continuing", .notInPair, ["value": continuing]))
                }
            } else {
                errors.append(FieldError("continuing", .required))
            }
        } else if let continuing, !continuing.isEmpty {
            errors.append(FieldError("continuing", .onlyForDuplicates))
        }
        guard errors.isEmpty, let status else { throw .invalid(errors) }
        return OverlapDecision(
            status: status, reason: (reason?.isEmpty ?? true) ? nil : reason,
            continuing: status == .duplicate ? continuing : nil)
    }
}
