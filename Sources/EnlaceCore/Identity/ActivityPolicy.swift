/// Who may write activities. Reading is the releasability rule's business; this is about changing.
///
/// An activity the viewer may not see is absent (404) before these rules are asked.
public enum ActivityPolicy {
    /// Whether `viewer` may record new activities (for their own organisation).
    public static func canCreate(_ viewer: Viewer) -> Bool {
        guard let principal = viewer.principal, principal.scope == .readWrite else { return false }
        return principal.has(.admin) || principal.has(.coordinator) || principal.has(.contributor)
    }

    /// Whether `viewer` may change or archive an activity owned by `owner`, whose lineage is `ownerLineage`.
    ///
    /// Administrators may change any; a coordinator, their government's; a contributor, their organisation's.
    public static func canEdit(_ viewer: Viewer, ownerLineage: [String]) -> Bool {
        guard let principal = viewer.principal, principal.scope == .readWrite, let owner = ownerLineage.first else {
            return false
        }
        if principal.has(.admin) { return true }
        if principal.has(.coordinator), ownerLineage.last == principal.government { return true }
        return principal.has(.contributor) && owner == principal.organization
    }

    /// Whether `viewer` may change the marking of an activity owned by `owner`: only the owner and administrators.
    public static func canChangeMarking(_ viewer: Viewer, owner: String) -> Bool {
        guard let principal = viewer.principal, principal.scope == .readWrite else { return false }
        if principal.has(.admin) { return true }
        return principal.organization == owner && (principal.has(.coordinator) || principal.has(.contributor))
    }
}

/// Who may import activity files, and for which owners.
public enum ImportPolicy {
    /// Whether `viewer` may import at all: administrators, the secretariat and coordinators, with a read-write
    /// credential. (The command line imports as the system.)
    public static func canImport(_ viewer: Viewer) -> Bool {
        guard let principal = viewer.principal, principal.scope == .readWrite else { return false }
        return principal.has(.admin) || principal.has(.secretariat) || principal.has(.coordinator)
    }

    /// Whether `viewer` may import activities owned by the organisation whose lineage is `ownerLineage`:
    /// administrators for any; the secretariat and coordinators for their own organisation and those below it,
    /// whose every activity they may read (so that what an import finds tells them nothing they may not see: a
    /// coordinator of one agency does not import for a sibling agency).
    public static func canImport(_ viewer: Viewer, ownerLineage: [String]) -> Bool {
        guard canImport(viewer), let principal = viewer.principal, let owner = ownerLineage.first else { return false }
        return principal.has(.admin) || principal.descendants.contains(owner)
    }

    /// Whether `viewer` may have an import create the organisations its file names that Enlace does not know:
    /// administrators only, as for any new organisation (the command line imports as the system).
    public static func canCreateOrganizations(_ viewer: Viewer) -> Bool {
        guard canImport(viewer), let principal = viewer.principal else { return false }
        return principal.has(.admin)
    }
}
