import EnlaceCore
import EnlaceInterop
import EnlaceStore
import Hummingbird

/// Funding totals, exchange rates and the vetting report over JSON (and CSV), under the
/// releasability rule: every total counts only the activities and transactions the caller may see.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /api/v1/funding/summary | the funnel per `by` (provider, country, area) and year, in the reporting currency |
/// | GET | /api/v1/funding/summary.csv | the same as CSV |
/// | GET | /api/v1/exchange-rates | a page of rates, filtered by `base`, `quote` (signed-in people) |
/// | POST | /api/v1/exchange-rates | 201: stores one rate, or `{"rates": [...]}` (administrators) |
/// | DELETE | /api/v1/exchange-rates/{base}/{quote}/{date} | 204: removes a rate (administrators) |
/// | GET | /api/v1/vetting?country=HN | the open vetting of one recipient country, oldest first |
struct FundingAPIController {
    let store: Store
    let clock: WallClock

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("funding/summary", use: summary)
        group.get("funding/summary.csv", use: summaryCSV)
        group.get("exchange-rates", use: rates)
        group.post("exchange-rates", use: addRates)
        group.delete("exchange-rates/{base}/{quote}/{date}", use: deleteRate)
        group.get("vetting", use: vetting)
    }

    @Sendable func summary(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try FundingQuery.parse(request.uri.queryParameters, strict: true)
        let summary = try await store.fundingSummary(by: query.dimension, filter: query.filter, for: context.viewer)
        return JSONResponse.make(FundingSummaryDTO.encode(summary, query: query))
    }

    @Sendable func summaryCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try FundingQuery.parse(request.uri.queryParameters, strict: true)
        let summary = try await store.fundingSummary(by: query.dimension, filter: query.filter, for: context.viewer)
        return CSVResponse.make(
            try FundingSummaryDTO.csv(summary), name: "enlace-funding-\(query.dimension.rawValue).csv")
    }

    @Sendable func rates(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        var query = QueryReader(request.uri.queryParameters, allowed: ["base", "quote", "limit", "cursor"])
        let base = query.value("base")?.uppercased()
        let quote = query.value("quote")?.uppercased()
        let limit = query.limit()
        try query.finish(strict: true)
        let rates = try await store.rates.table().rates.filter {
            (base == nil || $0.base == base) && (quote == nil || $0.quote == quote)
        }
        let page = try MemoryPaging.page(
            rates, key: { "\($0.base)/\($0.quote)/\($0.date.iso)" }, limit: limit,
            cursor: request.uri.queryParameters.cursor)
        return JSONResponse.page(page, FundingDTO.encode)
    }

    @Sendable func addRates(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requireAdmin(writing: true)
        let body = try await JSONResponse.body(of: request, context: context)
        var reader = FieldReader(body)
        var inputs: [(String, ExchangeRateInput)] = []
        if case .object(let members) = body, members.contains(where: { $0.0 == "rates" }) {
            var index = 0
            _ = reader.objects("rates") { (rate: inout FieldReader) -> Void in
                inputs.append(("rates[\(index)].", FundingDTO.decodeRate(&rate)))
                index += 1
            }
        } else {
            inputs.append(("", FundingDTO.decodeRate(&reader)))
        }
        reader.rejectUnknown()
        var errors = reader.errors
        var rates: [ExchangeRate] = []
        for (path, input) in inputs {
            do {
                rates.append(try input.validated(against: store.catalog, path: path))
            } catch .invalid(let found) {
                errors += found
            } catch {
                throw error
            }
        }
        if !errors.isEmpty || rates.isEmpty {
            throw EnlaceError.invalid(errors.isEmpty ? [FieldError("rates", .required)] : errors)
        }
        try await store.rates.save(rates, source: "api", by: actor)
        return JSONResponse.make(.object([("rates", .array(rates.map(FundingDTO.encode)))]), status: .created)
    }

    @Sendable func deleteRate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requireAdmin(writing: true)
        let date = try context.parameters.require("date")
        guard let day = CalendarDate(iso: date) else {
            throw EnlaceError.notFound(entity: "exchange rate", id: date)
        }
        try await store.rates.delete(
            base: try context.parameters.require("base"), quote: try context.parameters.require("quote"), date: day,
            by: actor)
        return Response(status: .noContent)
    }

    @Sendable func vetting(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        var query = QueryReader(request.uri.queryParameters, allowed: ["country"])
        let country = query.code("country") { store.catalog.country($0) != nil ? $0 : nil }
        if country == nil && query.value("country") == nil { query.errors.append(FieldError("country", .required)) }
        try query.finish(strict: true)
        guard let country else { throw EnlaceError.invalid([FieldError("country", .required)]) }
        let report = try await store.vettingReport(
            country: country, today: CalendarDate.today(clock), for: context.viewer)
        return JSONResponse.make(
            .object([
                ("country", .string(report.country)), ("today", .string(report.today.iso)),
                (
                    "open",
                    .array(
                        report.entries.map { entry in
                            .object([
                                ("activity", .string(entry.activityID)), ("title", .string(entry.title)),
                                ("owner", .string(entry.owner)),
                                ("activityStatus", .integer(entry.activityStatus.rawValue)),
                                ("unit", .string(entry.unit.unit)), ("people", .integer(entry.unit.people)),
                                ("status", .string(entry.unit.status.rawValue)),
                                ("authority", .string(entry.unit.authority)),
                                ("submitted", .string(entry.unit.submitted?.iso)), ("ageDays", .integer(entry.age)),
                                ("reference", .string(entry.unit.reference)),
                            ])
                        })
                ),
                (
                    "missing",
                    .array(
                        report.missing.map {
                            .object([
                                ("activity", .string($0.id)), ("title", .string($0.draft.title)),
                                ("owner", .string($0.owner)),
                            ])
                        })
                ),
            ]))
    }
}
