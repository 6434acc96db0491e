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

    /// The Markdown suite's hostile facility (`evil`), plus `rtl`: a name with a right-to-left
    /// override, a 400-letter word, a quote followed by a combining mark and an event handler.
    static func hostile() throws -> (FactStore, ReportRequest) {
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
        return (store, request)
    }
}
