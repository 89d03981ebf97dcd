/// How widely a record may be read.
public enum Marking: String, CaseIterable, Sendable, Codable {
    /// Anyone, including the public portal.
    case `public`
    /// Every member organisation (and the owner).
    case members
    /// Only the owner and the countries and organisations named in the release list.
    case restricted
}

/// A record's marking and, for `restricted`, whom it is released to.
public struct Releasability: Sendable, Hashable, Codable {
    /// The marking.
    public var marking: Marking
    /// Country codes (ISO 3166-1 alpha-2) and organisation codes the record is released to;
    /// empty unless the marking is `restricted`.
    public var releasableTo: [String]

    /// Creates the releasability.
    public init(marking: Marking, releasableTo: [String] = []) {
        self.marking = marking
        self.releasableTo = releasableTo
    }

    /// A record created without a marking is for members.
    public static let `default` = Releasability(marking: .members)

    /// Whether `viewer` may read a record with this releasability owned by `owner`.
    ///
    /// This is the rule; the store's index applies the same rule to whole sets of records at once,
    /// and the tests hold the two to each other.
    public func allows(_ viewer: Viewer, owner: String) -> Bool {
        if marking == .public { return true }
        guard let principal = viewer.principal else { return false }
        if viewer.seesEverything || principal.descendants.contains(owner) { return true }
        switch marking {
        case .public: return true
        case .members: return principal.isMember
        case .restricted:
            return releasableTo.contains { entry in
                principal.lineage.contains(entry) || entry == principal.country
            }
        }
    }
}
