public import EnlaceCore
import EnlaceInterop
public import EnlaceStore
public import Foundation

/// Imports activity files into the store: what the command line, the API and the upload page share.
public struct ActivityImports: Sendable {
    let store: Store
    let mapping: IATIActivityMapping
    /// The import running now on this instance, from the API or a page: one at a time, for everyone on it (each
    /// instance behind a proxy runs its own).
    let running = InFlight(limit: 1)

    /// The imports of `store`, with the project's DAC sector table.
    public init(store: Store) throws {
        self.store = store
        mapping = IATIActivityMapping(
            sectors: try JSONDecoder().decode(DACSectorMapping.self, from: ReferenceResources.file("dac-sectors")),
            catalog: store.catalog)
    }

    /// The formats an import reads.
    public enum Format: String, Sendable, CaseIterable {
        /// An IATI activity file, versions 2.01 to 2.03.
        case iati
        /// A spreadsheet saved as CSV, with or without an HXL hashtag row.
        case spreadsheet = "csv"

        /// The format of the file at `url` by its first character that is not white space or a byte-order mark:
        /// `<` is XML.
        public static func sniff(_ url: URL) -> Format {
            guard let handle = try? FileHandle(forReadingFrom: url) else { return .iati }
            defer { try? handle.close() }
            let head = (try? handle.read(upToCount: 512)) ?? Data()
            let first = String(decoding: head, as: UTF8.self).unicodeScalars.first {
                !CharacterSet.whitespacesAndNewlines.contains($0) && $0 != "\u{FEFF}"
            }
            return first == "<" ? .iati : .spreadsheet
        }
    }

    /// Imports the file at `url` in `format` as `actor` (nil: the system). The overlap check is the caller's next
    /// step (``checkOverlaps(_:progress:)``).
    public func run(
        _ url: URL, format: Format, options: ImportOptions, by actor: Principal?, progress: ProgressHandler? = nil
    ) async throws -> ImportReport {
        let feed =
            switch format {
            case .iati: ImportFeed.iati(url, mapping: mapping)
            case .spreadsheet: ImportFeed.spreadsheet(url)
            }
        return try await store.activities.importActivities(
            feed, expected: feed.expected, options: options, by: actor, progress: progress)
    }

    /// Brings the overlap records in line with what `report`'s import changed.
    public func checkOverlaps(_ report: ImportReport, progress: ProgressHandler? = nil) async throws {
        try await store.overlaps.check(changed: report.changed, progress: progress)
    }

    /// Imports and then checks the overlaps, as the API and the pages do.
    ///
    /// A stopping server cancels the import, which rolls back whole (`CancellationError`). Cancelled once the
    /// import has committed, the overlap check stops and the import's report is answered: the import left its
    /// activities' checks pending, in its own transaction, and the next start (or the next full pass) runs them.
    public func importAndCheck(
        _ url: URL, format: Format, options: ImportOptions, by actor: Principal?, progress: ProgressHandler? = nil
    ) async throws -> ImportReport {
        let report = try await run(url, format: format, options: options, by: actor, progress: progress)
        do {
            try await checkOverlaps(report)
        } catch is CancellationError {}
        return report
    }
}
