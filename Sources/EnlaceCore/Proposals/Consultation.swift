public import Foundation

/// A member state's answer to a proposal in a consultation round.
public enum Stance: String, CaseIterable, Sendable, Codable {
    case support
    case supportWithAmendments = "support-with-amendments"
    case object
    case abstain
}

/// A technical consultation round: one version of a proposal put to the invited member states until a
/// closing date.
public struct ConsultationRound: Sendable, Hashable, Identifiable {
    /// The stable identifier.
    public var id: String
    /// The proposal.
    public var proposalID: String
    /// Its number within the proposal, from 1.
    public var number: Int
    /// The text version under consultation.
    public var textVersion: Int
    /// The last day positions are taken (inclusive, UTC).
    public var closesOn: CalendarDate
    /// Codes of the invited member organisations (governments).
    public var invited: [String]
    /// The meeting at which the consultation is held, if any.
    public var meetingID: String?
    /// When it opened.
    public var openedAt: Date
    /// When the workflow closed it before its date (the proposal moved on), if it did.
    public var closedAt: Date?

    /// Creates the round.
    public init(
        id: String, proposalID: String, number: Int, textVersion: Int, closesOn: CalendarDate, invited: [String],
        meetingID: String?, openedAt: Date, closedAt: Date?
    ) {
        self.id = id
        self.proposalID = proposalID
        self.number = number
        self.textVersion = textVersion
        self.closesOn = closesOn
        self.invited = invited
        self.meetingID = meetingID
        self.openedAt = openedAt
        self.closedAt = closedAt
    }

    /// Whether positions are still taken on `today`.
    public func isOpen(on today: CalendarDate) -> Bool { closedAt == nil && today <= closesOn }
}

/// One member's position in a round.
public struct Position: Sendable, Hashable {
    /// The round.
    public var roundID: String
    /// The member organisation answering.
    public var member: String
    /// Its answer.
    public var stance: Stance
    /// Comments by section; `general` for the proposal as a whole.
    public var comments: [String: String]
    /// The email of who recorded it last.
    public var recordedBy: String
    /// When it was last recorded.
    public var updatedAt: Date
    /// How many times it was recorded (1 for a first answer).
    public var revision: Int

    /// Creates the position.
    public init(
        roundID: String, member: String, stance: Stance, comments: [String: String], recordedBy: String,
        updatedAt: Date, revision: Int
    ) {
        self.roundID = roundID
        self.member = member
        self.stance = stance
        self.comments = comments
        self.recordedBy = recordedBy
        self.updatedAt = updatedAt
        self.revision = revision
    }

    /// The keys comments may use: the five sections, then `general`.
    public static let commentKeys = ProposalSection.allCases.map(\.rawValue) + ["general"]
}

/// A round as the secretariat opens it.
public struct RoundInput: Sendable, Hashable {
    /// The text version; the current one when absent.
    public var textVersion: Int?
    /// `YYYY-MM-DD`.
    public var closesOn: String?
    public var invited: [String]?
    public var meetingID: String?

    /// An empty input.
    public init() {}

    /// The version, closing date, invited members and meeting; otherwise ``EnlaceError/invalid(_:)``.
    /// `isInvitable` says whether a code is a member that may be invited.
    public func validated(
        today: CalendarDate, versions: Int, isInvitable: (String) -> Bool
    ) throws(EnlaceError) -> (textVersion: Int, closesOn: CalendarDate, invited: [String], meetingID: String?) {
        var errors: [FieldError] = []
        let version = textVersion ?? versions
        if !(1...max(versions, 1)).contains(version) {
            errors.append(FieldError("textVersion", .outOfRange, ["min": "1", "max": "\(versions)"]))
        }
        let closes = ActivityInput.date("closesOn", closesOn, required: true, &errors)
        if let closes, closes < today || closes > today.adding(days: ProposalLimits.roundDays) {
            errors.append(
                FieldError(
                    "closesOn", .outOfRange,
                    ["min": today.iso, "max": today.adding(days: ProposalLimits.roundDays).iso]))
        }
        let invited = ActivityInput.codes("invited", invited, required: true, &errors, known: isInvitable)
        let meeting = ActivityInput.clean(meetingID)
        guard errors.isEmpty, let closes else { throw .invalid(errors) }
        return (version, closes, invited, meeting)
    }
}

/// A position as a member sent it.
public struct PositionInput: Sendable, Hashable {
    /// A ``Stance`` code.
    public var stance: String?
    /// Comments by section code or `general`.
    public var comments: [String: String]?

    /// An empty input.
    public init() {}

    /// The stance and comments; otherwise ``EnlaceError/invalid(_:)``. Support with amendments and an
    /// objection must say what, in at least one comment.
    public func validated() throws(EnlaceError) -> (Stance, [String: String]) {
        var errors: [FieldError] = []
        let stance = ActivityInput.required("stance", ActivityInput.clean(stance), &errors) { Stance(rawValue: $0) }
        var kept: [String: String] = [:]
        for (key, raw) in (comments ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard Position.commentKeys.contains(key) else {
                errors.append(FieldError("comments.\(key)", .unknownField))
                continue
            }
            guard let text = ActivityInput.clean(raw) else { continue }
            if text.count > ProposalLimits.note {
                errors.append(FieldError("comments.\(key)", .tooLong, ["max": "\(ProposalLimits.note)"]))
            }
            kept[key] = text
        }
        if let stance, stance == .supportWithAmendments || stance == .object, kept.isEmpty {
            errors.append(FieldError("comments", .required))
        }
        guard errors.isEmpty, let stance else { throw .invalid(errors) }
        return (stance, kept)
    }
}

/// What a round's page shows: who answered, how, and what they said, section by section.
public struct RoundTally: Sendable, Hashable {
    /// One comment, with who made it and their stance.
    public struct Comment: Sendable, Hashable {
        public var member: String
        public var stance: Stance
        public var text: String
    }

    /// Answers per stance, every stance present.
    public var counts: [Stance: Int]
    /// Invited members that answered, in invitation order.
    public var answered: [String]
    /// Invited members that have not.
    public var pending: [String]
    /// Comments by key (section code or `general`), in ``Position/commentKeys`` order of keys.
    public var comments: [(key: String, comments: [Comment])]

    /// The tally of `positions` in `round`; positions of members no longer invited are left out.
    public init(round: ConsultationRound, positions: [Position]) {
        let byMember = Dictionary(positions.map { ($0.member, $0) }, uniquingKeysWith: { first, _ in first })
        counts = Dictionary(uniqueKeysWithValues: Stance.allCases.map { ($0, 0) })
        answered = []
        pending = []
        for member in round.invited {
            guard let position = byMember[member] else {
                pending.append(member)
                continue
            }
            answered.append(member)
            counts[position.stance, default: 0] += 1
        }
        comments = Position.commentKeys.compactMap { key in
            let found = round.invited.compactMap { member -> Comment? in
                guard let position = byMember[member], let text = position.comments[key] else { return nil }
                return Comment(member: member, stance: position.stance, text: text)
            }
            return found.isEmpty ? nil : (key, found)
        }
    }

    public static func == (lhs: RoundTally, rhs: RoundTally) -> Bool {
        lhs.counts == rhs.counts && lhs.answered == rhs.answered && lhs.pending == rhs.pending
            && lhs.comments.map(\.key) == rhs.comments.map(\.key)
            && lhs.comments.map(\.comments) == rhs.comments.map(\.comments)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(answered)
        hasher.combine(pending)
    }
}
