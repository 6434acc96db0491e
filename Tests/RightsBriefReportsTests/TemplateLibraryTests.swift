import Foundation
import Testing

@testable import RightsBriefReports

/// A fresh folder under the system's temporary directory, removed by the test that made it.
private struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("rightsbrief-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes a file at a relative path, creating its folders.
    @discardableResult
    func write(_ relativePath: String, _ contents: String) throws -> URL {
        let file = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: file)
        return file
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Loads a library from templates given as (relative path, contents) pairs.
private func loadLibrary(
    _ files: [(String, String)],
    in folder: TemporaryFolder
) throws -> TemplateLibrary {
    for (path, contents) in files {
        try folder.write(path, contents)
    }
    return try TemplateLibrary(directory: folder.url)
}

/// The error a throwing expression threw, as a `ReportError`.
private func reportError(_ body: () throws -> Void) -> ReportError? {
    do {
        try body()
        return nil
    } catch let error as ReportError {
        return error
    } catch {
        return nil
    }
}

@Suite("TemplateLibrary")
struct TemplateLibraryTests {
    // MARK: - Loading and rendering

    @Test("Values are escaped for Markdown, in templates and in partials")
    func rendersEscaped() throws {
        // Given a template and a partial in a subfolder, both declaring MARKDOWN
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let library = try loadLibrary(
            [
                (
                    "briefing.mustache",
                    "{{% CONTENT_TYPE: MARKDOWN }}\n# {{title}}\n\n"
                        + "{{#facilities}}\n{{> partials/facility}}\n{{/facilities}}\n"
                ),
                ("partials/facility.mustache", "{{% CONTENT_TYPE: MARKDOWN }}\n- {{name}}\n"),
            ],
            in: folder
        )

        // When rendered with values carrying Markdown syntax
        let output = try library.render(
            ["title": "*CECOT*", "facilities": [["name": "**bold** <b>"]]],
            template: "briefing"
        )

        // Then both the template's and the partial's values are escaped for Markdown
        #expect(output == "# \\*CECOT\\*\n\n- \\*\\*bold\\*\\* \\<b\\>\n")
    }

    @Test("Template names are relative paths without .mustache, sorted; others are ignored")
    func listsTemplateNames() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let header = "{{% CONTENT_TYPE: MARKDOWN }}\n"
        let library = try loadLibrary(
            [
                ("weekly.mustache", header),
                ("briefing.mustache", header),
                ("partials/source.mustache", header),
                ("partials/facility.mustache", header),
                ("README.md", "not a template"),
                (".hidden.mustache", "no pragma, but ignored"),
                (".git/x.mustache", "{{{ignored}}}"),
            ],
            in: folder
        )

        #expect(
            library.templateNames
                == ["briefing", "partials/facility", "partials/source", "weekly"]
        )
        #expect(try library.render([:] as [String: String], template: "briefing.mustache") == "")
    }

    @Test("CSV templates quote fields and neutralise formulas")
    func rendersCSV() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let library = try loadLibrary(
            [("facts.mustache", "{{% CONTENT_TYPE: CSV }}\nid,value\n{{id}},{{value}}\n")],
            in: folder
        )

        let output = try library.render(
            ["id": "a,b", "value": "=HYPERLINK(\"http://evil\")"], template: "facts")

        #expect(output.hasPrefix("id,value\n\"a,b\","))
        #expect(output.contains("'=HYPERLINK("))
        #expect(!output.contains(",=HYPERLINK"))
    }

    @Test("Templates with CRLF line endings and a byte order mark load; output uses LF")
    func normalisesLineEndings() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let library = try loadLibrary(
            [("crlf.mustache", "\u{FEFF}{{% CONTENT_TYPE: MARKDOWN }}\r\nA {{x}}\r\nB\r\n")],
            in: folder
        )

        #expect(try library.render(["x": "1"], template: "crlf") == "A 1\nB\n")
    }

    @Test("Rendering from many tasks at once gives the same output")
    func rendersConcurrently() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let library = try loadLibrary(
            [("t.mustache", "{{% CONTENT_TYPE: MARKDOWN }}\n{{x}}\n")], in: folder)

        let outputs = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    ContentTypes.registerAll()
                    return try library.render(["x": "*"], template: "t")
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }

        #expect(outputs == Array(repeating: "\\*\n", count: 32))
    }

    @Test("Every template error message is one sentence that says what to do")
    func errorMessages() {
        let errors: [ReportError] = [
            .templateNotFound(name: "weekly"),
            .templateSyntax(file: "/t/briefing.mustache", line: 3, column: 1, reason: "bad"),
            .templatesDirectoryMissing(path: "/t"),
            .templateUnreadable(path: "/t/x.mustache", reason: "it is not UTF-8 text"),
            .outputNotWritable(path: "/out/x.md", reason: "the folder does not exist"),
            .unknownFacility(id: "cecot"),
            .unknownCountry(code: "SV"),
        ]
        for error in errors {
            let message = error.errorDescription ?? ""
            #expect(message.hasSuffix("."), "\(message)")
            #expect(!message.contains("\n"), "\(message)")
            #expect(!message.dropLast().contains(". "), "\(message)")
        }
    }

    // MARK: - Names and folders

    @Test("An unknown name is templateNotFound; the hint to list templates is the command line's")
    func unknownName() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let library = try loadLibrary(
            [("briefing.mustache", "{{% CONTENT_TYPE: MARKDOWN }}\n")], in: folder)

        let error = reportError { _ = try library.render([:], template: "brefing") }

        #expect(error == .templateNotFound(name: "brefing"))
        #expect(error?.errorDescription?.contains("rightsbrief ") == false, "the command line adds its own hint")
    }

    @Test(
        "Names that climb out of the folder or are absolute are refused",
        arguments: ["../secret", "partials/../../secret", "/etc/passwd", "..", "", "/briefing"]
    )
    func refusesEscapingNames(name: String) throws {
        // Given a template folder beside a template outside it
        let root = try TemporaryFolder()
        defer { root.remove() }
        try root.write("secret.mustache", "{{% CONTENT_TYPE: TEXT }}\nsecret\n")
        try root.write("templates/briefing.mustache", "{{% CONTENT_TYPE: MARKDOWN }}\nok\n")
        let library = try TemplateLibrary(directory: root.url.appendingPathComponent("templates"))

        // When asked for a name with '..' or a leading '/', then it is not found
        let error = reportError { _ = try library.render([:], template: name) }
        #expect(error == .templateNotFound(name: name))
    }

    @Test("A missing folder or a file in its place is templatesDirectoryMissing")
    func missingFolder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let missing = folder.url.appendingPathComponent("nope")
        let file = try folder.write("file.txt", "x")

        #expect(
            reportError { _ = try TemplateLibrary(directory: missing) }
                == .templatesDirectoryMissing(path: missing.path)
        )
        #expect(
            reportError { _ = try TemplateLibrary(directory: file) }
                == .templatesDirectoryMissing(path: file.path)
        )
    }

    @Test("A file that is not UTF-8 is templateUnreadable")
    func notUTF8() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = folder.url.appendingPathComponent("latin1.mustache")
        try Data([0x7B, 0x7B, 0x25, 0xE9, 0xFF, 0x7D, 0x7D]).write(to: file)

        let error = reportError { _ = try TemplateLibrary(directory: folder.url) }

        #expect(error == .templateUnreadable(path: file.path, reason: "it is not UTF-8 text"))
    }

    // MARK: - Syntax errors

    @Test("A parse error names the file, line and column")
    func parseErrorLocation() throws {
        // Given a template whose section is closed with the wrong name on line 4
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write(
            "partials/broken.mustache",
            "{{% CONTENT_TYPE: MARKDOWN }}\nIntro\n{{#facts}}\n  {{/fact}}\n"
        )

        // When the folder is loaded
        let error = reportError { _ = try TemplateLibrary(directory: folder.url) }

        // Then the error points at the closing tag and names the section still open
        guard case .templateSyntax(let path, let line, let column, let reason) = error else {
            Issue.record("expected templateSyntax, got \(String(describing: error))")
            return
        }
        #expect(path == file.path)
        #expect(line == 4)
        #expect(column == 3)
        #expect(
            reason == "{{/fact}} does not close the open section {{#facts}} from line 3; "
                + "close sections in the reverse order they were opened")
        #expect(error?.errorDescription?.hasPrefix("\(file.path):4:3: ") == true)
    }

    @Test("An unclosed section is reported where it opens")
    func unclosedSection() throws {
        // Given a template whose inner section, opened on line 3, is never closed
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write(
            "briefing.mustache",
            "{{% CONTENT_TYPE: MARKDOWN }}\n{{#facts}}\n  {{^sources}}none\n"
        )

        // When the folder is loaded
        let error = reportError { _ = try TemplateLibrary(directory: folder.url) }

        // Then the error points at the section's opening tag, not at the end of the file
        #expect(
            error
                == .templateSyntax(
                    file: file.path, line: 3, column: 3,
                    reason: "the section {{^sources}} opened here is never closed; add "
                        + "{{/sources}}")
        )
    }

    @Test("An unknown content type is a syntax error with the allowed types")
    func unknownContentType() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("x.mustache", "{{% CONTENT_TYPE: YAML }}\n")

        let error = reportError { _ = try TemplateLibrary(directory: folder.url) }

        guard case .templateSyntax(_, 1, _, let reason) = error else {
            Issue.record("expected templateSyntax on line 1, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("MARKDOWN"))
    }

    // MARK: - Escaping rules

    @Test(
        "A template must declare its content type before any text or tag",
        arguments: [
            ("# {{title}}\n", 1, 1),
            ("{{title}}\n{{% CONTENT_TYPE: MARKDOWN }}\n", 1, 1),
            ("\n\nIntro {{% CONTENT_TYPE: MARKDOWN }}\n", 3, 1),
            ("{{! a comment }}\n  {{#x}}{{/x}}\n", 2, 3),
            ("", 1, 1),
        ]
    )
    func requiresContentType(source: String, line: Int, column: Int) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write("partials/row.mustache", source)

        let error = reportError { _ = try TemplateLibrary(directory: folder.url) }

        guard case .templateSyntax(let path, let errorLine, let errorColumn, let reason) = error
        else {
            Issue.record("expected templateSyntax, got \(String(describing: error))")
            return
        }
        #expect(path == file.path)
        #expect(errorLine == line)
        #expect(errorColumn == column)
        #expect(reason.contains("CONTENT_TYPE"))
        #expect(reason.contains("HTML"))
    }

    @Test("Comments and blank lines may come before the content type")
    func allowsCommentsBeforeContentType() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let library = try loadLibrary(
            [("x.mustache", "{{! Weekly briefing }}\n\n{{% CONTENT_TYPE: MARKDOWN }}\n{{a}}\n")],
            in: folder
        )

        #expect(try library.render(["a": "_"], template: "x") == "\n\\_\n")
    }

    @Test(
        "Unescaped output and changed delimiters are refused",
        arguments: [
            ("{{{title}}}", "{{{"),
            ("{{& title}}", "{{&"),
            ("{{=<% %>=}}<%&title%>", "{{="),
        ]
    )
    func refusesUnescapedTags(tag: String, mentions: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write(
            "briefing.mustache", "{{% CONTENT_TYPE: MARKDOWN }}\n# Title\n\nBy {{author}} \(tag)\n")

        let error = reportError { _ = try TemplateLibrary(directory: folder.url) }

        #expect(
            error
                == .templateSyntax(
                    file: file.path, line: 4, column: 15, reason: reasonOf(error))
        )
        #expect(reasonOf(error).contains(mentions))
    }

    @Test("An unknown content type, or a second different content type, is refused")
    func refusesOtherContentTypes() throws {
        for source in [
            "{{% CONTENT_TYPE: XML }}\n",
            "{{% CONTENT_TYPE: MARKDOWN }}\n{{% CONTENT_TYPE: TEXT }}\n{{x}}\n",
        ] {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            try folder.write("x.mustache", source)

            let error = reportError { _ = try TemplateLibrary(directory: folder.url) }

            guard case .templateSyntax(_, _, _, let reason) = error else {
                Issue.record("expected templateSyntax for \(source.debugDescription)")
                continue
            }
            #expect(reason.contains("content type") || reason.contains("declared"))
        }
    }

    @Test("HTML templates escape every value scalar by scalar, combining marks too")
    func htmlTemplatesEscape() throws {
        // Given an HTML template that puts a value in an attribute and in text
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let library = try loadLibrary(
            [("x.mustache", "{{% CONTENT_TYPE: HTML }}\n<p title=\"{{a}}\">{{a}}</p>\n")], in: folder)

        // When the value holds markup, a quote followed by a combining mark and an RTL override
        let output = try library.render(
            ["a": "\"\u{301} onmouseover='x' <script>&amp;\u{202E}"], template: "x")

        // Then nothing of it is markup: the quote is escaped even as part of one Character
        #expect(
            output
                == "<p title=\"&quot;\u{301} onmouseover=&#39;x&#39; &lt;script&gt;&amp;amp;[U+202E]\">"
                + "&quot;\u{301} onmouseover=&#39;x&#39; &lt;script&gt;&amp;amp;[U+202E]</p>\n")
    }

    @Test("A partial must exist, be named, and share the includer's content type")
    func checksPartials() throws {
        let cases: [(String, String)] = [
            ("{{% CONTENT_TYPE: MARKDOWN }}\n{{> partials/missing}}\n", "no partial"),
            ("{{% CONTENT_TYPE: MARKDOWN }}\n{{> partials/raw}}\n", "declares TEXT"),
            ("{{% CONTENT_TYPE: MARKDOWN }}\n{{>*which}}\n", "dynamic partials"),
        ]
        for (source, mentions) in cases {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            try folder.write("partials/raw.mustache", "{{% CONTENT_TYPE: TEXT }}\n{{x}}\n")
            let file = try folder.write("briefing.mustache", source)

            let error = reportError { _ = try TemplateLibrary(directory: folder.url) }

            #expect(
                error
                    == .templateSyntax(
                        file: file.path, line: 2, column: 1, reason: reasonOf(error)),
                "\(source.debugDescription)"
            )
            #expect(reasonOf(error).contains(mentions), "\(reasonOf(error))")
        }
    }

    // MARK: - Hostile text through a real template

    @Test("Hostile text cannot break a table row, inject HTML or make a non-http link")
    func hostileTextThroughTemplate() throws {
        // Given a briefing template with a heading, a paragraph per title, a table and a
        // partial with links
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let library = try loadLibrary(
            [
                (
                    "briefing.mustache",
                    """
                    {{% CONTENT_TYPE: MARKDOWN }}
                    # Briefing

                    {{#rows}}
                    {{title}}

                    {{/rows}}
                    | Facility | Title | Source |
                    |---|---|---|
                    {{#rows}}
                    | {{name}} | {{title}} | {{> partials/source}} |
                    {{/rows}}

                    """
                ),
                (
                    "partials/source.mustache",
                    """
                    {{% CONTENT_TYPE: MARKDOWN }}
                    {{#url}}[{{label}}]({{url}}){{/url}}{{^url}}{{label}}{{/url}}
                    """
                ),
            ],
            in: folder
        )
        let rows: [[String: String]] = MarkdownFixtures.hostileTexts.enumerated().map {
            index, text in
            var row = ["name": "R\(index) *x*", "title": text, "label": text]
            let address = index.isMultiple(of: 2) ? "https://example.org/\(index)_(a)" : text
            row["url"] = MarkdownEscaping.url(address)
            return row
        }

        // When rendered to Markdown
        let markdown = try library.render(["rows": rows], template: "briefing")

        // Then every table row has exactly its four unescaped pipes
        let tableRows = markdown.split(separator: "\n").filter { $0.hasPrefix("| R") }
        #expect(tableRows.count == MarkdownFixtures.hostileTexts.count)
        for row in tableRows {
            #expect(unescapedPipes(in: row) == 4, "\(row)")
        }

        // And plain cmark renders nothing the hostile text asked for
        let html = try CommonMarkRenderer.cmark.html(markdown)
        try expectOnlyOwnMarkup(in: html, renderer: "cmark", extraTags: [])
        for text in MarkdownFixtures.hostileTexts {
            #expect(html.contains("<p>\(MarkdownFixtures.html(text))</p>"), "\(text)")
        }

        // And cmark-gfm shows a table with three cells in every row
        let gfm = try CommonMarkRenderer.gfm.html(markdown)
        try expectOnlyOwnMarkup(
            in: gfm, renderer: "cmark-gfm",
            extraTags: ["table", "thead", "tbody", "tr", "th", "td"])
        let bodyRows = gfm.components(separatedBy: "<tr>").dropFirst(2)
        #expect(bodyRows.count == MarkdownFixtures.hostileTexts.count)
        for row in bodyRows {
            #expect(row.components(separatedBy: "<td>").count - 1 == 3, "\(row)")
        }
        for text in MarkdownFixtures.hostileTexts {
            #expect(gfm.contains("<td>\(MarkdownFixtures.html(text))</td>"), "\(text)")
        }
    }
}

