import Foundation

/// Every live activity held in memory with posting lists and sort orders: the store's read model.
///
/// A value type: copies share storage until one is changed, so a reader keeps a consistent
/// snapshot while the store applies newer changes to its own copy. Queries answer exactly what
/// ``ActivityFilter/matches(_:)`` and ``ActivitySort/precedes(_:_:)`` specify; the tests hold them to it.
public struct ActivityIndex: Sendable {
    /// The dimensions activities are grouped by.
    public enum Dimension: Sendable, CaseIterable {
        case provider, country, keyArea, topic, kind, status
        /// The owning organisation, the marking and the release list: what visibility is computed from.
        case owner, marking, releasedTo
    }

    /// What an activity sorts by, precomputed per slot.
    struct Keys: Sendable {
        var plannedStart: Int
        var updatedAt: Int
        var createdAt: Int
        var title: [UInt8]
        var id: [UInt8]
    }

    private var slotOf: [String: Int] = [:]
    /// The activities by slot; a slot not in ``live`` holds ``removed``.
    private var activities: [Activity] = []
    private var keys: [Keys] = []
    private var search: [[UInt8]] = []
    private(set) var live = SlotSet()
    private var postings: [Dimension: [String: SlotSet]] = [:]
    private var orders: [ActivitySort.Field: [Int32]] = [:]
    /// The same activities filed for overlap detection, at the same slots.
    public private(set) var deconfliction: DeconflictionIndex
    /// Their funnel transactions, at the same slots, for the funding view.
    public private(set) var funding = FundingLedger()

    /// An empty index.
    public init(deconfliction settings: DeconflictionSettings = .standard) {
        deconfliction = DeconflictionIndex(settings: settings)
        for field in ActivitySort.Field.allCases { orders[field] = [] }
    }

    /// An index of `activities`, built in one pass (faster than inserting one by one).
    public init(_ activities: [Activity], deconfliction settings: DeconflictionSettings = .standard) {
        self.init(deconfliction: settings)
        for activity in activities { place(activity, maintainingOrders: false) }
        deconfliction = DeconflictionIndex(activities.map(OverlapSubject.init), settings: settings)
        for field in ActivitySort.Field.allCases {
            var order = (0..<self.activities.count).filter { live.contains($0) }.map { Int32($0) }
            order.sort { precedes(Int($0), Int($1), by: field) }
            orders[field] = order
        }
    }

    /// How many live activities the index holds.
    public var count: Int { slotOf.count }

    /// The live activity with `id`.
    public func activity(id: String) -> Activity? {
        slotOf[id].map { activities[$0] }
    }

    /// The slot of the live activity with `id`.
    func slot(of id: String) -> Int? { slotOf[id] }

    /// The live activity at `slot`.
    func activity(atSlot slot: Int) -> Activity? {
        slot < activities.count && live.contains(slot) ? activities[slot] : nil
    }

