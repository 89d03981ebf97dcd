extension Activity {
    /// The prefix of audit fields that only the owner and those who see everything may read.
    public static let restrictedAuditPrefix = "restricted."

    /// The audit entries (of this activity, oldest first) as `viewer` may read them.
    ///
    /// An entry is shown only to a reader who could read the record as it stood on both sides of it: a
    /// record created restricted and released later does not tell its new readers what it said, or to whom
    /// it was released, before. The fields of transactions marked narrower than the activity are left out,
    /// and so is an entry that changed nothing else (that a hidden transaction changed, and when, is hidden
    /// too); transactions lose their positions, which would count the hidden ones. The owner and those who
    /// see everything read every entry whole.
    public func auditEntries(_ entries: [AuditEntry], for viewer: Viewer) -> [AuditEntry] {
        if viewer.seesEverything || viewer.principal?.descendants.contains(owner) == true { return entries }
        var marking: String?
        var releasedTo: String?
        var readable: [AuditEntry] = []
        for entry in entries {
            var beforeMarking = marking
            var beforeList = releasedTo
            for change in entry.changes {
                switch change.field {
                case "releasability.marking":
                    beforeMarking = change.before
                    marking = change.after
                case "releasability.releasableTo":
                    beforeList = change.before
                    releasedTo = change.after
                default: break
                }
            }
            let created = entry.action == .create
            let before = Self.releasability(marking: beforeMarking, list: beforeList)
            let after = Self.releasability(marking: marking, list: releasedTo)
            guard after.allows(viewer, owner: owner), created || before.allows(viewer, owner: owner) else { continue }
            var copy = entry
            copy.changes = Self.openTransactions(entry.changes)
            for part in ActivityParts.all where !part.isReadable(by: viewer, owner: owner) {
                copy.changes.removeAll { ActivityParts.isAuditField($0.field, of: part.name) }
            }
            if copy.changes.isEmpty && !entry.changes.isEmpty { continue }
            readable.append(copy)
        }
        return readable
    }

    /// `changes` without the fields of restricted transactions, the open ones without their positions, and
    /// without the moves of open transactions a hidden one's coming or going made: a transaction that is
    /// there before and after is no change, wherever it stood.
    private static func openTransactions(_ changes: [FieldChange]) -> [FieldChange] {
        var others: [FieldChange] = []
        var removed: [String] = []
        var added: [String] = []
        for change in changes where !change.field.hasPrefix(restrictedAuditPrefix) {
            guard change.field.hasPrefix("transactions[") else {
                others.append(change)
                continue
            }
            if let before = change.before { removed.append(before) }
            if let after = change.after { added.append(after) }
        }
        var kept: [String: Int] = [:]
        for value in removed { kept[value, default: 0] += 1 }
        var appeared: [String] = []
        for value in added {
            if let count = kept[value], count > 0 { kept[value] = count - 1 } else { appeared.append(value) }
        }
        let gone = removed.filter { value in
            guard let count = kept[value], count > 0 else { return false }
            kept[value] = count - 1
            return true
        }
        return others + gone.map { FieldChange(field: "transactions", before: $0, after: nil) }
            + appeared.map { FieldChange(field: "transactions", before: nil, after: $0) }
    }

    /// The releasability an entry's fields describe; an activity recorded before markings existed was `members`.
    private static func releasability(marking: String?, list: String?) -> Releasability {
        Releasability(
            marking: marking.flatMap(Marking.init(rawValue:)) ?? .members,
            releasableTo: list.map { $0.split(separator: ",").map(String.init) } ?? [])
    }

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
        for (field, value) in draft.parts.auditFields { fields[field] = value }
        for (index, line) in draft.budgetLines.enumerated() {
            fields["budgetLines[\(index)]"] =
                "\(line.kind.rawValue) \(line.periodStart.iso)..\(line.periodEnd.iso) \(line.value.amountText) \(line.value.currency)"
        }
        for (index, transaction) in draft.transactions.enumerated() {
            // A transaction marked narrower than the activity is recorded under `restricted.`, which
            // the history shows only to those who see every transaction (see `isRestrictedAuditField`).
            let prefix = transaction.releasability == nil ? "" : Self.restrictedAuditPrefix
            fields["\(prefix)transactions[\(index)]"] = [
                "\(transaction.type.rawValue)", transaction.date.iso, transaction.value.amountText,
                transaction.value.currency, transaction.provider ?? "-", transaction.receiver ?? "-",
                transaction.notODA ? "not-oda" : "oda", transaction.releasability?.marking.rawValue ?? "as-activity",
                transaction.releasability?.releasableTo.joined(separator: ",") ?? "", transaction.description,
            ].joined(separator: " ")
        }
        if let required = draft.vetting.required { fields["vetting.required"] = "\(required)" }
        for (index, unit) in draft.vetting.units.enumerated() {
            fields["vetting.units[\(index)]"] = [
                unit.unit, unit.people.map(String.init) ?? "-", unit.status.rawValue, unit.authority,
                unit.submitted?.iso ?? "-", unit.decided?.iso ?? "-", unit.reference,
            ].joined(separator: " | ")
        }
        for (index, indicator) in draft.indicators.enumerated() {
            fields["indicators[\(index)]"] = [
                indicator.code ?? indicator.title, indicator.type.name, indicator.measure.name,
                "baseline \(indicator.baseline?.description ?? "-") (\(indicator.baselineYear.map(String.init) ?? "-"))",
                "target \(indicator.target?.description ?? "-")",
            ].joined(separator: " | ")
            for (position, period) in indicator.periods.enumerated() {
                fields["indicators[\(index)].periods[\(position)]"] =
                    "\(period.start.iso)..\(period.end.iso) \(period.actual)"
            }
        }
        return fields
    }
}
