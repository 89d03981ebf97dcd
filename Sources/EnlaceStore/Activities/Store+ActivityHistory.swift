public import EnlaceCore

extension Store {
    /// Activity `id` and its history as `viewer` may read them: the changes to transactions marked
    /// narrower than the activity are left out for readers who may not see them.
    public func activityHistory(
        id: String, for viewer: Viewer
    ) async throws -> (activity: Activity, entries: [AuditEntry]) {
        let activity = try await activities.find(id: id, for: viewer)
        let entries = try await audit.history(entityType: "activity", entityID: activity.id)
        return (activity, activity.auditEntries(entries, for: viewer))
    }
}
