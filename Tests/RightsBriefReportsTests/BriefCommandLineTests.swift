import Foundation
import RightsBriefReports
import TestSupport
import Testing

/// A temporary folder holding `db.sqlite` made by `rightsbrief init --sample`.
private struct SampleWorkspace {
    let folder: URL
    var db: String { folder.appendingPathComponent("db.sqlite").path }

    init() throws {
        folder = try makeTemporaryFolder("rightsbrief-cli")
        let result = try runRightsbrief(["init", "--sample", "--db", db], in: folder)
        try #require(result.status == 0, "init --sample failed: \(result.stderr)")
    }

    func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:])
        throws
        -> CommandResult
    {
        try runRightsbrief(
            arguments + ["--db", db], in: directory ?? folder, environment: environment)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// Whether stderr is exactly one line.
private func oneLine(_ text: String) -> Bool {
    text.hasSuffix("\n")
        && text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).count == 1
}

@Suite("rightsbrief brief and export csv, run as the built binary")
struct BriefCommandLineTests {

    @Test("brief --language es prints the Spanish golden, country briefings and HTML in Spanish; an unknown language is refused")
    func briefInSpanish() throws {
        // Given a database made by init --sample
        let workspace = try SampleWorkspace()
        defer { workspace.remove() }

        // When the CECOT briefing is asked for in Spanish, Then it is the Spanish golden file
        let spanish = try workspace.run(["brief", "--facility", "cecot", "--as-of", "2025-03-01", "--language", "es"])
        #expect(spanish.status == 0, "\(spanish.stderr)")
        try BriefingFixtures.expectGolden(spanish.stdout, "briefing-cecot-sample-es.md")

        // And a briefing chosen by country (the sample's one facility) is in Spanish too
        let country = try workspace.run(["brief", "--country", "SV", "--as-of", "2025-03-01", "--language", "es"])
        #expect(country.status == 0, "\(country.stderr)")
        #expect(country.stdout.contains("## Fuentes"))

        // And the HTML page is Spanish
        let page = try workspace.run(["brief", "--facility", "cecot", "--language", "es", "--format", "html"])
        #expect(page.status == 0, "\(page.stderr)")
        #expect(page.stdout.contains("<html lang=\"es\">"))
        #expect(page.stdout.contains("<h2 id=\"sources-title\">Fuentes</h2>"))

        // And a language without a catalogue is refused with a usage error, nothing printed
        for arguments in [
            ["brief", "--facility", "cecot", "--language", "fr"],
        ] {
            let refused = try workspace.run(arguments)
            #expect(refused.status == 64, "\(arguments)")
            #expect(refused.stdout.isEmpty, "\(arguments)")
            #expect(refused.stderr.contains("language"), "\(arguments): \(refused.stderr)")
        }
    }

