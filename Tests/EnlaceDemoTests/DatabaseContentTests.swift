import EnlaceCore
import EnlaceDemo
import EnlaceStore
import EnlaceTestSupport
import Foundation
import Testing

@Suite("Database content: its digest, and its copy onto either engine")
struct DatabaseContentTests {
    static let activities = DemoDataset.generate(count: 300).activities.count

    /// Runs `body` with a database of `engine` holding the demo: every kind of record, its audit trail and its
    /// overlaps.
    private func withDemo(_ engine: DatabaseEngine, _ body: (Database) async throws -> Void) async throws {
        try await TestDatabase.withDatabase(engine) { database, _ in
            let store = try await Store.open(
                database: database, clock: Fixtures.tickingClock(), ids: Fixtures.sequentialIDs(),
                secret: Fixtures.secret, security: Fixtures.fastSecurity)
            #expect(try await DemoDataset.load(into: store, count: 300) == Self.activities)
            // A parent written after its child: PostgreSQL moves an updated row to the end of the table, so a copy
            // reads the child first and must still write the parent before it.
            try await database.execute(
                "UPDATE organizations SET name = name || ' ' WHERE code IN (SELECT parent_code FROM organizations)")
            try await body(database)
        }
    }

    @Test("a copy onto an empty database, of either engine, has its source's digest", arguments: TestDatabase.engines)
    func copyKeepsDigest(engine: DatabaseEngine) async throws {
        try await withDemo(engine) { source in
            let digest = try await source.contentDigest()
            #expect(digest.tables.first { $0.table == "activities" }.map { $0.rows >= Self.activities } == true)
            #expect(digest.tables.first { $0.table == "audit_events" }.map { $0.rows > Self.activities } == true)
            #expect(try await source.holdsContent())
            for targetEngine in TestDatabase.engines {
                try await TestDatabase.withDatabase(targetEngine) { target, _ in
                    #expect(try await !target.holdsContent())
                    #expect(try await target.contentDigest() != digest)
                    let counts = try await target.replaceContent(with: source)
                    #expect(counts == digest.tables)
                    #expect(try await target.contentDigest() == digest)
                    // The digest sees one character changed in one row.
                    try await target.execute(
                        "UPDATE activities SET title = title || '.' WHERE id = (SELECT MIN(id) FROM activities)")
                    #expect(try await target.contentDigest().digest != digest.digest)
                    // A second copy replaces what the first left, whole.
                    _ = try await target.replaceContent(with: source)
                    #expect(try await target.contentDigest() == digest)
                }
            }
        }
    }

    @Test("an SQLite file copy holds what the database held, and is the same on the other engine")
    func fileCopy() async throws {
        try await withDemo(.sqlite) { source in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("enlace-backup-\(UUID())")
            defer { try? FileManager.default.removeItem(at: folder) }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("backup.sqlite").path
            try await source.copySQLiteFile(to: path)
            let digest = try await source.contentDigest()
            let backup = try await Database.open(.sqlite(path: path), logger: TestDatabase.logger)
            do {
                #expect(try await backup.contentDigest() == digest)
                // Into PostgreSQL and back into a new SQLite file.
                if TestDatabase.engines.contains(.postgres) {
                    try await TestDatabase.withDatabase(.postgres) { postgres, _ in
                        _ = try await postgres.replaceContent(with: backup)
                        #expect(try await postgres.contentDigest() == digest)
                        try await TestDatabase.withDatabase(.sqlite) { back, _ in
                            _ = try await back.replaceContent(with: postgres)
                            #expect(try await back.contentDigest() == digest)
                        }
                    }
                }
            } catch {
                await backup.close()
                throw error
            }
            await backup.close()
        }
    }
}
