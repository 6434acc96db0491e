import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Shared helpers for the HTML, SVG, browser and PDF tests.
enum HTMLFixtures {
    /// The HTML briefing of `store` for `request`.
    static func html(
        _ store: FactStore, _ request: ReportRequest = ReportRequest(asOf: BriefingFixtures.asOf),
        paper: PaperSize = .a4
    ) throws -> String {
        try HTMLReportBuilder(library: BriefingFixtures.library(), paper: paper)
            .render(BriefingFixtures.model(store, request))
    }

    /// The country fixture: six facilities, several sources, overview, charts.
    static func countryRequest(detail: BriefingDetail? = .full) -> ReportRequest {
        ReportRequest(selection: Selection(countries: ["SV"]), asOf: BriefingFixtures.asOf, detail: detail)
    }

    /// All matches of capture group 1 of `pattern`.
    static func captures(_ pattern: String, in text: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    /// The start tags the HTML templates write; anything else came from input text.
    static let templateElements: Set<String> = [
        "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "strong", "time",
        "main", "section", "nav", "div", "table", "caption", "thead", "tbody", "tr", "th", "td", "a", "ul", "ol",
        "li", "sup", "q", "cite", "code", "figure", "figcaption", "svg", "desc", "rect", "g", "line", "text", "path", "circle",
    ]

    /// Checks the guarantees every HTML briefing keeps, whatever its data.
    static func checkPage(_ html: String, model: ReportModel) throws {
        let lower = html.lowercased()
        #expect(html.hasPrefix("<!DOCTYPE html>\n"))
        #expect(html.contains(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'\">"))
        #expect(!lower.contains("<script"))
        #expect(!lower.contains("<img"))
        #expect(!lower.contains("<link"))
        #expect(!lower.contains("<iframe"))
        // No event handler or source attribute in any tag
        let handlers = try captures(#"<[^>]*\s((?:on[a-z]+|src|srcset|style)\s*=)"#, in: lower)
        #expect(handlers.isEmpty, "attributes: \(handlers)")
        // Only the templates' elements
        let tags = Set(try captures(#"<([a-zA-Z][a-zA-Z0-9]*)"#, in: html).map { $0.lowercased() })
        #expect(tags.isSubset(of: templateElements), "unexpected elements: \(tags.subtracting(templateElements))")
        // Links: http(s) to cited sources, or in-page anchors that exist
        let ids = Set(try captures(#"\sid="([^"]*)""#, in: html))
        for href in try captures(#"href="([^"]*)""#, in: html) {
            if href.hasPrefix("#") {
                #expect(ids.contains(String(href.dropFirst())), "dangling \(href)")
            } else {
                #expect(href.hasPrefix("https://") || href.hasPrefix("http://"), "href \(href)")
            }
        }
        // Every cited source is in the numbered list, linked when it has a URL
        for (index, source) in model.citedSources.enumerated() {
            #expect(html.contains("<li id=\"source-\(index + 1)\" value=\"\(index + 1)\">"))
            if let url = source.url.flatMap(MarkdownEscaping.url) {
                #expect(html.contains("href=\"\(HTMLEscaping.text(url))\""), "source \(source.id) not linked")
            }
            #expect(html.contains(HTMLEscaping.text(source.title)))
        }
    }
}

@Suite("HTML briefings")
struct HTMLBriefingTests {
    @Test("the CECOT sample: one self-contained page, every source linked, figures as in Markdown")
    func sample() throws {
        // Given the bundled sample
        let store = try BriefingFixtures.sampleStore()
        let model = try BriefingFixtures.model(store)

        // When it is rendered as HTML
        let html = try HTMLFixtures.html(store)

        // Then the page keeps every guarantee, and shows the figures the Markdown shows
        try HTMLFixtures.checkPage(html, model: model)
        #expect(html.contains("40,000"))
        let markdown = try BriefingFixtures.markdown(store)
        for heading in ["Key figures", "Against international standards", "Sources", "Methodology"] {
            #expect(markdown.contains(heading) && html.contains(heading))
        }
        // Footnote markers link to the numbered list
        #expect(html.contains("<sup class=\"fn\">[<a href=\"#source-1\">1</a>"))
    }

    @Test("a country briefing: anchors facility-<id>, contents links, overview and both charts")
    func country() throws {
        // Given the country fixture
        let store = try CountryFixtures.store()
        let request = HTMLFixtures.countryRequest()
        let model = try BriefingFixtures.model(store, request)

        // When it is rendered as HTML
        let html = try HTMLFixtures.html(store, request)

        // Then it has the same anchors as the Markdown and both charts with their data tables
        try HTMLFixtures.checkPage(html, model: model)
        let markdown = try BriefingFixtures.markdown(store, request)
        let markdownAnchors = try HTMLFixtures.captures(#"<a id="(facility-[^"]+)"></a>"#, in: markdown)
        let htmlAnchors = try HTMLFixtures.captures(#"<section class="facility" id="(facility-[^"]+)">"#, in: html)
        #expect(!markdownAnchors.isEmpty)
        #expect(htmlAnchors == markdownAnchors)
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"occupancy\""))
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"conditions\""))
        #expect(html.contains("<caption>Occupancy of design capacity: the data</caption>"))
        #expect(html.contains("@page { size: A4;"))
        #expect(try HTMLFixtures.html(store, request, paper: .letter).contains("@page { size: letter;"))
    }

    @Test("hostile text from sources never becomes markup, a link or a layout breaker")
    func hostile() throws {
        // Given the Markdown suite's hostile facility, plus an RTL override and a very long word
        let store = try hostileStore()
        let long = String(repeating: "W", count: 400)
        try store.addFacility(
            Facility(
                id: "rtl", name: "Cell \u{202E}kcolb\u{202C} \(long) \"\u{301}quoted\" 'x' onmouseover=alert(1)",
                country: "SV", kind: .prison))
        try store.addFact(
            Fact(facilityId: "rtl", attribute: .population, value: .number(5), asOf: day("2025-02-01"),
                 sourceIds: ["odd-url"]))
        let request = ReportRequest(selection: Selection(facilityIds: ["evil", "rtl"]), asOf: BriefingFixtures.asOf)
        let model = try BriefingFixtures.model(store, request)

        // When it is rendered as HTML
        let html = try HTMLFixtures.html(store, request)

        // Then every guarantee holds and each hostile text appears literally, escaped
        try HTMLFixtures.checkPage(html, model: model)
        for value in Hostile.printed {
            #expect(html.contains(HTMLEscaping.text(value)), "not literal: \(value)")
        }
        #expect(!html.contains("\u{202E}"))
        #expect(html.contains("[U+202E]kcolb[U+202C]"))
        #expect(html.contains("&quot;\u{301}"))
        #expect(html.contains("overflow-wrap: break-word") && html.contains("td, th { overflow-wrap: anywhere; }"))
        // The odd URL is linked exactly, percent-encoded, with & escaped
        #expect(html.contains("href=\"http://example.org/a%29b%28c?x=1&amp;y=%282%29\""))
    }

    @Test("footnote markers: numbers and range ends become links, other words stay text")
    func footnoteLinks() {
        let linked = HTMLReportBuilder.linkFootnotes(
            "<p>x<sup class=\"fn\">[1, 3–5, … 1,204 sources in all]</sup> &lt;sup class=&quot;fn&quot;&gt;[2]</p>")
        #expect(
            linked
                == "<p>x<sup class=\"fn\">[<a href=\"#source-1\">1</a>, <a href=\"#source-3\">3</a>–"
                + "<a href=\"#source-5\">5</a>, … 1,204 sources in all]</sup> &lt;sup class=&quot;fn&quot;&gt;[2]</p>")
    }
}

/// Collects what a test needs from an SVG document.
private final class SVGReader: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var texts: [String] = []
    private var text = ""
    private var inText = false

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append((name, attributes))
        if name == "text" {
            inText = true
            text = ""
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" {
            texts.append(text)
            inText = false
        }
    }

    static func read(_ svg: String) throws -> SVGReader {
        let reader = SVGReader()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = reader
        let ok = parser.parse()
        #expect(ok, "not well-formed XML: \(String(describing: parser.parserError))")
        try #require(ok)
        return reader
    }
}

@Suite("SVG charts")
struct SVGChartTests {
    @Test("the occupancy chart is well-formed XML whose bars and labels equal the model's occupancy")
    func occupancy() throws {
        // Given the country fixture's model
        let store = try CountryFixtures.store()
        let model = try BriefingFixtures.model(store, HTMLFixtures.countryRequest())

        // When its charts are written as standalone SVG
        let charts = try HTMLReportBuilder(library: BriefingFixtures.library()).charts(model)
        let svg = try #require(charts.first { $0.name == "occupancy.svg" }?.svg)
        let reader = try SVGReader.read(svg)

        // Then there is one bar per facility with an occupancy, highest first, labelled as the model says
        let expected = model.facilities.compactMap { report -> (String, Double)? in
            report.figures.derived[.occupancy]?.value.map { (report.facility.name, $0) }
        }.sorted { $0.1 > $1.1 }
        #expect(!expected.isEmpty)
        let chart = try #require(OccupancyChart(model))
        #expect(chart.bars.map(\.occupancy) == expected.map(\.1))
        let labels = expected.map { Formatting.occupancy($0.1) }
        let valueTexts = reader.texts.filter { $0.hasSuffix(" %") && !$0.contains("design") }
        #expect(valueTexts.suffix(labels.count) == labels[...])
        for (name, _) in expected { #expect(reader.texts.contains(name)) }
        // Bar widths are proportional to occupancy, and the 100 % line is where 1.0 would end
        let bars = reader.elements.filter { $0.name == "rect" && $0.attributes["height"] == "16" }
        #expect(bars.count == expected.count)
        let widths = bars.compactMap { Double($0.attributes["width"] ?? "") }
        let plotX = try #require(Double(chart.plotX))
        let limitX = try #require(Double(chart.limitX))
        for (width, (_, value)) in zip(widths, expected) {
            #expect(abs(width - (limitX - plotX) * value) <= 0.2, "width \(width) for \(value)")
        }
        let limit = try #require(reader.elements.first { $0.attributes["class"] == "limit" })
        #expect(limit.attributes["x1"] == chart.limitX)
        #expect(reader.elements.contains { $0.name == "title" })
        #expect(reader.elements.contains { $0.name == "desc" })
    }

    @Test("the conditions grid names every level in words, as the model has it")
    func conditions() throws {
        let store = try CountryFixtures.store()
        let model = try BriefingFixtures.model(store, HTMLFixtures.countryRequest())
        let charts = try HTMLReportBuilder(library: BriefingFixtures.library()).charts(model)
        let svg = try #require(charts.first { $0.name == "conditions.svg" }?.svg)
        let reader = try SVGReader.read(svg)

        let chart = try #require(ConditionsChart(model))
        for row in chart.rows {
            let report = try #require(model.facilities.first { $0.facility.id == row.facilityId })
            for (cell, attribute) in zip(row.cells, ConditionsChart.attributes) {
                let figure = report.figures.latest[attribute]
                let expected = figure == nil ? "no evidence" : figure!.isDisputed ? "disputed"
                    : Formatting.value(figure!.value!, attribute: attribute)
                #expect(cell.label == expected)
            }
        }
        let cellTexts = reader.texts.filter { ["adequate", "inadequate", "absent", "unknown", "disputed", "no evidence"].contains($0) }
        #expect(cellTexts.count == chart.rows.count * 4)
        #expect(cellTexts == chart.rows.flatMap { $0.cells.map(\.label) })
    }

    @Test("more than 30 facilities: the 30 highest are drawn and the rest counted")
    func topThirty() throws {
        let store = try makeTestStore()
        try store.addSource(
            Source(id: "s", url: "https://example.org/s", title: "S", publisher: "P", publishedOn: day("2025-01-01")))
        for index in 1...35 {
            let id = "f\(index)"
            try store.addFacility(Facility(id: id, name: "Facility <\(index)>", country: "SV", kind: .prison))
            try store.addFact(Fact(facilityId: id, attribute: .designCapacity, value: .number(100), asOf: day("2025-01-01"), sourceIds: ["s"]))
            try store.addFact(Fact(facilityId: id, attribute: .population, value: .number(Double(50 + index * 5)), asOf: day("2025-01-01"), sourceIds: ["s"]))
        }
        let model = try BriefingFixtures.model(store, HTMLFixtures.countryRequest(detail: .summary))
        let chart = try #require(OccupancyChart(model))
        #expect(chart.bars.count == 30)
        #expect(chart.omitted == 5)
        #expect(chart.bars.first?.label == "225 %")
        #expect(chart.description.contains("5 more not shown"))
        let svg = try #require(try HTMLReportBuilder(library: BriefingFixtures.library()).charts(model).first?.svg)
        let reader = try SVGReader.read(svg)
        #expect(reader.texts.contains("Facility <35>"))
    }
}

@Suite("Population against capacity over time")
struct TrendChartTests {
    /// One facility with population and capacity at several dates: a retracted fact, a dispute
    /// and a fact after the as-of date.
    static func store() throws -> FactStore {
        let store = try makeTestStore()
        try store.addFacility(Facility(id: "t", name: "Trend <Prison>", country: "SV", kind: .prison))
        for id in ["a", "b"] {
            try store.addSource(
                Source(id: id, url: "https://example.org/\(id)", title: "Source \(id)", publisher: "P",
                       publishedOn: day("2024-01-01")))
        }
        func add(_ attribute: Attribute, _ value: Double, _ date: String, _ source: String = "a") throws -> Int64 {
            try store.addFact(Fact(facilityId: "t", attribute: attribute, value: .number(value), asOf: day(date), sourceIds: [source]))
        }
        _ = try add(.designCapacity, 1_000, "2024-01-01")
        _ = try add(.designCapacity, 1_200, "2024-07-01")
        _ = try add(.population, 900, "2024-01-01")
        _ = try add(.population, 1_300, "2024-07-01")
        let wrong = try add(.population, 5_000, "2024-09-01")
        try store.retractFact(id: wrong, reason: "typo")
        _ = try add(.population, 1_500, "2025-01-01", "a")
        _ = try add(.population, 1_600, "2025-01-01", "b")
        _ = try add(.population, 9_999, "2025-06-01")
        return store
    }

