public import Foundation

/// Which activities a list shows. Values within a field are alternatives; fields narrow each other.
public struct ActivityFilter: Sendable, Hashable {
    /// Organisation codes of providers, in any role.
    public var providers: Set<String> = []
    /// Recipient country codes.
    public var countries: Set<String> = []
    /// Key area slugs.
    public var keyAreas: Set<String> = []
    /// Topic slugs.
    public var topics: Set<String> = []
    /// Activity kinds.
    public var kinds: Set<ActivityKind> = []
    /// Activity statuses.
    public var statuses: Set<ActivityStatus> = []
    /// The first day of the window the activity must overlap.
    public var from: CalendarDate?
    /// The last day of the window the activity must overlap.
    public var to: CalendarDate?
    /// Only activities planned to start on or after this day.
    public var startFrom: CalendarDate?
    /// Only activities planned to start on or before this day.
    public var startTo: CalendarDate?
    /// Only activities changed at or after this instant.
    public var updatedSince: Date?
    /// Words that must all occur, folded, in title, description or beneficiary.
    public var text: String?

    /// Creates a filter that matches every activity.
    public init() {}

    /// The most words a text search may have: each costs a pass over the text of every candidate.
    public static let maxWords = 8

    /// The folded words of ``text``, each once; each must occur in a matching activity.
    public var words: [String] {
        guard let text else { return [] }
        var seen: Set<String> = []
        return TextFolding.fold(text).split(separator: " ").map(String.init).filter { seen.insert($0).inserted }
    }

    /// Whether `activity` passes the filter. This is the specification the store's queries must agree with.
    public func matches(_ activity: Activity) -> Bool {
        let draft = activity.draft
        if !providers.isEmpty && !draft.providers.contains(where: { providers.contains($0.organization) }) {
            return false
        }
        if !countries.isEmpty && countries.isDisjoint(with: draft.recipientCountries) { return false }
        if !keyAreas.isEmpty && keyAreas.isDisjoint(with: draft.keyAreas) { return false }
        if !topics.isEmpty && topics.isDisjoint(with: draft.topics) { return false }
        if !kinds.isEmpty && !kinds.contains(draft.kind) { return false }
        if !statuses.isEmpty && !statuses.contains(draft.status) { return false }
        let window = draft.window
        if let from, window.upperBound < from { return false }
        if let to, window.lowerBound > to { return false }
        if let startFrom, draft.plannedStart < startFrom { return false }
        if let startTo, draft.plannedStart > startTo { return false }
        if let updatedSince, activity.updatedAt < updatedSince { return false }
        let words = self.words
        if !words.isEmpty {
            let haystack = draft.searchText
            if !words.allSatisfy({ haystack.contains($0) }) { return false }
        }
        return true
    }
}
