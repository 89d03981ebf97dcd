import EnlaceCore
import EnlaceInterop
import EnlaceStore
import Foundation
import Hummingbird

/// The upload page for activity files, for administrators, the secretariat and coordinators.
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /imports | the form: the file and the import's options |
/// | POST | /imports | a `multipart/form-data` upload (the anti-forgery token first); starts the import and 303s to it |
/// | GET | /imports/{id} | the import: its progress while it runs (the page refreshes itself), then its report |
///
/// The import runs after the answer, so a large file neither holds a request open nor times out behind a proxy.
/// Only the person who started an import sees it (another gets 404). One import runs at a time, from the API or
/// a page; another is asked to wait.
struct ActivityImportPagesController {
    let imports: ActivityImports
    let jobs: ImportJobs
    let pages: PageRenderer
    let translations: Translations

    /// The most problems the report page lists.
    static let problemsShown = 200

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.imports, use: form)
        router.post(SitePaths.imports, use: upload)
        router.get(SitePaths.importJob, use: show)
        router.get(SitePaths.importTemplate, use: template)
        router.get(SitePaths.importCodeLists, use: codeLists)
    }

    /// The spreadsheet to fill: the export's two heading rows and one example activity.
    @Sendable func template(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try requireImporter(context)
        let example: [String: String] = [
            "identifier": "XM-EXAMPLE-0001", "title": "Maritime interdiction course for the Honduran Navy",
            "description": "Two weeks on boarding procedures and evidence handling.", "language": "en",
            "funding": "US-INL", "implementing": "US-INL;CO-ARC", "recipientCountries": "HN",
            "beneficiary": "Honduran Navy", "keyAreas": "narco-trafficking", "topics": "maritime-interdiction",
            "kind": "course", "modality": "in-country", "plannedStart": "2027-03-01", "plannedEnd": "2027-03-12",
            "status": "1", "participantsPlanned": "30", "budget": "125000.50", "budgetCurrency": "USD",
            "location": "Puerto Cortés", "latitude": "15.85", "longitude": "-87.94", "owner": "US-INL",
            "marking": "members",
        ]
        let rows = ActivityHXL.headings + [ActivityHXL.columns.map { example[$0.name] ?? "" }]
        return CSVResponse.make(try CSVText.write(rows), name: "enlace-activities-template.csv")
    }

    /// Every code a spreadsheet's cells may hold, with its name in the reader's language: one row each.
    @Sendable func codeLists(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try requireImporter(context)
        let language = context.language
        let catalog = imports.store.catalog
        var rows: [[String]] = [["column", "code", "name"], ["#meta +column", "#meta +code", "#meta +name"]]
        rows += catalog.keyAreas.map { ["keyAreas", $0.slug, $0.names[language]] }
        rows += catalog.topics.map { ["topics", $0.slug, $0.names[language] + " (" + $0.keyArea + ")"] }
        rows += catalog.kinds.map { ["kind", $0.code.rawValue, $0.names[language]] }
        rows += catalog.modalities.map { ["modality", $0.code.rawValue, $0.names[language]] }
        rows += catalog.statuses.map { ["status", String($0.code.rawValue), $0.names[language]] }
        rows += [Marking.public, .members].map {
            ["marking", $0.rawValue, translations.text("markings.\($0.rawValue).label", language)]
        }
        rows += catalog.countries.map { ["recipientCountries", $0.code, $0.names[language]] }
        rows += catalog.currencies.map { ["budgetCurrency", $0.code, $0.names[language]] }
        rows += try await imports.store.organizations.all().map { ["funding, implementing, owner", $0.code, $0.name] }
        return CSVResponse.make(try CSVText.write(rows), name: "enlace-code-lists.csv")
    }

    /// The form's model.
    struct Form: PageModel {
        static let template = PageTemplate.importForm
        let markings: [Option]
        let owner: String
        let dryRun: Bool
        let partial: Bool
        let createOrganizations: Bool
        let errors: [String]
        let hasErrors: Bool
    }

    /// The model of one import's page.
    struct JobPage: PageModel {
        static let template = PageTemplate.importJob
        let fileName: String
        let started: String
        let running: Bool
        let progress: String
        /// The bar's value and maximum, when the file's size in activities is known.
        let progressValue: Int
        let progressMax: Int?
        let outcome: String
        let succeeded: Bool
        let counts: String
        let created: [ImportedOrganization]
        let hasCreated: Bool
        let unknown: [ImportedOrganization]
        let hasUnknown: Bool
        let problems: [ProblemRow]
        let hasProblems: Bool
        let moreProblems: String?
    }

    /// One problem of the report.
    struct ProblemRow {
        let line: String
        let identifier: String
        let message: String
    }

    private func requireImporter(_ context: AppRequestContext) throws -> Principal {
        let principal = try context.requirePrincipal()
        guard ImportPolicy.canImport(context.viewer) else { throw EnlaceError.forbidden(field: nil) }
        return principal
    }

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try requireImporter(context)
        return render(ImportOptions(), errors: [], request: request, context: context)
    }

    private func render(
        _ options: ImportOptions, errors: [String], request: Request, context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        func t(_ key: String) -> String { translations.text(key, context.language) }
        let selected = options.marking?.rawValue ?? ""
        let model = Form(
            markings: .make(
                [
                    ("", t("imports.markingKeep")), (Marking.members.rawValue, t("imports.markingMembers")),
                    (Marking.public.rawValue, t("imports.markingPublic")),
                ], selected: [selected]),
            owner: options.owner ?? "", dryRun: options.dryRun, partial: options.partial,
            createOrganizations: options.createOrganizations, errors: errors, hasErrors: !errors.isEmpty)
        return pages.render(
            model, title: t("imports.title"), section: .activities, request: request, context: context, status: status)
    }

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try requireImporter(context)
        guard let boundary = MultipartForm.boundary(of: request) else {
            throw RequestError.unsupportedMediaType(expected: "multipart/form-data")
        }
        func t(_ key: String, _ parameters: [String: String] = [:]) -> String {
            translations.text(key, context.language, parameters)
        }
        // The upload is read before a place is taken, so that a slow sender holds no import's place.
        let (fields, upload, fileName) = try await MultipartForm.read(
            request.body, boundary: boundary, file: "file", maxFileBytes: ImportRequest.maxBytes)
        // The file is the job's once it starts; until then, whatever ends this handler removes it.
        var handedOver = false
        defer { if !handedOver, let upload { try? FileManager.default.removeItem(at: upload) } }
        var (options, fieldErrors) = ImportRequest.options { fields[$0] }
        fieldErrors += fields.keys.filter { !ImportRequest.optionNames.union(["_csrf"]).contains($0) }.map {
            FieldError($0, .unknownField)
        }
        var messages = fieldErrors.map { "\($0.field): " + translations.message(for: $0, context.language) }
        if let owner = options.owner, try await imports.store.organizations.find(code: owner) == nil {
            messages.append(
                t("imports.owner") + ": "
                    + translations.message(for: FieldError("owner", .unknownCode, ["value": owner]), context.language))
            options.owner = nil
        }
        if upload == nil {
            messages.append(
                t("imports.file") + ": " + translations.message(for: FieldError("file", .required), context.language))
        }
        guard let file = upload, messages.isEmpty else {
            return render(options, errors: messages, request: request, context: context, status: .unprocessableContent)
        }
        let place: InFlight.Place
        do {
            place = try await imports.running.enter(waiting: .seconds(2))
        } catch EnlaceError.busy {
            return render(
                options, errors: [t("problems.busy.detail")], request: request, context: context,
                status: .serviceUnavailable)
        }
        let id = try await jobs.start(userID: principal.userID, fileName: fileName)
        handedOver = true
        let (imports, jobs, chosen) = (imports, jobs, options)
        let launched = await jobs.launch(id) {
            defer {
                try? FileManager.default.removeItem(at: file)
                withExtendedLifetime(place) {}
            }
            let format = ActivityImports.Format.sniff(file)
            let report = try? await imports.run(file, format: format, options: chosen, by: principal) { progress in
                Task { await jobs.read(progress.done, of: progress.total, job: id) }
            }
            guard let report else { return nil }
            // The import has committed, or written nothing: its report is recorded before the overlap check, so
            // that an instance that dies during the check leaves the truth on the page. A check that stops or
            // fails leaves its checks pending, for the next start or the next full pass.
            await jobs.record(id, report: report)
            try? await imports.checkOverlaps(report)
            return report
        }
        guard launched else {
            try? FileManager.default.removeItem(at: file)
            try? await jobs.records.finish(id, report: nil)
            throw EnlaceError.busy(retryAfter: 5)
        }
        return .redirect(to: SitePaths.importJob(id), type: .normal)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try requireImporter(context)
        guard let job = try await jobs.job(try context.parameters.require("id"), for: principal.userID) else {
            throw EnlaceError.notFound(entity: "import", id: "")
        }
        func t(_ key: String, _ parameters: [String: String] = [:]) -> String {
            translations.text(key, context.language, parameters)
        }
        let report = job.report
        let outcome: String
        if job.failed {
            outcome = t("imports.failed")
        } else if let report {
            outcome = t(
                report.dryRun ? "imports.dryRunResult" : report.written ? "imports.written" : "imports.refusedResult")
        } else {
            outcome = ""
        }
        let problems = (report?.problems ?? []).prefix(Self.problemsShown).map { problem in
            ProblemRow(
                line: problem.line.map { String($0) + (problem.column.map { ":\($0)" } ?? "") } ?? "",
                identifier: problem.identifier ?? "",
                message: ImportRequest.message(problem, context.language, translations))
        }
        let total = report?.problemCount ?? 0
        let model = JobPage(
            fileName: job.fileName,
            started: t("imports.started", ["time": LocaleFormat(context.language).dateTime(job.started)]),
            running: report == nil && !job.failed,
            progress: job.expected.map {
                t("imports.runningOf", ["count": String(job.read), "total": String($0)])
            } ?? t("imports.running", ["count": String(job.read)]),
            progressValue: job.read, progressMax: job.expected.map { Swift.max($0, job.read) },
            outcome: outcome, succeeded: report?.written ?? false,
            counts: report.map {
                t(
                    "imports.counts",
                    [
                        "read": String($0.read), "created": String($0.created), "updated": String($0.updated),
                        "unchanged": String($0.unchanged), "skipped": String($0.skipped),
                    ])
            } ?? "",
            created: report?.organizationsCreated ?? [], hasCreated: !(report?.organizationsCreated.isEmpty ?? true),
            unknown: report?.unknownOrganizations ?? [], hasUnknown: !(report?.unknownOrganizations.isEmpty ?? true),
            problems: Array(problems), hasProblems: !problems.isEmpty,
            moreProblems: total > Self.problemsShown
                ? t("imports.moreProblems", ["count": String(total), "shown": String(Self.problemsShown)]) : nil)
        return pages.render(
            model, title: t(model.running ? "imports.runningTitle" : "imports.title"), section: .activities,
            request: request, context: context)
    }
}
