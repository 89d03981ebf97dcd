/// What the conference decided on a proposal.
public enum ConferenceOutcome: String, CaseIterable, Sendable, Codable {
    case adopted
    case adoptedWithAmendments = "adopted-with-amendments"
    case deferred
    case rejected

    /// Whether the proposal is adopted by it.
    public var adopts: Bool { self == .adopted || self == .adoptedWithAmendments }
}

/// One session of the conference's programme.
public struct ConferenceSession: Sendable, Hashable, Codable {
    /// What the session is.
    public var title: String
    /// Its day.
    public var date: CalendarDate
    /// Its start, `HH:MM`, local to the venue.
    public var start: String
    /// Its end, `HH:MM`.
    public var end: String
    /// Who chairs it, as written.
    public var chair: String
    /// Ids of the proposals presented in it.
    public var proposals: [String]

    /// Creates the session.
    public init(title: String, date: CalendarDate, start: String, end: String, chair: String, proposals: [String]) {
        self.title = title
        self.date = date
        self.start = start
        self.end = end
        self.chair = chair
        self.proposals = proposals
    }
}

/// The content of an international conference.
public struct ConferenceDraft: Sendable, Hashable {
    public var name: String
    public var startsOn: CalendarDate
    public var endsOn: CalendarDate
    /// Where it meets.
    public var venue: String
    /// The programme, in time order.
    public var sessions: [ConferenceSession]
    /// The outcome per proposal id, for proposals it has decided on.
    public var outcomes: [String: ConferenceOutcome]

    /// Creates the draft.
    public init(
        name: String, startsOn: CalendarDate, endsOn: CalendarDate, venue: String,
        sessions: [ConferenceSession] = [], outcomes: [String: ConferenceOutcome] = [:]
    ) {
        self.name = name
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.venue = venue
        self.sessions = sessions
        self.outcomes = outcomes
    }

    /// Every proposal on the programme, each once, in programme order.
    public var proposals: [String] {
        var seen = Set<String>()
        return sessions.flatMap(\.proposals).filter { seen.insert($0).inserted }
    }
}

/// A stored conference.
public struct Conference: Sendable, Hashable, Identifiable {
    public var id: String
    public var draft: ConferenceDraft
    /// Starts at 1 and grows by one with each change.
    public var version: Int

    /// Creates the conference.
    public init(id: String, draft: ConferenceDraft, version: Int) {
        self.id = id
        self.draft = draft
        self.version = version
    }
}

/// A conference as a caller sent it.
public struct ConferenceInput: Sendable, Hashable {
    public struct SessionInput: Sendable, Hashable {
        public var title: String?
        public var date: String?
        public var start: String?
        public var end: String?
        public var chair: String?
        public var proposals: [String]?

        public init(
            title: String? = nil, date: String? = nil, start: String? = nil, end: String? = nil,
            chair: String? = nil, proposals: [String]? = nil
        ) {
            self.title = title
            self.date = date
            self.start = start
            self.end = end
            self.chair = chair
            self.proposals = proposals
        }
    }

    public var name: String?
    public var startsOn: String?
    public var endsOn: String?
    public var venue: String?
    public var sessions: [SessionInput]?
    /// Outcome codes by proposal id.
    public var outcomes: [String: String]?

    /// An empty input.
    public init() {}

    /// The input that describes `draft` exactly.
    public init(_ draft: ConferenceDraft) {
        name = draft.name
        startsOn = draft.startsOn.iso
        endsOn = draft.endsOn.iso
        venue = draft.venue
        sessions = draft.sessions.map {
            SessionInput(
                title: $0.title, date: $0.date.iso, start: $0.start, end: $0.end, chair: $0.chair,
                proposals: $0.proposals)
        }
        outcomes = draft.outcomes.mapValues(\.rawValue)
    }

    /// The conference this input describes; otherwise ``EnlaceError/invalid(_:)`` with every reason.
    /// Whether each proposal may be on the programme is the store's to check.
    public func validated() throws(EnlaceError) -> ConferenceDraft {
        var errors: [FieldError] = []
        let name = Self.text("name", name, required: true, max: ForumLimits.name, &errors)
        let venue = Self.text("venue", venue, required: true, max: ForumLimits.name, &errors)
        let starts = ActivityInput.date("startsOn", startsOn, required: true, &errors)
        let ends = ActivityInput.date("endsOn", endsOn, required: true, &errors)
        if let starts, let ends, ends < starts {
            errors.append(FieldError("endsOn", .endBeforeStart, ["start": starts.iso]))
        }
        let inputs = sessions ?? []
        if inputs.count > ProposalLimits.list {
            errors.append(FieldError("sessions", .tooMany, ["max": "\(ProposalLimits.list)"]))
        }
        var sessions: [ConferenceSession] = []
        for (index, input) in inputs.prefix(ProposalLimits.list).enumerated() {
            let field = "sessions[\(index)]"
            let title = Self.text("\(field).title", input.title, required: true, max: ProposalLimits.title, &errors)
            let chair = Self.text("\(field).chair", input.chair, required: false, max: ForumLimits.name, &errors)
            let date = ActivityInput.date("\(field).date", input.date, required: true, &errors)
            if let date, let starts, let ends, date < starts || date > ends {
                errors.append(FieldError("\(field).date", .outOfRange, ["min": starts.iso, "max": ends.iso]))
            }
            let start = ActivityInput.required("\(field).start", ActivityInput.clean(input.start), &errors) {
                Self.isTime($0) ? $0 : nil
            }
            let end = ActivityInput.required("\(field).end", ActivityInput.clean(input.end), &errors) {
                Self.isTime($0) ? $0 : nil
            }
            if let start, let end, end <= start {
                errors.append(FieldError("\(field).end", .endBeforeStart, ["start": start]))
            }
            let proposals = ActivityInput.codes(
                "\(field).proposals", input.proposals, required: false, &errors, known: ProposalInput.isID)
            if let title, let date, let start, let end {
                sessions.append(
                    ConferenceSession(
                        title: title, date: date, start: start, end: end, chair: chair ?? "", proposals: proposals))
            }
        }
        let programme = Set(sessions.flatMap(\.proposals))
        var decided: [String: ConferenceOutcome] = [:]
        for (proposal, code) in (outcomes ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let outcome = ConferenceOutcome(rawValue: code) else {
                errors.append(FieldError("outcomes.\(proposal)", .unknownCode, ["value": code]))
                continue
            }
            if !programme.contains(proposal) {
                errors.append(FieldError("outcomes.\(proposal)", .notPresented))
                continue
            }
            decided[proposal] = outcome
        }
        guard errors.isEmpty, let name, let venue, let starts, let ends else { throw .invalid(errors) }
        return ConferenceDraft(
            name: name, startsOn: starts, endsOn: ends, venue: venue,
            sessions: sessions.sorted { ($0.date, $0.start) < ($1.date, $1.start) }, outcomes: decided)
    }

    /// Whether `text` is a time of day as `HH:MM`.
    static func isTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]),
            let minute = Int(parts[1])
        else { return false }
        return (0..<24).contains(hour) && (0..<60).contains(minute)
    }

    static func text(
        _ field: String, _ value: String?, required: Bool, max: Int, _ errors: inout [FieldError]
    ) -> String? {
        let text = ActivityInput.clean(value)
        if let text, text.count > max {
            errors.append(FieldError(field, .tooLong, ["max": "\(max)"]))
        } else if text == nil && required {
            errors.append(FieldError(field, .required))
        }
        return text
    }
}
