import EnlaceCore

extension Forum {
    /// How pages name a forum: its acronym and its name in `language`, "CICAD — Inter-American …".
    func label(_ language: Language) -> String { "\(draft.acronym) — \(draft.names[language])" }
}
