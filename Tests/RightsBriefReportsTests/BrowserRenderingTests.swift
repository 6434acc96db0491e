import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore
import TestSupport
import Testing

/// Debian's headless Chromium and poppler, which scripts/install-deps installs: the tests fail,
/// not skip, when they are missing, so CI cannot pass without looking at a real rendering.
enum Browser {
    static let chromium = "/usr/bin/chromium"

    /// Runs headless Chromium on `page` with `arguments`, with its own profile folder.
    static func run(_ arguments: [String], page: URL, in folder: URL) throws -> CommandResult {
        try #require(
            FileManager.default.isExecutableFile(atPath: chromium),
            "Chromium is missing: run scripts/install-deps (Debian package 'chromium')")
        let profile = folder.appendingPathComponent("profile")
        return try runProcess(
            chromium,
            [
                "--headless", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=\(profile.path)", "--hide-scrollbars",
            ] + arguments + [page.absoluteString],
            environment: ["HOME": folder.path])
    }

    /// The DOM Chromium built from `html`.
    static func dom(_ html: String, in folder: URL) throws -> String {
        let page = folder.appendingPathComponent("page.html")
        try Data(html.utf8).write(to: page)
        let result = try run(["--dump-dom"], page: page, in: folder)
        try #require(result.status == 0, "chromium --dump-dom failed: \(result.stderr)")
        return result.stdout
    }

    /// A PNG screenshot of `html` at `width`×`height`.
    static func screenshot(
        _ html: String, width: Int, height: Int, in folder: URL, name: String, fileExtension: String = "html"
    ) throws -> Data {
        let page = folder.appendingPathComponent("\(name).\(fileExtension)")
        try Data(html.utf8).write(to: page)
        let png = folder.appendingPathComponent("\(name).png")
        let result = try run(["--screenshot=\(png.path)", "--window-size=\(width),\(height)"], page: page, in: folder)
        try #require(result.status == 0, "chromium --screenshot failed: \(result.stderr)")
        return try Data(contentsOf: png)
    }

    /// Width and height from a PNG's IHDR chunk.
    static func pngSize(_ data: Data) throws -> (Int, Int) {
        let bytes = [UInt8](data.prefix(24))
        try #require(bytes.count == 24 && bytes[0] == 0x89 && bytes[1] == 0x50, "not a PNG")
        func int(_ at: Int) -> Int { bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (int(16), int(20))
    }
}

