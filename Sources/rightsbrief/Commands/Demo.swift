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

        /// What the demo writes into its folder.
        static let outputs = ["briefing.md", "briefing.xlsx", "csv"]

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
                try OutputManifest.check(Self.outputs, in: folder)
                let store = try store.openOrCreate()
                if try store.facility(id: "cecot") == nil {
                    _ = try Sample.load(into: store)
                }
                let request = ReportRequest(
                    selection: Selection(facilityIds: ["cecot"]), audience: .public, asOf: try Parse.day(asOf))
                let job = try ReportJob(store: store, request: request, locator: try ResourceLocator())
                let markdown = try job.markdown(try job.model(), templates: try job.templates())
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                } catch {
                    throw ReportError.outputNotWritable(path: folder.path, reason: "cannot create the folder")
                }
                try OutputManifest.claim(Self.outputs, in: folder)
                let briefing = folder.appendingPathComponent("briefing.md")
                try AtomicFile.write(Data(markdown.utf8), to: briefing)
                let workbook = folder.appendingPathComponent("briefing.xlsx")
                try XLSXReportBuilder().write(tables: try job.tables(), about: job.about, to: workbook)
                let csv = folder.appendingPathComponent("csv", isDirectory: true)
                try CSVReportBuilder().writeFolder(try job.tables(), to: csv)
                let written = [briefing.path, workbook.path, csv.path + "/"]
                Console.note("Wrote \(written.joined(separator: ", ")).")
            }
        }
    }
}

/// The spreadsheet outputs of the demo: `briefing.xlsx` and `csv/`.
