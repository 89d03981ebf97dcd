import EnlaceCore
import EnlaceInterop
import EnlaceStore
import Hummingbird

/// The funding pages:
///
/// | method | path | answer |
/// |---|---|---|
/// | GET | /funding | the funnel by year per provider, country or area, with the CSV |
/// | GET | /vetting | open human-rights vetting for one country, oldest first (signed-in people) |
/// | GET | /admin/rates | the exchange rates, with forms to add, import and remove (administrators) |
/// | POST | /admin/rates | one change (`action`: add, import, delete); 303 back, or the page with messages |
struct FundingPagesController {
    let store: Store
    let pages: PageRenderer
    let translations: Translations
    let clock: WallClock

    func addRoutes(to router: SiteRouter) {
        router.get(SitePaths.funding, use: summary)
        router.get(SitePaths.vetting, use: vetting)
        router.get(SitePaths.exchangeRates, use: rates)
        router.post(SitePaths.exchangeRates, use: changeRates)
    }

    @Sendable func summary(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try FundingQuery.parse(request.uri.queryParameters, strict: false)
        let summary = try await store.fundingSummary(by: query.dimension, filter: query.filter, for: context.viewer)
        let presenter = try await ActivityPresenter.load(store: store, translations: translations, context: context)
        let governments = presenter.organizations.values.filter { $0.parent == nil && $0.isMember }.sorted {
            $0.name < $1.name
        }
        return pages.render(
            FundingSummaryPage(summary: summary, query: query, presenter: presenter, governments: governments),
            title: translations.text("funding.title", context.language), section: .funding, request: request,
            context: context)
    }

    @Sendable func vetting(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let presenter = try await ActivityPresenter.load(store: store, translations: translations, context: context)
        let asked = request.uri.queryParameters.get("country").flatMap { $0.isEmpty ? nil : $0 }
        if let asked, store.catalog.country(asked) == nil {
            throw RequestError.invalidQuery([FieldError("country", .unknownCode, ["value": asked])])
        }
        // Without a choice: the reader's own country, or the first partner in the demo's region.
        let country =
            asked ?? context.viewer.principal?.country.flatMap { store.catalog.country($0) != nil ? $0 : nil } ?? "HN"
        let report = try await store.vettingReport(
            country: country, today: CalendarDate.today(clock), for: context.viewer)
        return pages.render(
            VettingPage(report: report, presenter: presenter),
            title: translations.text("vetting.reportTitle", context.language), section: .funding, request: request,
            context: context)
    }

    @Sendable func rates(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin(writing: true)
        let notice =
            request.uri.queryParameters.get("saved") != nil ? translations.text("rates.saved", context.language) : nil
        return try await ratesPage(form: FormData(pairs: []), errors: [], notice: notice, request, context)
    }

    @Sendable func changeRates(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requireAdmin(writing: true)
        let form = try await FormData.read(request, context: context)
        do {
            switch form.value("action") {
            case "add":
                let rate = try ExchangeRateInput(
                    base: form.value("base"), quote: form.value("quote"), date: form.value("date"),
                    rate: form.value("rate")
                ).validated(against: store.catalog)
                try await store.rates.save([rate], source: "form", by: actor)
            case "import":
                let rates = try ExchangeRateCSV.read(form.value("csv") ?? "", against: store.catalog)
                try await store.rates.save(rates, source: "import", by: actor)
            case "delete":
                guard let date = form.value("date").flatMap({ CalendarDate(iso: $0) }) else {
                    throw EnlaceError.invalid([FieldError("date", .invalidFormat, ["expected": "YYYY-MM-DD"])])
                }
                try await store.rates.delete(
                    base: form.value("base") ?? "", quote: form.value("quote") ?? "", date: date, by: actor)
            default:
                throw EnlaceError.invalid([FieldError("action", .unknownCode, ["value": form.value("action") ?? ""])])
            }
            return .redirect(to: SitePaths.exchangeRates.link + "?saved=1", type: .normal)
        } catch EnlaceError.invalid(let errors) {
            return try await ratesPage(
                form: form, errors: errors, notice: nil, request, context, status: .unprocessableContent)
        }
    }

    private func ratesPage(
        form: FormData, errors: [FieldError], notice: String?, _ request: Request, _ context: AppRequestContext,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let presenter = try await ActivityPresenter.load(store: store, translations: translations, context: context)
        let model = RatesPage(
            rates: try await store.rates.table().rates, reportingCurrency: store.reportingCurrency, form: form,
            messages: FormMessages(errors, translations: translations, language: context.language),
            importErrors: form.value("action") == "import"
                ? errors.map { "\($0.field): \(translations.message(for: $0, context.language))" } : [],
            notice: notice, presenter: presenter)
        return pages.render(
            model, title: translations.text("rates.title", context.language), section: .admin,
            request: request, context: context, status: status)
    }
}
