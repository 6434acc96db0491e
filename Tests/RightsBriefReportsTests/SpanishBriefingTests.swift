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
        let locales = repositoryRoot.appendingPathComponent("templates/locales")
        let english = try Catalogue.load(language: "en", directory: locales)
        let spanish = try Catalogue.load(language: "es", directory: locales)
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
                var text = try BriefingFixtures.markdown(store, request)
                // (minus the data: names, quotes, source and event titles are not UI words)
                var data: [String] = one.facilities.flatMap { [$0.facility.name, $0.facility.authority ?? ""] }
                data += one.citedSources.flatMap { [$0.title, $0.publisher, $0.author ?? ""] }
                data += one.events.map(\.title)
                data += one.evidence.facts.compactMap(\.quote)
                for value in data.sorted(by: { $0.count > $1.count }) where !value.isEmpty { text = text.replacingOccurrences(of: value, with: "") }
                // Then no English message (that differs from its Spanish one) is in it
                for (key, message) in english.messages {
                    let forms: [String]
                    switch message {
                    case .text(let value): forms = [value]
                    case .plural(let values): forms = Array(values.values)
                    }
                    for form in forms {
                        let fixed = form.split(separator: "{").first.map(String.init) ?? form
                        let probe = fixed.trimmingCharacters(in: .whitespaces)
                        guard probe.count >= 4, (try? spanish.text(key)) != form else { continue }
                        if text.contains(probe) {
                            Issue.record("'\(probe)' (\(key)) is in the Spanish briefing of \(id): \(text.split(separator: "\n").filter { $0.contains(probe) })")
                        }
                    }
                }
            }
        }
    }
}
