/// Whom an activity is for, in a few words: `Coast guard boarding officers`, `Juvenile court judges`.
///
/// One text, read by everyone who reads the activity.
public struct TargetGroup: ActivityPart {
    /// The words.
    public var text: String

    /// Creates the target group.
    public init(_ text: String) { self.text = text }

    /// The longest target group, in characters.
    public static let limit = 300

    public static let name = "targetGroup"

    public static let fields = [ActivityPartField("", maxLength: limit, isRequired: true)]

    /// The target group, nil when blank; at most ``limit`` characters.
    public static func validated(_ texts: ActivityPartTexts, _ errors: inout [FieldError]) -> Self? {
        guard let text = ActivityInput.clean(texts[""]) else { return nil }
        guard text.count <= limit else {
            errors.append(FieldError(name, .tooLong, ["max": "\(limit)"]))
            return nil
        }
        return TargetGroup(text)
    }

    public init(stored texts: ActivityPartTexts) { self.init(texts[""] ?? "") }

    public var texts: ActivityPartTexts { text.isEmpty ? [:] : ["": text] }
}
