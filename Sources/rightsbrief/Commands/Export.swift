import ArgumentParser
import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore

extension RightsBrief {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export facts, facilities, sources, events and a summary as CSV or XLSX.",
            subcommands: [CSV.self, XLSX.self])
    }
}

extension RightsBrief.Export {
    struct CSV: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "csv",
            abstract: "Write a folder of CSV tables (or one table to stdout).",
            discussion: """
                Writes facilities.csv, facts.csv (one row per fact, with its source ids),
                sources.csv, events.csv and summary.csv into the output folder: RFC 4180,
                UTF-8, CRLF. Text that a spreadsheet would run as a formula is prefixed with '.
                The folder appears complete or not at all. An existing folder is replaced
                only if rightsbrief wrote it (it holds a .rightsbrief-output list); any other
                folder, the working folder and a folder holding a database are refused.

                Examples:
                  rightsbrief export csv --country SV --output sv-csv
                  rightsbrief export csv --table facts --output - | head
                  rightsbrief export csv --bom --audience internal --output partners
                  rightsbrief export csv --country SV --sign rightsbrief.key --output sv-signed
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var report: ReportOptions
        @OptionGroup var signing: SigningOptions

        @Option(name: [.short, .long], help: ArgumentHelp("The folder to write (or - with --table for stdout).", valueName: "path"))
        var output: String = ""

        @Option(help: "Write only this table (to a file, or to stdout with --output -).")
        var table: ExportTableName?

        @Flag(help: "Start each file with the UTF-8 byte-order mark (for Excel).")
        var bom = false

        @Flag(name: .customLong("print-sql"), help: "Print the SQL of the facts table for the sqlite3 shell, and exit.")
        var printSQL = false

        func validate() throws {
            if printSQL { return }
            if output.isEmpty {
                throw ValidationError("Missing '--output PATH'; give a folder (or - with --table).")
            }
            if output == "-", table == nil {
                throw ValidationError("'--output -' writes one table; add --table facts (or another table).")
            }
        }

        func run() throws {
            try exitingOnFailure {
                if printSQL {
                    let request = try report.request()
                    let filter = ExportFilter(
                        selection: request.selection, audience: request.audience, asOf: request.asOf ?? Day(Date()))
                    Console.out(FactStore.exportFactsShellSQL(filter))
                    return
                }
                if table != nil { try signing.checkFileOutput(output, example: "sv/facts.csv") }
                let key = try signing.key()
                let url = URL(fileURLWithPath: output)
                if output != "-" {
                    // Refuse a path that must not be replaced before any work is done.
                    if table == nil {
                        try OutputTarget.checkFolder(url)
                    } else if key != nil {
                        try SignedBundle.checkFileBundle(url)
                    } else {
                        try OutputTarget.checkFile(url)
                    }
                }
                let request = try report.request()
                try store.reading(for: request.audience) { store in
                    let job = try ReportJob(store: store, request: request, locator: try ResourceLocator())
                    let tables = try job.tables()
                    var builder = job.csvBuilder(byteOrderMark: bom)
                    if Console.stderrIsTerminal {
                        let start = Date()
                        builder.progress = { @Sendable name, rows in
                            let rate = Double(rows) / max(Date().timeIntervalSince(start), 0.001)
                            Console.progress("\(name): \(rows) rows written (\(Int(rate)) rows/s)")
                        }
                    }
                    defer { if Console.stderrIsTerminal { Console.progress("") } }
                    let made = BundleOrigin(
                        command: "export csv", facilities: request.selection.facilityIds,
                        countries: request.selection.countries, table: table?.rawValue)
                    if let key, let name = table?.rawValue, let selected = tables.table(named: name) {
                        try SignedBundle.write(file: url, key: key, description: try job.bundleDescription(made: made)) {
                            try builder.writeFile(selected, to: $0)
                        }
                    } else if let key {
                        try SignedBundle.write(to: url, key: key, description: try job.bundleDescription(made: made)) {
                            try builder.writeTables(tables, into: $0)
                        }
                    } else if let name = table?.rawValue, let selected = tables.table(named: name) {
                        if output == "-" {
                            try builder.write(selected) { Console.raw($0) }
                        } else {
                            try AtomicFile.write(to: url) { try builder.writeFile(selected, to: $0) }
                        }
                    } else {
                        try builder.writeFolder(tables, to: url)
                    }
                }
            }
        }
    }

    struct XLSX: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "xlsx",
            abstract: "Write an Excel workbook with typed cells, filters and links to sources.",
            discussion: """
                Sheets: Summary, Facilities, Facts, Sources, Events and About. Numbers are
                numbers, dates are dates, source URLs are links; text is never a formula.
                The file appears complete or not at all.

                Example:
                  rightsbrief export xlsx --country SV --output sv.xlsx
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var report: ReportOptions
        @OptionGroup var signing: SigningOptions

        @Option(name: [.short, .long], help: ArgumentHelp("The .xlsx file to write.", valueName: "file"))
        var output: String

        @Option(help: "Write only this table's sheet (and About).")
        var table: ExportTableName?

        func run() throws {
            try exitingOnFailure {
                try signing.checkFileOutput(output, example: "sv/sv.xlsx")
                let key = try signing.key()
                let url = URL(fileURLWithPath: output)
                if key != nil { try SignedBundle.checkFileBundle(url) } else { try OutputTarget.checkFile(url) }
                let request = try report.request()
                try store.reading(for: request.audience) { store in
                    let job = try ReportJob(store: store, request: request, locator: try ResourceLocator())
                    if let key {
                        let made = BundleOrigin(
                            command: "export xlsx", facilities: request.selection.facilityIds,
                            countries: request.selection.countries, table: table?.rawValue)
                        try SignedBundle.write(file: url, key: key, description: try job.bundleDescription(made: made)) {
                            try XLSXExport.write(job, to: $0, only: table?.rawValue)
                        }
                    } else {
                        try XLSXExport.write(job, to: url, only: table?.rawValue)
                    }
                }
            }
        }
    }
}

/// The XLSX export, with a progress line on a terminal.
enum XLSXExport {
    static func write(_ job: ReportJob, to url: URL, only: String?) throws {
        var builder = job.workbookBuilder()
        if Console.stderrIsTerminal {
            let start = Date()
            builder.progress = { @Sendable rows in
                let rate = Double(rows) / max(Date().timeIntervalSince(start), 0.001)
                Console.progress("facts: \(rows) rows written (\(Int(rate)) rows/s)")
            }
        }
        try builder.write(tables: try job.tables(), about: job.about, to: url, only: only)
        if Console.stderrIsTerminal { Console.progress("") }
    }
}
