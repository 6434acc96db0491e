import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

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
        let (store, request) = try HTMLFixtures.hostile()
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

    @Test("footnote linking is linear: 20,000 markers in a 3 MB page take well under a few seconds")
    func footnoteLinksScale() {
        // A Substring search through Foundation copied the rest of the page at each marker:
        // a 1,000-facility summary took 145 s instead of 5 s.
        let row = "<tr><td>Some facility name here</td><td>" + String(repeating: "x", count: 100)
            + "</td><td><sup class=\"fn\">[12, 40–44]</sup></td></tr>\n"
        let page = String(repeating: row, count: 20_000)
        let start = Date()
        let linked = HTMLReportBuilder.linkFootnotes(page)
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(linked.components(separatedBy: "<a href=\"#source-40\">40</a>–<a href=\"#source-44\">44</a>").count == 20_001)
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

    @Test("the same redaction as Markdown: restricted material only in the internal page and its charts")
    func redaction() throws {
        // Given the country fixture, whose harbour has a restricted population of 260 from a
        // restricted source
        let store = try CountryFixtures.store()
        var request = HTMLFixtures.countryRequest()

        // When the page is made for the public, and for partners
        let publicHTML = try HTMLFixtures.html(store, request)
        request.audience = .internal
        let internalHTML = try HTMLFixtures.html(store, request)

        // Then only the internal page cites the restricted source or shows 130 % occupancy
        #expect(!publicHTML.contains("Partner head count"))
        #expect(!publicHTML.contains("130 %"))
        #expect(publicHTML.contains("100.5 %"))
        #expect(internalHTML.contains("Partner head count"))
        #expect(internalHTML.contains("130 %"))
        #expect(internalHTML.contains("Internal: for partners only. Do not publish."))
    }
}
