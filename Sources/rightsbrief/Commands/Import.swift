import ArgumentParser
import Foundation
import RightsBriefImport
import RightsBriefStore

extension RightsBrief {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import facilities, sources, facts and events from CSV or JSON files, all or nothing.",
            discussion: """
                Reads the tables 'export csv' writes (facilities.csv, sources.csv, facts.csv,
                events.csv, recognised by their header row; summary.csv is skipped), JSON
                dataset documents, and, with --mapping, any other CSV file described by a
                mapping (see docs/import.md). Everything goes in one transaction: if any row is
                wrong, every problem is listed as FILE:LINE:COLUMN and nothing is written
                (exit 65). Importing the same files again adds nothing new.

                Every changed field of a facility or source already in the database is listed
                (bolduc: region ME → NE), by a dry run too. A change to a stored facility's
                country or region is refused unless --update-facilities is given.

                Examples:
                  rightsbrief import sv-csv/*.csv
                  rightsbrief import dataset.json --dry-run
                  rightsbrief import ice.csv --mapping ice.yml
                  rightsbrief import prisons.csv --mapping prisons.yml --encoding latin1
                """)

        @OptionGroup var store: StoreOptions

        @Argument(help: ArgumentHelp("CSV tables or JSON dataset documents to import.", valueName: "file"))
        var files: [String]

        @Option(help: ArgumentHelp("A YAML mapping for CSV files that 'export csv' did not write.", valueName: "map.yml"))
        var mapping: String?

        @Flag(name: .customLong("dry-run"), help: "Check everything and say what would change, but write nothing.")
        var dryRun = false

        @Option(help: "How CSV files are encoded (UTF-8, ISO-8859-1 and CP1252 are also understood).")
        var encoding: CSVReader.Encoding = .utf8

        @Option(
            name: .customLong("max-problems"),
            help: ArgumentHelp(
                "List at most this many problems, notes and changed records; all of them are counted, and any number may be listed.",
                valueName: "n"))
        var maxProblems: Int = 20

        @Flag(
            name: .customLong("update-facilities"),
            help: "Allow the import to change the country or region of facilities already in the database.")
        var updateFacilities = false

        func validate() throws {
            if files.isEmpty { throw ValidationError("Name at least one file to import.") }
            if maxProblems < 1 { throw ValidationError("'--max-problems' must be at least 1.") }
        }

        func run() throws {
            try exitingOnFailure {
                let request = ImportRequest(
                    files: files, mapping: mapping, encoding: encoding,
                    dryRun: dryRun, progress: ImportProgressLine.make(), maxProblems: maxProblems,
                    updateFacilities: updateFacilities)
                let report: ImportReport
                do {
                    report = try store.writing { try $0.importEvidence(request) }.value
                } catch let error as ImportError {
                    ImportProgressLine.clear()
                    for line in error.problemLines(limit: maxProblems, describe: Self.describe) { Console.note(line) }
                    throw error
                }
                ImportProgressLine.clear()
                for file in report.files {
                    let unit = file.kind == "dataset document" ? "item" : "row"
                    let count = file.kind.hasSuffix("(skipped)") ? "" : ", \(file.records) \(unit)\(file.records == 1 ? "" : "s")"
                    Console.note("\(file.file): \(file.kind)\(count)")
                }
                // Notes are capped like problems, so a large import stays readable.
                for note in report.notes.prefix(maxProblems) {
                    Console.note("\(note.file):\(note.line):\(note.column): note: \(note.message)")
                }
                if report.notes.count > maxProblems {
                    Console.note("… and \(report.notes.count - maxProblems) more notes (--max-problems N shows more).")
                }
                // Changes to stored records are listed, so a row that slipped is seen, not just counted.
                if !report.changes.isEmpty {
                    Console.note(report.dryRun ? "Would change:" : "Changed:")
                    for change in report.changes.prefix(maxProblems) { Console.note("  \(change)") }
                    if report.changes.count > maxProblems {
                        let rest = report.changes.count - maxProblems
                        Console.note("  … and \(rest) more changed record\(rest == 1 ? "" : "s") (--max-problems N shows more).")
                    }
                }
                if report.dryRun {
                    Console.note("Dry run, nothing written to \(store.displayName): would have \(report.summary).")
                } else {
                    Console.note("Imported into \(store.displayName): \(report.summary).")
                }
            }
        }
    }
}

/// The progress line an import shows on a terminal once it has run for a few seconds.
enum ImportProgressLine {
    /// A state shared with the progress callback, which the importer may call from its queue.
    private final class State: @unchecked Sendable {
        let lock = NSLock()
        let start = Date()
        var shown = false
    }

    private nonisolated(unsafe) static var current: State?

    /// A callback that prints after two seconds, or `nil` when stderr is not a terminal.
    static func make() -> (@Sendable (ImportProgress) -> Void)? {
        guard Console.stderrIsTerminal else { return nil }
        let state = State()
        current = state
        return { progress in
            state.lock.lock()
            defer { state.lock.unlock() }
            guard Date().timeIntervalSince(state.start) >= 2 else { return }
            state.shown = true
            Console.progress("\(progress.file): \(progress.rows) rows (\(progress.stage))…")
        }
    }

    /// Clears the progress line if one was shown.
    static func clear() {
        guard let state = current else { return }
        state.lock.lock()
        defer { state.lock.unlock() }
        if state.shown { Console.progress("") }
        state.shown = false
    }
}
