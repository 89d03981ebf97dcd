/// Who may read proposals and who may do what to them.
///
/// Proposals are the member states' business: members read every proposal past its draft, the lead
/// organisations read and write their own drafts, and the secretariat runs the workflow. The public
/// and partner nations that are not members see none.
public enum ProposalPolicy {
    /// Whether `principal` belongs to one of `leads` (or an organisation above or below one).
    public static func isLead(_ principal: Principal, _ leads: [String]) -> Bool {
        leads.contains { principal.descendants.contains($0) || principal.lineage.contains($0) }
    }

    /// Whether `viewer` may read a proposal led by `leads` that has (`circulated`) or has not yet been
    /// put to the members: a draft, and a draft withdrawn before it ever went out, stay with its leads.
    public static func canRead(_ viewer: Viewer, leads: [String], circulated: Bool) -> Bool {
        guard let principal = viewer.principal else { return false }
        if viewer.seesEverything || isLead(principal, leads) { return true }
        return principal.isMember && circulated
    }

    /// Whether `organization` may be invited to a consultation round: a member government.
    public static func isInvitable(_ organization: Organization) -> Bool {
        organization.isMember && organization.kind == .government && organization.parent == nil
    }

    /// Whether `viewer` may read consultations and conferences at all: members and those who see everything.
    public static func canReadConsultations(_ viewer: Viewer) -> Bool {
        guard let principal = viewer.principal else { return false }
        return viewer.seesEverything || principal.isMember
    }

    /// Whether `viewer` may put a proposal forward: the secretariat, administrators, and coordinators and
    /// contributors of member organisations.
    public static func canCreate(_ viewer: Viewer) -> Bool {
        guard let principal = viewer.principal, principal.scope == .readWrite else { return false }
        if runsWorkflow(principal) { return true }
        return principal.isMember && (principal.has(.coordinator) || principal.has(.contributor))
    }

    /// Whether `viewer` may revise the text and links of a proposal led by `leads`: the secretariat,
    /// administrators, and coordinators and contributors of a lead organisation.
    public static func canEdit(_ viewer: Viewer, leads: [String]) -> Bool {
        guard let principal = viewer.principal, principal.scope == .readWrite else { return false }
        if runsWorkflow(principal) { return true }
        return (principal.has(.coordinator) || principal.has(.contributor)) && isLead(principal, leads)
    }

    /// Whether `viewer` runs the workflow (moves proposals, opens rounds, keeps conferences).
    public static func canRunWorkflow(_ viewer: Viewer) -> Bool {
        guard let principal = viewer.principal, principal.scope == .readWrite else { return false }
        return runsWorkflow(principal)
    }

    /// Whether `viewer` may record the position of member `member` in a round: that member's
    /// coordinators, and the secretariat on its behalf (a position given at a meeting).
    public static func canAnswer(_ viewer: Viewer, for member: String) -> Bool {
        guard let principal = viewer.principal, principal.scope == .readWrite else { return false }
        if runsWorkflow(principal) { return true }
        return principal.has(.coordinator) && principal.government == member
    }

    private static func runsWorkflow(_ principal: Principal) -> Bool {
        principal.has(.secretariat) || principal.has(.admin)
    }
}
