import Foundation
import TestSupport
import Testing

@testable import RightsBriefReports

/// Hostile inputs and expected renderings shared by the Markdown escaping tests.
enum MarkdownFixtures {
    /// Text that tries every way Markdown gives meaning to characters.
    ///
    /// Each entry goes into a paragraph on its own line and into a table cell, so constructs that
    /// only count at the start of a line (`# `, `1. `, `> `, `***`) are tried there too.
    static let hostileTexts: [String] = [
        "|",
        "*",
        "[x](javascript:alert(1))",
        "<script>alert(1)</script>",
        "first line\nsecond line",
        "# heading",
        "`code`",
        "![img](http://x)",
        "&lt;b&gt;",
        "1. item",
        "- item",
        "> quote",
        "***",
        "<http://evil>",
        "<javascript:alert(1)>",
        "www.evil.com",
        "+ item",
        "12) item",
        "===",
        "---",
        "~~~",
        "```swift",
        "    indented code",
        "_under_ and __strong__",
        "~~struck~~",
        "[ref]: http://evil",
        "[^1]",
        "- [ ] task",
        "<!-- comment -->",
        "&#60;script&#62; &amp;",
        "trailing backslash \\",
        "hard  \r\nbreak",
        "a | b | c",
        "http://evil.com/a_b*c",
        "javascript:alert(1)",
        "tab\tand\u{2028}separators\u{2029}here",
        "bell\u{07}escape\u{1B}[31m and nul\u{00}",
        "El Salvador's Terrorism Confinement Center (CECOT) — 40,000 \"inmates\"",
        "# Title | *bold* [x](javascript:alert(1)) <script>alert(1)</script>\n` ![img](http://x) "
            + "&lt;b&gt; 1. - > *** <http://evil> <javascript:alert(1)> www.evil.com",
    ]

    /// What a hostile text should look like once rendered: one line, no control characters.
    static func renderedLiteral(_ value: String) -> String {
        var result = ""
        var previousWasBreak = false
        for scalar in value.unicodeScalars {
            if ["\n", "\r", "\u{2028}", "\u{2029}"].contains(scalar) {
                if !previousWasBreak { result += " " }
                previousWasBreak = true
                continue
            }
            previousWasBreak = false
            if scalar == "\t" {
                result += " "
            } else if scalar.properties.generalCategory != .control {
                result.unicodeScalars.append(scalar)
            }
        }
        return result.trimmingCharacters(in: CharacterSet(charactersIn: " "))
    }

    /// The HTML cmark makes of a hostile text's literal rendering.
    static func html(_ value: String) -> String {
        cmarkEscaped(renderedLiteral(value))
    }

    /// HTML-escapes text the way cmark escapes a text node.
    static func cmarkEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// A real CommonMark renderer from Debian, run as a separate process.
///
/// Both run with `--unsafe`, so raw HTML and `javascript:` links would show in the output
/// instead of being dropped by the renderer: the escaping alone has to keep them out.
struct CommonMarkRenderer: Sendable {
    var executable: String
    var arguments: [String]
    var package: String

    /// Plain CommonMark (Debian package `cmark`).
    static let cmark = CommonMarkRenderer(
        executable: "/usr/bin/cmark", arguments: ["--unsafe"], package: "cmark")

    /// GitHub Flavored Markdown with tables, autolinks and strikethrough (`cmark-gfm`).
    static let gfm = CommonMarkRenderer(
        executable: "/usr/bin/cmark-gfm",
        arguments: ["--unsafe", "-e", "table", "-e", "autolink", "-e", "strikethrough"],
        package: "cmark-gfm"
    )

