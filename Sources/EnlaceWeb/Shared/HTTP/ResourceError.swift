/// A file the installation should contain is missing or unreadable.
struct ResourceError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
