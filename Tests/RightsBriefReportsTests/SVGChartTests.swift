import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Collects what a test needs from an SVG document.
final class SVGReader: NSObject, XMLParserDelegate {
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
