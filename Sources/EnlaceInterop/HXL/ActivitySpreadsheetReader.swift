import CSV
public import EnlaceCore
public import Foundation

/// Reads activities from a spreadsheet saved as CSV: the columns of ``ActivityHXL`` (the export, and the
/// template), found by their HXL hashtags when the file has a hashtag row and else by their names, in any order.
///
/// Row 1 holds the names; row 2 may hold the hashtags. Columns Enlace does not know are left alone (a spreadsheet
/// may carry its own notes); a file with none it knows is refused. Lists are `;`-separated; an apostrophe the
/// export put before a cell a spreadsheet would take for a formula is taken off. Each row is an activity, keyed
/// by its `identifier` cell, else its `id` (an Enlace id, which finds the activity when its owner matches); the
/// columns the file has are what the import replaces (see ``ImportedActivity/carries``). Problems are placed by
/// row and column.
public enum ActivitySpreadsheetReader {
    /// The ``ActivityInput`` members each column fills, by column name; columns absent here carry nothing.
    static let members: [String: [String]] = [
        "title": ["title"], "description": ["description"], "language": ["language"],
        "funding": ["providers"], "implementing": ["providers"], "recipientCountries": ["recipientCountries"],
        "beneficiary": ["beneficiary"], "keyAreas": ["keyAreas"], "topics": ["topics"], "kind": ["kind"],
        "modality": ["modality"], "plannedStart": ["plannedStart"], "plannedEnd": ["plannedEnd"],
        "actualStart": ["actualStart"], "actualEnd": ["actualEnd"], "status": ["status"],
        "participantsPlanned": ["participantsPlanned"], "participantsTrained": ["participantsTrained"],
        "budget": ["budget"], "budgetCurrency": ["budget"], "location": ["location"], "latitude": ["location"],
        "longitude": ["location"], "marking": ["releasability"], "releasableTo": ["releasability"],
    ]

