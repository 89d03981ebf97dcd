import EnlaceCore

/// The administrators' page of exchange rates.
struct RatesPage {
    struct Row {
        let base: String
        let quote: String
        let date: String
        let dateISO: String
        let rate: String
    }

    let rows: [Row]
    let count: String
    let reportingCurrency: String
    let notice: String?
    let hasErrors: Bool
    let errorSummary: [ErrorLink]
    let base: Field
    let quote: Field
    let date: Field
    let rate: Field
    let csv: Field

    init(
        rates: [ExchangeRate], reportingCurrency: String, form: FormData, messages: FormMessages,
        importErrors: [String], notice: String?, presenter: ActivityPresenter
    ) {
        // Newest first: the rates one is most likely to check.
        rows = rates.sorted { ($0.date, $0.base, $0.quote) > ($1.date, $1.base, $1.quote) }.map {
            Row(
                base: $0.base, quote: $0.quote, date: presenter.format.date($0.date), dateISO: $0.date.iso,
                rate: $0.text)
        }
        count = presenter.format.integer(rates.count)
        self.reportingCurrency = reportingCurrency
        self.notice = notice
        hasErrors = messages.hasErrors
        errorSummary = messages.summary
        let adding = form.value("action") == "add"
        base = messages.field("base", adding ? form.value("base") : nil)
        quote = messages.field("quote", adding ? form.value("quote") : reportingCurrency)
        date = messages.field("date", adding ? form.value("date") : nil)
        rate = messages.field("rate", adding ? form.value("rate") : nil)
        csv = Field(
            name: "csv", value: form.value("action") == "import" ? form.value("csv") ?? "" : "",
            error: importErrors.isEmpty ? nil : importErrors.joined(separator: " · "))
    }
}

extension RatesPage: PageModel {
    static let template = PageTemplate.exchangeRates
}
