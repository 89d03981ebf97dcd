extension Activity {
    /// The activity as field → text, in API names, for the audit trail's before/after diffs.
    public var auditFields: [String: String] {
        let input = ActivityInput(draft)
        var fields: [String: String] = [
            "owner": owner,
            "title": draft.title,
            "description": draft.description,
            "language": draft.language.rawValue,
            "providers": draft.providers.map { "\($0.organization):\($0.role.rawValue)" }.joined(separator: ","),
            "recipientCountries": draft.recipientCountries.joined(separator: ","),
            "keyAreas": draft.keyAreas.joined(separator: ","),
            "topics": draft.topics.joined(separator: ","),
            "kind": draft.kind.rawValue,
            "modality": draft.modality.rawValue,
            "plannedStart": draft.plannedStart.iso,
            "plannedEnd": draft.plannedEnd.iso,
            "status": String(draft.status.rawValue),
            "releasability.marking": draft.releasability.marking.rawValue,
        ]
        let optional: [(String, String?)] = [
            ("beneficiary", draft.beneficiary), ("actualStart", input.actualStart), ("actualEnd", input.actualEnd),
            ("participantsPlanned", input.participantsPlanned.map(String.init)),
            ("participantsTrained", input.participantsTrained.map(String.init)),
            ("budget", draft.budget.map { "\($0.amountText) \($0.currency)" }),
            (
                "location",
                draft.location.map {
                    [$0.name, $0.lat.map { "\($0)" }, $0.lon.map { "\($0)" }].compactMap { $0 }.joined(separator: " ")
                }
            ),
            (
                "releasability.releasableTo",
                draft.releasability.releasableTo.isEmpty ? nil : draft.releasability.releasableTo.joined(separator: ",")
            ),
        ]
        for (field, value) in optional {
            if let value { fields[field] = value }
        }
        return fields
    }
}
