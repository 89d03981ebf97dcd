import EnlaceCore
import Foundation

/// The activity form's fields: read from a posted form, or filled from a stored activity.
///
/// The field names match the API's (`providers[0].organization`, `budget.amount`), so a field
/// error from validation lands beside the input it is about.
struct ActivityForm {
    /// What the user entered (or what is stored), as text.
    var input: ActivityInput
    /// Raw text of fields that did not parse as numbers, to show back as typed.
    var raw: [String: String] = [:]
    /// Errors of form (not a number), found before validation.
    var errors: [FieldError] = []
    /// The version the form edits, for an update.
    var version: Int?

    /// Provider rows always offered beyond those filled in, so that one more can be added without script.
    static let spareProviderRows = 2

    init(input: ActivityInput, version: Int? = nil) {
        self.input = input
        self.version = version
    }

    /// Reads a posted form.
    init(_ form: FormData) {
        input = ActivityInput()
        func text(_ name: String) -> String? {
            guard let value = form.value(name)?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
                return nil
            }
            return value
        }
        input.title = text("title")
        input.description = form.value("description")
        input.language = text("language")
        var providers: [ActivityInput.ProviderInput] = []
        var index = 0
        while form.value("providers[\(index)].organization") != nil || form.value("providers[\(index)].role") != nil {
            let organization = text("providers[\(index)].organization")
            if organization != nil {
                providers.append(.init(organization: organization, role: text("providers[\(index)].role")))
            }
            index += 1
        }
        input.providers = providers
        input.recipientCountries = form.values("recipientCountries").filter { !$0.isEmpty }
        input.beneficiary = text("beneficiary")
        input.parts = ActivityPartViews.read(form)
        input.keyAreas = form.values("keyAreas")
        input.topics = form.values("topics")
        input.kind = text("kind")
        input.modality = text("modality")
        input.plannedStart = text("plannedStart")
        input.plannedEnd = text("plannedEnd")
        input.actualStart = text("actualStart")
        input.actualEnd = text("actualEnd")
        input.status = integer("status", text("status"))
        input.participantsPlanned = integer("participantsPlanned", text("participantsPlanned"))
        input.participantsTrained = integer("participantsTrained", text("participantsTrained"))
        let amount = text("budget.amount")
        let currency = text("budget.currency")
        if amount != nil || currency != nil {
            input.budget = .init(amount: amount, currency: currency)
        }
        let locationName = text("location.name")
        let lat = number("location.lat", text("location.lat"))
        let lon = number("location.lon", text("location.lon"))
        if locationName != nil || lat != nil || lon != nil {
            input.location = .init(name: locationName, lat: lat, lon: lon)
        }
        if let marking = text("releasability.marking") {
            input.releasability = .init(
                marking: marking,
                releasableTo: marking == Marking.restricted.rawValue
                    ? form.values("releasability.releasableTo").filter { !$0.isEmpty } : [])
        }
        version = text("version").flatMap(Int.init)
    }

    private mutating func integer(_ name: String, _ text: String?) -> Int? {
        guard let text else { return nil }
        raw[name] = text
        guard let value = Int(text) else {
            errors.append(FieldError(name, .invalidType, ["expected": "integer"]))
            return nil
        }
        return value
    }

    private mutating func number(_ name: String, _ text: String?) -> Double? {
        guard let text else { return nil }
        raw[name] = text
        guard let value = Double(text), value.isFinite else {
            errors.append(FieldError(name, .invalidType, ["expected": "number"]))
            return nil
        }
        return value
    }

    /// The value to show in the text field `name`.
    func text(_ name: String) -> String {
        if let raw = raw[name] { return raw }
        switch name {
        case "title": return input.title ?? ""
        case "description": return input.description ?? ""
        case "beneficiary": return input.beneficiary ?? ""
        case "plannedStart": return input.plannedStart ?? ""
        case "plannedEnd": return input.plannedEnd ?? ""
        case "actualStart": return input.actualStart ?? ""
        case "actualEnd": return input.actualEnd ?? ""
        case "participantsPlanned": return input.participantsPlanned.map(String.init) ?? ""
        case "participantsTrained": return input.participantsTrained.map(String.init) ?? ""
        case "budget.amount": return input.budget?.amount ?? ""
        case "location.name": return input.location?.name ?? ""
        case "location.lat": return input.location?.lat.map { String($0) } ?? ""
        case "location.lon": return input.location?.lon.map { String($0) } ?? ""
        default: return ActivityPartViews.text(name, in: input) ?? ""
        }
    }
}
