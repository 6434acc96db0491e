import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

/// Hostile values for every free-text field that reaches a briefing.
enum Hostile {
    static let facilityName =
        "# Cell|Block *A* [x](javascript:alert(1)) <script>alert(1)</script>"
        + "\n# Heading ![i](http://x/y.png)"
    static let region = "<img src=x onerror=alert(1)> | region"
    static let authority = "![i](http://x/y.png) **authority**"
    static let sourceTitle =
        "Title | *star* ![i](http://x/y.png) <script>alert(1)</script>\n## Injected"
    static let publisher = "#Publisher | [x](javascript:alert(1))"
    static let author = "<img src=x onerror=alert(1)>"
    static let quote =
        "Quote | `code` <script>alert(1)</script>\n# Heading\n- item [x](javascript:alert(1))"
    static let eventTitle = "# Event | [x](javascript:alert(1)) <img src=x onerror=alert(1)> *"
    static let parenURL = "https://en.wikipedia.org/wiki/CECOT_(prison)"
    static let oddURL = "http://example.org/a)b(c?x=1&y=(2)"

    /// Every hostile text that is printed somewhere in the default briefing.
    static let printed = [
        facilityName, region, authority, sourceTitle, publisher, author, quote, eventTitle,
    ]
}

/// One facility whose every text field is hostile, with sources linking to URLs with parentheses.
func hostileStore() throws -> FactStore {
    let store = try makeTestStore()
    try store.addFacility(
        Facility(
            id: "evil", name: Hostile.facilityName, country: "SV", region: Hostile.region,
            kind: .prison,
            authority: Hostile.authority))
    try store.addSource(
        Source(
            id: "hostile-source", url: Hostile.parenURL, title: Hostile.sourceTitle,
            publisher: Hostile.publisher,
            author: Hostile.author, publishedOn: day("2025-02-01")))
    try store.addSource(
        Source(
            id: "odd-url", url: Hostile.oddURL, title: "Odd URL", publisher: "Example",
            publishedOn: day("2025-02-02")))
    try store.addFact(
        Fact(
            facilityId: "evil", attribute: .population, value: .number(100),
            asOf: day("2025-02-01"),
            quote: Hostile.quote, sourceIds: ["hostile-source"]))
    try store.addFact(
        Fact(
            facilityId: "evil", attribute: .sanitation, value: .level(.absent),
            asOf: day("2025-02-01"),
            sourceIds: ["odd-url"]))
    // A disputed capacity, so the facility name is printed in "Disputed figures" too.
    try store.addFact(
        Fact(
            facilityId: "evil", attribute: .designCapacity, value: .number(80),
            asOf: day("2025-02-01"), sourceIds: ["hostile-source"]))
    try store.addFact(
        Fact(
            facilityId: "evil", attribute: .designCapacity, value: .number(90),
            asOf: day("2025-02-01"), sourceIds: ["odd-url"]))
    try store.addEvent(
        Event(
            id: "evil-event", date: day("2025-02-03"), title: Hostile.eventTitle,
            facilityIds: ["evil"], sourceIds: ["hostile-source"]))
    return store
}

/// All matches of capture group 1 of `pattern` in `text`.
private func captures(_ pattern: String, in text: String) throws -> [String] {
    let regex = try NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
    let range = NSRange(text.startIndex..., in: text)
    return regex.matches(in: text, range: range).compactMap { match in
        Range(match.range(at: 1), in: text).map { String(text[$0]) }
    }
}

