import EnlaceCore
import Testing

@testable import EnlaceWeb

@Suite("Translation catalogue")
struct TranslationTests {
    @Test("every language has every key English has", arguments: [Language.es, .fr, .pt])
    func complete(language: Language) throws {
        let translations = try Translations.load()
        #expect(translations.missingKeys(in: language) == [])
    }

    @Test("every field error code has a message in every language", arguments: Language.allCases)
    func errorMessages(language: Language) throws {
        let translations = try Translations.load()
        for code in FieldError.Code.allCases {
            let message = translations.message(for: FieldError("x", code), language)
            #expect(message != "errors.\(code.rawValue)", "\(code) in \(language)")
        }
    }
}
