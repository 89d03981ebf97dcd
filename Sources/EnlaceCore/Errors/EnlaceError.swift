/// The failures the domain and the store report; the web layer maps each to an HTTP answer in one place.
public enum EnlaceError: Error, Sendable, Equatable {
    /// The input breaks the rules; nothing was written.
    case invalid([FieldError])
    /// No record of this kind with this id exists for the caller.
    case notFound(entity: String, id: String)
    /// The caller's version of the record is not the current one; nothing was written.
    case staleVersion(entity: String, id: String, current: Int)
    /// An update was sent without naming the version it replaces.
    case versionRequired
    /// The caller may see the record but not do this to it; `field` names what they may not change, if one thing.
    case forbidden(field: String?)
    /// The request needs a signed-in caller.
    case unauthenticated
    /// Too many attempts (sign-ins, second-factor codes): nothing was checked; try again after `retryAfter` seconds.
    case throttled(retryAfter: Int)
    /// The server has too much of this work queued to take more now; try again after `retryAfter` seconds.
    case busy(retryAfter: Int)

    /// A convenience for a single field error.
    public static func invalid(_ field: String, _ code: FieldError.Code, _ parameters: [String: String] = [:]) -> Self {
        .invalid([FieldError(field, code, parameters)])
    }
}

extension EnlaceError {
    /// When reading a body already found `shapeErrors` (text where a number belongs, unknown members), throws
    /// them together with the errors `rules` finds in every other field, so that the caller hears about
    /// everything at once. Does nothing when `shapeErrors` is empty.
    public static func rejectShape(
        _ shapeErrors: [FieldError], rules: () throws(EnlaceError) -> Void
    ) throws(EnlaceError) {
        guard !shapeErrors.isEmpty else { return }
        var errors = shapeErrors
        do {
            try rules()
        } catch .invalid(let ruleErrors) {
            let reported = Set(shapeErrors.map(\.field))
            errors += ruleErrors.filter { !reported.contains($0.field) }
        } catch {}
        throw .invalid(errors)
    }
}
