/// How many activities fall under one value of a dimension (a key area, a country).
public struct ActivityCount: Sendable, Hashable {
    /// The value: a slug or a code.
    public let key: String
    /// How many live activities carry it.
    public let count: Int
}
