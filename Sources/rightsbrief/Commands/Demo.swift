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
                writes briefing.md, briefing.xlsx and csv/ into the output folder.

                Example:
                  rightsbrief demo --output reports/out/demo
                """)

        @OptionGroup var store: StoreOptions

        @Option(name: [.short, .long], help: ArgumentHelp("The folder to write into (default reports/out/demo).", valueName: "dir"))
        var output: String = "reports/out/demo"

        @Option(
            name: .customLong("as-of"),
            help: ArgumentHelp("Use facts up to this date (default: today, UTC).", valueName: "YYYY-MM-DD"))
        var asOf: String?

        func run() throws {
            try exitingOnFailure {
                let folder = URL(fileURLWithPath: output, isDirectory: true)
                // Replace only what an earlier demo wrote here; refuse before changing anything.
                try OutputManifest.check(DemoExtras.names, in: folder)
                let store = try store.openOrCreate()
                if try store.facility(id: "cecot") == nil {
                    _ = try Sample.load(into: store)
                }
                let locator = try ResourceLocator()
                let request = ReportRequest(
                    selection: Selection(facilityIds: ["cecot"]), audience: .public, asOf: try Parse.day(asOf))
                let model = try Reports.model(store: store, request: request, locator: locator)
                let library = try TemplateLibrary(directory: locator.templates)
                let markdown = try MarkdownReportBuilder(library: library).render(model)
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                } catch {
                    throw ReportError.outputNotWritable(path: folder.path, reason: "cannot create the folder")
                }
                try OutputManifest.claim(DemoExtras.names, in: folder)
                let briefing = folder.appendingPathComponent("briefing.md")
                try AtomicFile.write(Data(markdown.utf8), to: briefing)
                var written = [briefing.path]
                written += try DemoExtras.write(
                    store: store, request: request, about: ExportAbout(model), standards: try ReportBuilder.loadStandards(from: locator.standards),
                    into: folder)
                Console.note("Wrote \(written.joined(separator: ", ")).")
            }
        }
    }
}

/// The spreadsheet outputs of the demo: `briefing.xlsx` and `csv/`.
enum DemoExtras {
    /// What the demo writes into its folder.
    static let names = ["briefing.md", "briefing.xlsx", "csv"]

    static func write(
        store: FactStore, request: ReportRequest, about: ExportAbout, standards: Standards, into folder: URL
    ) throws -> [String] {
        let workbook = folder.appendingPathComponent("briefing.xlsx")
        let tables = try ExportTables(store: store, request: request, standards: standards)
        try XLSXReportBuilder().write(tables: tables, about: about, to: workbook)
        let csv = folder.appendingPathComponent("csv", isDirectory: true)
        try CSVReportBuilder().writeFolder(tables, to: csv)
        return [workbook.path, csv.path + "/"]
    }
}
