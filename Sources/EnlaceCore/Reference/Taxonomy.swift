/// The kind of support an activity delivers.
public enum ActivityKind: String, CaseIterable, Sendable, Codable {
    case course
    case equipment
    case advisory
    case exchangeVisit = "exchange-visit"
    case operationalSupport = "operational-support"
    case conference
}

/// Where an activity takes place relative to provider and recipient.
public enum Modality: String, CaseIterable, Sendable, Codable {
    case inCountry = "in-country"
    case inProviderCountry = "in-provider-country"
    case thirdCountry = "third-country"
    case virtual
}

/// The IATI activity-status code list (1–6).
public enum ActivityStatus: Int, CaseIterable, Sendable, Codable {
    case pipeline = 1
    case implementation = 2
    case finalisation = 3
    case closed = 4
    case cancelled = 5
    case suspended = 6
}

/// The part a provider organisation plays in an activity (IATI organisation roles, narrowed).
public enum ProviderRole: String, CaseIterable, Sendable, Codable {
    case funding
    case implementing
}
