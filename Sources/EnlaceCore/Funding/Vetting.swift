/// Where the human-rights vetting of a unit stands.
public enum VettingStatus: String, CaseIterable, Sendable, Codable {
    case notSubmitted = "not-submitted"
    case pending
    case cleared
    case suspended
    case denied
}

/// A unit or group put forward for human-rights vetting. Units and counts only: no personal data.
public struct VettedUnit: Sendable, Hashable {
    /// The unit, for example `Honduran Navy, Special Boat Unit`.
    public var unit: String
    /// How many people it puts forward.
    public var people: Int?
    /// Where the vetting stands.
    public var status: VettingStatus
    /// Who vets, for example `U.S. Embassy Tegucigalpa (Leahy)`.
    public var authority: String
    /// The day the unit was submitted.
    public var submitted: CalendarDate?
    /// The day of the decision (cleared, suspended or denied).
    public var decided: CalendarDate?
    /// The vetting authority's reference.
    public var reference: String

    /// Creates the entry.
    public init(
        unit: String, people: Int? = nil, status: VettingStatus, authority: String = "",
        submitted: CalendarDate? = nil, decided: CalendarDate? = nil, reference: String = ""
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

/// An activity's human-rights vetting: whether it is required and the units vetted.
public struct Vetting: Sendable, Hashable {
    /// Whether vetting is required, when set on the activity; nil: the default for its kind.
    public var required: Bool?
    /// The units put forward.
    public var units: [VettedUnit]

    /// Creates the record.
    public init(required: Bool? = nil, units: [VettedUnit] = []) {
        self.required = required
        self.units = units
    }

    /// No vetting recorded, and the default requirement.
    public static let none = Vetting()

    /// Whether an activity of `kind` must be vetted: as set, or by default training and equipment,
    /// which in this field go to security forces.
    public func isRequired(for kind: ActivityKind) -> Bool {
        required ?? [.course, .equipment].contains(kind)
    }

    /// The state the activity's vetting is in, for an activity of `kind`.
    public func state(for kind: ActivityKind) -> VettingState {
        guard isRequired(for: kind) else { return .notRequired }
        if units.isEmpty { return .missing }
        if units.contains(where: { $0.status == .denied || $0.status == .suspended }) { return .blocked }
        if units.allSatisfy({ $0.status == .cleared }) { return .cleared }
        return .pending
    }
}

/// An activity's vetting at a glance.
public enum VettingState: String, CaseIterable, Sendable, Codable {
    /// Vetting is not required.
    case notRequired = "not-required"
    /// Required, and no unit is recorded.
    case missing
    /// Some units are not yet cleared.
    case pending
    /// A unit is denied or suspended.
    case blocked
    /// Every unit is cleared.
    case cleared

    /// Whether the activity may go into implementation.
    public var allowsImplementation: Bool { self == .notRequired || self == .cleared }
}

extension ActivityDraft {
    /// The errors that keep this draft from being stored when the activity was at `previous` (nil
    /// for a new one): an activity whose vetting is required and not cleared cannot move into
    /// implementation.
    public func vettingErrors(movingFrom previous: ActivityStatus?) -> [FieldError] {
        guard status == .implementation, previous != .implementation else { return [] }
        let state = vetting.state(for: kind)
        guard !state.allowsImplementation else { return [] }
        return [FieldError("status", .vettingNotCleared, ["state": state.rawValue])]
    }
}
