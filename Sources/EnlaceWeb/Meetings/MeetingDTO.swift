import EnlaceCore
import EnlaceStore
import Foundation

/// Meeting records as the API writes and reads them.
enum MeetingDTO {
    // MARK: Series

    static func encode(
        _ series: MeetingSeries, feedURL: String?, upcoming: [RecurrenceSchedule.Occurrence] = []
    ) -> JSONValue {
        .object([
            ("id", .string(series.id)), ("owner", .string(series.owner)), ("name", .string(series.name)),
            ("level", .string(series.level.rawValue)), ("keyAreas", .strings(series.keyAreas)),
            ("chairs", .strings(series.chairs)), ("members", .strings(series.members)),
            ("timeZone", .string(series.timeZone)), ("firstDate", .string(series.firstDate.iso)),
            ("startTime", .string(series.startTime)), ("durationMinutes", .integer(series.durationMinutes)),
            ("rhythm", .string(series.rhythm.text)), ("venue", .string(series.venue)),
            ("virtualLink", .string(series.virtualLink)),
            ("releasability", CommonDTO.releasability(series.releasability)),
            ("feedUrl", .string(feedURL)),
            (
                "upcoming",
                .array(
                    upcoming.map { occurrence in
                        .object([
                            ("date", .string(occurrence.date.iso)),
                            ("start", .string(Timestamp.format(occurrence.start))),
                            ("end", .string(Timestamp.format(occurrence.end))),
                        ])
                    })
            ),
            ("version", .integer(series.version)), ("createdAt", .string(Timestamp.format(series.createdAt))),
            ("updatedAt", .string(Timestamp.format(series.updatedAt))),
        ])
    }

    static func decodeSeries(_ body: JSONValue) -> (SeriesInput, [FieldError]) {
        var reader = FieldReader(body)
        var input = SeriesInput()
        input.name = reader.string("name")
        input.level = reader.string("level")
        input.keyAreas = reader.strings("keyAreas")
        input.chairs = reader.strings("chairs")
        input.members = reader.strings("members")
        input.timeZone = reader.string("timeZone")
        input.firstDate = reader.string("firstDate")
        input.startTime = reader.string("startTime")
        input.durationMinutes = reader.integer("durationMinutes")
        input.rhythm = reader.string("rhythm")
        input.venue = reader.string("venue")
        input.virtualLink = reader.string("virtualLink")
        input.releasability = CommonDTO.readReleasability(&reader)
        for member in ["id", "owner", "feedUrl", "upcoming", "version", "createdAt", "updatedAt"] {
            _ = reader.value(member)
        }
        reader.rejectUnknown()
        return (input, reader.errors)
    }

    // MARK: Meetings

    static func encode(_ meeting: Meeting) -> JSONValue {
        let zone = TimeZone(identifier: meeting.timeZone) ?? .gmt
        return .object([
            ("id", .string(meeting.id)), ("series", .string(meeting.seriesID)), ("owner", .string(meeting.owner)),
            ("title", .string(meeting.title)), ("start", .string(MeetingClock.localText(meeting.start, in: zone))),
            ("end", .string(MeetingClock.localText(meeting.end, in: zone))), ("timeZone", .string(meeting.timeZone)),
            ("startsAt", .string(Timestamp.format(meeting.start))), ("endsAt", .string(Timestamp.format(meeting.end))),
            ("occurrence", .string(meeting.occurrence?.iso)), ("venue", .string(meeting.venue)),
            ("virtualLink", .string(meeting.virtualLink)), ("status", .string(meeting.status.rawValue)),
            (
                "participants",
                .array(
                    meeting.participants.map { participant in
                        .object([
                            ("organization", .string(participant.organization)),
                            ("person", .string(participant.person)), ("name", .string(participant.name)),
                            ("role", .string(participant.role.rawValue)),
                            ("attendance", .string(participant.attendance.rawValue)),
                        ])
                    })
            ),
            ("minutes", .string(meeting.minutes)), ("releasability", CommonDTO.releasability(meeting.releasability)),
            ("sequence", .integer(meeting.sequence)), ("version", .integer(meeting.version)),
            ("createdAt", .string(Timestamp.format(meeting.createdAt))),
            ("updatedAt", .string(Timestamp.format(meeting.updatedAt))),
        ])
    }

