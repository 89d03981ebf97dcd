import EnlaceCore
public import Hummingbird

/// What every handler knows about its request beyond the request itself.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The language the answer is written in: the switcher's cookie, else `Accept-Language`, else English.
    var language: Language = .en

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Bodies over 1 MiB are refused with 413 before a handler reads them.
    public var maxUploadSize: Int { 1 << 20 }
}
