import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// Meeting series, meetings, agendas, decisions and suggested agenda items over JSON.
///
/// Reads follow the releasability rule (visitors see public records only); writes need a person who
/// may set up series or who chairs the series (``MeetingPolicy``).
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /api/v1/meeting-series | a page of the series the caller may see, each with its next three occurrences |
/// | POST | /api/v1/meeting-series | 201 and the new series; its coming meetings are scheduled |
/// | GET | /api/v1/meeting-series/{id} | the series with `feedUrl`, upcoming occurrences and `ETag` |
/// | PATCH | /api/v1/meeting-series/{id} | changes it (merge patch of the whole input); needs `If-Match` |
/// | GET | /api/v1/meetings | a page of meetings by `series`, `from`, `to`, `status`, `organization`, by start |
/// | POST | /api/v1/meetings | 201: a meeting outside the rhythm (`series`, `start` required) |
/// | GET | /api/v1/meetings/{id} | the meeting, with `ETag` |
/// | PATCH | /api/v1/meetings/{id} | changes it (status, times, place, participants, minutes, marking); `If-Match` |
/// | GET | /api/v1/meetings/{id}/agenda | the agenda in order |
/// | POST | /api/v1/meetings/{id}/agenda | 201: an item (at `position`, or the end) |
/// | PATCH | /api/v1/meetings/{id}/agenda/{item} | moves it to `position` |
/// | DELETE | /api/v1/meetings/{id}/agenda/{item} | 204: removes it |
/// | GET | /api/v1/meetings/{id}/decisions | the decisions by number |
/// | POST | /api/v1/meetings/{id}/decisions | 201: the next numbered decision |
/// | GET | /api/v1/meetings/{id}/suggestions | open overlaps of the track offered for the agenda |
/// | POST | /api/v1/meetings/{id}/suggestions/{overlap} | `{"answer": "accept" or "dismiss"}` |
struct MeetingsAPIController {
    let store: Store
    let clock: WallClock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("meeting-series", use: listSeries)
        group.post("meeting-series", use: createSeries)
        group.get("meeting-series/{id}", use: showSeries)
        group.patch("meeting-series/{id}", use: updateSeries)
        group.get("meetings", use: listMeetings)
        group.post("meetings", use: createMeeting)
        group.get("meetings/{id}", use: showMeeting)
        group.patch("meetings/{id}", use: updateMeeting)
        group.get("meetings/{id}/agenda", use: agenda)
        group.post("meetings/{id}/agenda", use: addAgendaItem)
        group.patch("meetings/{id}/agenda/{item}", use: moveAgendaItem)
        group.delete("meetings/{id}/agenda/{item}", use: removeAgendaItem)
        group.get("meetings/{id}/decisions", use: decisions)
        group.post("meetings/{id}/decisions", use: addDecision)
        group.get("meetings/{id}/suggestions", use: suggestions)
        group.post("meetings/{id}/suggestions/{overlap}", use: answerSuggestion)
    }

    // MARK: Series

    @Sendable func listSeries(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (limit, cursor) = try MemoryPaging.parameters(request.uri.queryParameters)
        let key = try await FeedAddress.key(store, context)
        let list = try await store.meetings.seriesList(for: context.viewer).sorted { Self.key($0) < Self.key($1) }
        let page = try MemoryPaging.page(list, key: Self.key, limit: limit, cursor: cursor)
        return JSONResponse.page(page) { series in
            MeetingDTO.encode(
                series, feedURL: key.map { FeedAddress.series($0, seriesID: series.id, request, context) },
                upcoming: store.meetings.upcomingOccurrences(of: series, limit: 3))
        }
    }

    /// The paging keys: unique, in list order.
    static func key(_ series: MeetingSeries) -> String { series.name + "\u{1}" + series.id }
    static func key(_ meeting: Meeting) -> String { Timestamp.format(meeting.start) + "\u{1}" + meeting.id }

    @Sendable func showSeries(_ request: Request, context: AppRequestContext) async throws -> Response {
        let series = try await store.meetings.series(id: try context.parameters.require("id"), for: context.viewer)
        return try await answer(series, request: request, context: context)
    }

    @Sendable func createSeries(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal(allowedBy: MeetingPolicy.canCreateSeries)
        let (input, errors) = MeetingDTO.decodeSeries(try await JSONResponse.body(of: request, context: context))
        try EnlaceError.rejectShape(errors) { () throws(EnlaceError) in _ = try input.validated(against: store.catalog)
        }
        let series = try await store.meetings.createSeries(input, by: actor)
        return try await answer(series, request: request, context: context, status: .created)
    }

    @Sendable func updateSeries(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let id = try context.parameters.require("id")
        let expected = try ETag.requiredVersion(request)
        let current = try await store.meetings.series(id: id, for: context.viewer)
        let input = try await MergePatch.input(
            request, context: context, current: MeetingDTO.encode(current, feedURL: nil),
            decode: MeetingDTO.decodeSeries
        ) { input throws(EnlaceError) in _ = try input.validated(against: store.catalog) }
        let series = try await store.meetings.updateSeries(id: id, input, expectedVersion: expected, by: actor)
        return try await answer(series, request: request, context: context)
    }

    private func answer(
        _ series: MeetingSeries, request: Request, context: AppRequestContext, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let key = try await FeedAddress.key(store, context)
        return JSONResponse.versioned(
            MeetingDTO.encode(
                series, feedURL: key.map { FeedAddress.series($0, seriesID: series.id, request, context) },
                upcoming: store.meetings.upcomingOccurrences(of: series, limit: 12)),
            version: series.version, status: status)
    }

    // MARK: Meetings

    @Sendable func listMeetings(_ request: Request, context: AppRequestContext) async throws -> Response {
        var query = QueryReader(
            request.uri.queryParameters,
            allowed: ["series", "from", "to", "status", "organization", "limit", "cursor"])
        var filter = MeetingFilter()
        filter.seriesID = query.value("series")
        filter.from = query.date("from").map { $0.midnightUTC }
        filter.to = query.date("to").map { $0.adding(days: 1).midnightUTC }
        filter.status = query.code("status") { MeetingStatus(rawValue: $0) }
        filter.organization = query.value("organization")
        let limit = query.limit()
        try query.finish(strict: true)
        let list = try await store.meetings.meetings(filter, for: context.viewer).sorted { Self.key($0) < Self.key($1) }
        let page = try MemoryPaging.page(
            list, key: Self.key, limit: limit, cursor: request.uri.queryParameters.cursor)
        return JSONResponse.page(page, MeetingDTO.encode)
    }

    @Sendable func showMeeting(_ request: Request, context: AppRequestContext) async throws -> Response {
        let meeting = try await store.meetings.meeting(id: try context.parameters.require("id"), for: context.viewer)
        return JSONResponse.versioned(MeetingDTO.encode(meeting), version: meeting.version)
    }

    @Sendable func createMeeting(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let (input, series, errors) = MeetingDTO.decodeMeeting(
            try await JSONResponse.body(of: request, context: context), creating: true)
        guard errors.isEmpty, let series else { throw EnlaceError.invalid(errors) }
        let meeting = try await store.meetings.createMeeting(seriesID: series, input, by: actor)
        return JSONResponse.versioned(MeetingDTO.encode(meeting), version: meeting.version, status: .created)
    }

    @Sendable func updateMeeting(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let expected = try ETag.requiredVersion(request)
        let body = try await MergePatch.body(of: request, context: context)
        let (input, _, errors) = MeetingDTO.decodeMeeting(body, creating: false)
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
        let meeting = try await store.meetings.updateMeeting(
            id: try context.parameters.require("id"), input, expectedVersion: expected, by: actor)
        return JSONResponse.versioned(MeetingDTO.encode(meeting), version: meeting.version)
    }

    // MARK: Agenda, decisions, suggestions

    @Sendable func agenda(_ request: Request, context: AppRequestContext) async throws -> Response {
        let items = try await store.meetings.agenda(
            meetingID: try context.parameters.require("id"), for: context.viewer)
        return JSONResponse.make(.object([("items", .array(items.map(MeetingDTO.encode)))]))
    }

    @Sendable func addAgendaItem(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        let (input, errors) = MeetingDTO.decodeAgendaItem(try await JSONResponse.body(of: request, context: context))
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
        let item = try await store.meetings.addAgendaItem(
            meetingID: try context.parameters.require("id"), input, by: actor)
        return JSONResponse.make(MeetingDTO.encode(item), status: .created)
    }

    @Sendable func moveAgendaItem(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        var reader = FieldReader(try await JSONResponse.body(of: request, context: context))
        let position = reader.integer("position")
        reader.rejectUnknown()
        var errors = reader.errors
        if position == nil && errors.isEmpty { errors.append(FieldError("position", .required)) }
        if let position, !MeetingLimits.positions.contains(position) {
            errors.append(
                FieldError("position", .outOfRange, ["min": "1", "max": "\(MeetingLimits.positions.upperBound)"]))
        }
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
        let meetingID = try context.parameters.require("id")
        try await store.meetings.moveAgendaItem(
            meetingID: meetingID, itemID: try context.parameters.require("item"), to: position, by: actor)
        return try await agenda(request, context: context)
    }

    @Sendable func removeAgendaItem(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        try await store.meetings.moveAgendaItem(
            meetingID: try context.parameters.require("id"), itemID: try context.parameters.require("item"), to: nil,
            by: actor)
        return Response(status: .noContent)
    }

    @Sendable func decisions(_ request: Request, context: AppRequestContext) async throws -> Response {
        let list = try await store.meetings.decisions(
            meetingID: try context.parameters.require("id"), for: context.viewer)
        return JSONResponse.make(.object([("items", .array(list.map(MeetingDTO.encode)))]))
    }

    @Sendable func addDecision(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        var reader = FieldReader(try await JSONResponse.body(of: request, context: context))
        let text = reader.string("text")
        reader.rejectUnknown()
        if !reader.errors.isEmpty { throw EnlaceError.invalid(reader.errors) }
        let decision = try await store.meetings.addDecision(
            meetingID: try context.parameters.require("id"), text: text, by: actor)
        return JSONResponse.make(MeetingDTO.encode(decision), status: .created)
    }

    @Sendable func suggestions(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let views = try await store.meetings.suggestions(
            meetingID: try context.parameters.require("id"), for: context.viewer)
        return JSONResponse.make(
            .object([
                (
                    "items",
                    .array(
                        views.map { view in
                            .object([
                                ("overlap", .string(view.record.id)),
                                ("score", .number(view.record.assessment.score)),
                                ("activities", .strings([view.first.id, view.second.id])),
                                ("titles", .strings([view.first.draft.title, view.second.draft.title])),
                            ])
                        })
                )
            ]))
    }

    @Sendable func answerSuggestion(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requirePrincipal()
        var reader = FieldReader(try await JSONResponse.body(of: request, context: context))
        let answer = reader.string("answer")
        reader.rejectUnknown()
        var errors = reader.errors
        if answer == nil && errors.isEmpty { errors.append(FieldError("answer", .required)) }
        if let answer, !["accept", "dismiss"].contains(answer) {
            errors.append(FieldError("answer", .unknownCode, ["value": answer]))
        }
        if !errors.isEmpty { throw EnlaceError.invalid(errors) }
        let item = try await store.meetings.answerSuggestion(
            meetingID: try context.parameters.require("id"), overlapID: try context.parameters.require("overlap"),
            accept: answer == "accept", by: actor)
        return JSONResponse.make(
            .object([("answer", .string(answer)), ("agendaItem", item.map(MeetingDTO.encode) ?? .null)]))
    }
}
