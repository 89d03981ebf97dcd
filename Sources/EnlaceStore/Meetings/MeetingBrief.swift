public import EnlaceCore
public import Foundation

/// A meeting's briefing pack, compiled for one reader at the moment they open it.
public struct MeetingBrief: Sendable {
    /// The meeting.
    public var meeting: Meeting
    /// Its series.
    public var series: MeetingSeries
    /// The agenda, in order.
    public var agenda: [AgendaItem]
    /// The days around the meeting the pack looks at.
    public var window: ClosedRange<CalendarDate>
    /// The track's activities that started in the window, up to the meeting.
    public var started: [Activity]
    /// The track's activities that ended in the window, up to the meeting.
    public var ended: [Activity]
    /// The track's activities planned to start after the meeting, within the window.
    public var planned: [Activity]
    /// The track's open overlaps.
    public var openOverlaps: [OverlapView]
    /// The overdue action items of the attending organisations.
    public var overdueActions: [ActionItem]
    /// The coverage cells of the track's key areas that hold activities or open overlaps.
    public var coverage: [CoverageCell]
    /// How many cells of the track are gaps.
    public var coverageGaps: Int
    /// The series' meeting before this one, if any.
    public var previousMeeting: Meeting?
    /// Its decisions.
    public var previousDecisions: [Decision]
    /// When the pack was compiled.
    public var compiledAt: Date
}

extension Store {
    /// Days before and after a meeting that its briefing pack looks at.
    public static let briefWindowDays = 90

    /// The briefing pack of meeting `meetingID`, with only what `viewer` may see.
    public func brief(meetingID: String, for viewer: Viewer, now: Date) async throws -> MeetingBrief {
        let (meeting, series) = try await meetings.meetingWithSeries(id: meetingID, for: viewer)
        let day = meeting.localDate
        let window = day.adding(days: -Self.briefWindowDays)...day.adding(days: Self.briefWindowDays)
        var filter = ActivityFilter()
        filter.keyAreas = Set(series.keyAreas)
        filter.from = window.lowerBound
        filter.to = window.upperBound
        let index = try await activities.readModel.index(database)
        var started: [Activity] = []
        var ended: [Activity] = []
        var planned: [Activity] = []
        index.forEach(in: index.visible(to: viewer)) { activity in
            guard filter.matches(activity) else { return }
            let span = activity.draft.window
            if span.lowerBound > day {
                planned.append(activity)
            } else if span.lowerBound >= window.lowerBound {
                started.append(activity)
            }
            if span.upperBound >= window.lowerBound && span.upperBound <= day { ended.append(activity) }
        }
        started.sort { ($0.draft.window.lowerBound, $0.id) < ($1.draft.window.lowerBound, $1.id) }
        ended.sort { ($0.draft.window.upperBound, $0.id) < ($1.draft.window.upperBound, $1.id) }
        planned.sort { ($0.draft.window.lowerBound, $0.id) < ($1.draft.window.lowerBound, $1.id) }

        var openOverlaps: [String: OverlapView] = [:]
        for area in series.keyAreas {
            let list = try await overlaps.list(
                OverlapFilter(keyArea: area, status: .open), limit: 500, cursor: nil, for: viewer)
            for view in list.page.items { openOverlaps[view.record.id] = view }
        }
        let today = MeetingClock.local(now, in: TimeZone(identifier: meeting.timeZone) ?? .gmt).date
        var actionFilter = ActionItemFilter()
        actionFilter.owners = Set(meeting.organizations)
        actionFilter.overdueOn = today
        let overdue = try await meetings.actionItems(actionFilter, for: viewer)

        let matrix = try await coverage(window: window, for: viewer)
        let trackCells = matrix.cells.filter { series.keyAreas.contains($0.area) }
        var earlier = MeetingFilter()
        earlier.seriesID = series.id
        earlier.to = meeting.start
        let previous = try await meetings.meetings(earlier, for: viewer).last {
            $0.id != meeting.id && $0.status != .cancelled
        }
        var previousDecisions: [Decision] = []
        if let previous { previousDecisions = try await meetings.decisions(meetingID: previous.id, for: viewer) }
        return MeetingBrief(
            meeting: meeting, series: series, agenda: try await meetings.agenda(meetingID: meetingID, for: viewer),
            window: window, started: started, ended: ended, planned: planned,
            openOverlaps: openOverlaps.values.sorted {
                ($0.record.assessment.score, $1.record.id) > ($1.record.assessment.score, $0.record.id)
            },
            overdueActions: overdue,
            coverage: trackCells.filter { $0.activities > 0 || $0.openOverlaps > 0 },
            coverageGaps: trackCells.filter(\.isGap).count, previousMeeting: previous,
            previousDecisions: previousDecisions,
            compiledAt: now)
    }
}
