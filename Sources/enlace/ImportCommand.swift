import ArgumentParser
import EnlaceCore
import EnlaceStore
import EnlaceWeb
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `enlace import …`: activities from files.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import activities from files.", subcommands: [IATI.self, CSV.self])

    /// The options every import takes.
    struct Options: ParsableArguments {
        @Option(
            help:
                "The marking of every imported activity: public or members (default: members for new ones, stored ones keep theirs)."
        )
        var marking: String?

        @Option(
            help:
                "The code of the organisation that owns the imported activities (default: each one's reporting organisation)."
        )
        var owner: String?

        @Flag(help: "Check everything and write nothing.")
        var dryRun = false

        @Flag(help: "Keep the valid activities when some are invalid, and report the rest.")
        var partial = false

        @Flag(help: "Create the organisations the file names that Enlace does not know.")
        var createOrganizations = false

        /// Refuses a call without files or with a marking other than public and members.
        func check(_ files: [String]) throws {
            if files.isEmpty { throw ValidationError("Name at least one file.") }
            if let marking, marking != Marking.public.rawValue, marking != Marking.members.rawValue {
                throw ValidationError("--marking is public or members.")
            }
        }

        var importOptions: ImportOptions {
            ImportOptions(
                marking: marking.flatMap(Marking.init(rawValue:)), owner: owner, dryRun: dryRun, partial: partial,
                createOrganizations: createOrganizations)
        }
    }

    struct IATI: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "iati",
            abstract: "Import IATI 2.01–2.03 activity files: an upsert by iati-identifier, each file all or nothing.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var options: Options

        @Argument(help: "The IATI activity files.", completion: .file(extensions: ["xml"]))
        var files: [String]

        func validate() throws { try options.check(files) }

        func run() async throws { try await Import.run(files, format: .iati, options: options, database: database) }
    }

    struct CSV: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "csv",
            abstract:
                "Import spreadsheets saved as CSV (the columns of the export and the template, HXL hashtags or not).")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var options: Options

        @Argument(help: "The CSV files.", completion: .file(extensions: ["csv"]))
        var files: [String]

        func validate() throws { try options.check(files) }

        func run() async throws {
            try await Import.run(files, format: .spreadsheet, options: options, database: database)
        }
    }

    /// Imports `files` one after another, each all or nothing, printing each report, then checks the overlaps of
    /// what they changed. The store opens cold: an import reads only the records its batches name.
    static func run(
        _ files: [String], format: ActivityImports.Format, options: Options, database: DatabaseOptions
    ) async throws {
        let importOptions = options.importOptions
        let failed = try await withStore(database, warm: false) { store in
            let imports = try ActivityImports(store: store)
            var failed = false
            for file in files {
                let started = ContinuousClock.now
                let display = ProgressDisplay.standardError()
                let report = try await imports.run(
                    URL(fileURLWithPath: file), format: format, options: importOptions, by: nil,
                    progress: display.show)
                display.finish()
                print(summary(report, file: file, elapsed: ContinuousClock.now - started))
                if report.problemCount > 0 { failed = true }
                guard !report.changed.isEmpty else { continue }
                let checking = ContinuousClock.now
                let checkDisplay = ProgressDisplay.standardError()
                try await imports.checkOverlaps(report, progress: checkDisplay.show)
                checkDisplay.finish()
                print(
                    "overlap check of the \(report.changed.count) activities changed: done in "
                        + (ContinuousClock.now - checking).formatted(.units(allowed: [.seconds, .milliseconds]))
                        + ", peak memory \(peakMemoryMegabytes()) MB")
            }
            return failed
        }
        if failed { throw ExitCode(1) }
    }

    /// The report in lines for a terminal: the counts, the unknown organisations, then every problem.
    static func summary(_ report: ImportReport, file: String, elapsed: Duration) -> String {
        let outcome =
            report.dryRun ? "dry run, nothing written" : report.written ? "written" : "refused, nothing written"
        var lines = [
            "\(file): \(outcome). \(report.read) read: \(report.created) new, \(report.updated) changed, "
                + "\(report.unchanged) unchanged, \(report.skipped) skipped, in "
                + elapsed.formatted(.units(allowed: [.seconds, .milliseconds]))
                + ", peak memory \(peakMemoryMegabytes()) MB"
        ]
        if !report.organizationsCreated.isEmpty {
            lines.append(
                "organisations created: "
                    + report.organizationsCreated.map { "\($0.ref) (\($0.name))" }.joined(separator: ", "))
        }
        if !report.unknownOrganizations.isEmpty {
            lines.append(
                "organisations Enlace does not know (add them, or import with --create-organizations):")
            lines += report.unknownOrganizations.map { "  \($0.ref)  \($0.name)" }
        }
        lines += report.problems.map { "  " + $0.englishText }
        return lines.joined(separator: "\n")
    }
}

/// The most memory this process has held at once (its peak resident set), in megabytes: Linux's `VmHWM`, which
/// starts afresh at `exec` (`getrusage` would count the resident set of the parent that started this process).
func peakMemoryMegabytes() -> Int {
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kilobytes = Int(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "")
    {
        return kilobytes / 1024
    }
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return usage.ru_maxrss / 1024
}
