/// Who may write meeting records. Reading is the releasability rule's business.
public enum MeetingPolicy {
    /// Whether `viewer` may set up a series: the secretariat, administrators, coordinators and contributors.
    public static func canCreateSeries(_ viewer: Viewer) -> Bool {
        guard let principal = viewer.principal, principal.scope == .readWrite else { return false }
        return [.admin, .secretariat, .coordinator, .contributor].contains { principal.has($0) }
    }

    /// Whether `viewer` runs meetings of a series chaired by `chairs`: the secretariat, administrators, and
    /// coordinators and contributors of a chairing organisation (or of its government, or of an agency under it).
    public static func canChair(_ viewer: Viewer, chairs: [String]) -> Bool {
        guard let principal = viewer.principal, principal.scope == .readWrite else { return false }
        if principal.has(.admin) || principal.has(.secretariat) { return true }
        guard principal.has(.coordinator) || principal.has(.contributor) else { return false }
        return chairs.contains { principal.descendants.contains($0) || principal.lineage.contains($0) }
    }

    /// Whether `viewer` may update an action item owned by `owner` and assigned to `assignee`: those who chair,
    /// the assignee, and coordinators and contributors of the owning organisation.
    public static func canUpdateAction(_ viewer: Viewer, owner: String, assignee: String?, chairs: [String]) -> Bool {
        if canChair(viewer, chairs: chairs) { return true }
        guard let principal = viewer.principal, principal.scope == .readWrite else { return false }
        if let assignee, assignee == principal.email { return true }
        guard principal.has(.coordinator) || principal.has(.contributor) else { return false }
        return principal.descendants.contains(owner)
    }
}