/// Counts the non-overlapping occurrences of `needle`.
private func count(_ needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

/// Reverses cmark's escaping of an attribute value.
private func unescapeAttribute(_ value: String) -> String {
    value.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
        .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
}

/// Checks the structure of one rendered briefing; `renderer` names it in failures.
private func checkStructure(_ html: String, renderer: String, tables: Bool) throws {
    // No active content at all
    #expect(!html.lowercased().contains("<script"), "\(renderer): <script")
    #expect(!html.lowercased().contains("<img"), "\(renderer): <img")
    // Every link goes to http(s)
    let hrefs = try captures(#"href="([^"]*)""#, in: html)
    #expect(!hrefs.isEmpty)
    for href in hrefs {
        let lower = href.lowercased()
        #expect(
            lower.hasPrefix("http://") || lower.hasPrefix("https://"), "\(renderer): href \(href)")
    }
    // Only the template's headings: one title, then the facility, then the fixed sections
    #expect(count("<h1", in: html) == 1, "\(renderer): h1 count")
    let h2 = try captures(#"<h2>(.*?)</h2>"#, in: html)
    #expect(
        h2 == [
            MarkdownFixtures.html(Hostile.facilityName), "Disputed figures", "Timeline", "Sources",
            "Methodology",
        ], "\(renderer): h2 \(h2)")
    let h3 = try captures(#"<h3>(.*?)</h3>"#, in: html)
    #expect(h3 == ["Key figures", "Against international standards"], "\(renderer): h3 \(h3)")
    // No list or block the template did not write: list items only in the template's lists
    #expect(!html.contains("<blockquote"), "\(renderer): blockquote")
    #expect(!html.contains("<pre"), "\(renderer): code block")
    // Every hostile text appears literally, HTML-escaped
    for value in Hostile.printed {
        #expect(html.contains(MarkdownFixtures.html(value)), "\(renderer): not literal: \(value)")
    }
    guard tables else { return }
    // Every table row has as many cells as its header
    let found = try captures(#"<table>(.*?)</table>"#, in: html)
    #expect(found.count == 2, "\(renderer): tables")
    for table in found {
        let header = try captures(#"(<th[ >])"#, in: table).count
        #expect(header == 5)
        for row in try captures(#"<tbody>(.*?)</tbody>"#, in: table).flatMap({
            try captures(#"<tr>(.*?)</tr>"#, in: $0)
        }) {
            #expect(try captures(#"(<td[ >])"#, in: row).count == header, "\(renderer): row \(row)")
        }
    }
}

@Suite("Briefing with hostile text, rendered by cmark and cmark-gfm")
struct BriefingHostileTextTests {

    @Test(
        "hostile names, titles, quotes and event titles render literally with cmark --unsafe"
    )
    func cmark() throws {
        // Given a facility whose every text field tries to inject Markdown or HTML
        let markdown = try BriefingFixtures.markdown(try hostileStore())

        // When the whole briefing is rendered by CommonMark with raw HTML allowed
        let html = try CommonMarkRenderer.cmark.html(markdown)

        // Then nothing is active, the structure is the template's and the text is literal
        try checkStructure(html, renderer: "cmark", tables: false)
    }

    @Test("the same briefing renders safely with cmark-gfm tables and autolinks, every row whole")
    func gfm() throws {
        // Given the same briefing
        let markdown = try BriefingFixtures.markdown(try hostileStore())

        // When GitHub Flavored Markdown renders it
        let html = try CommonMarkRenderer.gfm.html(markdown)

        // Then the same holds, and every table row has as many cells as its header
        try checkStructure(html, renderer: "cmark-gfm", tables: true)
    }

    @Test("every table line in the Markdown source has exactly six unescaped pipes")
    func tableLinesInSource() throws {
        // Given the hostile briefing
        let markdown = try BriefingFixtures.markdown(try hostileStore())

        // When each table line's unescaped pipes are counted
        let tableLines = markdownLines(markdown, startingWith: "|")

        // Then there are the two tables' lines (key figures: header, rule, 6 rows; standards:
        // header, rule, 9 rows), and each has six pipes (five columns), so no value added one
        #expect(tableLines.count == (2 + 6) + (2 + 9))
        for line in tableLines {
            var pipes = 0
            var escaped = false
            for character in line {
                if character == "|", !escaped { pipes += 1 }
                escaped = character == "\\" && !escaped
            }
            #expect(pipes == 6, "\(line)")
        }
    }

    @Test("a source URL with parentheses links to exactly that URL, parentheses percent-encoded")
    func urlWithParentheses() throws {
        // Given sources whose URLs hold ( and ), one also & and ?
        let markdown = try BriefingFixtures.markdown(try hostileStore())

        // When the briefing is rendered by both renderers
        for renderer in [CommonMarkRenderer.cmark, .gfm] {
            let html = try renderer.html(markdown)
            let hrefs = try captures(#"href="([^"]*)""#, in: html).map(unescapeAttribute)

            // Then each link's target is the URL with only ( and ) percent-encoded
            let encoded = [Hostile.parenURL, Hostile.oddURL].map {
                $0.replacingOccurrences(of: "(", with: "%28").replacingOccurrences(
                    of: ")", with: "%29")
            }
            #expect(Set(hrefs) == Set(encoded), "\(renderer.executable): \(hrefs)")
            // And the link text shows the same address
            for url in encoded {
                #expect(
                    html.contains(">\(MarkdownFixtures.cmarkEscaped(url))</a>"),
                    "\(renderer.executable): text of \(url)")
            }
        }
    }

    @Test("a javascript: URL cannot be stored as a source address")
    func javascriptURLRefused() throws {
        // Given a store
        let store = try makeTestStore()

        // When a source with a javascript: URL is added
        // Then it is refused, so no briefing can ever link to it
        #expect(throws: (any Error).self) {
            try store.addSource(
                Source(id: "js", url: "javascript:alert(1)", title: "x", publisher: "y"))
        }
        #expect(try store.source(id: "js") == nil)
    }

    @Test("hostile text in a custom table template cannot add a column or a row")
    func customTableTemplate() throws {
        // Given a template that prints source fields in a GFM table
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(
            """
            {{% CONTENT_TYPE: MARKDOWN }}
            | No. | Publisher | Title | Author |
            |---|---|---|---|
            {{#sources}}
            | {{number}} | {{publisher}} | {{title}} | {{author}} |
            {{/sources}}

            """.utf8
        ).write(to: folder.appendingPathComponent("table.mustache"))
        let library = try TemplateLibrary(directory: folder)
        let model = try BriefingFixtures.model(try hostileStore())

        // When it is rendered and turned into HTML by cmark-gfm
        let markdown = try MarkdownReportBuilder(library: library, template: "table").render(model)
        let html = try CommonMarkRenderer.gfm.html(markdown)

        // Then there are two rows of four cells, and the hostile values sit in their cells
        let rows = try captures(#"<tr>(.*?)</tr>"#, in: html)
        #expect(rows.count == 3)
        for row in rows.dropFirst() {
            #expect(try captures(#"(<td[ >])"#, in: row).count == 4)
        }
        #expect(rows[1].contains("<td>\(MarkdownFixtures.html(Hostile.publisher))</td>"))
        #expect(rows[1].contains("<td>\(MarkdownFixtures.html(Hostile.sourceTitle))</td>"))
        #expect(rows[1].contains("<td>\(MarkdownFixtures.html(Hostile.author))</td>"))
        #expect(!html.contains("<script") && !html.contains("<img"))
    }
}
