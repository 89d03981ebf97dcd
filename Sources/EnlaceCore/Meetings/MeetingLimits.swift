import Foundation

/// The limits meeting records keep, and the checks their inputs share.
public enum MeetingLimits {
    /// Name and title length in characters.
    public static let name = 3...200
    /// Longer texts (agenda notes, decisions, action items) in characters.
    public static let text = 5_000
    /// Minutes, in characters.
    public static let minutes = 200_000
    /// Meeting length in minutes.
    public static let duration = 5...(24 * 60 * 5)
    /// Places on an agenda a client may name (a larger one is refused rather than read as "last").
    public static let positions = 1...Int(Int32.max)
    /// Entries in a list (organisations, participants, links).
    public static let listEntries = 100

    /// Checks a required name; nil when missing or out of bounds (and the reason is in `errors`).
    static func name(_ field: String, _ text: String?, _ errors: inout [FieldError]) -> String? {
        guard let text = ActivityInput.clean(text) else {
            errors.append(FieldError(field, .required))
            return nil
        }
        if text.count < name.lowerBound {
            errors.append(FieldError(field, .tooShort, ["min": "\(name.lowerBound)"]))
        } else if text.count > name.upperBound {
            errors.append(FieldError(field, .tooLong, ["max": "\(name.upperBound)"]))
        }
        return text
    }

    /// Checks a required longer text, for callers outside the core.
    public static func checkedText(_ field: String, _ text: String?, _ errors: inout [FieldError]) -> String? {
        Self.text(field, text, required: true, &errors)
    }

    /// Checks a longer text.
    static func text(_ field: String, _ text: String?, required: Bool, _ errors: inout [FieldError]) -> String? {
        guard let text = ActivityInput.clean(text) else {
            if required { errors.append(FieldError(field, .required)) }
            return nil
        }
        if text.count > Self.text { errors.append(FieldError(field, .tooLong, ["max": "\(Self.text)"])) }
        return text
    }

    /// Checks an optional web address: http or https with a host.
    static func link(_ field: String, _ text: String?, _ errors: inout [FieldError]) -> String? {
        guard let text = ActivityInput.clean(text) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host?.isEmpty == false, text.count <= 2000
        else {
            errors.append(FieldError(field, .invalidFormat, ["expected": "https://…"]))
            return nil
        }
        return text
    }

    /// Checks an IANA time zone name.
    static func timeZone(_ field: String, _ text: String?, _ errors: inout [FieldError]) -> TimeZone? {
        guard let text = ActivityInput.clean(text) else {
            errors.append(FieldError(field, .required))
            return nil
        }
        guard TimeZone.knownTimeZoneIdentifiers.contains(text), let zone = TimeZone(identifier: text) else {
            errors.append(FieldError(field, .unknownCode, ["value": text]))
            return nil
        }
        return zone
    }

    /// Checks a list of organisation codes (their existence is the store's question).
    static func organizations(
        _ field: String, _ codes: [String]?, required: Bool, _ errors: inout [FieldError]
    ) -> [String] {
        ActivityInput.codes(field, codes, required: required, &errors) { ActivityInput.isOrganizationCode($0) }
    }

    /// Parses a value of a closed set, reporting an unknown one.
    static func choice<T: RawRepresentable<String>>(
        _ field: String, _ text: String?, required: Bool, _ errors: inout [FieldError]
    ) -> T? {
        guard let text = ActivityInput.clean(text) else {
            if required { errors.append(FieldError(field, .required)) }
            return nil
        }
        guard let value = T(rawValue: text) else {
            errors.append(FieldError(field, .unknownCode, ["value": text]))
            return nil
        }
        return value
    }
}
