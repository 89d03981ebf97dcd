public import Foundation

/// A detected overlap as the store keeps it: the pair, the latest assessment and where review stands.
public struct OverlapRecord: Sendable, Hashable {
    /// The record's id.
    public var id: String
    /// The id of the activity that sorts first.
    public var first: String
    /// The id of the other.
    public var second: String
    /// The latest assessment of the pair.
    public var assessment: OverlapAssessment
    /// Whether the pair still scores as an overlap; a pair that no longer does keeps its record and history.
    public var active: Bool
    /// Where review stands.
    public var status: OverlapStatus
    /// The decider's reason.
    public var reason: String?
    /// For a duplicate: the activity that continues.
    public var continuing: String?
    /// Who decided (user id), when decided.
    public var decidedBy: String?
    /// When decided.
    public var decidedAt: Date?
    /// The two activities' material fingerprints when the status was last set (see
    /// ``OverlapSubject/materialFingerprint``): a decision stands while both stay the same.
    public var fingerprints: [String]
    /// When first detected.
    public var detectedAt: Date
    /// When last changed.
    public var updatedAt: Date
    /// Bumped on every change, for `If-Match`.
    public var version: Int

    /// Creates the record.
    public init(
        id: String, first: String, second: String, assessment: OverlapAssessment, active: Bool = true,
        status: OverlapStatus = .open, reason: String? = nil, continuing: String? = nil, decidedBy: String? = nil,
        decidedAt: Date? = nil, fingerprints: [String], detectedAt: Date, updatedAt: Date, version: Int = 1
    ) {
        self.id = id
        self.first = first
        self.second = second
        self.assessment = assessment
        self.active = active
        self.status = status
        self.reason = reason
        self.continuing = continuing
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.fingerprints = fingerprints
        self.detectedAt = detectedAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// The other activity of the pair.
    public func counterpart(of id: String) -> String { id == first ? second : first }

    /// The record after a fresh detection of the pair: the new assessment, and back to open when a
    /// decision was taken on activities that have since changed materially. Nil when nothing changed.
    public func redetected(
        _ assessment: OverlapAssessment, fingerprints current: [String], at now: Date
    ) -> (record: OverlapRecord, reopened: Bool)? {
        var next = self
        next.assessment = assessment
        next.active = true
        var reopened = false
        if current != fingerprints {
            next.fingerprints = current
            if status != .open {
                reopened = true
                next.status = .open
                next.reason = nil
                next.continuing = nil
                next.decidedBy = nil
                next.decidedAt = nil
            }
        }
        guard next != self else { return nil }
        next.updatedAt = now
        next.version += 1
        return (next, reopened)
    }

    /// The record after `decision` by `userID`, taken on activities with `fingerprints`.
    public func decided(
        _ decision: OverlapDecision, by userID: String, fingerprints current: [String], at now: Date
    ) -> OverlapRecord {
        var next = self
        next.status = decision.status
        next.reason = decision.reason
        next.continuing = decision.continuing
        next.decidedBy = decision.status == .open ? nil : userID
        next.decidedAt = decision.status == .open ? nil : now
        next.fingerprints = current
        next.updatedAt = now
        next.version += 1
        return next
    }

    /// The fields a decision changes, as the audit trail records them.
    public var reviewFields: [String: String] {
        var fields = ["status": status.rawValue]
        if let reason { fields["reason"] = reason }
        if let continuing { fields["continuing"] = continuing }
        return fields
    }
}

/// Which overlaps a list returns.
public struct OverlapFilter: Sendable, Hashable {
    /// Both activities name this recipient country.
    public var country: String?
    /// Both activities name this key area.
    public var keyArea: String?
    /// The review status.
    public var status: OverlapStatus?
    /// Either activity has this provider organisation (or owner).
    public var provider: String?
    /// Only pairs of different providers (`false`), of the same (`true`), or both (nil).
    public var sameProvider: Bool?

    /// Creates the filter.
    public init(
        country: String? = nil, keyArea: String? = nil, status: OverlapStatus? = nil, provider: String? = nil,
        sameProvider: Bool? = nil
    ) {
        self.country = country
        self.keyArea = keyArea
        self.status = status
        self.provider = provider
        self.sameProvider = sameProvider
    }