    /// Renders Markdown to HTML, failing the test with an install hint when the tool is missing.
    func html(_ markdown: String) throws -> String {
        try #require(
            FileManager.default.isExecutableFile(atPath: executable),
            """
            \(executable) is missing; install it with 'apt-get install -y \(package)' \
            (the Markdown escaping tests need a real renderer and are never skipped)
            """
        )
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("rightsbrief-cmark-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("input.md")
        try Data(markdown.utf8).write(to: input)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + [input.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let html = output.fileHandleForReading.readDataToEndOfFile()
        let diagnostics = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(
            process.terminationStatus == 0,
            "\(executable) failed: \(String(decoding: diagnostics, as: UTF8.self))"
        )
        return String(decoding: html, as: UTF8.self)
    }
}

@Suite("MarkdownEscaping")
struct MarkdownEscapingTests {
    // MARK: - text(_:)

    @Test(
        "Characters with a meaning anywhere are backslash-escaped",
        arguments: ["\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "!", "~"]
    )
    func escapesMeaningfulPunctuation(character: String) {
        // Given a character CommonMark or GFM gives a meaning to, in the middle of text
        let value = "a\(character)b"

        // When it is escaped
        let escaped = MarkdownEscaping.text(value)

        // Then it is preceded by a backslash
        #expect(escaped == "a\\\(character)b")
    }

    @Test(
        "Block markers at the start are escaped",
        arguments: [
            ("# Heading", "\\# Heading"),
            ("- item", "\\- item"),
            ("+ item", "\\+ item"),
            ("* item", "\\* item"),
            ("> quote", "\\> quote"),
            ("1. item", "1\\. item"),
            ("12) item", "12\\) item"),
            ("2024.", "2024\\."),
            ("===", "\\==="),
            ("---", "\\---"),
            ("***", "\\*\\*\\*"),
            ("~~~", "\\~\\~\\~"),
            ("```", "\\`\\`\\`"),
            (". after a number", "\\. after a number"),
            (") after a number", "\\) after a number"),
        ]
    )
    func escapesLineStartMarkers(value: String, expected: String) {
        #expect(MarkdownEscaping.text(value) == expected)
    }

    @Test("Bidirectional overrides and isolates are shown, not obeyed")
    func bidiOverridesVisible() {
        // Given a title that uses RIGHT-TO-LEFT OVERRIDE to display "exe.fdp" as "pdf.exe",
        // and one with an isolate
        let spoofed = "report\u{202E}fdp.exe"
        let isolated = "a\u{2067}b\u{2069}c"

        // When they are escaped
        // Then the controls are gone and named in their place; Arabic text is left alone
        #expect(MarkdownEscaping.text(spoofed) == "report\\[U+202E\\]fdp.exe")
        #expect(MarkdownEscaping.text(isolated) == "a\\[U+2067\\]b\\[U+2069\\]c")
        #expect(!MarkdownEscaping.text(spoofed).unicodeScalars.contains { (0x202A...0x202E).contains($0.value) })
        #expect(MarkdownEscaping.text("سجن \u{200F}CECOT") == "سجن \u{200F}CECOT")
    }

    @Test("Ordinary prose, numbers and dates stay readable")
    func leavesProseAlone() {
        // Given text whose punctuation has no Markdown meaning where it stands
        let prose = "El Salvador (CECOT) - 40,000 inmates; 3.4 m² on 2025-02-03: \"severe\"?"

        // When it is escaped, then it is unchanged
        #expect(MarkdownEscaping.text(prose) == prose)
        #expect(MarkdownEscaping.text("1.5 million") == "1.5 million")
        #expect(MarkdownEscaping.text("Water & sanitation") == "Water & sanitation")
    }

    @Test("An ampersand that could start an entity is escaped")
    func escapesEntityLikeAmpersands() {
        #expect(MarkdownEscaping.text("&lt;b&gt;") == "\\&lt;b\\&gt;")
        #expect(MarkdownEscaping.text("&#60; &#x3C;") == "\\&\\#60; \\&\\#x3C;")
        #expect(MarkdownEscaping.text("AT&T") == "AT\\&T")
        #expect(MarkdownEscaping.text("R&D &") == "R\\&D \\&")
    }

    @Test("Text that GFM would turn into a link is escaped")
    func escapesGFMAutolinks() {
        #expect(MarkdownEscaping.text("www.evil.com") == "www\\.evil.com")
        #expect(MarkdownEscaping.text("WWW.EVIL.COM") == "WWW\\.EVIL.COM")
        #expect(MarkdownEscaping.text("http://evil.com") == "http\\://evil.com")
        #expect(MarkdownEscaping.text("note: see") == "note: see")
    }

    @Test(
        "Line breaks become one space",
        arguments: [
            "a\nb", "a\rb", "a\r\nb", "a\u{2028}b", "a\u{2029}b", "a\u{85}b", "a\n\n\r\nb",
        ]
    )
    func replacesLineBreaks(value: String) {
        #expect(MarkdownEscaping.text(value) == "a b")
    }

    @Test("Control characters are removed, white-space controls become spaces, ends trimmed")
    func removesControls() {
        #expect(MarkdownEscaping.text("a\u{00}b\u{07}c\u{7F}d\u{9B}e") == "abcde")
        #expect(MarkdownEscaping.text("a\tb\u{0B}c\u{0C}d") == "a b c d")
        #expect(MarkdownEscaping.text("    indented code  ") == "indented code")
        #expect(MarkdownEscaping.text(" \n ") == "")
        #expect(MarkdownEscaping.text("") == "")
    }

    @Test("A combining mark after a special character keeps its escape")
    func escapesBeforeCombiningMarks() {
        // "*" followed by U+0301 is one Swift Character but two Unicode scalars
        #expect(MarkdownEscaping.text("*\u{301}x") == "\\*\u{301}x")
    }

    @Test("tableCell escapes pipes and line breaks like text")
    func tableCellMatchesText() {
        #expect(MarkdownEscaping.tableCell("a | b\nc") == "a \\| b c")
        for value in MarkdownFixtures.hostileTexts {
            #expect(MarkdownEscaping.tableCell(value) == MarkdownEscaping.text(value))
        }
    }

    // MARK: - url(_:) and link(text:url:)

    @Test(
        "http and https URLs with a host are accepted",
        arguments: [
            ("https://example.org/report", "https://example.org/report"),
            ("http://example.org", "http://example.org"),
            ("HTTPS://Example.org/A?b=1&c=2#top", "HTTPS://Example.org/A?b=1&c=2#top"),
            ("  https://example.org/x \n", "https://example.org/x"),
            ("https://user@example.org:8443/x", "https://user@example.org:8443/x"),
            ("http://[::1]:8080/", "http://[::1]:8080/"),
            (
                "https://es.wikipedia.org/wiki/CECOT_(prisión)",
                "https://es.wikipedia.org/wiki/CECOT_%28prisión%29"
            ),
            ("https://example.org/a|b", "https://example.org/a%7Cb"),
            ("https://example.org/a\u{A0}b", "https://example.org/a%C2%A0b"),
        ]
    )
    func acceptsHTTPURLs(value: String, expected: String) {
        #expect(MarkdownEscaping.url(value) == expected)
    }

    @Test(
        "Other URLs are refused",
        arguments: [
            "javascript:alert(1)", "JAVASCRIPT://alert(1)", "data:text/html,<script>",
            "mailto:a@example.org", "ftp://example.org/x", "file:///etc/passwd", "/relative",
            "//example.org/x", "example.org", "http:/example.org", "http://", "https:///x",
            "http://:80/x", "http://example.org:port/", "https://example.org/a b",
            "https://example.org/<script>", "https://example.org/\"x\"",
            "https://example.org/a\\b", "https://example.org/\u{07}", "https://exa\nmple.org",
            "",
        ]
    )
    func refusesOtherURLs(value: String) {
        #expect(MarkdownEscaping.url(value) == nil)
    }

    @Test("link builds an escaped link or falls back to escaped text")
    func buildsLinks() {
        #expect(
            MarkdownEscaping.link(text: "CNN *live*", url: "https://cnn.com/a?b=1&c=2")
                == "[CNN \\*live\\*](https://cnn.com/a?b=1\\&c=2)"
        )
        #expect(
            MarkdownEscaping.link(text: "click [me]", url: "javascript:alert(1)")
                == "click \\[me\\]"
        )
        #expect(
            MarkdownEscaping.link(text: " ", url: "https://example.org/a_b")
                == "[https\\://example.org/a\\_b](https://example.org/a_b)"
        )
    }

