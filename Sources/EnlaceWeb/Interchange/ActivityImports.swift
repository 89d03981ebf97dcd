public import EnlaceCore
import EnlaceInterop
public import EnlaceStore
public import Foundation

/// Imports activity files into the store: what the command line, the API and the upload page share.
public struct ActivityImports: Sendable {
    let store: Store
    let mapping: IATIActivityMapping
    /// The import running now, from the API or a page: one at a time, for everyone.
    let running = InFlight(limit: 1)

    /// The imports of `store`, with the project's DAC sector table.
    public init(store: Store) throws {
        self.store = store
        mapping = IATIActivityMapping(
            sectors: try JSONDecoder().decode(DACSectorMapping.self, from: ReferenceResources.file("dac-sectors")),
            catalog: store.catalog)
    }

    /// Imports the IATI activity file at `url` (versions 2.01 to 2.03) as `actor` (nil: the system).
    public func iati(
        _ url: URL, options: ImportOptions, by actor: Principal?, progress: ProgressHandler? = nil
    ) async throws -> ImportReport {
        try await store.activities.importActivities(
            ImportFeed.iati(url, mapping: mapping), options: options, by: actor, progress: progress)
    }
}
