/// What every record form shows around its fields: its heading, where it is sent and where cancel
/// leads, the version it edits, the summary of its messages, and the notice that someone saved first.
///
/// Templates read it as `page.header`; the error summary partial is shown within it.
struct FormHeader {
    let heading: String
    let action: String
    let cancelHref: String
    let version: String
    let hasErrors: Bool
    let errorSummary: [ErrorLink]
    let staleNotice: String?

    init(
        heading: String, action: String, cancelHref: String, version: Int?, messages: FormMessages, staleNotice: String?
    ) {
        self.heading = heading
        self.action = action
        self.cancelHref = cancelHref
        self.version = version.map(String.init) ?? ""
        hasErrors = messages.hasErrors
        errorSummary = messages.summary
        self.staleNotice = staleNotice
    }
}