    /// What a slot holds once its activity is gone: nothing that keeps memory.
    private static let removed = Activity(
        id: "", owner: "",
        draft: ActivityDraft(
            title: "", language: .en, providers: [], recipientCountries: [], keyAreas: [], kind: .course,
            modality: .inCountry, plannedStart: CalendarDate(dayNumber: 0), plannedEnd: CalendarDate(dayNumber: 0),
            status: .cancelled),
        version: 0, createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))

    /// The number of slots, live or not.
    var capacity: Int { activities.count }

    /// Every live activity, in no particular order.
    public var all: [Activity] { activities.indices.filter { live.contains($0) }.map { activities[$0] } }

    /// Adds `activity`, or replaces the one with its id.
    public mutating func upsert(_ activity: Activity) {
        if slotOf[activity.id] != nil { remove(id: activity.id) }
        place(activity, maintainingOrders: true)
    }

    /// Removes the activity with `id`, if present.
    public mutating func remove(id: String) {
        guard let slot = slotOf.removeValue(forKey: id) else { return }
        let old = activities[slot]
        for field in ActivitySort.Field.allCases {
            let position = lowerBound(orders[field]!, field: field, slot: slot)
            orders[field]!.remove(at: position)
        }
        for (dimension, values) in Self.values(of: old) {
            for value in values { postings[dimension]?[value]?.remove(slot) }
        }
        live.remove(slot)
        deconfliction.remove(slot: slot)
        funding.clear(slot: slot)
        activities[slot] = Self.removed
        search[slot] = []
        keys[slot].title = []
        keys[slot].id = []
    }

    private mutating func place(_ activity: Activity, maintainingOrders: Bool) {
        let slot = activities.count
        activities.append(activity)
        keys.append(Self.keys(of: activity))
        search.append(Array(activity.draft.searchText.utf8))
        slotOf[activity.id] = slot
        live.insert(slot)
        funding.append(activity, slot: slot)
        for (dimension, values) in Self.values(of: activity) {
            for value in values { postings[dimension, default: [:]][value, default: SlotSet()].insert(slot) }
        }
        if maintainingOrders {
            deconfliction.insert(OverlapSubject(activity), at: slot)
            for field in ActivitySort.Field.allCases {
                orders[field]!.insert(Int32(slot), at: lowerBound(orders[field]!, field: field, slot: slot))
            }
        }
    }

    static func keys(of activity: Activity) -> Keys {
        Keys(
            plannedStart: activity.draft.plannedStart.dayNumber,
            updatedAt: Timestamp.milliseconds(of: activity.updatedAt),
            createdAt: Timestamp.milliseconds(of: activity.createdAt),
            title: Array(TextFolding.fold(activity.draft.title).utf8),
            id: Array(activity.id.utf8))
    }

    static func values(of activity: Activity) -> [(Dimension, [String])] {
        let draft = activity.draft
        return [
            (.provider, draft.providers.map(\.organization)), (.country, draft.recipientCountries),
            (.keyArea, draft.keyAreas), (.topic, draft.topics), (.kind, [draft.kind.rawValue]),
            (.status, [String(draft.status.rawValue)]), (.owner, [activity.owner]),
            (.marking, [draft.releasability.marking.rawValue]), (.releasedTo, draft.releasability.releasableTo),
        ]
    }

    // MARK: - Ordering

    /// A sort key: what `ActivitySort.key(of:)` writes as text, held as a value that compares the same way.
    enum SortValue {
        case number(Int)
        case bytes([UInt8])
    }

    func value(_ slot: Int, _ field: ActivitySort.Field) -> SortValue {
        switch field {
        case .plannedStart: .number(keys[slot].plannedStart)
        case .updatedAt: .number(keys[slot].updatedAt)
        case .createdAt: .number(keys[slot].createdAt)
        case .title: .bytes(keys[slot].title)
        }
    }

    /// -1, 0 or 1 as (`value`, `id`) of `slot` sorts before, with, or after (`other`, `otherID`), ascending.
    func compare(_ slot: Int, _ field: ActivitySort.Field, with other: SortValue, _ otherID: [UInt8]) -> Int {
        let primary: Int
        switch (value(slot, field), other) {
        case (.number(let a), .number(let b)): primary = a < b ? -1 : a > b ? 1 : 0
        case (.bytes(let a), .bytes(let b)): primary = Self.compareBytes(a, b)
        default: primary = 0
        }
        return primary != 0 ? primary : Self.compareBytes(keys[slot].id, otherID)
    }

    func precedes(_ a: Int, _ b: Int, by field: ActivitySort.Field) -> Bool {
        compare(a, field, with: value(b, field), keys[b].id) < 0
    }

    static func compareBytes(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let common = min(a.count, b.count)
        var index = 0
        while index < common {
            if a[index] != b[index] { return a[index] < b[index] ? -1 : 1 }
            index += 1
        }
        return a.count == b.count ? 0 : a.count < b.count ? -1 : 1
    }

    /// The first position in `order` whose entry does not sort before `slot`.
    private func lowerBound(_ order: [Int32], field: ActivitySort.Field, slot: Int) -> Int {
        position(in: order, field: field, value: value(slot, field), id: keys[slot].id, strictlyAfter: false)
    }

    /// The first position whose entry sorts after (`value`, `id`), or not before it when not `strictlyAfter`.
    private func position(
        in order: [Int32], field: ActivitySort.Field, value: SortValue, id: [UInt8], strictlyAfter: Bool
    ) -> Int {
        var low = 0
        var high = order.count
        while low < high {
            let middle = (low + high) / 2
            let comparison = compare(Int(order[middle]), field, with: value, id)
            if comparison < 0 || (strictlyAfter && comparison == 0) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    // MARK: - Visibility

    /// The slots `viewer` may see, or nil when they may see everything.
    ///
    /// The set form of ``Releasability/allows(_:owner:)``: public records, members' records for a
    /// member, the records of the viewer's organisation and those below it, and restricted records
    /// released to the viewer's organisation, any organisation above it, or its country.
    public func visible(to viewer: Viewer) -> SlotSet? {
        if viewer.seesEverything { return nil }
        var mask = postings[.marking]?[Marking.public.rawValue] ?? SlotSet()
        guard let principal = viewer.principal else { return mask }
        if principal.isMember, let members = postings[.marking]?[Marking.members.rawValue] {
            mask.formUnion(members)
        }
        for organization in principal.descendants {
            if let owned = postings[.owner]?[organization] { mask.formUnion(owned) }
        }
        for entry in principal.lineage + [principal.country].compactMap({ $0 }) {
            if let released = postings[.releasedTo]?[entry] { mask.formUnion(released) }
        }
        return mask
    }

    /// Whether the live activity `id` is among the slots of `mask` (``visible(to:)``; nil holds every slot).
    public func isVisible(id: String, in mask: SlotSet?) -> Bool {
        guard let slot = slotOf[id] else { return false }
        return mask?.contains(slot) ?? true
    }

    /// The live activity with `id`, when `viewer` may see it.
    public func activity(id: String, for viewer: Viewer) -> Activity? {
        guard let activity = activity(id: id) else { return nil }
        return activity.draft.releasability.allows(viewer, owner: activity.owner) ? activity.redacted(for: viewer) : nil
    }

    // MARK: - Queries

    /// One page of the activities `filter` matches, in `sort` order, after `cursor`.
    ///
    /// `mask`, when given, limits the answer to the slots it holds: the store passes what the caller may see.
    public func query(
        _ filter: ActivityFilter, sort: ActivitySort, limit: Int, cursor: String?, mask: SlotSet? = nil
    ) throws(EnlaceError) -> Page<Activity> {
        var after: (SortValue, [UInt8])?
        if let cursor {
            guard let parsed = PageCursor(token: cursor), parsed.sort == sort.description,
                let value = Self.sortValue(parsed.key, sort.field)
            else { throw .invalid("cursor", .invalidCursor) }
            after = (value, Array(parsed.id.utf8))
        }
        let candidates = self.candidates(filter, mask: mask)
        let residual = self.residual(filter)
        let total =
            residual.map { test in
                var count = 0
                candidates.forEach { if test($0) { count += 1 } }
                return count
            } ?? candidates.count

        // Walk the sort order from the cursor and keep the matches: a bit test per step, and even a
        // rare filter costs one pass over the order, cheaper than sorting its matches.
        var slots: [Int] = []
        slots.reserveCapacity(limit + 1)
        let order = orders[sort.field]!
        var index: Int
        if sort.descending {
            index =
                after.map { position(in: order, field: sort.field, value: $0.0, id: $0.1, strictlyAfter: false) }
                ?? order.count
        } else {
            index =
                after.map { position(in: order, field: sort.field, value: $0.0, id: $0.1, strictlyAfter: true) } ?? 0
        }
        candidates.words.withUnsafeBufferPointer { words in
            order.withUnsafeBufferPointer { order in
                while slots.count <= limit {
                    if sort.descending {
                        guard index > 0 else { break }
                        index -= 1
                    } else {
                        guard index < order.count else { break }
                    }
                    let slot = Int(order[index])
                    let word = slot >> 6
                    if word < words.count, words[word] & (1 << UInt64(slot & 63)) != 0, residual?(slot) != false {
                        slots.append(slot)
                    }
                    if !sort.descending { index += 1 }
                }
            }
        }
        let items = slots.prefix(limit).map { activities[$0] }
        let next =
            slots.count > limit
            ? items.last.map { PageCursor(sort: sort.description, key: sort.key(of: $0), id: $0.id).token } : nil
        return Page(items: items, total: total, nextCursor: next)
    }

    /// How many activities `filter` matches for each value of `dimension`, most first, then by value.
    public func counts(
        _ filter: ActivityFilter, by dimension: Dimension, mask: SlotSet? = nil
    ) -> [(value: String, count: Int)] {
        let candidates = self.candidates(filter, mask: mask)
        let residual = self.residual(filter)
        var result: [(value: String, count: Int)] = []
        for (value, set) in postings[dimension] ?? [:] {
            var count = 0
            if let residual {
                var both = candidates
                both.formIntersection(set)
                both.forEach { if residual($0) { count += 1 } }
            } else {
                count = candidates.intersectionCount(set)
            }
            if count > 0 { result.append((value, count)) }
        }
        return result.sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
    }

    /// The live slots that pass the filter's set-valued fields (and `mask`).
    private func candidates(_ filter: ActivityFilter, mask: SlotSet?) -> SlotSet {
        var result = live
        if let mask { result.formIntersection(mask) }
        func narrow(_ dimension: Dimension, _ values: [String]) {
            guard !values.isEmpty else { return }
            var union = SlotSet()
            for value in values {
                if let set = postings[dimension]?[value] { union.formUnion(set) }
            }
            result.formIntersection(union)
        }
        narrow(.provider, Array(filter.providers))
        narrow(.country, Array(filter.countries))
        narrow(.keyArea, Array(filter.keyAreas))
        narrow(.topic, Array(filter.topics))
        narrow(.kind, filter.kinds.map(\.rawValue))
        narrow(.status, filter.statuses.map { String($0.rawValue) })
        return result
    }

    /// The test for the filter's remaining fields (dates, changes, words), or nil when there are none.
    private func residual(_ filter: ActivityFilter) -> ((Int) -> Bool)? {
        let words = filter.words.map { BytePattern(Array($0.utf8)) }
        let from = filter.from?.dayNumber
        let to = filter.to?.dayNumber
        let startFrom = filter.startFrom?.dayNumber
        let startTo = filter.startTo?.dayNumber
        let since = filter.updatedSince.map(Timestamp.milliseconds(of:))
        guard !words.isEmpty || from != nil || to != nil || startFrom != nil || startTo != nil || since != nil else {
            return nil
        }
        return { slot in
            guard live.contains(slot) else { return false }
            let activity = activities[slot]
            let window = activity.draft.window
            if let from, window.upperBound.dayNumber < from { return false }
            if let to, window.lowerBound.dayNumber > to { return false }
            if let startFrom, keys[slot].plannedStart < startFrom { return false }
            if let startTo, keys[slot].plannedStart > startTo { return false }
            if let since, keys[slot].updatedAt < since { return false }
            for word in words where !word.occurs(in: search[slot]) { return false }
            return true
        }
    }

    static func sortValue(_ key: String, _ field: ActivitySort.Field) -> SortValue? {
        switch field {
        case .plannedStart: CalendarDate(iso: key).map { .number($0.dayNumber) }
        case .updatedAt, .createdAt: Timestamp.parse(key).map { .number(Timestamp.milliseconds(of: $0)) }
        case .title: .bytes(Array(key.utf8))
        }
    }
}
