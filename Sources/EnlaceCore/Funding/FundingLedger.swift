/// The funnel transactions of every activity slot, laid out flat for the funding summary.
///
/// The funding view walks every transaction a reader may see. Read from the activities themselves,
/// that walk chases pointers through each activity and each transaction and hashes names; here the
/// same facts sit in a few contiguous arrays of small integers, names interned once, so the walk
/// only compares and adds. The ledger is filed slot by slot alongside ``ActivityIndex``, and holds
/// exactly what ``FundingSummary`` reads: the activity's owner, providers, countries and areas, and
/// per funnel transaction its stage, day, amount, currency, provider, not-ODA flag and marking.
public struct FundingLedger: Sendable {
    /// One funnel transaction.
    struct Entry: Sendable {
        /// The amount in its own currency, in ten-thousandths.
        var units: Int128
        /// ``Money/currencyKey`` of its currency.
        var currency: Int
        /// ``CalendarDate/dayNumber``.
        var day: Int32
        var year: Int16
        /// ``FundingSummary/Totals`` index of its stage.
        var stage: UInt8
        var notODA: Bool
        /// The interned provider organisation, or -1.
        var provider: Int32
        /// Its own marking in ``restrictions``, or -1 for the activity's.
        var restriction: Int32
    }

    /// Where one slot's facts sit in the flat arrays.
    struct Record: Sendable {
        var owner: Int32
        var entries: Range<Int32>
        /// Provider organisations, each `id << 1 | 1` when it funds.
        var providers: Range<Int32>
        var countries: Range<Int32>
        var areas: Range<Int32>
    }

    private(set) var names: [String] = []
    private var ids: [String: Int32] = [:]
    private(set) var records: [Record] = []
    private(set) var entries: [Entry] = []
    private(set) var labels: [Int32] = []
    private(set) var restrictions: [Releasability] = []

    /// An empty ledger.
    public init() {}

    /// The interned number of `name`, if it was ever filed.
    func id(of name: String) -> Int32? { ids[name] }

    private mutating func intern(_ name: String) -> Int32 {
        if let id = ids[name] { return id }
        let id = Int32(names.count)
        names.append(name)
        ids[name] = id
        return id
    }

    /// Files `activity` at slot `slot`, the next one.
    mutating func append(_ activity: Activity, slot: Int) {
        precondition(slot == records.count, "the ledger files slots in order")
        let draft = activity.draft
        func labelled(_ values: [Int32]) -> Range<Int32> {
            let start = Int32(labels.count)
            labels.append(contentsOf: values)
            return start..<Int32(labels.count)
        }
        let providers = labelled(
            draft.providers.map { intern($0.organization) << 1 | ($0.role == .funding ? 1 : 0) })
        let countries = labelled(draft.recipientCountries.map { intern($0) })
        let areas = labelled(draft.keyAreas.map { intern($0) })
        let first = Int32(entries.count)
        for transaction in draft.transactions {
            guard let stage = transaction.type.stage else { continue }
            var restriction: Int32 = -1
            if let releasability = transaction.releasability {
                restriction = Int32(restrictions.count)
                restrictions.append(releasability)
            }
            entries.append(
                Entry(
                    units: transaction.value.exact.units, currency: transaction.value.currencyKey,
                    day: Int32(transaction.date.dayNumber), year: Int16(clamping: transaction.date.year),
                    stage: UInt8(FundingSummary.Totals.index(stage)), notODA: transaction.notODA,
                    provider: transaction.provider.map { intern($0) } ?? -1, restriction: restriction))
        }
        records.append(
            Record(
                owner: intern(activity.owner), entries: first..<Int32(entries.count), providers: providers,
                countries: countries, areas: areas))
    }

    /// Forgets what slot `slot` held, once its activity is gone or replaced.
    mutating func clear(slot: Int) {
        guard slot < records.count else { return }
        records[slot] = Record(
            owner: records[slot].owner, entries: 0..<0, providers: 0..<0, countries: 0..<0, areas: 0..<0)
    }

    /// A ledger of `activities`, at slots 0, 1, 2…
    public init(_ activities: some Sequence<Activity>) {
        for activity in activities { append(activity, slot: records.count) }
    }

    /// The number of slots filed.
    public var slotCount: Int { records.count }
}
