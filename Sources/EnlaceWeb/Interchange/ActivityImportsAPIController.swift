import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// Activity files in: `POST /api/v1/imports/iati` and `POST /api/v1/imports/csv`.
///
/// The body is the IATI activity file (`application/xml`) or the spreadsheet (`text/csv`), up to ``ImportRequest/maxBytes``; the options are query
/// parameters (`marking`, `owner`, `dryRun`, `partial`, `createOrganizations`), as on the command line. Only
/// administrators, the secretariat and coordinators import, with a read-write token, and each for the owners
/// ``ImportPolicy`` allows. One import runs at a time (another is a 503 with `Retry-After`). The answer is the
/// report: 200 when written or a dry run, else a 422 problem whose `report` lists every problem by line and
/// identifier, nothing written. The report names only what the file holds and counts; no stored record is read
/// out through it.
struct ActivityImportsAPIController {
    let imports: ActivityImports
    let translations: Translations

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.post("imports/iati") { try await run(.iati, $0, $1) }
        api.post("imports/csv") { try await run(.spreadsheet, $0, $1) }
    }

    /// The media types each format is sent as.
    static func mediaTypes(_ format: ActivityImports.Format) -> [String] {
        switch format {
        case .iati: ["application/xml", "text/xml"]
        case .spreadsheet: ["text/csv"]
        }
    }

    @Sendable func run(
        _ format: ActivityImports.Format, _ request: Request, _ context: AppRequestContext
    ) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard ImportPolicy.canImport(.person(principal)) else { throw EnlaceError.forbidden(field: nil) }
        let parameters = request.uri.queryParameters
        var (options, errors) = ImportRequest.options { name in parameters.getAll(name).last.map { String($0) } }
        for name in Set(parameters.map { String($0.key) }) where !ImportRequest.optionNames.contains(name) {
            errors.append(FieldError(name, .unknownField))
        }
        if !errors.isEmpty { throw RequestError.invalidQuery(errors) }
        let mediaType = request.headers[.contentType].map {
            $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard let mediaType, Self.mediaTypes(format).contains(mediaType) else {
            throw RequestError.unsupportedMediaType(expected: Self.mediaTypes(format)[0])
        }
        // The body is read before a place is taken, so that a slow sender holds no import's place.
        let file = try await ImportRequest.spool(request.body)
        defer { try? FileManager.default.removeItem(at: file) }
        let place = try await imports.running.enter(waiting: .seconds(2))
        // A stopping server does not wait for the import: it rolls back, and the client hears 503 and may retry.
        let chosen = options
        let report = try await untilServerStops {
            try await imports.importAndCheck(file, format: format, options: chosen, by: principal)
        }
        withExtendedLifetime(place) {}
        let json = ImportRequest.json(report, context.language, translations)
        if report.written || report.dryRun { return JSONResponse.make(json) }
        var problem = Problem(
            slug: "import-refused", status: .unprocessableContent,
            title: translations.text("imports.refused.title", context.language),
            detail: translations.text(
                "imports.refused.detail", context.language, ["count": String(report.problemCount)]))
        problem.errors = report.problems.map {
            ($0.field ?? "file", $0.code.rawValue, ImportRequest.message($0, context.language, translations))
        }
        problem.extensions = [("report", json)]
        return problem.response(instance: request.uri.path, requestID: context.id)
    }
}