@Suite("HTML briefings in headless Chromium, PDF through WeasyPrint")
struct BrowserRenderingTests {
    @Test("the demo and a country briefing render in Chromium: sources linked, no script, not blank")
    func chromium() throws {
        let folder = try makeTemporaryFolder("html-browser")
        defer { try? FileManager.default.removeItem(at: folder) }
        let country = try CountryFixtures.store()
        let request = HTMLFixtures.countryRequest()
        let cases: [(String, FactStore, ReportRequest)] = [
            ("demo", try BriefingFixtures.sampleStore(), ReportRequest(asOf: BriefingFixtures.asOf)),
            ("country", country, request),
        ]
        for (name, store, request) in cases {
            // Given the HTML briefing
            let model = try BriefingFixtures.model(store, request)
            let html = try HTMLFixtures.html(store, request)

            // When Chromium loads it
            let dom = try Browser.dom(html, in: folder)

            // Then the DOM has no script, only template elements, and every cited source linked
            #expect(dom.contains("<h1>"), "\(name): no title in the DOM")
            #expect(!dom.lowercased().contains("<script"), "\(name): script")
            let tags = Set(try HTMLFixtures.captures(#"<([a-zA-Z][a-zA-Z0-9]*)"#, in: dom).map { $0.lowercased() })
            #expect(tags.isSubset(of: HTMLFixtures.templateElements), "\(name): \(tags.subtracting(HTMLFixtures.templateElements))")
            for source in model.citedSources {
                if let url = source.url.flatMap(MarkdownEscaping.url) {
                    #expect(dom.contains("href=\"\(HTMLEscaping.text(url))\""), "\(name): \(source.id) not linked")
                }
            }
            #expect(dom.contains("<svg"), "\(name): no chart")

            // And a screenshot has the window's size and is far from a blank page's
            let shot = try Browser.screenshot(html, width: 1000, height: 1400, in: folder, name: name)
            let blank = try Browser.screenshot(
                "<!DOCTYPE html><html><body></body></html>", width: 1000, height: 1400, in: folder, name: "blank")
            let size = try Browser.pngSize(shot)
            #expect(size.0 == 1000 && size.1 == 1400, "\(name): \(size)")
            #expect(shot.count > blank.count * 5, "\(name): screenshot looks blank (\(shot.count) vs \(blank.count) bytes)")
        }
    }

    @Test("the standalone SVG charts render in Chromium: the size asked for, far from blank")
    func chartsInBrowser() throws {
        let folder = try makeTemporaryFolder("svg-browser")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try BriefingFixtures.model(try CountryFixtures.store(), HTMLFixtures.countryRequest())
        let charts = try HTMLReportBuilder(library: BriefingFixtures.library()).charts(model)
        #expect(charts.map(\.name) == ["occupancy.svg", "conditions.svg"])
        let blank = try Browser.screenshot(
            "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"300\"/>",
            width: 800, height: 300, in: folder, name: "blank-svg", fileExtension: "svg")
        for chart in charts {
            let shot = try Browser.screenshot(
                chart.svg, width: 800, height: 300, in: folder, name: chart.name, fileExtension: "svg")
            let size = try Browser.pngSize(shot)
            #expect(size.0 == 800 && size.1 == 300, "\(chart.name): \(size)")
            #expect(shot.count > blank.count * 5, "\(chart.name) looks blank (\(shot.count) vs \(blank.count) bytes)")
        }
    }

    @Test("hostile text produces no element in Chromium's DOM")
    func hostileInBrowser() throws {
        let folder = try makeTemporaryFolder("html-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (store, request) = try HTMLFixtures.hostile()
        let html = try HTMLFixtures.html(store, request)
        let dom = try Browser.dom(html, in: folder)
        #expect(dom.contains("[U+202E]kcolb[U+202C]"))
        #expect(!dom.contains("\u{202E}"))
        let tags = Set(try HTMLFixtures.captures(#"<([a-zA-Z][a-zA-Z0-9]*)"#, in: dom).map { $0.lowercased() })
        #expect(tags.isSubset(of: HTMLFixtures.templateElements), "\(tags.subtracting(HTMLFixtures.templateElements))")
        #expect(!dom.lowercased().contains("<script"))
        #expect(!dom.lowercased().contains("<img"))
        for href in try HTMLFixtures.captures(#"href="([^"]*)""#, in: dom) {
            #expect(href.hasPrefix("#") || href.hasPrefix("https://") || href.hasPrefix("http://"), "href \(href)")
        }
    }

    @Test("the PDF has the key figures and every source title as text, A4 or letter, and page 1 renders")
    func pdf() throws {
        let folder = try makeTemporaryFolder("html-pdf")
        defer { try? FileManager.default.removeItem(at: folder) }
        try #require(PDFRenderer().executable() != nil, "WeasyPrint is missing: run scripts/install-deps")
        let store = try CountryFixtures.store()
        let request = HTMLFixtures.countryRequest()
        let model = try BriefingFixtures.model(store, request)

        for (paper, size) in [(PaperSize.a4, "pts (A4)"), (.letter, "612 x 792 pts (letter)")] {
            // Given the PDF of the country briefing
            let pdf = try PDFRenderer().render(html: try HTMLFixtures.html(store, request, paper: paper))
            let file = folder.appendingPathComponent("briefing-\(paper.rawValue).pdf")
            try pdf.write(to: file)

            // Then its text has the figures and every source's title
            let text = try runProcess("/usr/bin/pdftotext", ["-layout", file.path, "-"])
            try #require(text.status == 0, "pdftotext: \(text.stderr)")
            let flat = text.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            for figure in ["40,000", "50,000", "125 %", "100.5 %", "Northern Regional Prison", "Page 1 of"] {
                #expect(flat.contains(figure), "\(paper): \(figure) missing from the PDF text")
            }
            for source in model.citedSources {
                #expect(flat.contains(source.title.split(whereSeparator: \.isWhitespace).joined(separator: " ")),
                        "\(paper): source title \(source.title) missing")
            }
            let info = try runProcess("/usr/bin/pdfinfo", [file.path])
            #expect(info.stdout.contains(size), "\(paper): \(info.stdout)")

            // And page 1 renders to an image
            let prefix = folder.appendingPathComponent("page-\(paper.rawValue)").path
            let ppm = try runProcess("/usr/bin/pdftoppm", ["-png", "-r", "40", "-f", "1", "-l", "1", file.path, prefix])
            #expect(ppm.status == 0, "pdftoppm: \(ppm.stderr)")
            let pages = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
                $0.hasPrefix("page-\(paper.rawValue)") && $0.hasSuffix(".png")
            }
            #expect(pages.count == 1)
        }
    }

    @Test("a missing PDF engine is reported with the package to install")
    func missingEngine() throws {
        let renderer = PDFRenderer(searchPath: ["/nonexistent"])
        #expect(renderer.executable() == nil)
        #expect(throws: ReportError.pdfEngineMissing(program: "weasyprint", package: "weasyprint")) {
            try renderer.render(html: "<p>x</p>")
        }
    }

    @Test("a PDF engine that fails or hangs is reported, not waited for")
    func failingEngine() throws {
        // Given fake engines on a private PATH: one that fails, one that never ends
        let folder = try makeTemporaryFolder("fake-weasyprint")
        defer { try? FileManager.default.removeItem(at: folder) }
        let failing = folder.appendingPathComponent("failing")
        let hanging = folder.appendingPathComponent("hanging")
        for (dir, body) in [(failing, "echo 'ERROR: cannot parse' >&2; exit 3"), (hanging, "exec sleep 60")] {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let script = dir.appendingPathComponent("weasyprint")
            try Data("#!/bin/sh\n\(body)\n".utf8).write(to: script)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        }

        // Then the failure carries the engine's last line, and the hang ends at the timeout
        #expect(throws: ReportError.pdfEngineFailed(program: "weasyprint", reason: "ERROR: cannot parse")) {
            try PDFRenderer(searchPath: [failing.path]).render(html: "<p>x</p>")
        }
        let start = Date()
        #expect(throws: ReportError.pdfEngineFailed(
            program: "weasyprint", reason: "it was still running after 1 seconds and was stopped")) {
            try PDFRenderer(searchPath: [hanging.path], timeout: 1).render(html: "<p>x</p>")
        }
        #expect(Date().timeIntervalSince(start) < 20)
    }
}
