import EnlaceCore
import Foundation
import Testing

@Suite("Releasability")
struct VisibilityTests {
    static let viewers: [Viewer] = [
        .anonymous,
        .person(
            Principal(
                userID: "a", email: "", organization: "HCE", lineage: ["HCE"], descendants: [], country: nil,
                isMember: true, roles: [.secretariat])),
        .person(
            Principal(
                userID: "b", email: "", organization: "US", lineage: ["US"], descendants: ["US-INL", "US-DEA"],
                country: "US", isMember: true, roles: [.coordinator])),
        .person(
            Principal(
                userID: "c", email: "", organization: "US-INL", lineage: ["US-INL", "US"], descendants: [],
                country: "US", isMember: true, roles: [.contributor])),
        .person(
            Principal(
                userID: "d", email: "", organization: "CO-PONAL", lineage: ["CO-PONAL", "CO"], descendants: [],
                country: "CO", isMember: true, roles: [.contributor])),
        .person(
            Principal(
                userID: "e", email: "", organization: "HN", lineage: ["HN"], descendants: [], country: "HN",
                isMember: false, roles: [.partner])),
        .person(
            Principal(
                userID: "f", email: "", organization: "ES-GC", lineage: ["ES-GC", "ES"], descendants: [], country: "ES",
                isMember: true, roles: [.viewer])),
    ]

    @Test("the index's visibility mask agrees with the rule, record by record, on generated activities and viewers")
    func maskAgreesWithRule() throws {
        var random = SeededRandom(seed: 31)
        let owners = ["US-INL", "US-DEA", "CO-PONAL", "ES-GC", "HN", "US"]
        let targets = ["CO", "HN", "US", "ES", "CO-PONAL", "US-INL", "ES", "GT"]
        let activities = (0..<600).map { index -> Activity in
            var activity = ActivityIndexTests.randomActivity(&random, id: String(format: "v%04d", index))
            activity.owner = owners.randomElement(using: &random)!
            let marking = Marking.allCases.randomElement(using: &random)!
            activity.draft.releasability = Releasability(
                marking: marking,
                releasableTo: marking == .restricted
                    ? Array(Set(targets.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random))))
                        .sorted() : [])
            return activity
        }
        let index = ActivityIndex(activities)
        for viewer in Self.viewers {
            let expected = activities.filter { $0.draft.releasability.allows(viewer, owner: $0.owner) }
            let page = try index.query(
                ActivityFilter(), sort: ActivitySort(.title, descending: false), limit: 1000, cursor: nil,
                mask: index.visible(to: viewer))
            #expect(Set(page.items.map(\.id)) == Set(expected.map(\.id)), "\(viewer)")
            #expect(page.total == expected.count)
            for activity in activities.prefix(100) {
                #expect(
                    (index.activity(id: activity.id, for: viewer) != nil)
                        == activity.draft.releasability.allows(viewer, owner: activity.owner))
            }
        }
    }

    @Test("the rule in words: public to all, members to members, restricted to owner, lineage and country")
    func rule() {
        let anonymous = Self.viewers[0]
        let coordinatorUS = Self.viewers[2]
        let colombia = Self.viewers[4]
        let honduras = Self.viewers[5]
        let spain = Self.viewers[6]
        #expect(Releasability(marking: .public).allows(anonymous, owner: "US-INL"))
        #expect(!Releasability(marking: .members).allows(anonymous, owner: "US-INL"))
        #expect(!Releasability(marking: .members).allows(honduras, owner: "US-INL"))
        #expect(Releasability(marking: .members).allows(spain, owner: "US-INL"))
        let toColombia = Releasability(marking: .restricted, releasableTo: ["CO"])
        #expect(toColombia.allows(colombia, owner: "US-INL"))
        #expect(toColombia.allows(coordinatorUS, owner: "US-INL"))
        #expect(!toColombia.allows(spain, owner: "US-INL"))
        #expect(!toColombia.allows(honduras, owner: "US-INL"))
        #expect(Releasability(marking: .restricted, releasableTo: ["HN"]).allows(honduras, owner: "US-INL"))
        #expect(Releasability(marking: .restricted, releasableTo: ["ES"]).allows(spain, owner: "CO-PONAL"))
    }

    @Test("passwords: long enough, not common, not predictable, not built on the person")
    func passwords() {
        let policy = PasswordPolicy(common: ["password", "qwertyuiop123", "correcthorse"])
        #expect(policy.problems("short pass").first?.code == .tooShort)
        #expect(policy.problems("qwertyuiop123").first?.code == .commonPassword)
        #expect(policy.problems("Password2026!!").first?.code == .commonPassword)
        #expect(policy.problems("aaaaaaaaaaaaaaa").first?.code == .predictable)
        #expect(policy.problems("abcabcabcabc").first?.code == .predictable)
        #expect(policy.problems("123456789012").first?.code == .predictable)
        #expect(
            policy.problems("maria.gonzalez!", personal: ["maria.gonzalez@policia.gov.co"]).first?.code
                == .containsPersonalInfo)
        #expect(policy.problems("enlace2026!!").first?.code == .containsPersonalInfo)
        #expect(policy.problems(String(repeating: "ñ", count: 40)).first?.code == .tooLong)
        #expect(policy.problems("tres tristes tigres comen trigo").isEmpty)
        #expect(policy.problems("Ünïcödé passphrase ok").isEmpty)
    }
}
