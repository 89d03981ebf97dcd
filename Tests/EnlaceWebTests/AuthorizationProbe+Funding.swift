import EnlaceCore
import EnlaceTestSupport
import EnlaceWebTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

extension Probe {
    /// Funding and results routes whose answer depends on the role only.
    static let fundingRoleRoutes = [
        "GET /api/v1/results/summary", "GET /api/v1/results/summary.csv", "GET /api/v1/indicators", "GET /results",
        "GET /api/v1/funding/summary", "GET /api/v1/funding/summary.csv", "GET /api/v1/exchange-rates",
        "POST /api/v1/exchange-rates", "DELETE /api/v1/exchange-rates/{base}/{quote}/{date}", "GET /api/v1/vetting",
        "GET /funding", "GET /vetting", "GET /admin/rates", "POST /admin/rates",
    ]

    /// What each funding route answers `who`, written out by hand.
    static func expectedFundingStatus(_ route: String, _ who: Who) -> HTTPResponse.Status {
        let signedIn = who != .anonymous
        switch route {
        case "GET /api/v1/funding/summary", "GET /api/v1/funding/summary.csv", "GET /funding",
            "GET /api/v1/results/summary", "GET /api/v1/results/summary.csv", "GET /api/v1/indicators", "GET /results":
            return .ok
        case "GET /vetting": return signedIn ? .ok : .seeOther
        case "GET /admin/rates": return !signedIn ? .seeOther : who == .admin ? .ok : .forbidden
        case "POST /admin/rates": return !signedIn ? .seeOther : who == .admin ? .seeOther : .forbidden
        case "GET /api/v1/exchange-rates", "GET /api/v1/vetting": return signedIn ? .ok : .unauthorized
        case "POST /api/v1/exchange-rates": return !signedIn ? .unauthorized : who == .admin ? .created : .forbidden
        case "DELETE /api/v1/exchange-rates/{base}/{quote}/{date}":
            return !signedIn ? .unauthorized : who == .admin ? .noContent : .forbidden
        default:
            Issue.record("no expectation for \(route)")
            return HTTPResponse.Status(code: 599)
        }
    }

    func fundingRole(_ route: String, who: Who) async throws -> HTTPResponse.Status {
        let auth = world.auth(who.key)
        let json = world.json(who.key)
        switch route {
        case "GET /api/v1/funding/summary", "GET /api/v1/funding/summary.csv":
            return try await send(.get, String(route.dropFirst(4)) + "?by=country", auth)
        case "GET /api/v1/exchange-rates": return try await send(.get, "/api/v1/exchange-rates", auth)
        case "GET /api/v1/vetting": return try await send(.get, "/api/v1/vetting?country=HN", auth)
        case "GET /funding": return try await send(.get, "/funding?by=area", page(who))
        case "GET /api/v1/results/summary", "GET /api/v1/results/summary.csv":
            return try await send(.get, String(route.dropFirst(4)) + "?by=country", auth)
        case "GET /api/v1/indicators": return try await send(.get, "/api/v1/indicators?keyArea=narco-trafficking", auth)
        case "GET /results": return try await send(.get, "/results?by=country&through=2030", page(who))
        case "GET /vetting": return try await send(.get, "/vetting?country=HN", page(who))
        case "GET /admin/rates": return try await send(.get, "/admin/rates", page(who))
        case "POST /admin/rates":
            return try await post(
                "/admin/rates", who,
                [("action", "add"), ("base", "EUR"), ("quote", "USD"), ("date", "2026-03-01"), ("rate", "1.09")])
        case "POST /api/v1/exchange-rates":
            return try await send(
                .post, "/api/v1/exchange-rates", json,
                body: ByteBuffer(string: #"{"base": "EUR", "quote": "USD", "date": "2026-01-01", "rate": "1.1"}"#))
        case "DELETE /api/v1/exchange-rates/{base}/{quote}/{date}":
            // A rate to remove, made by the administrator for each probe.
            let made = try await send(
                .post, "/api/v1/exchange-rates", world.json("admin"),
                body: ByteBuffer(string: #"{"base": "GBP", "quote": "USD", "date": "2026-02-01", "rate": "1.27"}"#))
            #expect(made == .created)
            return try await send(.delete, "/api/v1/exchange-rates/GBP/USD/2026-02-01", auth)
        default:
            Issue.record("no probe for \(route)")
            return HTTPResponse.Status(code: 599)
        }
    }
}
