import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

@Suite("Spanish briefings")
struct SpanishBriefingTests {
    static let request = ReportRequest(
        selection: Selection(facilityIds: ["cecot"]), asOf: BriefingFixtures.asOf, language: "es")

    @Test("The CECOT sample in Spanish matches its golden file")
    func cecotSampleGolden() throws {
        // Given the bundled sample, When it is briefed in Spanish
        let text = try BriefingFixtures.markdown(try BriefingFixtures.sampleStore(), Self.request)
        // Then it is the reviewed Spanish briefing, with Spanish dates and numbers
        try BriefingFixtures.expectGolden(text, "briefing-cecot-sample-es.md")
        #expect(text.contains("3 de febrero de 2025"))
        #expect(text.contains("| 40.000 |"))
        #expect(text.contains("Reglas mínimas de las Naciones Unidas para el tratamiento de los reclusos (Reglas Nelson Mandela)"))
        #expect(text.contains("(traducción no oficial)"))
        #expect(text.contains("(en inglés)"))
    }

    @Test("No English word of the catalogue is left in a Spanish briefing of the fixtures")
    func noEnglishLeft() throws {
        for store in [try BriefingFixtures.sampleStore(), try BriefingFixtures.richStore()] {
            // Given a single-facility Spanish briefing of each fixture facility
            var all = Self.request
            all.selection = Selection()
            let ids = try BriefingFixtures.model(store, all).facilities.map(\.facility.id)
            #expect(!ids.isEmpty)
            for id in ids {
                var request = Self.request
                request.selection = Selection(facilityIds: [id])
                let one = try BriefingFixtures.model(store, request)
                let text = try BriefingFixtures.markdown(store, request)
                // Then no English message (that differs from its Spanish one) is in it
                for left in try Self.englishLeft(in: text, of: one) {
                    Issue.record("\(left) is in the Spanish briefing of \(id)")
                }
            }
        }
    }

    @Test(
        "No English word of the catalogue is left in a Spanish briefing about several facilities, with its change digest",
        arguments: BriefingDetail.allCases)
    func noEnglishLeftInSeveral(detail: BriefingDetail) throws {
        // Given the country fixture briefed in Spanish at each detail level, with a digest of
        // every change since before anything was recorded
        let store = try CountryFixtures.store()
        let request = ReportRequest(
            selection: Selection(countries: ["SV"]), asOf: BriefingFixtures.asOf, detail: detail, language: "es")
        var model = try BriefingFixtures.model(store, request)
        model.changes = ChangeDigest.compute(for: model, since: "0001-01-01T00:00:00Z")
        let text = try MarkdownReportBuilder(library: BriefingFixtures.library()).render(model)
        #expect(text.contains("## Resumen general"))
        #expect(text.contains("## Cambios desde el informe anterior"))
        // Then no English message is in it
        for left in try Self.englishLeft(in: text, of: model) {
            Issue.record("\(left) is in the Spanish \(detail.rawValue) briefing")
        }
    }

    @Test("A Spanish summary briefing of the country fixture matches its golden file")
    func countrySummaryGolden() throws {
        let request = ReportRequest(
            selection: Selection(countries: ["SV"]), asOf: BriefingFixtures.asOf, detail: .summary, language: "es")
        let text = try BriefingFixtures.markdown(try CountryFixtures.store(), request)
        try BriefingFixtures.expectGolden(text, "briefing-country-summary-es.md")
        #expect(text.contains("# Informe: lugares de detención en El Salvador"))
        #expect(text.contains("100,5 %"))
    }

    /// The English catalogue messages (that differ from their Spanish ones) found in `text`,
    /// once the data of `model` (names, quotes, source and event titles, which are not UI
    /// words) is taken out; each with its key and the lines it is on.
    static func englishLeft(in briefing: String, of model: ReportModel, html: Bool = false) throws -> [String] {
        let locales = repositoryRoot.appendingPathComponent("templates/locales")
        let english = try Catalogue.load(language: "en", directory: locales)
        let spanish = try Catalogue.load(language: "es", directory: locales)
        var text = briefing
        var data: [String] = model.facilities.flatMap { [$0.facility.name, $0.facility.authority ?? ""] }
        data += model.citedSources.flatMap { [$0.title, $0.publisher, $0.author ?? ""] }
        data += model.events.map(\.title)
        data += model.evidence.facts.compactMap(\.quote)
        data += model.changes.map { $0.addedSources.flatMap { [$0.title, $0.publisher] } + $0.addedEvents.map(\.title) } ?? []
        data += model.evidence.facts.compactMap { $0.retraction?.reason }
        data += model.citedSources.compactMap(\.url)
        if html {
            // (in a page: the data as escaped, and the markup and style, which are not words)
            data += data.map(HTMLEscaping.text)
            text = text.replacingOccurrences(of: #"(?s)<style>.*?</style>"#, with: "", options: .regularExpression)
            text = text.replacingOccurrences(of: #"<[^>]*>"#, with: " ", options: .regularExpression)
        }
        for value in Set(data).sorted(by: { $0.count > $1.count }) where !value.isEmpty {
            text = text.replacingOccurrences(of: value, with: "")
        }
        // (and the anchors `facility-<id>`, which are ids, not words)
        text = text.replacingOccurrences(of: #"facility-[a-z0-9-]+"#, with: "", options: .regularExpression)
        var found: [String] = []
        for (key, message) in english.messages.sorted(by: { $0.key < $1.key }) {
            let forms: [String]
            switch message {
            case .text(let value): forms = [value]
            case .plural(let values): forms = Array(values.values)
            }
            let spanishForms: [String]
            switch spanish.messages[key] {
            case .text(let value)?: spanishForms = [value]
            case .plural(let values)?: spanishForms = Array(values.values)
            case nil: spanishForms = []
            }
            for form in forms where !spanishForms.contains(form) {
                // The longest stretch of the message without a placeholder.
                let pieces = form.components(separatedBy: CharacterSet(charactersIn: "{}")).enumerated()
                    .filter { $0.offset % 2 == 0 }.map { $0.element.trimmingCharacters(in: .whitespaces) }
                guard let probe = pieces.max(by: { $0.count < $1.count }), probe.count >= 4 else { continue }
                let word = "(?<![\\p{L}\\p{N}])" + NSRegularExpression.escapedPattern(for: probe) + "(?![\\p{L}\\p{N}])"
                if text.range(of: word, options: .regularExpression) != nil {
                    found.append("'\(probe)' (\(key)): \(text.split(separator: "\n").filter { $0.contains(probe) })")
                }
            }
        }
        return found
    }
}
