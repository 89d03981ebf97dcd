import EnlaceCore

/// Failures of the request itself rather than of the domain: bad syntax, bad media type, bad query.
enum RequestError: Error {
    /// The body is not well-formed JSON.
    case malformedBody(String)
    /// The body has a media type this endpoint does not read.
    case unsupportedMediaType(expected: String)
    /// Query parameters that cannot be understood.
    case invalidQuery([FieldError])
    /// A language, path or other value in the URL that names nothing.
    case notFound
    /// A path the router knows, asked with a method it does not answer there; `allowed` are the ones it does.
    case methodNotAllowed(allowed: [String])
}
