import Foundation
import Testing

@testable import EnlaceCore

@Suite("Meeting changes as clients send them")
struct MeetingInputTests {
    static func meeting() -> Meeting {
        let zone = TimeZone(identifier: "America/Bogota")!
        let start = MeetingClock.instant(localText: "2027-03-09T10:00", in: zone)!
        return Meeting(
            id: "m1", seriesID: "s1", owner: "US-INL", title: "Working group", start: start,
            end: start.addingTimeInterval(7200), timeZone: "America/Bogota", occurrence: nil, venue: "Bogotá",
            virtualLink: nil, status: .planned, participants: [Participant(organization: "US-INL", role: .chair)],
            minutes: "", releasability: .default, sequence: 0, version: 1, createdAt: start, updatedAt: start)
    }

    @Test("a new time zone keeps the wall time and the length; a new start keeps the length")
    func times() throws {
        let catalog = testCatalog
        var input = MeetingInput()
        input.timeZone = "Europe/Madrid"
        let moved = try input.applied(to: Self.meeting(), catalog: catalog)
        #expect(MeetingClock.localText(moved.start, in: TimeZone(identifier: "Europe/Madrid")!) == "2027-03-09T10:00")
        #expect(moved.end.timeIntervalSince(moved.start) == 7200)
        var later = MeetingInput()
        later.start = "2027-03-09T15:30"
        let afternoon = try later.applied(to: Self.meeting(), catalog: catalog)
        #expect(
            MeetingClock.localText(afternoon.end, in: TimeZone(identifier: "America/Bogota")!) == "2027-03-09T17:30")
    }

    /// The reasons `input` does not fit the test meeting; none when it does.
    static func errors(_ input: MeetingInput) -> [FieldError] {
        do {
            _ = try input.applied(to: meeting(), catalog: testCatalog)
            return []
        } catch .invalid(let errors) {
            return errors
        } catch {
            return []
        }
    }

    @Test("every reason a change does not fit is reported at once")
    func reasons() {
        var input = MeetingInput()
        input.start = "2027-03-09 10:00"
        input.end = "tomorrow"
        input.status = "postponed"
        input.virtualLink = "javascript:alert(1)"
        input.participants = [
            .init(organization: "CO-PONAL"), .init(organization: "CO-PONAL"), .init(person: "not an email"),
            .init(role: "guest"),
        ]
        #expect(
            Set(Self.errors(input).map(\.field)) == [
                "start", "end", "status", "virtualLink", "participants[1]", "participants[2].person",
                "participants[3].organization", "participants[3].role",
            ])
        var backwards = MeetingInput()
        backwards.end = "2027-03-09T09:00"
        #expect(Self.errors(backwards) == [FieldError("end", .endBeforeStart)])
    }
}
