public import EnlaceCore
import Foundation

/// Exchange rates in a spreadsheet: a header row naming `date`, `base`, `quote` and `rate` (in any
/// order; `from` and `to` are taken for `base` and `quote`), then one rate per row.
public enum ExchangeRateCSV {
    /// The rates of `text`; otherwise ``EnlaceError/invalid(_:)`` naming each bad cell as
    /// `rows[N].column` (N counts data rows from 1), so that nothing is stored from a file with a mistake.
    public static func read(_ text: String, against catalog: ReferenceCatalog) throws(EnlaceError) -> [ExchangeRate] {
        let table: (header: [String], rows: [[String]])
        do {
            table = try CSVText.read(text)
        } catch {
            throw .invalid([FieldError("file", .invalidFormat, ["expected": "CSV with a header row"])])
        }
        let aliases = ["from": "base", "to": "quote", "currency": "base"]
        let names = table.header.map { name in
            let folded = name.lowercased().trimmingCharacters(in: .whitespaces)
            return aliases[folded] ?? folded
        }
        var errors: [FieldError] = []
        var columns: [String: Int] = [:]
        for required in ["date", "base", "quote", "rate"] {
            if let index = names.firstIndex(of: required) {
                columns[required] = index
            } else {
                errors.append(FieldError("header", .required, ["value": required]))
            }
        }
        if !errors.isEmpty { throw .invalid(errors) }
        if table.rows.isEmpty { throw .invalid([FieldError("rows", .required)]) }
        var rates: [ExchangeRate] = []
        for (index, row) in table.rows.enumerated() {
            func cell(_ name: String) -> String? {
                guard let column = columns[name], column < row.count else { return nil }
                return row[column]
            }
            let input = ExchangeRateInput(
                base: cell("base"), quote: cell("quote"), date: cell("date"), rate: cell("rate"))
            do {
                rates.append(try input.validated(against: catalog, path: "rows[\(index + 1)]."))
            } catch .invalid(let found) {
                errors += found
            } catch {
                errors.append(FieldError("rows[\(index + 1)]", .invalidFormat))
            }
        }
        if !errors.isEmpty { throw .invalid(errors) }
        return rates
    }
}
