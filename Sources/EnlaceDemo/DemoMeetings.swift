import EnlaceCore
import EnlaceStore
import Foundation

/// The demo's coordination meetings: two series per level, past meetings with minutes, decisions and
/// action items (some overdue), and coming meetings whose agendas the open overlaps of their tracks suggest.
enum DemoMeetings {
    /// Who sets the demo's meetings up: the secretariat.
    static let chair = Principal(
        userID: "demo-loader", email: "secretariat@demo.enlace.example", organization: "HCE", lineage: ["HCE"],
        descendants: [], country: nil, isMember: true, roles: [.secretariat], scope: .readWrite)

    struct Plan {
        let input: SeriesInput
        let participants: [String]
        let minutes: String
        let decisions: [String]
        let actions: [(text: String, owner: String, assignee: String?, dueDays: Int, done: Bool)]
    }

    static func series(
        _ name: String, _ level: MeetingLevel, areas: [String], chairs: [String], members: [String], zone: String,
        first: CalendarDate, time: String, rhythm: String, venue: String?, link: String?, marking: Marking,
        releasableTo: [String] = []
    ) -> SeriesInput {
        var input = SeriesInput()
        input.name = name
        input.level = level.rawValue
        input.keyAreas = areas
        input.chairs = chairs
        input.members = members
        input.timeZone = zone
        input.firstDate = first.iso
        input.startTime = time
        input.durationMinutes = 120
        input.rhythm = rhythm
        input.venue = venue
        input.virtualLink = link
        input.releasability = ActivityInput.ReleasabilityInput(marking: marking.rawValue, releasableTo: releasableTo)
        return input
    }

    static func plans(today: CalendarDate) -> [Plan] {
        let first = today.adding(days: -240)
        return [
            Plan(
                input: series(
                    "Technical working group on maritime interdiction", .technical, areas: ["narco-trafficking"],
                    chairs: ["CO"], members: ["US", "ES", "GB", "CA", "HN", "GT", "PA", "JM"], zone: "America/Bogota",
                    first: first, time: "10:00", rhythm: "FREQ=MONTHLY;BYDAY=2TU", venue: nil,
                    link: "https://meet.enlace.example/maritime", marking: .restricted,
                    releasableTo: ["CO", "US", "ES", "GB", "CA", "HN", "GT", "PA", "JM"]),
                participants: ["contributor@demo.enlace.example"],
                minutes: """
                    # Maritime interdiction: round table

                    The chair (Colombia) opened the meeting and recalled the **Caribbean corridor** priorities.

                    ## Points discussed
                    - The Honduran Navy asked for boarding-team training before the rainy season.
                    - Two providers plan *coastal radar* maintenance in Gulf of Fonseca ports.
                    - The secretariat presented the overlap queue for the track.

                    > Providers agreed to share course calendars a month ahead.

                    Next steps are in the action items. Reference: [coverage](/coverage).
                    """,
                decisions: [
                    "Providers share their maritime course calendars with the secretariat a month ahead.",
                    "The boarding-team courses for Honduras are merged into one joint course.",
                ],
                actions: [
                    (
                        "Send the 2026 course calendar of the Colombian Navy", "CO-ARC",
                        "contributor@demo.enlace.example", -20, false
                    ),
                    ("Circulate the joint course outline for Honduras", "CO", nil, -5, false),
                    (
                        "Confirm radar maintenance dates in Puerto Cortés", "US", "coordinator@demo.enlace.example", 25,
                        false
                    ),
                    ("Share the overlap review with members", "HCE", nil, -40, true),
                ]),
            Plan(
                input: series(
                    "Technical group on financial crime and asset recovery", .technical, areas: ["combating-crime"],
                    chairs: ["ES"], members: ["US", "CO", "GB", "CA", "DO", "SV", "CR"], zone: "Europe/Madrid",
                    first: first, time: "16:00", rhythm: "FREQ=WEEKLY;INTERVAL=4;BYDAY=WE", venue: nil,
                    link: "https://meet.enlace.example/financial", marking: .restricted,
                    releasableTo: ["ES", "US", "CO", "GB", "CA", "DO", "SV", "CR"]),
                participants: [],
                minutes: """
                    ## Resumen

                    La Guardia Civil presentó el estado de la **recuperación de activos** en la región.

                    1. Las unidades de inteligencia financiera piden formación en criptoactivos.
                    2. Se acordó un glosario común en español, inglés y francés.
                    """,
                decisions: ["Se prepara un curso regional sobre criptoactivos para el segundo semestre."],
                actions: [
                    ("Proponer fechas para el curso de criptoactivos", "ES", nil, -12, false),
                    ("Compartir el glosario común", "GB", nil, 10, false),
                ]),
            Plan(
                input: series(
                    "Policy dialogue on institutional strengthening", .policy,
                    areas: ["strengthening-institutions", "resilient-communities"], chairs: ["HCE"],
                    members: ["US", "CO", "CA", "ES", "GB", "HN", "GT", "SV", "JM", "TT"], zone: "America/New_York",
                    first: first, time: "09:30", rhythm: "FREQ=MONTHLY;INTERVAL=3;BYDAY=-1TH",
                    venue: "Washington, D.C.", link: nil, marking: .public),
                participants: [],
                minutes: """
                    # Policy dialogue

                    Ministers reviewed the **justice sector** programmes and community prevention work.

                    - Partner nations asked for fewer, larger programmes.
                    - Providers will report results, not only activities.
                    """,
                decisions: [
                    "Each provider reports results for its institutional programmes before the next dialogue.",
                    "The secretariat drafts a proposal on community prevention for the technical consultation.",
                ],
                actions: [
                    ("Draft the community prevention proposal", "HCE", "secretariat@demo.enlace.example", -3, false),
                    ("Report programme results", "CA", nil, 40, false),
                ]),
            Plan(
                input: series(
                    "Policy council on narco-trafficking and organised crime", .policy,
                    areas: ["narco-trafficking", "combating-crime"], chairs: ["US", "CO"],
                    members: ["HCE", "CA", "ES", "GB", "PA", "MX"], zone: "America/Panama", first: first, time: "14:00",
                    rhythm: "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15", venue: "Panama City", link: nil,
                    marking: .restricted, releasableTo: ["US", "CO", "HCE", "CA", "ES", "GB", "PA", "MX"]),
                participants: ["coordinator@demo.enlace.example"],
                minutes: """
                    ## Restricted session

                    The council reviewed **interdiction results** and the division of work between providers.
                    """,
                decisions: ["Providers coordinate air interdiction support through the secretariat."],
                actions: [
                    ("Map air interdiction support by country", "US", "coordinator@demo.enlace.example", -8, false)
                ]),
        ]
    }

