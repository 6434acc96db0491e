import ArgumentParser
import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore

extension RightsBrief {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the bundled CECOT sample and write a briefing and spreadsheets from it.",
            discussion: """
                Creates the database if needed, loads the sample if it is not there yet, and
                writes briefing.md (with its charts in charts/), briefing.html (one
                self-contained page with the same charts),
                briefing.xlsx and csv/ into the output folder, and briefing.pdf when WeasyPrint
                (Debian package 'weasyprint') is installed.

                With --language es every file is in Spanish: the briefings, the workbook's
                sheets, headers and About sheet, and a README.txt in csv/ (CSV column names
                and values stay English).

                Examples:
                  rightsbrief demo --output reports/out/demo
                  rightsbrief demo --language es --output reports/out/demo-es
                """)

        /// What the demo writes into its folder.
        static let outputs = ["briefing.md", "charts", "briefing.html", "briefing.pdf", "briefing.xlsx", "csv"]

        @OptionGroup var store: StoreOptions

        @Option(name: [.short, .long], help: ArgumentHelp("The folder to write into (default reports/out/demo).", valueName: "dir"))
        var output: String = "reports/out/demo"

        @Option(
            name: .customLong("as-of"),
            help: ArgumentHelp("Use facts up to this date (default: today, UTC).", valueName: "YYYY-MM-DD"))
        var asOf: String?

        @Option(help: ArgumentHelp("The language of the briefing and spreadsheets: en (the default) or es.", valueName: "code"))
        var language: BriefingLanguage = .en

        func run() throws {
            try exitingOnFailure {
                let folder = URL(fileURLWithPath: output, isDirectory: true)
                // Replace only what an earlier demo wrote here; refuse before changing anything.
                try OutputManifest.check(Self.outputs, in: folder)
                let store = try store.openOrCreate()
                if try store.facility(id: "cecot") == nil {
                    _ = try Sample.load(into: store)
                }
                let request = ReportRequest(
                    selection: Selection(facilityIds: ["cecot"]), audience: .public, asOf: try Parse.day(asOf),
                    language: language.rawValue)
                let job = try ReportJob(store: store, request: request, locator: try ResourceLocator())
                let model = try job.model()
                let templates = try job.templates()
                let html = try job.briefing(model, format: .html, templates: templates)
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                } catch {
                    throw ReportError.outputNotWritable(path: folder.path, reason: "cannot create the folder")
                }
                try OutputManifest.claim(Self.outputs, in: folder)
                let briefing = folder.appendingPathComponent("briefing.md")
                let markdownFiles = try job.writeMarkdown(model, templates: templates, into: folder)
                let page = folder.appendingPathComponent("briefing.html")
                try AtomicFile.write(html, to: page)
                var written = [briefing.path] + (markdownFiles.count > 1 ? [folder.appendingPathComponent("charts").path + "/"] : [])
                written.append(page.path)
                let pdf = folder.appendingPathComponent("briefing.pdf")
                if PDFRenderer().executable() != nil {
                    try AtomicFile.write(try job.briefing(model, format: .pdf, templates: templates), to: pdf)
                    written.append(pdf.path)
                }
                let workbook = folder.appendingPathComponent("briefing.xlsx")
                try job.workbookBuilder().write(tables: try job.tables(), about: job.about, to: workbook)
                let csv = folder.appendingPathComponent("csv", isDirectory: true)
                try job.csvBuilder().writeFolder(try job.tables(), to: csv)
                written += [workbook.path, csv.path + "/"]
                Console.note("Wrote \(written.joined(separator: ", ")).")
                if PDFRenderer().executable() == nil {
                    Console.note("No briefing.pdf: install the Debian package '\(PDFRenderer.package)' for PDF output.")
                }
            }
        }
    }
}

/// The spreadsheet outputs of the demo: `briefing.xlsx` and `csv/`.
