import EnlaceCore
import Foundation
import SQLKit

/// How meeting records map to rows: the one place that writes and reads their columns.
enum MeetingColumns {
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func unjson<T: Decodable>(_ type: T.Type, _ text: String, table: String, column: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.corruptRow(table: table, column: column)
        }
    }

    /// Reads typed columns of one row, failing with the table and column of anything malformed.
    struct Reader {
        let row: any SQLRow
        let table: String

        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        func optionalText(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        func integer(_ column: String) throws -> Int { try row.decode(column: column, as: Int.self) }
        func corrupt(_ column: String) -> StoreError { StoreError.corruptRow(table: table, column: column) }

        func instant(_ column: String) throws -> Date {
            guard let date = Timestamp.parse(try text(column)) else { throw corrupt(column) }
            return date
        }

        func date(_ column: String) throws -> CalendarDate {
            guard let date = CalendarDate(iso: try text(column)) else { throw corrupt(column) }
            return date
        }

        func choice<T: RawRepresentable<String>>(_ column: String) throws -> T {
            guard let value = T(rawValue: try text(column)) else { throw corrupt(column) }
            return value
        }

        func json<T: Decodable>(_ column: String, as type: T.Type) throws -> T {
            try MeetingColumns.unjson(type, try text(column), table: table, column: column)
        }

        func releasability() throws -> Releasability {
            let list = try text("releasable_to")
            return Releasability(
                marking: try choice("marking"),
                releasableTo: list.isEmpty ? [] : list.split(separator: ",").map(String.init))
        }
    }

    // MARK: Series

    static let seriesNames = [
        "id", "owner_org", "name", "level", "key_areas", "chairs", "members", "time_zone", "first_date",
        "start_minute", "duration_minutes", "rhythm", "venue", "virtual_link", "marking", "releasable_to", "version",
        "created_at", "updated_at",
    ]

    static func values(of series: MeetingSeries) throws -> [any Encodable & Sendable] {
        [
            series.id, series.owner, series.name, series.level.rawValue, try json(series.keyAreas),
            try json(series.chairs), try json(series.members), series.timeZone, series.firstDate.iso,
            series.startMinute, series.durationMinutes, series.rhythm.text, series.venue, series.virtualLink,
            series.releasability.marking.rawValue, series.releasability.releasableTo.joined(separator: ","),
            series.version, Timestamp.format(series.createdAt), Timestamp.format(series.updatedAt),
        ]
    }

    static func series(_ row: any SQLRow) throws -> MeetingSeries {
        let read = Reader(row: row, table: "meeting_series")
        guard let rhythm = try? RecurrenceRule.parse(try read.text("rhythm")) else { throw read.corrupt("rhythm") }
        let draft = SeriesDraft(
            name: try read.text("name"), level: try read.choice("level"),
            keyAreas: try read.json("key_areas", as: [String].self), chairs: try read.json("chairs", as: [String].self),
            members: try read.json("members", as: [String].self), timeZone: try read.text("time_zone"),
            firstDate: try read.date("first_date"), startMinute: try read.integer("start_minute"),
            durationMinutes: try read.integer("duration_minutes"), rhythm: rhythm,
            venue: try read.optionalText("venue"), virtualLink: try read.optionalText("virtual_link"),
            releasability: try read.releasability())
        return MeetingSeries(
            id: try read.text("id"), owner: try read.text("owner_org"), draft: draft,
            version: try read.integer("version"), createdAt: try read.instant("created_at"),
            updatedAt: try read.instant("updated_at"))
    }

    // MARK: Meetings

    static let meetingNames = [
        "id", "series_id", "owner_org", "title", "starts_at", "ends_at", "time_zone", "occurrence", "venue",
        "virtual_link", "status", "participants", "minutes", "marking", "releasable_to", "sequence", "version",
        "created_at", "updated_at",
    ]

    static func values(of meeting: Meeting) throws -> [any Encodable & Sendable] {
        [
            meeting.id, meeting.seriesID, meeting.owner, meeting.title, Timestamp.format(meeting.start),
            Timestamp.format(meeting.end), meeting.timeZone, meeting.occurrence?.iso, meeting.venue,
            meeting.virtualLink, meeting.status.rawValue, try json(meeting.participants), meeting.minutes,
            meeting.releasability.marking.rawValue, meeting.releasability.releasableTo.joined(separator: ","),
            meeting.sequence, meeting.version, Timestamp.format(meeting.createdAt), Timestamp.format(meeting.updatedAt),
        ]
    }

    static func meeting(_ row: any SQLRow) throws -> Meeting {
        let read = Reader(row: row, table: "meetings")
        let occurrence = try read.optionalText("occurrence")
        return Meeting(
            id: try read.text("id"), seriesID: try read.text("series_id"), owner: try read.text("owner_org"),
            title: try read.text("title"), start: try read.instant("starts_at"), end: try read.instant("ends_at"),
            timeZone: try read.text("time_zone"), occurrence: occurrence.flatMap { CalendarDate(iso: $0) },
            venue: try read.optionalText("venue"), virtualLink: try read.optionalText("virtual_link"),
            status: try read.choice("status"), participants: try read.json("participants", as: [Participant].self),
            minutes: try read.text("minutes"), releasability: try read.releasability(),
            sequence: try read.integer("sequence"), version: try read.integer("version"),
            createdAt: try read.instant("created_at"), updatedAt: try read.instant("updated_at"))
    }

    // MARK: Records

    static func agendaItem(_ row: any SQLRow) throws -> AgendaItem {
        let read = Reader(row: row, table: "agenda_items")
        return AgendaItem(
            id: try read.text("id"), meetingID: try read.text("meeting_id"), position: try read.integer("position"),
            title: try read.text("title"), presenter: try read.optionalText("presenter"),
            notes: try read.optionalText("notes"), links: try read.json("links", as: [AgendaLink].self),
            fromOverlap: try read.optionalText("from_overlap"))
    }

    static func decision(_ row: any SQLRow) throws -> Decision {
        let read = Reader(row: row, table: "decisions")
        return Decision(
            id: try read.text("id"), meetingID: try read.text("meeting_id"), number: try read.integer("number"),
            text: try read.text("text"), createdAt: try read.instant("created_at"))
    }

    static let actionNames = [
        "id", "meeting_id", "decision_id", "text", "owner_org", "assignee", "due", "status", "sequence", "version",
        "created_at", "updated_at",
    ]

    static func values(of item: ActionItem) -> [any Encodable & Sendable] {
        [
            item.id, item.meetingID, item.decisionID, item.text, item.owner, item.assignee, item.due.iso,
            item.status.rawValue, item.sequence, item.version, Timestamp.format(item.createdAt),
            Timestamp.format(item.updatedAt),
        ]
    }

    /// An action item from a row of `action_items` joined with its assignee's `name` as `assignee_name`.
    static func actionItem(_ row: any SQLRow) throws -> ActionItem {
        let read = Reader(row: row, table: "action_items")
        return ActionItem(
            id: try read.text("id"), meetingID: try read.text("meeting_id"),
            decisionID: try read.optionalText("decision_id"), text: try read.text("text"),
            owner: try read.text("owner_org"), assignee: try read.optionalText("assignee"),
            assigneeName: try read.optionalText("assignee_name"), due: try read.date("due"),
            status: try read.choice("status"), sequence: try read.integer("sequence"),
            version: try read.integer("version"), createdAt: try read.instant("created_at"),
            updatedAt: try read.instant("updated_at"))
    }
}
