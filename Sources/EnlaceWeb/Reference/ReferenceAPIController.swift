import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// Read-only reference data and the organisation directory.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /api/v1/organizations | a page of organisations; `q` filters by code or name |
/// | GET | /api/v1/organizations/{code} | one organisation |
/// | GET | /api/v1/countries | ISO 3166-1 countries with names in four languages |
/// | GET | /api/v1/currencies | ISO 4217 currencies |
/// | GET | /api/v1/key-areas | the four key areas |
/// | GET | /api/v1/topics | topics with their key area and DAC code; `keyArea` filters |
/// | GET | /api/v1/activity-kinds | activity kinds |
/// | GET | /api/v1/modalities | modalities |
/// | GET | /api/v1/activity-statuses | IATI activity statuses |
struct ReferenceAPIController {
    let store: Store

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        let catalog = store.catalog
        group.get("organizations", use: organizations)
        group.get("organizations/{code}", use: organization)
        group.get("countries") { request, _ in
            try MemoryPaging.response(request, catalog.countries, key: \.code) {
                .object([
                    ("code", .string($0.code)), ("alpha3", .string($0.alpha3)), ("numeric", .string($0.numeric)),
                    ("names", JSONValue.names($0.names)),
                ])
            }
        }
        group.get("currencies") { request, _ in
            try MemoryPaging.response(request, catalog.currencies, key: \.code) {
                .object([
                    ("code", .string($0.code)), ("numeric", .string($0.numeric)), ("names", JSONValue.names($0.names)),
                ])
            }
        }
        group.get("key-areas") { request, _ in
            try MemoryPaging.response(request, catalog.keyAreas, key: \.slug, ordered: false) {
                .object([("slug", .string($0.slug)), ("names", JSONValue.names($0.names))])
            }
        }
        group.get("topics") { request, _ in
            let area = request.uri.queryParameters.get("keyArea")
            if let area, catalog.keyArea(area) == nil {
                throw RequestError.invalidQuery([FieldError("keyArea", .unknownCode, ["value": area])])
            }
            let topics = catalog.topics.filter { area == nil || $0.keyArea == area }
            return try MemoryPaging.response(request, topics, key: \.slug, ordered: false, allowed: ["keyArea"]) {
                .object([
                    ("slug", .string($0.slug)), ("keyArea", .string($0.keyArea)), ("dacCode", .string($0.dacCode)),
                    ("names", JSONValue.names($0.names)),
                ])
            }
        }
        group.get("activity-kinds") { request, _ in
            try MemoryPaging.response(request, catalog.kinds, key: \.code.rawValue, ordered: false) {
                .object([("code", .string($0.code.rawValue)), ("names", JSONValue.names($0.names))])
            }
        }
        group.get("modalities") { request, _ in
            try MemoryPaging.response(request, catalog.modalities, key: \.code.rawValue, ordered: false) {
                .object([("code", .string($0.code.rawValue)), ("names", JSONValue.names($0.names))])
            }
        }
        group.get("activity-statuses") { request, _ in
            try MemoryPaging.response(request, catalog.statuses, key: { String($0.code.rawValue) }) {
                .object([("code", .integer($0.code.rawValue)), ("names", JSONValue.names($0.names))])
            }
        }
    }

    @Sendable func organizations(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let words = TextFolding.fold(parameters.get("q") ?? "").split(separator: " ")
        let matching = try await store.organizations.all().filter { organization in
            let haystack = TextFolding.fold(organization.code + " " + organization.name)
            return words.allSatisfy { haystack.contains($0) }
        }
        let (limit, cursor) = try MemoryPaging.parameters(parameters, allowed: ["q"])
        let page = try MemoryPaging.page(matching, key: \.code, limit: limit, cursor: cursor)
        return JSONResponse.page(page, OrganizationDTO.encode)
    }

    @Sendable func organization(_ request: Request, context: AppRequestContext) async throws -> Response {
        let code = try context.parameters.require("code")
        guard let organization = try await store.organizations.find(code: code) else {
            throw EnlaceError.notFound(entity: "organization", id: code)
        }
        return JSONResponse.make(OrganizationDTO.encode(organization))
    }
}