    // MARK: - Rendered by real CommonMark renderers

    @Test("Every hostile text renders literally in one paragraph with cmark and cmark-gfm")
    func hostileTextsRenderLiterally() throws {
        for renderer in [CommonMarkRenderer.cmark, .gfm] {
            for value in MarkdownFixtures.hostileTexts {
                // Given a hostile text escaped on its own line
                let markdown = MarkdownEscaping.text(value) + "\n"

                // When a real renderer turns it into HTML
                let html = try renderer.html(markdown)

                // Then the HTML is one paragraph holding exactly the text
                let expected = "<p>\(MarkdownFixtures.html(value))</p>\n"
                #expect(html == expected, "\(renderer.package) rendered \(value.debugDescription)")
            }
        }
    }

    @Test("Generated punctuation soup renders literally with cmark and cmark-gfm")
    func generatedTextsRenderLiterally() throws {
        // Given many random strings over every ASCII punctuation character and some others
        // ('@' is left out: GFM's autolink extension makes any e-mail address a mailto: link)
        let punctuation = Array("!\"#$%&'()*+,-./:;<=>?[\\]^_`{|}~")
        let alphabet = punctuation + Array("aw1 \n\té") + ["\r\n", "\u{2028}"]
        var random = SplitMix64(state: 20_250_203)
        var values: [String] = []
        for _ in 0..<1_500 {
            let length = Int.random(in: 1...12, using: &random)
            values.append(String((0..<length).map { _ in alphabet.randomElement(using: &random)! }))
        }
        let kept = values.filter { !MarkdownFixtures.renderedLiteral($0).isEmpty }

        for renderer in [CommonMarkRenderer.cmark, .gfm] {
            // When they are escaped as separate paragraphs and rendered in one document
            let markdown = kept.map(MarkdownEscaping.text).joined(separator: "\n\n") + "\n"
            let html = try renderer.html(markdown)

            // Then each is one paragraph with exactly its text
            let expected = kept.map { "<p>\(MarkdownFixtures.html($0))</p>\n" }
                .joined()
            if html != expected {
                let culprit = try kept.first {
                    try renderer.html(MarkdownEscaping.text($0) + "\n")
                        != "<p>\(MarkdownFixtures.html($0))</p>\n"
                }
                Issue.record(
                    "\(renderer.package) did not render \(culprit.debugDescription) literally"
                )
            }
        }
    }