    /// Reads `stream`, calling `activity` with each row's activity in order; it answers false to stop. Throws the
    /// file's problem (not CSV, a header it cannot use, no row).
    public static func parse(_ stream: InputStream, activity: (ImportedActivity) -> Bool) throws {
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: false, trimFields: true)
        } catch {
            throw ImportProblem(.notCSV, line: 1, parameters: ["detail": "\(error)"])
        }
        guard var names = reader.next() else { throw ImportProblem(.empty, line: 1) }
        if let first = names.first, first.hasPrefix("\u{FEFF}") { names[0] = String(first.dropFirst()) }
        var rowNumber = 1
        var columns = columnsByName(names)
        var pending: [String]?
        if let second = reader.next() {
            rowNumber = 2
            if second.contains(where: { $0.hasPrefix("#") }) {
                let tagged = columnsByHashtag(second)
                if !tagged.isEmpty { columns = tagged }
            } else {
                pending = second
            }
        }
        guard columns.keys.contains("title") || columns.keys.contains("id") || columns.keys.contains("identifier")
        else {
            throw ImportProblem(
                .badHeader, line: 1, parameters: ["detail": "no column named title, id or identifier, nor tagged so"])
        }
        let fields = fieldColumns(columns)
        var count = 0
        while let row = pending ?? reader.next() {
            if pending == nil { rowNumber += 1 }
            pending = nil
            if row.allSatisfy({ $0.isEmpty }) { continue }
            count += 1
            var found = Self.activity(row, number: rowNumber, columns: columns)
            found.columns = fields
            if !activity(found) { return }
        }
        // The CSV reader reports the end of a stream it reads from as a failed read.
        if let error = reader.error, stream.streamStatus != .atEnd {
            throw ImportProblem(.notCSV, line: rowNumber, parameters: ["detail": "\(error)"])
        }
        if count == 0 { throw ImportProblem(.empty, line: rowNumber) }
    }

    /// The column (0-based) of each known column, by name, from the names row.
    static func columnsByName(_ row: [String]) -> [String: Int] {
        var found: [String: Int] = [:]
        let known = Set(ActivityHXL.columns.map(\.name))
        for (index, name) in row.enumerated() where known.contains(name) && found[name] == nil { found[name] = index }
        return found
    }

    /// The column (0-based) of each known column, by name, from the hashtag row: a column matches when it has
    /// the hashtag and every attribute the export gives it, in any order and case.
    static func columnsByHashtag(_ row: [String]) -> [String: Int] {
        func parts(_ tag: String) -> (String, Set<String>)? {
            let pieces = tag.lowercased().split(whereSeparator: \.isWhitespace).flatMap { piece in
                piece.split(separator: "+", omittingEmptySubsequences: true).enumerated().map {
                    $0.offset == 0 && piece.hasPrefix("#") ? String($0.element) : "+" + $0.element
                }
            }
            guard let hashtag = pieces.first, hashtag.hasPrefix("#") else { return nil }
            return (hashtag, Set(pieces.dropFirst()))
        }
        var found: [String: Int] = [:]
        for (index, cell) in row.enumerated() {
            guard let (hashtag, attributes) = parts(cell) else { continue }
            for column in ActivityHXL.columns where found[column.name] == nil {
                guard let (wanted, wantedAttributes) = parts(column.hashtag) else { continue }
                if wanted == hashtag && attributes == wantedAttributes { found[column.name] = index }
            }
        }
        return found
    }

    /// The activity of one row.
    static func activity(_ row: [String], number: Int, columns: [String: Int]) -> ImportedActivity {
        func cell(_ name: String) -> String? {
            guard let index = columns[name] else { return nil }
            return index < row.count ? unescaped(row[index]) : ""
        }
        func text(_ name: String) -> String? { cell(name).flatMap { $0.isEmpty ? nil : $0 } }
        func list(_ name: String) -> [String]? {
            cell(name).map {
                $0.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
        }
        func integer(_ name: String) -> Int?? {
            guard let value = cell(name) else { return nil }
            return .some(value.isEmpty ? nil : Int(value) ?? Int.min)
        }
        var input = ActivityInput()
        input.title = cell("title")
        input.description = cell("description")
        input.language = cell("language")
        if columns["funding"] != nil || columns["implementing"] != nil {
            input.providers =
                (list("funding") ?? []).map { ActivityInput.ProviderInput(organization: $0, role: "funding") }
                + (list("implementing") ?? []).map {
                    ActivityInput.ProviderInput(organization: $0, role: "implementing")
                }
        }
        input.recipientCountries = list("recipientCountries")
        input.beneficiary = text("beneficiary")
        input.keyAreas = list("keyAreas")
        input.topics = list("topics")
        input.kind = cell("kind")
        input.modality = cell("modality")
        input.plannedStart = cell("plannedStart")
        input.plannedEnd = cell("plannedEnd")
        input.actualStart = text("actualStart")
        input.actualEnd = text("actualEnd")
        if let status = integer("status") { input.status = status ?? Int.min }
        if let planned = integer("participantsPlanned") { input.participantsPlanned = planned }
        if let trained = integer("participantsTrained") { input.participantsTrained = trained }
        if let amount = text("budget") {
            input.budget = ActivityInput.BudgetInput(amount: amount, currency: cell("budgetCurrency") ?? "")
        }
        let latitude = text("latitude").map { Double($0) ?? .nan }
        let longitude = text("longitude").map { Double($0) ?? .nan }
        if let name = text("location") {
            input.location = ActivityInput.LocationInput(name: name, lat: latitude, lon: longitude)
        }
        if columns["marking"] != nil {
            input.releasability = ActivityInput.ReleasabilityInput(
                marking: text("marking") ?? Marking.members.rawValue, releasableTo: list("releasableTo") ?? [])
        }
        let id = text("id")
        let identifier = text("identifier") ?? id ?? ""
        let owner = text("owner")
        var organizations: [ImportedOrganization] = []
        for code in [owner].compactMap({ $0 }) + (input.providers ?? []).compactMap(\.organization)
        where !organizations.contains(where: { $0.ref == code }) {
            organizations.append(ImportedOrganization(ref: code, name: ""))
        }
        var carries = Set(columns.keys.flatMap { members[$0] ?? [] })
        // A location's name is its column; coordinates alone make no location.
        if columns["location"] == nil { carries.remove("location") }
        var print = Fingerprint()
        print.add(columns.sorted { $0.key < $1.key }.map { $0.key + "=" + (index($0.value) ?? "") })
        func index(_ column: Int) -> String? { column < row.count ? row[column] : nil }
        var imported = ImportedActivity(
            line: number, identifier: identifier, enlaceID: id,
            reportingOrganization: owner.map {
                ImportedOrganization(ref: $0, name: "")
            }, organizations: organizations, carries: carries, input: input)
        imported.fingerprint = "csv-1:" + print.text
        if identifier.isEmpty { imported.problems.append(ImportProblem(.missingIdentifier, line: number)) }
        return imported
    }

    /// The 1-based column of each field path, from the columns found.
    static func fieldColumns(_ columns: [String: Int]) -> [String: Int] {
        var fields: [String: Int] = [:]
        for (name, index) in columns {
            switch name {
            case "funding", "implementing": fields["providers"] = fields["providers"] ?? index + 1
            case "budget": fields["budget"] = index + 1
            case "budgetCurrency": fields["budget.currency"] = index + 1
            case "location": fields["location"] = index + 1
            case "latitude": fields["location.lat"] = index + 1
            case "longitude": fields["location.lon"] = index + 1
            case "marking": fields["releasability"] = index + 1
            case "releasableTo": fields["releasability.releasableTo"] = index + 1
            default: fields[name] = index + 1
            }
        }
        return fields
    }

    /// A cell as written, without the apostrophe an export puts before a formula-like text.
    static func unescaped(_ cell: String) -> String {
        guard cell.hasPrefix("'"), CSVText.startsLikeFormula(cell.unicodeScalars.dropFirst()) else { return cell }
        return String(cell.dropFirst())
    }
}
