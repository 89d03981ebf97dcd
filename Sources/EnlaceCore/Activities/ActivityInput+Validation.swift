import Foundation

/// The limits an activity must keep.
public enum ActivityLimits {
    /// Title length in characters.
    public static let title = 3...300
    /// Description length in characters.
    public static let description = 10_000
    /// Beneficiary and location name length in characters.
    public static let name = 300
    /// Entries in each list field.
    public static let listEntries = 50
    /// Participant counts.
    public static let participants = 0...10_000_000
    /// Years a date may fall in.
    public static let years = 1990...2100
}

extension ActivityInput {
    /// The activity this input describes; otherwise ``EnlaceError/invalid(_:)`` with every reason it is not one.
    ///
    /// Organisation codes are checked for form only here; whether they exist is the store's question.
    public func validated(against catalog: ReferenceCatalog) throws(EnlaceError) -> ActivityDraft {
        var errors: [FieldError] = []
        func report(_ field: String, _ code: FieldError.Code, _ parameters: [String: String] = [:]) {
            errors.append(FieldError(field, code, parameters))
        }

        let title = Self.clean(title)
        if let title {
            if title.count < ActivityLimits.title.lowerBound {
                report("title", .tooShort, ["min": "\(ActivityLimits.title.lowerBound)"])
            } else if title.count > ActivityLimits.title.upperBound {
                report("title", .tooLong, ["max": "\(ActivityLimits.title.upperBound)"])
            }
        } else {
            report("title", .required)
        }

        let description = Self.clean(description) ?? ""
        if description.count > ActivityLimits.description {
            report("description", .tooLong, ["max": "\(ActivityLimits.description)"])
        }

        let language = Self.required("language", Self.clean(language), &errors) { Language(rawValue: $0) }

        var parsedProviders: [Provider] = []
        if let providers, !providers.isEmpty {
            if providers.count > ActivityLimits.listEntries {
                report("providers", .tooMany, ["max": "\(ActivityLimits.listEntries)"])
            }
            // Past the limit the input is refused anyway: what follows is not read, so a list's length costs nothing.
            for (index, entry) in providers.prefix(ActivityLimits.listEntries).enumerated() {
                let field = "providers[\(index)]"
                let organization = Self.clean(entry.organization)
                let role = Self.clean(entry.role)
                var valid = true
                if organization == nil {
                    report(field + ".organization", .required)
                    valid = false
                } else if let organization, !Self.isOrganizationCode(organization) {
                    report(field + ".organization", .invalidFormat, ["expected": "US-INL"])
                    valid = false
                }
                if role == nil {
                    report(field + ".role", .required)
                    valid = false
                } else if let role, ProviderRole(rawValue: role) == nil {
                    report(field + ".role", .unknownCode, ["value": role])
                    valid = false
                }
                guard valid, let organization, let role = role.flatMap(ProviderRole.init(rawValue:)) else { continue }
                let provider = Provider(organization: organization, role: role)
                if parsedProviders.contains(provider) {
                    report(field, .duplicate)
                } else {
                    parsedProviders.append(provider)
                }
            }
        } else {
            report("providers", .required)
        }

        let countries = Self.codes("recipientCountries", recipientCountries, required: true, &errors) {
            catalog.country($0) != nil
        }
        let beneficiary = Self.clean(beneficiary)
        if let beneficiary, beneficiary.count > ActivityLimits.name {
            report("beneficiary", .tooLong, ["max": "\(ActivityLimits.name)"])
        }
        let parts = ActivityParts.validated(self.parts, &errors)
        let (areas, topicSlugs) = Self.areasAndTopics(keyAreas, topics, required: true, catalog: catalog, &errors)

        let kind = Self.required("kind", Self.clean(kind), &errors) { ActivityKind(rawValue: $0) }
        let modality = Self.required("modality", Self.clean(modality), &errors) { Modality(rawValue: $0) }
        let plannedStart = Self.date("plannedStart", plannedStart, required: true, &errors)
        let plannedEnd = Self.date("plannedEnd", plannedEnd, required: true, &errors)
        let actualStart = Self.date("actualStart", actualStart, required: false, &errors)
        let actualEnd = Self.date("actualEnd", actualEnd, required: false, &errors)
        if let plannedStart, let plannedEnd, plannedEnd < plannedStart {
            report("plannedEnd", .endBeforeStart, ["start": plannedStart.iso])
        }
        if let actualStart, let actualEnd, actualEnd < actualStart {
            report("actualEnd", .endBeforeStart, ["start": actualStart.iso])
        }
        if actualEnd != nil && Self.clean(self.actualStart) == nil {
            report("actualStart", .required)
        }

        var parsedStatus: ActivityStatus?
        if let status {
            parsedStatus = ActivityStatus(rawValue: status)
            if parsedStatus == nil { report("status", .unknownCode, ["value": "\(status)"]) }
        } else {
            report("status", .required)
        }

        for (field, value) in [
            ("participantsPlanned", participantsPlanned), ("participantsTrained", participantsTrained),
        ] {
            guard let value else { continue }
            if value < 0 {
                report(field, .negative)
            } else if !ActivityLimits.participants.contains(value) {
                report(field, .outOfRange, ["min": "0", "max": "\(ActivityLimits.participants.upperBound)"])
            }
        }

        let parsedBudget = Self.money("budget", budget, required: false, catalog: catalog, &errors)
        let parsedLocation = Self.location(location, &errors)
        let parsedReleasability = Self.releasability(releasability, catalog: catalog, &errors)
        let (budgetLines, transactions, vetting) = fundingParts(against: catalog, &errors)
        let indicators = resultParts(keyAreas: areas, against: catalog, &errors)

        guard errors.isEmpty, let title, let language, let kind, let modality, let plannedStart, let plannedEnd,
            let parsedStatus
        else { throw .invalid(errors) }
        return ActivityDraft(
            title: title, description: description, language: language, providers: parsedProviders,
            recipientCountries: countries, beneficiary: beneficiary, keyAreas: areas, topics: topicSlugs,
            kind: kind, modality: modality, plannedStart: plannedStart, plannedEnd: plannedEnd,
            actualStart: actualStart, actualEnd: actualEnd, status: parsedStatus,
            participantsPlanned: participantsPlanned, participantsTrained: participantsTrained,
            budget: parsedBudget, location: parsedLocation, releasability: parsedReleasability,
            budgetLines: budgetLines, transactions: transactions, vetting: vetting, indicators: indicators,
            parts: parts)
    }

