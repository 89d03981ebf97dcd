/// One page of a list: its items, how many match in all, and the cursor of the next page.
public struct Page<Item: Sendable>: Sendable {
    /// The items on this page, in the requested order.
    public var items: [Item]
    /// How many items match the filter in all pages.
    public var total: Int
    /// The opaque cursor that fetches the next page, or nil on the last one.
    public var nextCursor: String?

    /// Creates the page.
    public init(items: [Item], total: Int, nextCursor: String?) {
        self.items = items
        self.total = total
        self.nextCursor = nextCursor
    }
}

/// The limit of a list request: how many items at most, and bounds that every list shares.
public enum PageLimit {
    /// The page size when the caller names none.
    public static let `default` = 50
    /// The largest page a caller may ask for.
    public static let maximum = 200
}
