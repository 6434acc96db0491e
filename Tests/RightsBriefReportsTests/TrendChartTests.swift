import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

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
