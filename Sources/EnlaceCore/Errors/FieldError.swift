/// What is wrong with one field of an input; the web layer turns `code` and `parameters` into words.
public struct FieldError: Sendable, Hashable, Codable {
    /// Why a field was refused.
    public enum Code: String, Sendable, Codable, CaseIterable {
        case required
        case invalidType = "invalid_type"
        case invalidFormat = "invalid_format"
        case tooShort = "too_short"
        case tooLong = "too_long"
        case tooMany = "too_many"
        case outOfRange = "out_of_range"
        case negative
        case tooPrecise = "too_precise"
        case unknownCode = "unknown_code"
        case unknownField = "unknown_field"
        case duplicate
        case endBeforeStart = "end_before_start"
        case topicOutsideAreas = "topic_outside_areas"
        case incomplete
        case invalidCursor = "invalid_cursor"
        case commonPassword = "common_password"
        case predictable
        case containsPersonalInfo = "contains_personal_info"
        case taken
        case expired
        case forbidden
        case releaseListNotAllowed = "release_list_not_allowed"
        case notInPair = "not_in_pair"
        case onlyForDuplicates = "only_for_duplicates"
        case invalidRule = "invalid_rule"
        case vettingNotCleared = "vetting_not_cleared"
        case periodTooLong = "period_too_long"
        case indicatorOutsideAreas = "indicator_outside_areas"
        case invalidTransition = "invalid_transition"
        case notEditable = "not_editable"
        case roundOpen = "round_open"
        case roundClosed = "round_closed"
        case notInvited = "not_invited"
        case notPresented = "not_presented"
        case notAdopted = "not_adopted"
        case cycle
        /// A secret the person had to know (their password, a current code) is not the right one.
        case incorrect
        /// Two entries that must be the same (a new password and its confirmation) differ.
        case mismatch
        /// The overlap is decided or no longer found: there is nothing to tell anyone about.
        case notOpen = "not_open"
        /// An administrator may not deactivate their own account or take their own administrator role away.
        case ownAccount = "own_account"
        /// The member is set when the record is created and never changes (a focal point's forum).
        case unchangeable
    }

    /// A JSON-pointer-like path in API field names, for example `providers[1].organization`.
    public let field: String
    /// The machine-readable reason.
    public let code: Code
    /// Values the message needs, for example `["max": "300"]`.
    public let parameters: [String: String]

    /// Creates the error.
    public init(_ field: String, _ code: Code, _ parameters: [String: String] = [:]) {
        self.field = field
        self.code = code
        self.parameters = parameters
    }
}
