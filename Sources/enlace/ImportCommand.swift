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
        commandName: "import", abstract: "Import activities from files.", subcommands: [IATI.self])

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

        func validate() throws {
            if files.isEmpty { throw ValidationError("Name at least one file.") }
            if let marking = options.marking, marking != Marking.public.rawValue, marking != Marking.members.rawValue {
                throw ValidationError("--marking is public or members.")
            }
        }

        func run() async throws {
            let options = options.importOptions
            let failed = try await withStore(database) { store in
                let imports = try ActivityImports(store: store)
                var failed = false
                for file in files {
                    let started = ContinuousClock.now
                    let display = ProgressDisplay.standardError()
                    let report = try await imports.iati(
                        URL(fileURLWithPath: file), options: options, by: nil, progress: display.show)
                    display.finish()
                    print(Import.summary(report, file: file, elapsed: ContinuousClock.now - started))
                    if !report.problems.isEmpty { failed = true }
                }
                return failed
            }
            if failed { throw ExitCode(1) }
        }
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

/// The most memory this process has held at once (its peak resident set), in megabytes.
func peakMemoryMegabytes() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    // Linux counts in kilobytes.
    return usage.ru_maxrss / 1024
}