    /// Whether the pair of `first` and `second` with `record` passes.
    public func matches(_ record: OverlapRecord, _ first: Activity, _ second: Activity) -> Bool {
        if let status, record.status != status { return false }
        if let sameProvider, record.assessment.sameProvider != sameProvider { return false }
        if let country,
            !(first.draft.recipientCountries.contains(country) && second.draft.recipientCountries.contains(country))
        {
            return false
        }
        if let keyArea, !(first.draft.keyAreas.contains(keyArea) && second.draft.keyAreas.contains(keyArea)) {
            return false
        }
        if let provider {
            let named = [first, second].contains { activity in
                activity.owner == provider || activity.draft.providers.contains { $0.organization == provider }
            }
            if !named { return false }
        }
        return true
    }
}

/// Who may decide an overlap and who hears of one they may not see.
public enum OverlapPolicy {
    /// Whether `viewer`, who sees both activities, may decide on the pair: the secretariat and
    /// administrators, and whoever may change either activity (owners' lineages given).
    public static func canDecide(_ viewer: Viewer, ownerLineages: [[String]]) -> Bool {
        guard let principal = viewer.principal, principal.scope == .readWrite else { return false }
        if principal.has(.secretariat) || principal.has(.admin) { return true }
        return ownerLineages.contains { ActivityPolicy.canEdit(viewer, ownerLineage: $0) }
    }

    /// Whether `viewer` hears of overlaps of an activity whose owner's lineage is `ownerLineage`
    /// with activities they may not see: people of the owning government.
    public static func hearsOfHidden(_ viewer: Viewer, ownerLineage: [String]) -> Bool {
        guard let principal = viewer.principal, let government = ownerLineage.last else { return false }
        return principal.government == government
    }
}

/// How stored overlap records follow a fresh detection: new pairs are recorded open, known pairs
/// take the new assessment (and reopen when a decided pair's activities changed materially), and
/// pairs no longer found are kept but marked inactive.
public enum OverlapReconciliation {
    /// A pair the detector found.
    public struct Found: Sendable {
        /// The id that sorts first.
        public var first: String
        /// The other id.
        public var second: String
        /// The assessment.
        public var assessment: OverlapAssessment
        /// The two activities' material fingerprints, first's then second's.
        public var fingerprints: [String]

        /// Creates the pair; the ids may come in either order.
        public init(_ a: String, _ b: String, assessment: OverlapAssessment, fingerprints: (String, String)) {
            (first, second) = a < b ? (a, b) : (b, a)
            self.assessment = assessment
            self.fingerprints = a < b ? [fingerprints.0, fingerprints.1] : [fingerprints.1, fingerprints.0]
        }
    }

    /// What to write.
    public struct Plan: Sendable {
        /// Pairs found for the first time.
        public var inserts: [OverlapRecord] = []
        /// Known pairs that changed (including those reopened and those no longer found).
        public var updates: [OverlapRecord] = []
        /// Those of `updates` that were decided and reopen.
        public var reopened: [OverlapRecord] = []
        /// Those of `updates` no longer found.
        public var deactivated: [OverlapRecord] = []
    }

    /// The plan that brings `existing` (every record in the scope looked at) in line with `found`.
    public static func plan(
        existing: [OverlapRecord], found: [Found], now: Date, newID: () -> String
    ) -> Plan {
        var plan = Plan()
        var known = Dictionary(existing.map { (Pair($0.first, $0.second), $0) }, uniquingKeysWith: { a, _ in a })
        for pair in found {
            if let record = known.removeValue(forKey: Pair(pair.first, pair.second)) {
                guard
                    let (next, reopened) = record.redetected(pair.assessment, fingerprints: pair.fingerprints, at: now)
                else { continue }
                plan.updates.append(next)
                if reopened { plan.reopened.append(next) }
            } else {
                plan.inserts.append(
                    OverlapRecord(
                        id: newID(), first: pair.first, second: pair.second, assessment: pair.assessment,
                        fingerprints: pair.fingerprints, detectedAt: now, updatedAt: now))
            }
        }
        for record in known.values.sorted(by: { $0.id < $1.id }) where record.active {
            var next = record
            next.active = false
            next.updatedAt = now
            next.version += 1
            plan.updates.append(next)
            plan.deactivated.append(next)
        }
        return plan
    }

    private struct Pair: Hashable {
        let first: String
        let second: String
        init(_ first: String, _ second: String) {
            self.first = first
            self.second = second
        }
    }
}
