extension Activity {
    /// Whether `other` is this very view of this activity, as two readers may receive it: the same version,
    /// the same transactions and the same parts, which are all ``redacted(for:)`` leaves out. What keys a
    /// cache of views.
    ///
    /// Cheap where nothing was left out: both views then share the transactions' storage.
    public func isSameView(as other: Activity) -> Bool {
        id == other.id && version == other.version && draft.parts == other.draft.parts
            && draft.transactions == other.draft.transactions
    }

    /// The activity as `viewer`, who may read it, may see it: without the transactions marked narrower than
    /// the activity that they may not read, and without the parts they may not read (such as the
    /// implementing-partner contact, ``PartnerContact/isReadable(by:owner:)``). (A view is told from another
    /// by ``isSameView(as:)``: what this leaves out, that must compare.)
    public func redacted(for viewer: Viewer) -> Activity {
        let hiddenParts = draft.parts.present.map { type(of: $0) }.filter { !$0.isReadable(by: viewer, owner: owner) }
        let hidesTransactions = draft.transactions.contains { $0.releasability != nil }
        guard !hiddenParts.isEmpty || hidesTransactions else { return self }
        var copy = self
        for part in hiddenParts { copy.draft.parts.remove(named: part.name) }
        if hidesTransactions { copy.draft.transactions = draft.transactions.filter { $0.allows(viewer, owner: owner) } }
        return copy
    }
}