    /// Sets the series up and records their last two meetings as held, with minutes, decisions and actions.
    static func load(into store: Store, now: Date) async throws {
        let today = MeetingClock.local(now, in: .gmt).date
        for plan in plans(today: today) {
            let series = try await store.meetings.createSeries(plan.input, by: chair)
            let past = series.schedule.occurrences(
                from: now.addingTimeInterval(-200 * 86_400), through: now.addingTimeInterval(-86_400), limit: 50)
            for (index, occurrence) in past.suffix(2).enumerated() {
                let zone = TimeZone(identifier: series.timeZone) ?? .gmt
                var input = MeetingInput()
                input.start = MeetingClock.localText(occurrence.start, in: zone)
                input.end = MeetingClock.localText(occurrence.end, in: zone)
                let meeting = try await store.meetings.createMeeting(seriesID: series.id, input, by: chair)
                var held = MeetingInput()
                held.status = MeetingStatus.held.rawValue
                held.minutes = plan.minutes
                held.participants =
                    meeting.participants.enumerated().map { offset, participant in
                        MeetingInput.ParticipantInput(
                            organization: participant.organization, role: participant.role.rawValue,
                            attendance: offset % 4 == 3 ? Attendance.excused.rawValue : Attendance.present.rawValue)
                    } + plan.participants.map { MeetingInput.ParticipantInput(person: $0, attendance: "present") }
                _ = try await store.meetings.updateMeeting(id: meeting.id, held, expectedVersion: nil, by: chair)
                // The last meeting carries the plan's decisions and actions; the one before, a shorter record.
                let texts = index == 1 ? plan.decisions : Array(plan.decisions.prefix(1))
                var decisions: [Decision] = []
                for text in texts {
                    decisions.append(try await store.meetings.addDecision(meetingID: meeting.id, text: text, by: chair))
                }
                guard index == 1 else { continue }
                for (number, action) in plan.actions.enumerated() {
                    var item = ActionItemInput()
                    item.text = action.text
                    item.owner = action.owner
                    item.assignee = action.assignee
                    item.due = today.adding(days: action.dueDays).iso
                    item.decision = decisions.isEmpty ? nil : decisions[number % decisions.count].id
                    let saved = try await store.meetings.addActionItem(meetingID: meeting.id, item, by: chair)
                    if action.done {
                        var done = ActionItemInput()
                        done.status = ActionStatus.done.rawValue
                        _ = try await store.meetings.updateActionItem(
                            id: saved.id, done, expectedVersion: nil, by: chair)
                    }
                }
            }
            // People named in the plan take part in the coming meetings too.
            if !plan.participants.isEmpty {
                var filter = MeetingFilter()
                filter.seriesID = series.id
                filter.from = now
                for meeting in try await store.meetings.meetings(filter, for: .person(chair)).prefix(3) {
                    var input = MeetingInput()
                    input.participants =
                        meeting.participants.map {
                            MeetingInput.ParticipantInput(
                                organization: $0.organization, person: $0.person, role: $0.role.rawValue,
                                attendance: $0.attendance.rawValue)
                        } + plan.participants.map { MeetingInput.ParticipantInput(person: $0) }
                    _ = try await store.meetings.updateMeeting(id: meeting.id, input, expectedVersion: nil, by: chair)
                }
            }
        }
    }
}
