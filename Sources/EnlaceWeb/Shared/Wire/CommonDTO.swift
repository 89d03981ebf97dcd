import EnlaceCore

/// Wire shapes several features share: a releasability and an amount of money.
enum CommonDTO {
    static func releasability(_ value: Releasability) -> JSONValue {
        .object([("marking", .string(value.marking.rawValue)), ("releasableTo", .strings(value.releasableTo))])
    }

    static func readReleasability(_ reader: inout FieldReader) -> ActivityInput.ReleasabilityInput? {
        reader.object("releasability") { releasability in
            ActivityInput.ReleasabilityInput(
                marking: releasability.string("marking"), releasableTo: releasability.strings("releasableTo"))
        }
    }

    static func money(_ value: Money) -> JSONValue {
        .object([("amount", .string(value.amountText)), ("currency", .string(value.currency))])
    }
}