    @Test("A link built by link(text:url:) renders with its exact http(s) target")
    func linksRenderWithExactTarget() throws {
        // Given links whose text and URL carry Markdown and entity syntax
        let markdown =
            [
                MarkdownEscaping.link(text: "*CNN* [live]", url: "https://cnn.com/a_b?x=1&copy=2"),
                MarkdownEscaping.link(text: "evil", url: "javascript:alert(1)"),
                MarkdownEscaping.link(text: "paren", url: "https://example.org/a_(b)"),
            ].joined(separator: "\n\n") + "\n"

        for renderer in [CommonMarkRenderer.cmark, .gfm] {
            // When rendered
            let html = try renderer.html(markdown)

            // Then only the http links exist, with their targets intact
            #expect(
                html == """
                    <p><a href="https://cnn.com/a_b?x=1&amp;copy=2">*CNN* [live]</a></p>
                    <p>evil</p>
                    <p><a href="https://example.org/a_%28b%29">paren</a></p>

                    """,
                "\(renderer.package)"
            )
        }
    }

    @Test("the control-character check equals Unicode's Cc category for every scalar")
    func controlCheckMatchesUnicode() {
        var mismatches: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if MarkdownEscaping.isControl(scalar) != (scalar.properties.generalCategory == .control) {
                mismatches.append(value)
            }
        }
        #expect(mismatches.isEmpty)
        #expect(MarkdownEscaping.text("a\u{7}b\u{9F}c\u{85}d") == "abc d")
    }
}