/// The reason of a `templateSyntax` error, or an empty string.
private func reasonOf(_ error: ReportError?) -> String {
    guard case .templateSyntax(_, _, _, let reason) = error else { return "" }
    return reason
}

/// Counts `|` characters that are not escaped by an odd run of backslashes.
private func unescapedPipes(in line: Substring) -> Int {
    var count = 0
    var backslashes = 0
    for character in line {
        if character == "|", backslashes.isMultiple(of: 2) {
            count += 1
        }
        backslashes = character == "\\" ? backslashes + 1 : 0
    }
    return count
}

/// Checks that HTML holds only the template's own markup: one heading, paragraphs, the given
/// table tags, and links to http(s) addresses only, the template's own with exact targets.
private func expectOnlyOwnMarkup(in html: String, renderer: String, extraTags: Set<String>) throws {
    let allowed = Set(["h1", "p", "a"]).union(extraTags)
    let tagPattern = try Regex("<([A-Za-z][A-Za-z0-9]*)")
    var tags: Set<String> = []
    for match in html.matches(of: tagPattern) {
        if let name = match.output[1].substring {
            tags.insert(name.lowercased())
        }
    }
    #expect(tags.isSubset(of: allowed), "\(renderer) produced \(tags.subtracting(allowed))")
    #expect(html.components(separatedBy: "<h1>").count == 2, "\(renderer): one heading only")
    for forbidden in [
        "<script", "<img", "<ol", "<ul", "<blockquote", "<hr", "<code", "<em",
        "<strong", "<del", "<!--", "<pre",
    ] {
        #expect(!html.contains(forbidden), "\(renderer) produced \(forbidden)")
    }
    let hrefs = html.components(separatedBy: "href=\"").dropFirst()
    for href in hrefs {
        #expect(
            href.hasPrefix("https://") || href.hasPrefix("http://"),
            "\(renderer) linked to \(href.prefix(40))"
        )
    }
    let ownLinks = hrefs.filter { $0.hasPrefix("https://example.org/") }
    #expect(
        ownLinks.count == (MarkdownFixtures.hostileTexts.count + 1) / 2,
        "\(renderer): the template's links")
    for index in stride(from: 0, to: MarkdownFixtures.hostileTexts.count, by: 2) {
        #expect(
            html.contains("href=\"https://example.org/\(index)_%28a%29\""),
            "\(renderer): the target of link \(index) is exact")
    }
}
