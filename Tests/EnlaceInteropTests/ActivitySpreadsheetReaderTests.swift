import EnlaceCore
import Foundation
import Testing

@testable import EnlaceInterop

@Suite("Spreadsheet import: reading")
struct ActivitySpreadsheetReaderTests {
    /// The activities of `csv`, or the file's problem.
    static func read(_ csv: String) -> (activities: [ImportedActivity], problem: ImportProblem?) {
        var activities: [ImportedActivity] = []
        do {
            try ActivitySpreadsheetReader.parse(InputStream(data: Data(csv.utf8))) {
                activities.append($0)
                return true
            }
            return (activities, nil)
        } catch let problem as ImportProblem {
            return (activities, problem)
        } catch {
            Issue.record("unexpected error \(error)")
            return (activities, nil)
        }
    }

    @Test("the export's own file reads back: every column, lists split, the formula guard taken off")
    func export() throws {
        let activity = Activity(
            id: "act-1", owner: "US-INL",
            draft: ActivityDraft(
                title: "=Course, \"quoted\"", description: "Line one\nline two", language: .es,
                providers: [
                    Provider(organization: "US-INL", role: .funding),
                    Provider(organization: "CO-ARC", role: .implementing),
                ], recipientCountries: ["HN", "GT"], beneficiary: "Navy", keyAreas: ["narco-trafficking"],
                topics: ["maritime-interdiction"], kind: .course, modality: .inCountry,
                plannedStart: CalendarDate(iso: "2027-03-01")!, plannedEnd: CalendarDate(iso: "2027-03-12")!,
                status: .pipeline, participantsPlanned: 30,
                budget: Money(amount: Decimal(string: "1200.5")!, currency: "USD"),
                location: Location(name: "Puerto Cortés", lat: 15.85, lon: -87.94),
                releasability: Releasability(marking: .restricted, releasableTo: ["CO"])),
            version: 1, createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0),
            iatiIdentifier: "XM-1")
        let csv = try CSVText.write(ActivityHXL.headings + [ActivityHXL.row(activity)])
        let (activities, problem) = Self.read(csv)
        #expect(problem == nil)
        let imported = try #require(activities.first)
        #expect(imported.line == 3 && imported.identifier == "XM-1" && imported.enlaceID == "act-1")
        #expect(imported.reportingOrganization?.ref == "US-INL")
        let input = imported.input
        #expect(input.title == "=Course, \"quoted\"" && input.description == "Line one\nline two")
        #expect(
            input.providers == [
                .init(organization: "US-INL", role: "funding"), .init(organization: "CO-ARC", role: "implementing"),
            ])
        #expect(input.recipientCountries == ["HN", "GT"] && input.status == 1 && input.participantsPlanned == 30)
        #expect(input.budget == .init(amount: "1200.5", currency: "USD"))
        #expect(input.location?.name == "Puerto Cortés" && input.location?.lat == 15.85)
        #expect(input.releasability == .init(marking: "restricted", releasableTo: ["CO"]))
        #expect(input.actualStart == nil && input.participantsTrained == nil)
        #expect(imported.carries.isSuperset(of: ["title", "providers", "kind", "budget", "location", "releasability"]))
        #expect(!imported.carries.contains("transactions") && !imported.carries.contains("vetting"))
        // A problem with a field is placed in its column: the tenth is topics, the twentieth the budget.
        #expect(imported.column(of: "topics[0]") == 10)
        #expect(imported.column(of: "budget.amount") == 20 && imported.column(of: "budget.currency") == 21)
    }

    @Test("columns are found by their names without a hashtag row, or by hashtags in any order and case")
    func headers() throws {
        let named = Self.read(
            "title,identifier,owner,keyAreas\nA course,XM-2,US-INL,narco-trafficking;combating-crime\n")
        let byName = try #require(named.activities.first)
        #expect(named.problem == nil && byName.line == 2 && byName.identifier == "XM-2")
        #expect(byName.input.keyAreas == ["narco-trafficking", "combating-crime"])
        #expect(byName.carries == ["title", "keyAreas"])
        let tagged = Self.read(
            "Owner,Name,Notes,Id\n#ORG+code+owner,#activity +name,#x_notes,#activity+iati+code\nUS-INL,A course,n,XM-3\n"
        )
        let byTag = try #require(tagged.activities.first)
        #expect(tagged.problem == nil && byTag.input.title == "A course" && byTag.identifier == "XM-3")
        #expect(byTag.reportingOrganization?.ref == "US-INL" && byTag.line == 3)
    }

    @Test("a file without a known column, without rows, or a row without an identifier is named by row")
    func problems() {
        #expect(Self.read("foo,bar\n1,2\n").problem?.code == .badHeader)
        #expect(Self.read("").problem?.code == .empty)
        #expect(Self.read("title,identifier\n").problem?.code == .empty)
        let missing = Self.read("title,identifier\nA course,\n,\nB course,XM-4\n")
        #expect(missing.problem == nil && missing.activities.count == 2)
        #expect(missing.activities[0].problems.map(\.code) == [.missingIdentifier])
        #expect(missing.activities[0].problems.first?.line == 2 && missing.activities[1].line == 4)
    }
}
