import RightsBriefCore
import TestSupport
import Testing

@testable import RightsBriefReports

@Suite("Words built in Swift come from the catalogue")
struct WordsTests {
    static let locales = repositoryRoot.appendingPathComponent("templates/locales")

    @Test("The English catalogue has every word Swift code asks for, equal to the Core's word")
    func englishWordsEqualTheCore() throws {
        // Given the English catalogue and the words without any catalogue (the Core's)
        let english = try Catalogue.load(language: "en", directory: Self.locales)
        let words = Words(english)
        let core = Words()
        var keys: [String] = []
        func same(_ prefix: String, _ raw: String, _ read: (Words) -> String) {
            let key = Words.key(prefix, raw)
            keys.append(key)
            // Then the key is there and English output does not change
            #expect((try? english.text(key)) != nil, "en.yml lacks \(key)")
            #expect(read(words) == read(core), "\(key)")
        }
        for value in Attribute.allCases { same("attribute", value.rawValue) { $0.attribute(value) } }
        for value in DerivedFigure.Kind.allCases { same("figure", value.rawValue) { $0.figure(value) } }
        for value in FacilityKind.allCases { same("kind", value.rawValue) { $0.facilityKind(value) } }
        for value in Audience.reportAudiences { same("audience", value.rawValue) { $0.audience(value) } }
        for value in FactStatus.allCases { same("status", value.rawValue) { $0.status(value) } }
        for value in ConditionLevel.allCases { same("level", value.rawValue) { $0.level(value) } }
        for value in [StandardCheck.Outcome.fallsShort, .meets, .disputed, .notEnoughEvidence] {
            same("outcome", value.rawValue) { $0.outcome(value) }
        }
        #expect(keys.count > 30)
    }

    @Test("Spanish words, and dates in Spanish")
    func spanishWords() throws {
        let words = Words(try Catalogue.load(language: "es", directory: Self.locales))
        #expect(words.level(.absent) == "inexistente")
        #expect(words.outcome(.fallsShort) == "incumple")
        #expect(words.attribute(.potableWater) == "Agua potable")
        #expect(words.date(day("2025-02-03")) == "3 de febrero de 2025")
    }
}

@Suite("Quotes keep their language")
struct QuoteLanguageTests {
    @Test("A quote's language is named only when it differs, and only a well-formed code reaches lang")
    func otherLanguage() throws {
        let locales = repositoryRoot.appendingPathComponent("templates/locales")
        let english = Words(try Catalogue.load(language: "en", directory: locales))
        let spanish = Words(try Catalogue.load(language: "es", directory: locales))
        #expect(english.otherLanguage("es") == "es")
        #expect(english.otherLanguage("en-GB") == nil)
        #expect(english.otherLanguage(nil) == nil)
        #expect(english.otherLanguage("es\" onmouseover=\"x") == nil)
        #expect(spanish.otherLanguage("en") == "en")
        #expect(spanish.languageName("en") == "en inglés")
        #expect(english.languageName("es") == "in Spanish")
    }
}
