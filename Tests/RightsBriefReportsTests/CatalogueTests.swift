import Foundation
import RightsBriefReports
import TestSupport
import Testing

@Suite("Message catalogues")
struct CatalogueTests {
    static let locales = repositoryRoot.appendingPathComponent("templates/locales")

    // MARK: - The shipped catalogues

    @Test("Every shipped catalogue has exactly the keys of the English one")
    func shippedCataloguesHaveTheSameKeys() throws {
        // Given every catalogue in templates/locales
        let languages = Catalogue.languages(in: Self.locales)
        #expect(languages.contains("en") && languages.contains("es"))
        let english = try Catalogue.load(language: "en", directory: Self.locales)
        for language in languages {
            // When it is loaded, Then it has the English keys, and plurals where English has them
            let catalogue = try Catalogue.load(language: language, directory: Self.locales)
            #expect(Set(catalogue.messages.keys) == Set(english.messages.keys), "\(language)")
            try catalogue.checkKeys(against: english, path: language)
        }
    }

    @Test("Spanish plural forms: one for 1, other for 0 and 2")
    func spanishPlurals() throws {
        let spanish = try Catalogue.load(language: "es", directory: Self.locales)
        #expect(try spanish.plural("count_facilities", count: 1) == "1 centro")
        #expect(try spanish.plural("count_facilities", count: 0) == "0 centros")
        #expect(try spanish.plural("count_facilities", count: 2, formattedCount: "2") == "2 centros")
        #expect(try spanish.plural("count_sources", count: 1_204, formattedCount: "1.204") == "1.204 fuentes")
        let english = try Catalogue.load(language: "en", directory: Self.locales)
        #expect(try english.plural("count_facilities", count: 1) == "1 facility")
        #expect(try english.plural("count_facilities", count: 3) == "3 facilities")
    }

    @Test("Every t.KEY a bundled template reads is a plain message of the English catalogue")
    func templatesReadOnlyKnownKeys() throws {
        // Given the keys of the English catalogue and every template file
        let english = try Catalogue.load(language: "en", directory: Self.locales)
        let templates = repositoryRoot.appendingPathComponent("templates")
        let files = FileManager.default.enumerator(at: templates, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "mustache" } ?? []
        var used = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let regex = try Regex("\\{\\{\\s*t\\.([A-Za-z0-9_]+)")
            for match in text.matches(of: regex) {
                // Then each key is there as plain text (a template cannot choose a plural form)
                let key = String(text[match.output[1].range!])
                used += 1
                guard case .text? = english.messages[key] else {
                    Issue.record("\(file.lastPathComponent) reads t.\(key), which en.yml lacks")
                    continue
                }
            }
        }
        #expect(used > 40)
    }

    // MARK: - Mistakes in a catalogue

    @Test("A catalogue missing a key, or with an extra one, is refused naming the keys")
    func missingAndExtraKeys() throws {
        // Given an English reference and a translation with one key missing and one extra
        let english = try Catalogue.parse("a: A\nb: B\n", language: "en", path: "en.yml")
        let missing = try Catalogue.parse("a: A\n", language: "es", path: "es.yml")
        let extra = try Catalogue.parse("a: A\nb: B\nc: C\n", language: "es", path: "es.yml")
        // Then each is refused with the key named
        #expect(throws: ReportError.catalogueInvalid(path: "es.yml", reason: "missing b")) {
            try missing.checkKeys(against: english, path: "es.yml")
        }
        #expect(throws: ReportError.catalogueInvalid(path: "es.yml", reason: "not in en.yml: c")) {
            try extra.checkKeys(against: english, path: "es.yml")
        }
    }

    @Test("A missing key on disk stops loading the catalogue")
    func missingKeyOnDisk() throws {
        // Given a locales folder whose Spanish file lacks a key
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("rightsbrief-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("a: A\nb: B\n".utf8).write(to: folder.appendingPathComponent("en.yml"))
        try Data("a: A\n".utf8).write(to: folder.appendingPathComponent("es.yml"))
        // Then loading Spanish fails, and an unknown language names the ones there are
        #expect(throws: ReportError.self) { try Catalogue.load(language: "es", directory: folder) }
        #expect(throws: ReportError.unsupportedLanguage(code: "fr", available: ["en", "es"])) {
            try Catalogue.load(language: "fr", directory: folder)
        }
        #expect(throws: ReportError.unsupportedLanguage(code: "../en", available: ["en", "es"])) {
            try Catalogue.load(language: "../en", directory: folder)
        }
    }

    @Test("Plural messages need exactly the language's forms; a lookup of an unknown key throws")
    func pluralFormsAndMissingKeys() throws {
        #expect(throws: ReportError.self) {
            try Catalogue.parse("n:\n  one: x\n", language: "es", path: "es.yml")
        }
        #expect(throws: ReportError.self) {
            try Catalogue.parse("n:\n  one: x\n  other: y\n  few: z\n", language: "en", path: "en.yml")
        }
        #expect(throws: ReportError.self) { try Catalogue.parse("- a\n- b\n", language: "en", path: "en.yml") }
        let catalogue = try Catalogue.parse("a: A\n", language: "en", path: "en.yml")
        #expect(throws: ReportError.messageMissing(key: "zzz", language: "en")) { try catalogue.text("zzz") }
        #expect(throws: ReportError.messageMissing(key: "a", language: "en")) { try catalogue.plural("a", count: 2) }
    }
}
