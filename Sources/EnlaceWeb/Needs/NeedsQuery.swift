import EnlaceCore
import EnlaceStore
import Foundation
import Hummingbird

/// What a needs query asks for, read the same way by the API and by the list page.
enum NeedsQuery {
    /// The filter of a needs query (the API and the list page).
    static func filter(_ parameters: Parameters, catalog: ReferenceCatalog, strict: Bool) throws -> NeedFilter {
        var query = QueryReader(parameters, allowed: ["country", "keyArea", "status", "year", "limit", "cursor"])
        var filter = NeedFilter()
        filter.country = query.code("country") { catalog.country($0) != nil ? $0 : nil }
        filter.area = query.code("keyArea") { catalog.keyArea($0) != nil ? $0 : nil }
        filter.statuses = query.codes("status") { NeedStatus(rawValue: $0) }
        if let year = query.number("year", in: 1990...2100) { filter.window = CalendarDate.year(year) }
        try query.finish(strict: strict)
        return filter
    }
}
