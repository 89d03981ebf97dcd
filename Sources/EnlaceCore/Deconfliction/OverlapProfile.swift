import Foundation

/// An activity reduced to what scoring compares, as small sorted integer sets: computed once when
/// the activity enters the index, so that scoring a pair never touches a string.
///
/// A class, immutable: the sweep hands profiles around by the million, and a reference costs one
/// count where a struct of a dozen arrays would cost a dozen.
final class OverlapProfile: Sendable {
    /// The (country, key area) buckets, as vocabulary ids, ascending.
    let buckets: [Int32]
    /// The first and last day.
    let start: Int32
    let end: Int32
    /// Topic ids, ascending.
    let topics: [Int32]
    /// The beneficiary's terms without country names, ascending; empty when there is none.
    let beneficiary: [Int32]
    /// The acronyms the beneficiary may go by, ascending.
    let acronyms: [Int32]
    /// Whether a beneficiary was named at all.
    let hasBeneficiary: Bool
    /// The kind's index in ``ActivityKind/allCases``, or -1.
    let kind: Int8
    /// The place, when known: coordinates (NaN when unknown) and the folded name's id (-1 when unknown).
    let latitude: Double
    let longitude: Double
    let place: Int32
    /// Provider organisations and the owner, ascending.
    let providers: [Int32]
    /// The title's terms, ascending, without repeats.
    let titleTerms: [Int32]
    /// The terms of title and description together.
    let terms: [Int32]
    /// Character trigrams of those terms, each packed into an integer.
    let grams: [Int32]

    /// The profile of `subject`, naming its strings with `namer`.
    convenience init(_ subject: OverlapSubject, namer: inout Namer) {
        self.init(OverlapText(subject), namer: &namer)
    }

    /// The profile of an analysed subject, naming its strings with `namer`: the cheap, sequential half.
    init(_ text: OverlapText, namer: inout Namer) {
        buckets = namer.ids(text.buckets)
        start = text.start
        end = text.end
        topics = namer.ids(text.topics)
        beneficiary = namer.ids(text.beneficiary)
        acronyms = namer.ids(text.acronyms)
        hasBeneficiary = text.hasBeneficiary
        kind = text.kind
        latitude = text.latitude
        longitude = text.longitude
        place = text.place.map { namer.id($0) } ?? -1
        providers = namer.ids(text.providers)
        titleTerms = namer.ids(text.titleTerms)
        terms = namer.ids(text.terms)
        grams = text.grams
    }
}

/// A subject's text analysed (folded, stemmed, split into terms and trigrams) but not yet named
/// by the index's vocabulary: the costly half of a profile, which needs no shared state, so many
/// can be made at once.
struct OverlapText: Sendable {
    let buckets: [String]
    let start: Int32
    let end: Int32
    let topics: [String]
    let beneficiary: [String]
    let acronyms: [String]
    let hasBeneficiary: Bool
    let kind: Int8
    let latitude: Double
    let longitude: Double
    let place: String?
    let providers: [String]
    let titleTerms: [String]
    let terms: [String]
    let grams: [Int32]

    init(_ subject: OverlapSubject) {
        buckets = subject.countries.flatMap { country in subject.keyAreas.map { "b:\(country)|\($0)" } }
        start = Int32(subject.window.lowerBound.dayNumber)
        end = Int32(subject.window.upperBound.dayNumber)
        topics = subject.topics.map { "t:\($0)" }
        beneficiary = TextAnalysis.terms(subject.beneficiary ?? "").filter { !TextAnalysis.isCountry($0) }.map {
            "w:\($0)"
        }
        acronyms = TextAnalysis.acronyms(subject.beneficiary ?? "").map { "a:\($0)" }
        hasBeneficiary = !(subject.beneficiary ?? "").allSatisfy(\.isWhitespace)
        kind = subject.kind.map { Int8(ActivityKind.allCases.firstIndex(of: $0)!) } ?? -1
        latitude = subject.location?.lat ?? .nan
        longitude = subject.location?.lon ?? .nan
        let placeName = TextFolding.fold(subject.location?.name ?? "")
        place = placeName.isEmpty ? nil : "p:\(placeName)"
        providers = (subject.providers + [subject.owner]).filter { !$0.isEmpty }.map { "o:\($0)" }
        let titleWords = TextAnalysis.terms(subject.title)
        let allWords = titleWords + TextAnalysis.terms(subject.description)
        titleTerms = titleWords.map { "w:\($0)" }
        terms = allWords.map { "w:\($0)" }
        grams = OverlapProfile.trigrams(of: allWords)
    }
}

/// Interned strings: each distinct string gets a small integer, so that profiles compare integers.
struct OverlapVocabulary: Sendable {
    private var ids: [String: Int32] = [:]

    /// The id of `text`, assigning the next one when it is new.
    mutating func intern(_ text: String) -> Int32 {
        if let id = ids[text] { return id }
        let id = Int32(ids.count)
        ids[text] = id
        return id
    }

    /// The id of `text` if it has one.
    func lookup(_ text: String) -> Int32? { ids[text] }
}

extension OverlapProfile {
    /// Gives strings ids: interning into the index's vocabulary, or, for a subject only being
    /// checked, looking them up and handing unknown strings private negative ids that match nothing stored.
    struct Namer {
        private var vocabulary: OverlapVocabulary
        private let interning: Bool
        private var unknown: [String: Int32] = [:]

        init(_ vocabulary: OverlapVocabulary, interning: Bool) {
            self.vocabulary = vocabulary
            self.interning = interning
        }

        var result: OverlapVocabulary { vocabulary }

        mutating func id(_ text: String) -> Int32 {
            if interning { return vocabulary.intern(text) }
            if let id = vocabulary.lookup(text) { return id }
            if let id = unknown[text] { return id }
            let id = Int32(-1 - unknown.count)
            unknown[text] = id
            return id
        }

        mutating func ids(_ texts: some Sequence<String>) -> [Int32] {
            Array(Set(texts.map { id($0) })).sorted()
        }
    }

    /// The character trigrams of `terms`, each term padded with a space at both ends, packed three
    /// bytes to an integer (exact: no two trigrams share one), ascending and without repeats.
    static func trigrams(of terms: [String]) -> [Int32] {
        var grams = Set<Int32>()
        for term in terms {
            let bytes = [0x20] + Array(term.utf8) + [0x20]
            guard bytes.count >= 3 else { continue }
            for index in 0...(bytes.count - 3) {
                grams.insert(Int32(bytes[index]) << 16 | Int32(bytes[index + 1]) << 8 | Int32(bytes[index + 2]))
            }
        }
        return grams.sorted()
    }
}
