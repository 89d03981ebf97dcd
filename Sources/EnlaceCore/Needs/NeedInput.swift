/// The limits a need keeps.
public enum NeedLimits {
    /// Title length.
    public static let title = 3...200
    /// Institution length.
    public static let institution = 300
    /// Description length.
    public static let description = 10_000
    /// Priorities.
    public static let priority = 1...3
}

/// A need as a caller sent it.
public struct NeedInput: Sendable, Hashable {
    public var title: String?
    public var country: String?
    public var institution: String?
    public var keyAreas: [String]?
    public var topics: [String]?
    public var description: String?
    public var priority: Int?
    public var windowStart: String?
    public var windowEnd: String?
    public var people: Int?
    public var budget: ActivityInput.BudgetInput?
    /// A ``NeedStatus`` code, or nil for "follow the links".
    public var status: String?
    public var releasability: ActivityInput.ReleasabilityInput?

    /// An empty input.
    public init() {}

    /// The input that describes `draft` exactly.
    public init(_ draft: NeedDraft) {
        title = draft.title
        country = draft.country
        institution = draft.institution
        keyAreas = draft.keyAreas
        topics = draft.topics
        description = draft.description
        priority = draft.priority
        windowStart = draft.windowStart.iso
        windowEnd = draft.windowEnd.iso
        people = draft.people
        budget = draft.budget.map { .init(amount: $0.amountText, currency: $0.currency) }
        status = draft.statusOverride?.rawValue
        releasability = .init(
            marking: draft.releasability.marking.rawValue, releasableTo: draft.releasability.releasableTo)
    }

    /// The need this input describes; otherwise ``EnlaceError/invalid(_:)`` with every reason.
    public func validated(against catalog: ReferenceCatalog) throws(EnlaceError) -> NeedDraft {
        var errors: [FieldError] = []
        let title = ActivityInput.clean(title)
        if let title {
            if !NeedLimits.title.contains(title.count) {
                errors.append(
                    FieldError(
                        "title", title.count < NeedLimits.title.lowerBound ? .tooShort : .tooLong,
                        ["min": "\(NeedLimits.title.lowerBound)", "max": "\(NeedLimits.title.upperBound)"]))
            }
        } else {
            errors.append(FieldError("title", .required))
        }
        let country = ActivityInput.required("country", ActivityInput.clean(country), &errors) {
            catalog.country($0) != nil ? $0 : nil
        }
        let institution = ActivityInput.clean(institution)
        if institution == nil { errors.append(FieldError("institution", .required)) }
        if let institution, institution.count > NeedLimits.institution {
            errors.append(FieldError("institution", .tooLong, ["max": "\(NeedLimits.institution)"]))
        }
        let (areas, topicSlugs) = ActivityInput.areasAndTopics(
            keyAreas, topics, required: true, catalog: catalog, &errors)
        let description = ActivityInput.clean(description) ?? ""
        if description.count > NeedLimits.description {
            errors.append(FieldError("description", .tooLong, ["max": "\(NeedLimits.description)"]))
        }
        if let priority, !NeedLimits.priority.contains(priority) {
            errors.append(FieldError("priority", .outOfRange, ["min": "1", "max": "3"]))
        } else if priority == nil {
            errors.append(FieldError("priority", .required))
        }
        let start = ActivityInput.date("windowStart", windowStart, required: true, &errors)
        let end = ActivityInput.date("windowEnd", windowEnd, required: true, &errors)
        if let start, let end, end < start {
            errors.append(FieldError("windowEnd", .endBeforeStart, ["start": start.iso]))
        }
        if let people, !ActivityLimits.participants.contains(people) {
            errors.append(
                FieldError(
                    "people", people < 0 ? .negative : .outOfRange,
                    ["min": "0", "max": "\(ActivityLimits.participants.upperBound)"]))
        }
        let money = ActivityInput.money("budget", budget, required: false, catalog: catalog, &errors)
        var override: NeedStatus?
        if let status = ActivityInput.clean(status) {
            override = NeedStatus(rawValue: status)
            if override == nil { errors.append(FieldError("status", .unknownCode, ["value": status])) }
        }
        let releasability = ActivityInput.releasability(releasability, catalog: catalog, &errors)
        guard errors.isEmpty, let title, let country, let institution, let priority, let start, let end else {
            throw .invalid(errors)
        }
        return NeedDraft(
            title: title, country: country, institution: institution, keyAreas: areas, topics: topicSlugs,
            description: description, priority: priority, windowStart: start, windowEnd: end, people: people,
            budget: money, statusOverride: override, releasability: releasability)
    }
}