    @Test("every standing dated fact is a point, disputes are hollow and skipped by the line, the SVG parses")
    func trend() throws {
        // Given the facility's model as of 1 March 2025
        let store = try Self.store()
        let model = try BriefingFixtures.model(store, ReportRequest(selection: Selection(facilityIds: ["t"]), asOf: BriefingFixtures.asOf))

        // When the trend chart is built and written as SVG
        let chart = try #require(TrendChart(model))
        let charts = try HTMLReportBuilder(library: BriefingFixtures.library()).charts(model)
        let svg = try #require(charts.first { $0.name == "trend.svg" }?.svg)

        // Then the points are the standing facts, and the line goes through agreed ones only
        let population = try #require(chart.series.first { $0.name == "Population" })
        let capacity = try #require(chart.series.first { $0.name == "Design capacity" })
        #expect(population.points.map(\.amount) == [900, 1_300, 1_500, 1_600])
        #expect(population.points.map(\.disputed) == [false, false, true, true])
        #expect(population.points.map(\.date) == ["2024-01-01", "2024-07-01", "2025-01-01", "2025-01-01"])
        #expect(capacity.points.map(\.amount) == [1_000, 1_200])
        #expect(population.path.split(separator: " ").filter { $0.hasPrefix("M") || $0.hasPrefix("L") }.count == 2)
        #expect(chart.description.contains("On 1 date sources disagree"))
        #expect(chart.rows.count == 6)
        // And the SVG is well-formed with one circle per point
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(svg.components(separatedBy: "<circle ").count - 1 == 6)
        #expect(svg.contains("Trend &lt;Prison&gt;"))
        // And the HTML briefing shows it, with its data table
        let html = try HTMLReportBuilder(library: BriefingFixtures.library()).render(model)
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend\""))
        #expect(html.contains("<caption>Population against design capacity over time: the data</caption>"))
    }

