import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

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