    /// Whether `code` has the shape of an organisation code: `US-INL`, `CO-PONAL`, `EU`.
    public static func isOrganizationCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard (2...32).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-")
        else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
    }

    /// Trims `text`; blank becomes nil, so a cleared form field counts as absent.
    /// Key-area slugs and topic slugs, each topic within one of the areas.
    static func areasAndTopics(
        _ keyAreas: [String]?, _ topics: [String]?, required: Bool, catalog: ReferenceCatalog,
        _ errors: inout [FieldError]
    ) -> (areas: [String], topics: [String]) {
        let areas = codes("keyAreas", keyAreas, required: required, &errors) { catalog.keyArea($0) != nil }
        let slugs = codes("topics", topics, required: false, &errors) { catalog.topic($0) != nil }
        for (index, slug) in slugs.enumerated() {
            if let topic = catalog.topic(slug), !areas.isEmpty, !areas.contains(topic.keyArea) {
                errors.append(
                    FieldError("topics[\(index)]", .topicOutsideAreas, ["value": slug, "area": topic.keyArea]))
            }
        }
        return (areas, slugs)
    }

    static func clean(_ text: String?) -> String? {
        guard let trimmed = text?.trimmed(), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    static func required<T>(
        _ field: String, _ text: String?, _ errors: inout [FieldError], parse: (String) -> T?
    ) -> T? {
        guard let text else {
            errors.append(FieldError(field, .required))
            return nil
        }
        guard let value = parse(text) else {
            errors.append(FieldError(field, .unknownCode, ["value": text]))
            return nil
        }
        return value
    }

    static func codes(
        _ field: String, _ values: [String]?, required: Bool, _ errors: inout [FieldError], known: (String) -> Bool
    ) -> [String] {
        let values = values ?? []
        if values.isEmpty {
            if required { errors.append(FieldError(field, .required)) }
            return []
        }
        if values.count > ActivityLimits.listEntries {
            errors.append(FieldError(field, .tooMany, ["max": "\(ActivityLimits.listEntries)"]))
        }
        var result: [String] = []
        var seen: Set<String> = []
        for (index, raw) in values.prefix(ActivityLimits.listEntries).enumerated() {
            let value = raw.trimmed(.whitespaces)
            if !known(value) {
                errors.append(FieldError("\(field)[\(index)]", .unknownCode, ["value": value]))
            } else if !seen.insert(value).inserted {
                errors.append(FieldError("\(field)[\(index)]", .duplicate, ["value": value]))
            } else {
                result.append(value)
            }
        }
        return result
    }

    static func date(
        _ field: String, _ text: String?, required: Bool, _ errors: inout [FieldError]
    ) -> CalendarDate? {
        guard let text = clean(text) else {
            if required { errors.append(FieldError(field, .required)) }
            return nil
        }
        guard let date = CalendarDate(iso: text) else {
            errors.append(FieldError(field, .invalidFormat, ["expected": "YYYY-MM-DD"]))
            return nil
        }
        guard ActivityLimits.years.contains(date.year) else {
            errors.append(
                FieldError(
                    field, .outOfRange,
                    [
                        "min": "\(ActivityLimits.years.lowerBound)-01-01",
                        "max": "\(ActivityLimits.years.upperBound)-12-31",
                    ]))
            return nil
        }
        return date
    }

    static func releasability(
        _ input: ReleasabilityInput?, catalog: ReferenceCatalog, _ errors: inout [FieldError]
    ) -> Releasability {
        guard let input else { return .default }
        let list = input.releasableTo ?? []
        // A releasability sent without its marking is a mistake, not a wish for the default: say so.
        guard let text = clean(input.marking) else {
            errors.append(FieldError("releasability.marking", .required))
            return .default
        }
        guard let marking = Marking(rawValue: text) else {
            errors.append(FieldError("releasability.marking", .unknownCode, ["value": text]))
            return .default
        }
        guard marking == .restricted else {
            if !list.isEmpty { errors.append(FieldError("releasability.releasableTo", .releaseListNotAllowed)) }
            return Releasability(marking: marking)
        }
        if list.isEmpty { errors.append(FieldError("releasability.releasableTo", .required)) }
        if list.count > ActivityLimits.listEntries {
            errors.append(FieldError("releasability.releasableTo", .tooMany, ["max": "\(ActivityLimits.listEntries)"]))
        }
        var entries: [String] = []
        var seen: Set<String> = []
        for (index, raw) in list.prefix(ActivityLimits.listEntries).enumerated() {
            let entry = raw.trimmed(.whitespaces)
            let field = "releasability.releasableTo[\(index)]"
            // A country code, or the code of an organisation (whose existence the store checks).
            if catalog.country(entry) == nil && !isOrganizationCode(entry) {
                errors.append(FieldError(field, .unknownCode, ["value": entry]))
            } else if !seen.insert(entry).inserted {
                errors.append(FieldError(field, .duplicate, ["value": entry]))
            } else {
                entries.append(entry)
            }
        }
        return Releasability(marking: .restricted, releasableTo: entries)
    }

    private static func location(_ input: LocationInput?, _ errors: inout [FieldError]) -> Location? {
        guard let input else { return nil }
        let name = clean(input.name)
        if name == nil && input.lat == nil && input.lon == nil { return nil }
        var valid = true
        if name == nil {
            errors.append(FieldError("location.name", .required))
            valid = false
        } else if let name, name.count > ActivityLimits.name {
            errors.append(FieldError("location.name", .tooLong, ["max": "\(ActivityLimits.name)"]))
            valid = false
        }
        if (input.lat == nil) != (input.lon == nil) {
            errors.append(FieldError(input.lat == nil ? "location.lat" : "location.lon", .incomplete))
            valid = false
        }
        if let lat = input.lat, !(-90...90).contains(lat) || !lat.isFinite {
            errors.append(FieldError("location.lat", .outOfRange, ["min": "-90", "max": "90"]))
            valid = false
        }
        if let lon = input.lon, !(-180...180).contains(lon) || !lon.isFinite {
            errors.append(FieldError("location.lon", .outOfRange, ["min": "-180", "max": "180"]))
            valid = false
        }
        guard valid, let name else { return nil }
        return Location(name: name, lat: input.lat, lon: input.lon)
    }
}

extension ActivityInput {
    /// When reading the input already found `shapeErrors` (text where a number belongs, unknown
    /// members), throws them together with the rule errors of every other field, so that the caller
    /// hears about everything at once. Does nothing when `shapeErrors` is empty.
    public func rejectIfMalformed(_ shapeErrors: [FieldError], against catalog: ReferenceCatalog) throws(EnlaceError) {
        try EnlaceError.rejectShape(shapeErrors) { () throws(EnlaceError) in _ = try validated(against: catalog) }
    }
}