    @Test("no trend for several facilities or a single date")
    func noTrend() throws {
        let country = try BriefingFixtures.model(try CountryFixtures.store(), HTMLFixtures.countryRequest())
        #expect(TrendChart(country) == nil)
        let sample = try BriefingFixtures.model(try BriefingFixtures.sampleStore())
        #expect(TrendChart(sample) == nil)
    }
}

@Suite("Markdown briefings with their charts in a folder")
struct MarkdownChartFilesTests {
    @Test("writeMarkdown puts charts/*.svg beside briefing.md and links them with relative images")
    func chartsBesideMarkdown() throws {
        // Given the country fixture and an empty folder
        let store = try CountryFixtures.store()
        let request = HTMLFixtures.countryRequest()
        let folder = try makeTemporaryFolder("markdown-charts")
        defer { try? FileManager.default.removeItem(at: folder) }
        let job = try ReportJob(store: store, request: request, locator: ResourceLocator(root: repositoryRoot))

        // When the Markdown briefing is written into the folder
        let written = try job.writeMarkdown(try job.model(), templates: BriefingFixtures.library(), into: folder)

        // Then the SVG files are there, well-formed, and the briefing links them relatively
        #expect(written.map(\.lastPathComponent) == ["briefing.md", "occupancy.svg", "conditions.svg"])
        for name in ["occupancy.svg", "conditions.svg"] {
            let svg = try Data(contentsOf: folder.appendingPathComponent("charts/\(name)"))
            #expect(XMLParser(data: svg).parse(), "\(name) is not well-formed")
        }
        let markdown = try String(contentsOf: folder.appendingPathComponent("briefing.md"), encoding: .utf8)
        #expect(markdown.contains("## Charts\n\n![Occupancy of design capacity](charts/occupancy.svg)\n"))
        #expect(markdown.contains("![Conditions against the Nelson Mandela Rules](charts/conditions.svg)"))
        // And CommonMark makes them images with those relative paths
        let html = try CommonMarkRenderer.cmark.html(markdown)
        #expect(html.contains("<img src=\"charts/occupancy.svg\" alt=\"Occupancy of design capacity\" />"))
        // And without a folder the briefing is the golden one, with no Charts section
        let alone = try MarkdownReportBuilder(library: BriefingFixtures.library()).render(try job.model())
        #expect(!alone.contains("## Charts"))
    }
}
