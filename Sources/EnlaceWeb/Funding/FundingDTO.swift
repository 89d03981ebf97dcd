import EnlaceCore

/// Budget lines, transactions, vetting and exchange rates as the API writes and reads them.
enum FundingDTO {
    static func encode(_ line: BudgetLine) -> JSONValue {
        .object([
            ("kind", .integer(line.kind.rawValue)), ("periodStart", .string(line.periodStart.iso)),
            ("periodEnd", .string(line.periodEnd.iso)), ("value", CommonDTO.money(line.value)),
        ])
    }

    static func encode(_ transaction: FundingTransaction) -> JSONValue {
        .object([
            ("type", .integer(transaction.type.rawValue)), ("date", .string(transaction.date.iso)),
            ("value", CommonDTO.money(transaction.value)), ("provider", .string(transaction.provider)),
            ("receiver", .string(transaction.receiver)), ("notODA", .bool(transaction.notODA)),
            ("description", .string(transaction.description)),
            ("releasability", transaction.releasability.map(CommonDTO.releasability) ?? .null),
        ])
    }

    static func encode(_ vetting: Vetting, kind: ActivityKind) -> JSONValue {
        .object([
            ("required", vetting.required.map(JSONValue.bool) ?? .null),
            ("requiredByDefault", .bool(Vetting().isRequired(for: kind))),
            (
                "units",
                .array(
                    vetting.units.map { unit in
                        .object([
                            ("unit", .string(unit.unit)), ("people", .integer(unit.people)),
                            ("status", .string(unit.status.rawValue)), ("authority", .string(unit.authority)),
                            ("submitted", .string(unit.submitted?.iso)), ("decided", .string(unit.decided?.iso)),
                            ("reference", .string(unit.reference)),
                        ])
                    })
            ),
        ])
    }

    static func encode(_ rate: ExchangeRate) -> JSONValue {
        .object([
            ("base", .string(rate.base)), ("quote", .string(rate.quote)), ("date", .string(rate.date.iso)),
            ("rate", .string(rate.text)),
        ])
    }

    static func decodeRate(_ reader: inout FieldReader) -> ExchangeRateInput {
        ExchangeRateInput(
            base: reader.string("base"), quote: reader.string("quote"), date: reader.string("date"),
            rate: reader.string("rate"))
    }

    /// Reads `budgetLines`, `transactions` and `vetting` into `input`.
    static func decode(_ reader: inout FieldReader, into input: inout ActivityInput) {
        input.budgetLines = reader.objects("budgetLines") { line in
            ActivityInput.BudgetLineInput(
                kind: line.integer("kind"), periodStart: line.string("periodStart"),
                periodEnd: line.string("periodEnd"), value: line.money("value"))
        }
        input.transactions = reader.objects("transactions") { transaction in
            ActivityInput.TransactionInput(
                type: transaction.integer("type"), date: transaction.string("date"), value: transaction.money("value"),
                provider: transaction.string("provider"), receiver: transaction.string("receiver"),
                notODA: transaction.bool("notODA"), description: transaction.string("description"),
                releasability: CommonDTO.readReleasability(&transaction))
        }
        input.vetting = reader.object("vetting") { vetting in
            _ = vetting.value("requiredByDefault")
            return ActivityInput.VettingInput(
                required: vetting.bool("required"),
                units: vetting.objects("units") { unit in
                    ActivityInput.VettedUnitInput(
                        unit: unit.string("unit"), people: unit.integer("people"), status: unit.string("status"),
                        authority: unit.string("authority"), submitted: unit.string("submitted"),
                        decided: unit.string("decided"), reference: unit.string("reference"))
                })
        }
    }
}