    @Test(
        "demo --language en|es writes the golden briefing.md, briefing.html and charts/conditions.svg; es also a Spanish workbook and csv/README.txt",
        arguments: ["en", "es"])
    func demoGoldens(language: String) throws {
        // Given a fresh folder
        let folder = try makeTemporaryFolder("rightsbrief-demo-\(language)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("db.sqlite").path

        // When the demo runs in the language, as of the goldens' date
        let out = folder.appendingPathComponent("demo")
        let result = try runRightsbrief(
            ["demo", "--db", db, "--as-of", "2025-03-01", "--language", language, "--output", out.path], in: folder)
        #expect(result.status == 0, "\(result.stderr)")

        // Then its briefings and chart are the reviewed ones
        for name in ["briefing.md", "briefing.html", "charts/conditions.svg"] {
            let text = String(decoding: fileBytes(out.appendingPathComponent(name)), as: UTF8.self)
            try BriefingFixtures.expectGolden(text, "demo-\(language)-" + name.replacingOccurrences(of: "/", with: "-"))
        }
        // And the spreadsheets are in the language
        let sheets = try XLSXReading(url: out.appendingPathComponent("briefing.xlsx")).sheetNames
        #expect(sheets.last == (language == "es" ? "Acerca de" : "About"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("csv/README.txt").path) == (language == "es"))
        if PDFRenderer().executable() != nil {
            #expect(fileBytes(out.appendingPathComponent("briefing.pdf")).starts(with: Data("%PDF".utf8)))
        }
    }

    @Test("export csv|xlsx --language es: English CSV columns with a Spanish README, Spanish sheet names; fr is refused")
    func exportInSpanish() throws {
        // Given a database made by init --sample
        let workspace = try SampleWorkspace()
        defer { workspace.remove() }

        // When the CSV folder and the workbook are exported in Spanish
        let csv = workspace.folder.appendingPathComponent("csv-es")
        let folder = try workspace.run(["export", "csv", "--language", "es", "--as-of", "2025-03-01", "-o", csv.path])
        let xlsx = workspace.folder.appendingPathComponent("es.xlsx")
        let book = try workspace.run(["export", "xlsx", "--language", "es", "--as-of", "2025-03-01", "-o", xlsx.path])

        // Then the CSV header is the English one and README.txt is Spanish
        #expect(folder.status == 0, "\(folder.stderr)")
        let facts = String(decoding: fileBytes(csv.appendingPathComponent("facts.csv")), as: UTF8.self)
        #expect(facts.hasPrefix("fact_id,facility_id,facility_name,"))
        let readme = String(decoding: fileBytes(csv.appendingPathComponent("README.txt")), as: UTF8.self)
        #expect(readme.contains("Informe: Terrorism Confinement Center (CECOT)"))
        // And the workbook has Spanish sheets
        #expect(book.status == 0, "\(book.stderr)")
        let sheets = try XLSXReading(url: xlsx).sheetNames
        #expect(sheets.contains("Hechos") && sheets.contains("Acerca de"), "\(sheets)")

        // And a language without a catalogue is a usage error that changes nothing
        let refused = try workspace.run(["export", "csv", "--language", "fr", "-o", workspace.folder.appendingPathComponent("fr").path])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("language"))
        #expect(!FileManager.default.fileExists(atPath: workspace.folder.appendingPathComponent("fr").path))
    }

