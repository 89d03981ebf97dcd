import EnlaceCore

/// The model of a record's history: its audit entries, newest first, with the fields each changed.
struct HistoryPage {
    struct Change {
        let field: String
        let before: String
        let after: String
    }

    struct Entry {
        let action: String
        let when: String
        let actor: String
        let changes: [Change]
        let hasChanges: Bool

        init(_ entry: AuditEntry, format: LocaleFormat, translations: Translations) {
            action = translations.text("audit.actions.\(entry.action.rawValue)", format.language)
            when = format.dateTime(entry.occurredAt)
            actor = [entry.actorOrganization, entry.actorUser].compactMap { $0 }.joined(separator: " · ")
            changes = entry.changes.map { Change(field: $0.field, before: $0.before ?? "—", after: $0.after ?? "—") }
            hasChanges = !changes.isEmpty
        }
    }

    let title: String
    let backHref: String
    let entries: [Entry]
}

extension HistoryPage: PageModel {
    static let template = PageTemplate.activityHistory
}
