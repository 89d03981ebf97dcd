import EnlaceCore
import Foundation
import Hummingbird
import NIOCore

/// What the API and the upload page share about an import request: its options as parameters, the file spooled
/// to disk within a size limit, and the report in words.
enum ImportRequest {
    /// The largest file an import over HTTP takes (the command line takes any size).
    static let maxBytes = 256 << 20
    /// The option parameters, by name.
    static let optionNames: Set<String> = ["marking", "owner", "dryRun", "partial", "createOrganizations"]

    /// The options `value` gives (a query or form value by name), with every problem named by field.
    static func options(_ value: (String) -> String?) -> (ImportOptions, [FieldError]) {
        var options = ImportOptions()
        var errors: [FieldError] = []
        if let marking = value("marking"), !marking.isEmpty {
            if let parsed = Marking(rawValue: marking), parsed != .restricted {
                options.marking = parsed
            } else {
                errors.append(FieldError("marking", .unknownCode, ["value": marking]))
            }
        }
        if let owner = value("owner"), !owner.isEmpty { options.owner = owner }
        func flag(_ name: String) -> Bool {
            guard let text = value(name), !text.isEmpty else { return false }
            switch text {
            case "true", "on", "1": return true
            case "false", "0": return false
            default:
                errors.append(FieldError(name, .invalidFormat, ["expected": "true"]))
                return false
            }
        }
        options.dryRun = flag("dryRun")
        options.partial = flag("partial")
        options.createOrganizations = flag("createOrganizations")
        return (options, errors)
    }

    /// Writes `body` to a new temporary file and answers its address; over ``maxBytes`` the file is removed and the
    /// request refused with 413.
    static func spool<Body: AsyncSequence>(_ body: Body) async throws -> URL where Body.Element == ByteBuffer {
        var file = UploadFile(prefix: "enlace-import", limit: maxBytes)
        do {
            for try await buffer in body { try file.write(buffer) }
            return try file.finish()
        } catch {
            file.discard()
            throw error
        }
    }

    /// The report as JSON, its problems worded in `language`.
    static func json(_ report: ImportReport, _ language: Language, _ translations: Translations) -> JSONValue {
        func organization(_ organization: ImportedOrganization) -> JSONValue {
            .object([
                ("ref", .string(organization.ref)), ("name", .string(organization.name)),
                ("type", .string(organization.type)),
            ])
        }
        return .object([
            ("written", .bool(report.written)), ("dryRun", .bool(report.dryRun)), ("read", .integer(report.read)),
            ("created", .integer(report.created)), ("updated", .integer(report.updated)),
            ("unchanged", .integer(report.unchanged)), ("skipped", .integer(report.skipped)),
            ("organizationsCreated", .array(report.organizationsCreated.map(organization))),
            ("unknownOrganizations", .array(report.unknownOrganizations.map(organization))),
            ("problemCount", .integer(report.problemCount)),
            (
                "problems",
                .array(
                    report.problems.map { problem in
                        .object([
                            ("code", .string(problem.code.rawValue)), ("line", .integer(problem.line)),
                            ("column", .integer(problem.column)), ("identifier", .string(problem.identifier)),
                            ("field", .string(problem.field)),
                            ("message", .string(message(problem, language, translations))),
                        ])
                    })
            ),
        ])
    }

    /// `problem` in words, without its place (line, identifier), which goes beside it.
    static func message(_ problem: ImportProblem, _ language: Language, _ translations: Translations) -> String {
        if problem.code == .invalidField, let error = problem.fieldError {
            return (problem.field.map { $0 + ": " } ?? "") + translations.message(for: error, language)
        }
        return translations.text("imports.problems." + problem.code.rawValue, language, problem.parameters)
    }
}