    @Test(
        "brief --facility cecot prints the golden briefing; --output writes the same bytes"
    )
    func briefMatchesGolden() throws {
        // Given a database made by init --sample
        let workspace = try SampleWorkspace()
        defer { workspace.remove() }

        // When the briefing is printed, and written with --output
        let printed = try workspace.run(["brief", "--facility", "cecot", "--as-of", "2025-03-01"])
        let file = workspace.folder.appendingPathComponent("cecot.md")
        let written = try workspace.run([
            "brief", "--facility", "cecot", "--as-of", "2025-03-01", "--output", file.path,
        ])

        // Then stdout is the golden file, the file has the same bytes, and stderr is quiet
        #expect(printed.status == 0)
        #expect(printed.stderr.isEmpty)
        try BriefingFixtures.expectGolden(printed.stdout, "briefing-cecot-sample.md")
        #expect(written.status == 0)
        #expect(written.stdout.isEmpty)
        #expect(fileBytes(file) == Data(printed.stdout.utf8))
        #expect(
            !(try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path)).contains {
                $0.hasPrefix(".rightsbrief-tmp-")
            })
    }

    @Test(
        "from another working directory with HOME elsewhere, the bundled templates are still found")
    func otherWorkingDirectory() throws {
        // Given the sample database and an unrelated working directory and HOME
        let workspace = try SampleWorkspace()
        defer { workspace.remove() }
        let elsewhere = try makeTemporaryFolder("rightsbrief-home")
        defer { try? FileManager.default.removeItem(at: elsewhere) }

        // When the briefing is made from there
        let result = try workspace.run(
            ["brief", "--facility", "cecot", "--as-of", "2025-03-01"], in: elsewhere,
            environment: ["HOME": elsewhere.path])

        // Then it is the same golden briefing
        #expect(result.status == 0, "\(result.stderr)")
        try BriefingFixtures.expectGolden(result.stdout, "briefing-cecot-sample.md")
    }

    @Test("--list-templates lists briefing and no partials")
    func listTemplates() throws {
        // Given the sample database
        let workspace = try SampleWorkspace()
        defer { workspace.remove() }

        // When the templates are listed
        let result = try workspace.run(["brief", "--list-templates"])

        // Then briefing is there and partials are not
        #expect(result.status == 0)
        let names = result.stdout.split(separator: "\n").map(String.init)
        #expect(names.contains("briefing"))
        #expect(!names.contains { $0.hasPrefix("partials/") })
    }

    @Test(
        "bad names, templates, audiences: sysexits code and one stderr line naming them"
    )
    func errors() throws {
        // Given the sample database and a templates folder whose briefing has an unclosed section
        let workspace = try SampleWorkspace()
        defer { workspace.remove() }
        let templates = workspace.folder.appendingPathComponent("my-templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: false)
        try Data(
            "{{% CONTENT_TYPE: MARKDOWN }}\n# {{title}}\n\n{{#facilities}}\n## {{name}}\n".utf8
        )
        .write(to: templates.appendingPathComponent("briefing.mustache"))

        // When each mistake is made
        let template = try workspace.run(["brief", "--facility", "cecot", "--template", "nope"])
        let syntax = try workspace.run([
            "brief", "--facility", "cecot", "--templates", templates.path,
        ])
        let facility = try workspace.run(["brief", "--facility", "nope"])
        let country = try workspace.run(["brief", "--country", "ZZ"])
        let audience = try workspace.run(["brief", "--facility", "cecot", "--audience", "secret"])

        // Then each exits with its code, prints nothing on stdout, and says what is wrong
        // in one line
        #expect(template.status == 66)
        #expect(
            oneLine(template.stderr) && template.stderr.contains("'nope'"), "\(template.stderr)")
        #expect(syntax.status == 65)
        #expect(oneLine(syntax.stderr), "\(syntax.stderr)")
        #expect(
            syntax.stderr.contains(
                templates.appendingPathComponent("briefing.mustache").path + ":4:1: "),
            "\(syntax.stderr)")
        #expect(syntax.stderr.contains("{{#facilities}}"))
        #expect(facility.status == 66)
        #expect(
            oneLine(facility.stderr) && facility.stderr.contains("'nope'"), "\(facility.stderr)")
        #expect(country.status == 66)
        #expect(oneLine(country.stderr) && country.stderr.contains("'ZZ'"), "\(country.stderr)")
        // An option with a fixed set of values refuses others as a usage error, listing them
        #expect(audience.status == 64)
        #expect(audience.stderr.contains("secret") && audience.stderr.contains("internal"), "\(audience.stderr)")
        #expect(audience.stderr.split(separator: "\n").count == 2, "\(audience.stderr)")
        for result in [template, syntax, facility, country, audience] {
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("--output into a missing folder exits 73 naming the path and creates nothing")
    func outputIntoMissingFolder() throws {
        // Given the sample database
        let workspace = try SampleWorkspace()
        defer { workspace.remove() }
        let before = try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path)
            .sorted()
        let briefTarget = workspace.folder.appendingPathComponent("missing/cecot.md").path
        let csvTarget = workspace.folder.appendingPathComponent("missing/csv").path

        // When a briefing and a CSV export are written into a folder that does not exist
        let brief = try workspace.run(["brief", "--facility", "cecot", "--output", briefTarget])
        let export = try workspace.run(["export", "csv", "--output", csvTarget])

        // Then both exit 73 with one line naming the path, and nothing new exists
        #expect(brief.status == 73)
        #expect(oneLine(brief.stderr) && brief.stderr.contains(briefTarget), "\(brief.stderr)")
        #expect(export.status == 73)
        #expect(oneLine(export.stderr) && export.stderr.contains(csvTarget), "\(export.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path).sorted()
                == before)
    }

    @Test("export csv --output DIR writes the five tables; --table facts --output - prints one")
    func exportCSV() throws {
        // Given the sample database
        let workspace = try SampleWorkspace()
        defer { workspace.remove() }
        let folder = workspace.folder.appendingPathComponent("csv")

        // When the folder is exported, and the facts table printed
        let export = try workspace.run([
            "export", "csv", "--as-of", "2025-03-01", "--output", folder.path,
        ])
        let facts = try workspace.run([
            "export", "csv", "--as-of", "2025-03-01", "--table", "facts", "--output", "-",
        ])

        // Then the folder has the five files and rightsbrief's list of them, and stdout is the
        // same facts table
        #expect(export.status == 0, "\(export.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(
            files == [
                ".rightsbrief-output", "events.csv", "facilities.csv", "facts.csv", "overview.csv", "sources.csv", "summary.csv",
            ])
        #expect(facts.status == 0, "\(facts.stderr)")
        #expect(Data(facts.stdout.utf8) == fileBytes(folder.appendingPathComponent("facts.csv")))
        let lines = facts.stdout.components(separatedBy: "\r\n")
        #expect(lines.first?.hasPrefix("fact_id,facility_id,facility_name,") == true)
        #expect(lines.count == 1 + 4 + 1)
        #expect(
            lines[1].hasPrefix(
                "1,cecot,Terrorism Confinement Center (CECOT),SV,design_capacity,40000,persons,"
                    + "2025-02-03,"
            ))
        #expect(lines[2].contains(#","pbs-cecot-conditions;bnd-el-salvador-offer","#))
    }

    // MARK: - HTML and PDF

    @Test("brief --format html writes one self-contained page; --format pdf a PDF with the figures")
    func htmlAndPDF() throws {
        // Given a database made by init --sample
        let workspace = try SampleWorkspace()
        defer { workspace.remove() }
        let page = workspace.folder.appendingPathComponent("cecot.html")
        let pdf = workspace.folder.appendingPathComponent("cecot.pdf")

        // When the briefing is written as HTML and as PDF on letter paper
        let html = try workspace.run([
            "brief", "--facility", "cecot", "--as-of", "2025-03-01", "--format", "html", "-o", page.path,
        ])
        let printed = try workspace.run([
            "brief", "--facility", "cecot", "--as-of", "2025-03-01", "--format", "pdf", "--paper", "letter",
            "-o", pdf.path,
        ])

        // Then both succeed quietly; the page is the builder's, and the PDF's text has CECOT's capacity
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stderr.isEmpty)
        let text = String(decoding: fileBytes(page), as: UTF8.self)
        #expect(text.hasPrefix("<!DOCTYPE html>"))
        #expect(text.contains("@page { size: A4;"))
        #expect(printed.status == 0, "\(printed.stderr)")
        let extracted = try runProcess("/usr/bin/pdftotext", [pdf.path, "-"])
        #expect(extracted.stdout.contains("40,000"))
        let info = try runProcess("/usr/bin/pdfinfo", [pdf.path])
        #expect(info.stdout.contains("(letter)"))
    }

    @Test("brief --format pdf without WeasyPrint exits 69 naming the package, and writes nothing")
    func pdfEngineMissing() throws {
        // Given a database, and a PATH without weasyprint
        let workspace = try SampleWorkspace()
        defer { workspace.remove() }
        let pdf = workspace.folder.appendingPathComponent("cecot.pdf")

        // When a PDF is asked for
        let result = try workspace.run(
            ["brief", "--facility", "cecot", "--format", "pdf", "-o", pdf.path], environment: ["PATH": "/nonexistent"])

        // Then it exits 69 (EX_UNAVAILABLE) with one line naming the Debian package, and no file
        #expect(result.status == 69)
        #expect(oneLine(result.stderr), "\(result.stderr)")
        #expect(result.stderr.contains("weasyprint"))
        #expect(result.stderr.contains("apt-get install weasyprint"))
        #expect(!FileManager.default.fileExists(atPath: pdf.path))
    }

    @Test("brief --format pdf with a failing engine exits 70 with its message, and writes nothing")
    func pdfEngineFails() throws {
        // Given a weasyprint on PATH that fails
        let workspace = try SampleWorkspace()
        defer { workspace.remove() }
        let bin = workspace.folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let script = bin.appendingPathComponent("weasyprint")
        try Data("#!/bin/sh\necho 'ERROR: out of fonts' >&2\nexit 1\n".utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let pdf = workspace.folder.appendingPathComponent("cecot.pdf")

        // When a PDF is asked for
        let result = try workspace.run(
            ["brief", "--facility", "cecot", "--format", "pdf", "-o", pdf.path], environment: ["PATH": bin.path + ":/usr/bin:/bin"])

        // Then it exits 70 with one line carrying the engine's message, and no file
        #expect(result.status == 70)
        #expect(oneLine(result.stderr), "\(result.stderr)")
        #expect(result.stderr.contains("ERROR: out of fonts"))
        #expect(!FileManager.default.fileExists(atPath: pdf.path))
    }
}
