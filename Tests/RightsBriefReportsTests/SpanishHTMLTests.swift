import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

@Suite("Spanish HTML and PDF briefings")
struct SpanishHTMLTests {
    /// The fixtures' Spanish requests: the CECOT sample, and the country at each detail level.
    static func cases() throws -> [(name: String, store: FactStore, request: ReportRequest)] {
        var out: [(String, FactStore, ReportRequest)] = [
            ("cecot", try BriefingFixtures.sampleStore(),
             ReportRequest(selection: Selection(facilityIds: ["cecot"]), asOf: BriefingFixtures.asOf, language: "es")),
            ("north", try BriefingFixtures.richStore(),
             ReportRequest(selection: Selection(facilityIds: ["north"]), asOf: BriefingFixtures.asOf, language: "es")),
        ]
        let country = try CountryFixtures.store()
        for detail in BriefingDetail.allCases {
            var request = HTMLFixtures.countryRequest(detail: detail)
            request.language = "es"
            out.append(("country \(detail.rawValue)", country, request))
        }
        return out
    }

    @Test("A Spanish page says lang=\"es\" and has no English catalogue word, charts included; English pages keep lang=\"en\"")
    func noEnglishLeft() throws {
        for (name, store, request) in try Self.cases() {
            // Given a Spanish HTML briefing of each fixture
            var model = try BriefingFixtures.model(store, request)
            if request.selection.facilityIds.isEmpty {
                model.changes = ChangeDigest.compute(for: model, since: "0001-01-01T00:00:00Z")
            }
            let builder = HTMLReportBuilder(library: try BriefingFixtures.library())
            let html = try builder.render(model)
            // Then the page is marked Spanish, keeps every HTML guarantee, and has no English word
            #expect(html.contains("<html lang=\"es\">"), "\(name)")
            try HTMLFixtures.checkPage(html, model: model)
            for left in try SpanishBriefingTests.englishLeft(in: html, of: model, html: true) {
                Issue.record("\(left) is in the Spanish page of \(name)")
            }
            // And so are the standalone chart files
            for chart in try builder.charts(model) {
                for left in try SpanishBriefingTests.englishLeft(in: chart.svg, of: model, html: true) {
                    Issue.record("\(left) is in the Spanish \(chart.name) of \(name)")
                }
            }
        }
        // And an English page is still marked English
        let english = try HTMLFixtures.html(try BriefingFixtures.sampleStore(), ReportRequest(
            selection: Selection(facilityIds: ["cecot"]), asOf: BriefingFixtures.asOf))
        #expect(english.contains("<html lang=\"en\">"))
    }

    @Test("Spanish numbers, dates and chart words in the page of the country")
    func localeFormatting() throws {
        let html = try HTMLFixtures.html(try CountryFixtures.store(), {
            var request = HTMLFixtures.countryRequest(detail: .full)
            request.language = "es"
            return request
        }())
        for expected in [
            "1 de marzo de 2025", "40.000", "100,5 %", "Ocupación respecto a la capacidad de diseño",
            "Condiciones frente a las Reglas Nelson Mandela", "100 % de la capacidad de diseño",
            "content: \"Página \" counter(page) \" de \" counter(pages)",
        ] {
            #expect(html.contains(expected), "\(expected)")
        }
    }

    @Test("A Spanish PDF has Spanish words and numbers as text")
    func pdf() throws {
        try #require(PDFRenderer().executable() != nil, "WeasyPrint is missing: run scripts/install-deps")
        let folder = try makeTemporaryFolder("html-pdf-es")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Given the PDF of the country briefing in Spanish
        var request = HTMLFixtures.countryRequest(detail: .summary)
        request.language = "es"
        let pdf = try PDFRenderer().render(html: try HTMLFixtures.html(try CountryFixtures.store(), request))
        let file = folder.appendingPathComponent("briefing-es.pdf")
        try pdf.write(to: file)
        // Then its text is the Spanish briefing
        let text = try runProcess("/usr/bin/pdftotext", ["-layout", file.path, "-"])
        try #require(text.status == 0, "pdftotext: \(text.stderr)")
        let flat = text.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for expected in ["Resumen general", "50.000", "100,5 %", "Página 1 de", "Metodología"] {
            #expect(flat.contains(expected), "\(expected) missing from the PDF text")
        }
    }
}