    /// The meeting input a body describes; for a new meeting, also its series.
    static func decodeMeeting(_ body: JSONValue, creating: Bool) -> (MeetingInput, String?, [FieldError]) {
        var reader = FieldReader(body)
        var input = MeetingInput()
        let series = creating ? reader.string("series") : nil
        input.title = reader.string("title")
        input.start = reader.string("start")
        input.end = reader.string("end")
        input.timeZone = reader.string("timeZone")
        input.venue = reader.string("venue")
        input.virtualLink = reader.string("virtualLink")
        input.status = reader.string("status")
        input.minutes = reader.string("minutes")
        input.participants = reader.objects("participants") { participant in
            _ = participant.value("name")
            return MeetingInput.ParticipantInput(
                organization: participant.string("organization"), person: participant.string("person"),
                role: participant.string("role"), attendance: participant.string("attendance"))
        }
        input.releasability = CommonDTO.readReleasability(&reader)
        for member in [
            "id", "owner", "occurrence", "startsAt", "endsAt", "sequence", "version", "createdAt", "updatedAt",
        ] + (creating ? [] : ["series"]) {
            _ = reader.value(member)
        }
        reader.rejectUnknown()
        var errors = reader.errors
        if creating && series == nil { errors.append(FieldError("series", .required)) }
        return (input, series, errors)
    }

    // MARK: Agenda, decisions, action items

    static func encode(_ item: AgendaItem) -> JSONValue {
        .object([
            ("id", .string(item.id)), ("position", .integer(item.position)), ("title", .string(item.title)),
            ("withheld", .bool(item.withheld)), ("presenter", .string(item.presenter)), ("notes", .string(item.notes)),
            (
                "links",
                .array(
                    item.links.map {
                        .object([("kind", .string($0.kind.rawValue)), ("reference", .string($0.reference))])
                    })
            ),
        ])
    }

    static func decodeAgendaItem(_ body: JSONValue) -> (AgendaItemInput, [FieldError]) {
        var reader = FieldReader(body)
        var input = AgendaItemInput()
        input.title = reader.string("title")
        input.presenter = reader.string("presenter")
        input.notes = reader.string("notes")
        input.position = reader.integer("position")
        input.links = reader.objects("links") { link in
            AgendaItemInput.LinkInput(kind: link.string("kind"), reference: link.string("reference"))
        }
        _ = reader.value("id")
        _ = reader.value("withheld")
        reader.rejectUnknown()
        return (input, reader.errors)
    }

    static func encode(_ decision: Decision) -> JSONValue {
        .object([
            ("id", .string(decision.id)), ("meeting", .string(decision.meetingID)),
            ("number", .integer(decision.number)), ("text", .string(decision.text)),
            ("createdAt", .string(Timestamp.format(decision.createdAt))),
        ])
    }

    static func encode(_ item: ActionItem, today: CalendarDate) -> JSONValue {
        .object([
            ("id", .string(item.id)), ("meeting", .string(item.meetingID)), ("decision", .string(item.decisionID)),
            ("text", .string(item.text)), ("owner", .string(item.owner)), ("assignee", .string(item.assignee)),
            ("assigneeName", .string(item.assigneeName)), ("due", .string(item.due.iso)),
            ("status", .string(item.status.rawValue)), ("overdue", .bool(item.isOverdue(today: today))),
            ("sequence", .integer(item.sequence)), ("version", .integer(item.version)),
            ("createdAt", .string(Timestamp.format(item.createdAt))),
            ("updatedAt", .string(Timestamp.format(item.updatedAt))),
        ])
    }

    /// The action item input a body describes; for a new item, also its meeting.
    static func decodeActionItem(_ body: JSONValue, creating: Bool) -> (ActionItemInput, String?, [FieldError]) {
        var reader = FieldReader(body)
        var input = ActionItemInput()
        let meeting = creating ? reader.string("meeting") : nil
        input.text = reader.string("text")
        input.owner = reader.string("owner")
        input.assignee = reader.string("assignee")
        input.due = reader.string("due")
        input.status = reader.string("status")
        input.decision = reader.string("decision")
        for member in ["id", "assigneeName", "overdue", "sequence", "version", "createdAt", "updatedAt"]
            + (creating ? [] : ["meeting"])
        {
            _ = reader.value(member)
        }
        reader.rejectUnknown()
        var errors = reader.errors
        if creating && meeting == nil { errors.append(FieldError("meeting", .required)) }
        return (input, meeting, errors)
    }
}
